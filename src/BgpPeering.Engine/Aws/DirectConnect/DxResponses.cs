using System;
using System.Collections.Generic;
using System.Text.Json;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>Direct Connect response JSON to our model. Unknown members are ignored; absent ones stay null.</summary>
internal static class DxResponses
{
    /// <summary>The <c>virtualInterface</c> of a CreateBGPPeer or DeleteBGPPeer answer.</summary>
    public static DxVirtualInterface ParseSingle(JsonElement root, in ReadContext ctx, string action)
    {
        if (!root.TryGetProperty("virtualInterface", out var vif) || vif.ValueKind != JsonValueKind.Object)
            throw new FormatException(action + " returned no virtualInterface object.");
        return ParseVirtualInterface(vif, ctx);
    }

    public static Page<DxVirtualInterface> ParsePage(JsonElement root, in ReadContext ctx)
    {
        var items = new List<DxVirtualInterface>();
        if (root.TryGetProperty("virtualInterfaces", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var vif in list.EnumerateArray())
            {
                if (vif.ValueKind == JsonValueKind.Object) items.Add(ParseVirtualInterface(vif, ctx));
            }
        }
        return new Page<DxVirtualInterface>(items, Str(root, "nextToken"));
    }

    /// <summary>A page of DescribeConnections: each connection's ID, name, state, LAG and logical-redundancy flag.</summary>
    public static Page<DxConnection> ParseConnectionPage(JsonElement root)
    {
        var items = new List<DxConnection>();
        if (root.TryGetProperty("connections", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in list.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object) continue;
                items.Add(new DxConnection(Str(c, "connectionId") ?? string.Empty, Str(c, "connectionName"), Str(c, "connectionState"), Str(c, "lagId"),
                    Str(c, "hasLogicalRedundancy")));
            }
        }
        return new Page<DxConnection>(items, Str(root, "nextToken"));
    }

    public static DxVirtualInterface ParseVirtualInterface(JsonElement e, in ReadContext ctx)
    {
        var vif = new DxVirtualInterface
        {
            VirtualInterfaceId = Str(e, "virtualInterfaceId") ?? string.Empty,
            VirtualInterfaceName = Str(e, "virtualInterfaceName"),
            VirtualInterfaceType = Str(e, "virtualInterfaceType"),
            VirtualInterfaceState = Str(e, "virtualInterfaceState"),
            OwnerAccount = Str(e, "ownerAccount"),
            ConnectionId = Str(e, "connectionId"),
            Location = Str(e, "location"),
            Vlan = (int?)Long(e, "vlan"),
            WireAsn = Long(e, "asn"),
            WireAsnLong = Long(e, "asnLong"),
            AmazonSideAsn = Long(e, "amazonSideAsn"),
            AuthKey = Masked(Str(e, "authKey")),
            AmazonAddress = Str(e, "amazonAddress"),
            CustomerAddress = Str(e, "customerAddress"),
            AddressFamily = WireNames.ParseAddressFamily(Str(e, "addressFamily")),
            CustomerRouterConfig = Masked(Str(e, "customerRouterConfig")),
            Mtu = (int?)Long(e, "mtu"),
            JumboFrameCapable = Bool(e, "jumboFrameCapable"),
            SiteLinkEnabled = Bool(e, "siteLinkEnabled"),
            VirtualGatewayId = Str(e, "virtualGatewayId"),
            DirectConnectGatewayId = Str(e, "directConnectGatewayId"),
            RouteFilterPrefixes = Prefixes(e),
            AwsDeviceV2 = Str(e, "awsDeviceV2"),
            AwsLogicalDeviceId = Str(e, "awsLogicalDeviceId"),
            Tags = ParseTags(e),
            Region = Str(e, "region") is { Length: > 0 } r ? r : ctx.Region,
            EndpointUrl = ctx.EndpointUrl,
            RetrievedAt = ctx.RetrievedAt,
        };
        vif.Asn = EffectiveAsn(vif.WireAsn, vif.WireAsnLong);
        var peers = new List<DxBgpPeer>();
        if (e.TryGetProperty("bgpPeers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind == JsonValueKind.Object) peers.Add(ParsePeer(p, vif));
            }
        }
        vif.BgpPeers = peers;
        return vif;
    }

    private static DxBgpPeer ParsePeer(JsonElement p, DxVirtualInterface vif)
    {
        var peer = new DxBgpPeer
        {
            BgpPeerId = Str(p, "bgpPeerId") ?? string.Empty,
            VirtualInterfaceId = vif.VirtualInterfaceId,
            AddressFamily = WireNames.ParseAddressFamily(Str(p, "addressFamily")),
            WireAsn = Long(p, "asn"),
            WireAsnLong = Long(p, "asnLong"),
            AmazonAddress = Str(p, "amazonAddress"),
            CustomerAddress = Str(p, "customerAddress"),
            State = WireNames.ParseDxBgpPeerState(Str(p, "bgpPeerState")),
            BgpStatus = WireNames.ParseBgpStatus(Str(p, "bgpStatus")),
            AwsDeviceV2 = Str(p, "awsDeviceV2"),
            AwsLogicalDeviceId = Str(p, "awsLogicalDeviceId"),
            AuthKey = Masked(Str(p, "authKey")),
            VirtualInterfaceName = vif.VirtualInterfaceName,
            VirtualInterfaceType = vif.VirtualInterfaceType,
            VirtualInterfaceState = vif.VirtualInterfaceState,
            ConnectionId = vif.ConnectionId,
            Vlan = vif.Vlan,
            AmazonSideAsn = vif.AmazonSideAsn,
            Location = vif.Location,
            OwnerAccount = vif.OwnerAccount,
            DirectConnectGatewayId = vif.DirectConnectGatewayId,
            VirtualGatewayId = vif.VirtualGatewayId,
            Tags = vif.Tags,
            Region = vif.Region,
            EndpointUrl = vif.EndpointUrl,
            RetrievedAt = vif.RetrievedAt,
        };
        peer.Asn = EffectiveAsn(peer.WireAsn, peer.WireAsnLong);
        return peer;
    }

    /// <summary>The <c>virtualInterfaceTest</c> of a StartBgpFailoverTest or StopBgpFailoverTest answer.</summary>
    public static DxBgpFailoverTest ParseTest(JsonElement root, in ReadContext ctx, string action)
    {
        if (!root.TryGetProperty("virtualInterfaceTest", out var test) || test.ValueKind != JsonValueKind.Object)
            throw new FormatException(action + " returned no virtualInterfaceTest object.");
        return ParseTestHistory(test, ctx);
    }

    /// <summary>One page of ListVirtualInterfaceTestHistory.</summary>
    public static Page<DxBgpFailoverTest> ParseTestPage(JsonElement root, in ReadContext ctx)
    {
        var items = new List<DxBgpFailoverTest>();
        if (root.TryGetProperty("virtualInterfaceTestHistory", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var test in list.EnumerateArray())
            {
                if (test.ValueKind == JsonValueKind.Object) items.Add(ParseTestHistory(test, ctx));
            }
        }
        return new Page<DxBgpFailoverTest>(items, Str(root, "nextToken"));
    }

    /// <summary>
    /// A <c>VirtualInterfaceTestHistory</c>. Its times are epoch seconds (JSON numbers, fractions kept to the
    /// millisecond), as in every awsJson 1.1 answer; an unknown status is kept as text, never an error.
    /// </summary>
    public static DxBgpFailoverTest ParseTestHistory(JsonElement e, in ReadContext ctx)
    {
        var peers = new List<string>();
        if (e.TryGetProperty("bgpPeers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } id) peers.Add(id);
            }
        }
        var status = Str(e, "status");
        var minutes = Long(e, "testDurationInMinutes");
        return new DxBgpFailoverTest
        {
            TestId = Str(e, "testId") ?? string.Empty,
            VirtualInterfaceId = Str(e, "virtualInterfaceId") ?? string.Empty,
            BgpPeerIds = peers,
            Status = WireNames.ParseFailoverTestStatus(status),
            StatusText = status,
            Duration = minutes is long m ? TimeSpan.FromMinutes(m) : null,
            StartTime = EpochSeconds(e, "startTime"),
            EndTime = EpochSeconds(e, "endTime"),
            OwnerAccount = Str(e, "ownerAccount"),
            Region = ctx.Region,
            EndpointUrl = ctx.EndpointUrl,
            RetrievedAt = ctx.RetrievedAt,
        };
    }

    /// <summary>An awsJson timestamp: seconds since 1970 as a JSON number. Anything else is a malformed answer.</summary>
    private static DateTimeOffset? EpochSeconds(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var seconds))
            throw new FormatException("The member " + name + " is not a number of seconds since 1970: " + v.GetRawText());
        var ms = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        if (ms < -62135596800000m || ms > 253402300799999m) throw new FormatException("The member " + name + " is out of range: " + v.GetRawText());
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    /// <summary>
    /// One page of ListVirtualInterfaceRoutes. A route has no peer, next hop, MED or installation status; it belongs
    /// to the answer's interface and its own address family. <paramref name="virtualInterfaceId"/> is the request's,
    /// used where the answer does not repeat it.
    /// </summary>
    public static Page<BgpRoute> ParseRoutePage(JsonElement root, in ReadContext ctx, string virtualInterfaceId)
    {
        var vif = Str(root, "virtualInterfaceId") ?? virtualInterfaceId;
        var items = new List<BgpRoute>();
        if (root.TryGetProperty("routes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in list.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.Object) continue;
                var (path, length) = AsPath(r);
                items.Add(new BgpRoute
                {
                    Prefix = Str(r, "cidr") ?? string.Empty,
                    AsPath = path,
                    AsPathLength = length,
                    Status = WireNames.ParseRouteStatus(Str(r, "routeDirection")),
                    VirtualInterfaceId = vif,
                    AddressFamily = WireNames.ParseAddressFamily(Str(r, "addressFamily")),
                    Communities = Strings(r, "communities"),
                    AwsLogicalDeviceId = Str(r, "awsLogicalDeviceId"),
                    InstalledAt = Timestamp(r, "routeInstalledAt"),
                    Region = ctx.Region,
                    EndpointUrl = ctx.EndpointUrl,
                    RetrievedAt = ctx.RetrievedAt,
                });
            }
        }
        return new Page<BgpRoute>(items, Str(root, "nextToken"));
    }

    /// <summary>
    /// A Direct Connect AS path (a list of <c>{pathType, path}</c> segments) as routers print it: a <c>seq</c>
    /// segment's ASNs in order, a <c>set</c> segment's in braces; and its length as BGP counts it (a set is one).
    /// </summary>
    internal static (string Text, int Length) AsPath(JsonElement route)
    {
        if (!route.TryGetProperty("asPath", out var segments) || segments.ValueKind != JsonValueKind.Array) return (string.Empty, 0);
        var text = new System.Text.StringBuilder();
        var length = 0;
        foreach (var segment in segments.EnumerateArray())
        {
            if (segment.ValueKind != JsonValueKind.Object || !segment.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.Array) continue;
            var isSet = string.Equals(Str(segment, "pathType"), "set", StringComparison.OrdinalIgnoreCase);
            if (text.Length > 0) text.Append(' ');
            if (isSet) text.Append('{');
            var first = true;
            foreach (var asn in path.EnumerateArray())
            {
                if (asn.ValueKind != JsonValueKind.Number || !asn.TryGetInt64(out var value)) throw new FormatException("An AS path holds a value that is not an ASN: " + asn.GetRawText());
                if (!first) text.Append(' ');
                text.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                first = false;
                if (!isSet) length++;
            }
            if (isSet)
            {
                text.Append('}');
                if (!first) length++;
            }
        }
        return (text.ToString(), length);
    }

    private static IReadOnlyList<string> Strings(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) return Array.Empty<string>();
        var result = new List<string>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) result.Add(item.GetString()!);
        return result;
    }

    /// <summary>An awsJson timestamp: epoch seconds as a JSON number, fractions allowed.</summary>
    private static DateTimeOffset? Timestamp(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var seconds)) throw new FormatException("The member " + name + " is not a timestamp in epoch seconds: " + v.GetRawText());
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    /// <summary>
    /// <c>asnLong</c> where AWS sent a non-zero one, else <c>asn</c>. AWS sends <c>asn: 0</c> beside a 4-byte
    /// <c>asnLong</c>, and both with the same value for a 2-byte ASN.
    /// </summary>
    internal static long EffectiveAsn(long? asn, long? asnLong) =>
        asnLong is long l && l != 0 ? l : asn ?? 0;

    private static IReadOnlyList<string> Prefixes(JsonElement e)
    {
        if (!e.TryGetProperty("routeFilterPrefixes", out var list) || list.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
        var result = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (Str(item, "cidr") is { } cidr) result.Add(cidr);
        }
        return result;
    }

    private static IReadOnlyDictionary<string, string> ParseTags(JsonElement e)
    {
        if (!e.TryGetProperty("tags", out var list) || list.ValueKind != JsonValueKind.Array) return Model.Tags.Empty;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var t in list.EnumerateArray())
        {
            if (Str(t, "key") is { } key) pairs.Add(new KeyValuePair<string, string>(key, Str(t, "value") ?? string.Empty));
        }
        return Model.Tags.From(pairs);
    }

    private static MaskedString? Masked(string? value) => value is null ? null : new MaskedString(value);

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.Null) return null;
        throw new FormatException("The member " + name + " is not an integer: " + v.GetRawText());
    }

    private static bool? Bool(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }
}
