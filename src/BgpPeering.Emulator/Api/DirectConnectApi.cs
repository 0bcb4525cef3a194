using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// Direct Connect's JSON 1.1 protocol (<c>X-Amz-Target: OvertureService.&lt;Op&gt;</c>) for CreateBGPPeer,
/// DeleteBGPPeer and DescribeVirtualInterfaces. Answers use the API's lowerCamel names, as in the
/// DirectConnect.*.json fixtures; errors are <c>{"__type": …, "message": …}</c> with an <c>x-amzn-RequestId</c> header.
/// Each action checks its input, then permission, then existence and state.
/// </summary>
internal sealed class DirectConnectApi
{
    public const string TargetPrefix = "OvertureService.";
    public const string ContentType = "application/x-amz-json-1.1";

    public const string CreateBGPPeer = "CreateBGPPeer";
    public const string DeleteBGPPeer = "DeleteBGPPeer";
    public const string DescribeVirtualInterfaces = "DescribeVirtualInterfaces";

    private readonly EmulatorState _state;

    public DirectConnectApi(EmulatorState state) => _state = state;

    public static bool IsAction(string action) => action is CreateBGPPeer or DeleteBGPPeer or DescribeVirtualInterfaces;

    public ApiResponse Invoke(string action, ReadOnlySpan<byte> body, Principal principal, string region, string requestId)
    {
        if (!IsAction(action)) throw new ApiException("UnknownOperationException", "Unknown operation " + action + ".", 400);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.ToArray());
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ApiException("SerializationException", "The request body is not valid JSON.", 400);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new ApiException("SerializationException", "The request body must be a JSON object.", 400);
        return action switch
        {
            CreateBGPPeer => Create(root, principal, region, requestId),
            DeleteBGPPeer => Delete(root, principal, region, requestId),
            _ => Describe(root, principal, region, requestId),
        };
    }

    private ApiResponse Create(JsonElement root, Principal principal, string region, string requestId)
    {
        var vifId = Text(root, "virtualInterfaceId") ?? throw ApiException.DxClient("virtualInterfaceId is required.");
        if (!root.TryGetProperty("newBGPPeer", out var peer) || peer.ValueKind == JsonValueKind.Null) throw ApiException.DxClient("newBGPPeer is required.");
        if (peer.ValueKind != JsonValueKind.Object) throw new ApiException("SerializationException", "newBGPPeer must be a JSON object.", 400);
        var family = Text(peer, "addressFamily") ?? throw ApiException.DxClient("newBGPPeer.addressFamily is required: ipv4 or ipv6.");
        if (family is not ("ipv4" or "ipv6")) throw ApiException.DxClient("Invalid address family '" + family + "'. Valid values are ipv4 and ipv6.");
        var asn = Asn(peer);
        var authKey = Text(peer, "authKey");
        if (authKey is not null && (authKey.Length < 6 || authKey.Length > 80))
            throw ApiException.DxClient("The authKey must be 6 to 80 characters long; it has " + authKey.Length + ".");
        var amazon = Text(peer, "amazonAddress");
        var customer = Text(peer, "customerAddress");
        if (family == "ipv6")
        {
            if (amazon is not null || customer is not null)
                throw ApiException.DxClient("You cannot specify custom IPv6 addresses; omit amazonAddress and customerAddress, and AWS assigns a /125 from the Amazon pool.");
        }
        else
        {
            if ((amazon is null) != (customer is null))
                throw ApiException.DxClient("Specify both amazonAddress and customerAddress, or neither (AWS then assigns a /30 from 169.254.0.0/16).");
            if (amazon is not null && !IsIPv4Cidr(amazon)) throw ApiException.DxClient("amazonAddress '" + amazon + "' is not an IPv4 address with a prefix length, such as 169.254.255.1/30.");
            if (customer is not null && !IsIPv4Cidr(customer)) throw ApiException.DxClient("customerAddress '" + customer + "' is not an IPv4 address with a prefix length, such as 169.254.255.2/30.");
        }
        Authorize(principal, CreateBGPPeer, Arn(region, "dxvif/" + vifId));
        var vif = _state.CreateBgpPeer(vifId, family, asn, authKey, amazon, customer);
        return Single(vif, requestId);
    }

    private ApiResponse Delete(JsonElement root, Principal principal, string region, string requestId)
    {
        var peerId = Text(root, "bgpPeerId");
        var vifId = Text(root, "virtualInterfaceId");
        var customer = Text(root, "customerAddress");
        long? asn = null;
        if (Has(root, "asnLong") || Has(root, "asn")) asn = Asn(root);
        if (peerId is null && (vifId is null || asn is null || customer is null))
            throw ApiException.DxClient("Specify bgpPeerId, or virtualInterfaceId together with asn (or asnLong) and customerAddress.");
        Authorize(principal, DeleteBGPPeer, Arn(region, "dxvif/" + (vifId ?? "*")));
        var vif = _state.DeleteBgpPeer(peerId, vifId, asn, customer);
        return Single(vif, requestId);
    }

    private ApiResponse Describe(JsonElement root, Principal principal, string region, string requestId)
    {
        var connectionId = Text(root, "connectionId");
        var vifId = Text(root, "virtualInterfaceId");
        int? max = null;
        if (Has(root, "maxResults"))
        {
            if (root.GetProperty("maxResults").ValueKind != JsonValueKind.Number || !root.GetProperty("maxResults").TryGetInt32(out var m))
                throw new ApiException("SerializationException", "maxResults must be an integer.", 400);
            if (m < 1) throw ApiException.DxClient("maxResults must be at least 1.");
            max = Math.Min(m, 100); // AWS: "If MaxResults is given a value larger than 100, only 100 results are returned."
        }
        var token = Text(root, "nextToken");
        var fingerprint = PageToken.Fingerprint(new[] { DescribeVirtualInterfaces, connectionId ?? string.Empty, vifId ?? string.Empty });
        long? after = null;
        if (token is not null)
        {
            if (!PageToken.TryDecode(token, "dxvif", _state.Epoch, fingerprint, out var a)) throw ApiException.DxClient("The nextToken is not valid or has expired.");
            after = a;
        }
        Authorize(principal, DescribeVirtualInterfaces, Arn(region, "dxvif/" + (vifId ?? "*")));
        var page = _state.DescribeVirtualInterfaces(connectionId, vifId, max, after);
        return Json(requestId, w =>
        {
            w.WriteStartArray("virtualInterfaces");
            foreach (var vif in page.Items) WriteVif(w, vif);
            w.WriteEndArray();
            if (page.NextAfter is long next) w.WriteString("nextToken", PageToken.Encode("dxvif", _state.Epoch, next, fingerprint));
        });
    }

    // ------------------------------------------------------------------ input

    /// <summary>
    /// <c>asnLong</c> wins over <c>asn</c> when both are given (as AWS documents); <c>asn</c> is 1–2147483646 and
    /// <c>asnLong</c> 1–4294967294.
    /// </summary>
    private static long Asn(JsonElement obj)
    {
        if (Has(obj, "asnLong"))
        {
            var v = Number(obj, "asnLong");
            if (v is < 1 or > 4294967294) throw ApiException.DxClient("The ASN " + v + " is out of range: asnLong must be 1 to 4294967294.");
            return v;
        }
        if (Has(obj, "asn"))
        {
            var v = Number(obj, "asn");
            if (v is < 1 or > 2147483646) throw ApiException.DxClient("The ASN " + v + " is out of range: asn must be 1 to 2147483646; use asnLong for a 4-byte ASN.");
            return v;
        }
        throw ApiException.DxClient("An ASN is required: set asn or asnLong.");
    }

    private static bool Has(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    private static long Number(JsonElement obj, string name)
    {
        var v = obj.GetProperty(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n)) throw new ApiException("SerializationException", name + " must be an integer.", 400);
        return n;
    }

    private static string? Text(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new ApiException("SerializationException", name + " must be a string.", 400);
        return v.GetString();
    }

    private static bool IsIPv4Cidr(string text) =>
        IPNetwork.TryParse(text, out _) && text.Contains('/') && IPAddress.TryParse(text[..text.IndexOf('/')], out var ip)
        && ip.AddressFamily == AddressFamily.InterNetwork && Ec2Api.IsIPv4(text[..text.IndexOf('/')]);

    private void Authorize(Principal principal, string action, string resource)
    {
        if (!principal.IsDenied("directconnect", action)) return;
        throw new ApiException("AccessDeniedException",
            "User: " + principal.Arn + " is not authorized to perform: directconnect:" + action + " on resource: " + resource
            + " because no identity-based policy allows the directconnect:" + action + " action", 400);
    }

    private string Arn(string region, string resource) => "arn:aws:directconnect:" + region + ":" + _state.AccountId + ":" + resource;

    // ------------------------------------------------------------------ JSON

    private static ApiResponse Single(VifView vif, string requestId) => Json(requestId, w =>
    {
        w.WritePropertyName("virtualInterface");
        WriteVif(w, vif);
    });

    /// <summary>
    /// A virtual interface in the fixtures' member order. ASNs follow AWS's documented rule: a 2-byte ASN appears in
    /// both <c>asn</c> and <c>asnLong</c>; a 4-byte one in <c>asnLong</c>, with <c>asn</c> 0.
    /// </summary>
    private static void WriteVif(Utf8JsonWriter w, VifView v)
    {
        w.WriteStartObject();
        w.WriteString("ownerAccount", v.OwnerAccount);
        w.WriteString("virtualInterfaceId", v.Id);
        w.WriteString("location", v.Location);
        w.WriteString("connectionId", v.ConnectionId);
        w.WriteString("virtualInterfaceType", v.Type);
        if (v.Name is not null) w.WriteString("virtualInterfaceName", v.Name);
        w.WriteNumber("vlan", v.Vlan);
        WriteAsn(w, v.Asn);
        w.WriteNumber("amazonSideAsn", v.AmazonSideAsn);
        if (v.AuthKey is not null) w.WriteString("authKey", v.AuthKey);
        if (v.AmazonAddress is not null) w.WriteString("amazonAddress", v.AmazonAddress);
        if (v.CustomerAddress is not null) w.WriteString("customerAddress", v.CustomerAddress);
        if (v.AddressFamily is not null) w.WriteString("addressFamily", v.AddressFamily);
        w.WriteString("virtualInterfaceState", v.State);
        if (v.CustomerRouterConfig is not null) w.WriteString("customerRouterConfig", v.CustomerRouterConfig);
        w.WriteNumber("mtu", v.Mtu);
        w.WriteBoolean("jumboFrameCapable", v.JumboFrameCapable);
        if (v.VirtualGatewayId is not null) w.WriteString("virtualGatewayId", v.VirtualGatewayId);
        if (v.DirectConnectGatewayId is not null) w.WriteString("directConnectGatewayId", v.DirectConnectGatewayId);
        w.WriteStartArray("routeFilterPrefixes");
        foreach (var cidr in v.RouteFilterPrefixes)
        {
            w.WriteStartObject();
            w.WriteString("cidr", cidr);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("bgpPeers");
        foreach (var p in v.Peers)
        {
            w.WriteStartObject();
            w.WriteString("bgpPeerId", p.Id);
            WriteAsn(w, p.Asn);
            w.WriteString("authKey", p.AuthKey);
            w.WriteString("addressFamily", p.AddressFamily);
            if (p.AmazonAddress is not null) w.WriteString("amazonAddress", p.AmazonAddress);
            if (p.CustomerAddress is not null) w.WriteString("customerAddress", p.CustomerAddress);
            w.WriteString("bgpPeerState", p.State);
            w.WriteString("bgpStatus", p.BgpStatus);
            w.WriteString("awsDeviceV2", p.AwsDeviceV2);
            w.WriteString("awsLogicalDeviceId", p.AwsLogicalDeviceId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("region", v.Region);
        w.WriteString("awsDeviceV2", v.AwsDeviceV2);
        w.WriteString("awsLogicalDeviceId", v.AwsLogicalDeviceId);
        w.WriteStartArray("tags");
        foreach (var tag in v.Tags)
        {
            w.WriteStartObject();
            w.WriteString("key", tag.Key);
            w.WriteString("value", tag.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("siteLinkEnabled", v.SiteLinkEnabled);
        w.WriteEndObject();
    }

    private static void WriteAsn(Utf8JsonWriter w, long asn)
    {
        w.WriteNumber("asn", asn <= int.MaxValue ? asn : 0);
        w.WriteNumber("asnLong", asn);
    }

    private static ApiResponse Json(string requestId, Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return new ApiResponse(200, ContentType, ms.ToArray(), null, RequestIdHeader(requestId));
    }

    private static IReadOnlyList<KeyValuePair<string, string>> RequestIdHeader(string requestId) =>
        new[] { new KeyValuePair<string, string>("x-amzn-RequestId", requestId) };

    /// <summary>A JSON 1.1 error, as in the DirectConnect.*.error-*.json fixtures.</summary>
    public static ApiResponse Error(string code, string message, int status, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("__type", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        return new ApiResponse(status, ContentType, ms.ToArray(), code, RequestIdHeader(requestId));
    }
}
