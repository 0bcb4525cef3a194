using System.Text.Json;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// Direct Connect's answers as JSON 1.1: the API's lowerCamel names, as in the DirectConnect.*.json fixtures, and
/// errors as <c>{"__type": …, "message": …}</c>; every answer carries an <c>x-amzn-RequestId</c> header.
/// </summary>
internal static class DirectConnectJson
{
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>An answer holding one virtual interface (CreateBGPPeer, DeleteBGPPeer).</summary>
    public static ApiResponse Single(VifView vif, string requestId) => Write(requestId, w =>
    {
        w.WritePropertyName("virtualInterface");
        WriteVif(w, vif);
    });

    /// <summary>
    /// A virtual interface in the fixtures' member order. ASNs follow AWS's documented rule: a 2-byte ASN appears in
    /// both <c>asn</c> and <c>asnLong</c>; a 4-byte one in <c>asnLong</c>, with <c>asn</c> 0.
    /// </summary>
    public static void WriteVif(Utf8JsonWriter w, VifView v)
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

    /// <summary>
    /// A route of ListVirtualInterfaceRoutes in the model's member order: its AS path as <c>{pathType, path}</c>
    /// segments (<c>seq</c> or <c>set</c>), and <c>routeInstalledAt</c> as epoch seconds, a JSON number (the
    /// awsJson1_1 timestamp form; an ISO string is refused by the official SDKs).
    /// </summary>
    public static void WriteRoute(Utf8JsonWriter w, DxRouteView r)
    {
        w.WriteStartObject();
        w.WriteString("cidr", r.Cidr);
        w.WriteString("routeDirection", r.Direction);
        w.WriteString("addressFamily", r.AddressFamily);
        w.WriteStartArray("asPath");
        foreach (var segment in r.AsPath)
        {
            w.WriteStartObject();
            w.WriteString("pathType", segment.IsSet ? "set" : "seq");
            w.WriteStartArray("path");
            foreach (var asn in segment.Asns) w.WriteNumberValue(asn);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("communities");
        foreach (var c in r.Communities) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteString("awsLogicalDeviceId", r.AwsLogicalDeviceId);
        w.WriteNumber("routeInstalledAt", r.InstalledAt.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteEndObject();
    }

    /// <summary>A connection as DescribeConnections lists it (the members the emulator models; the rest are left out, as AWS leaves out what is unset).</summary>
    public static void WriteConnection(Utf8JsonWriter w, ConnectionView c)
    {
        w.WriteStartObject();
        w.WriteString("ownerAccount", c.OwnerAccount);
        w.WriteString("connectionId", c.Id);
        if (c.Name is not null) w.WriteString("connectionName", c.Name);
        w.WriteString("connectionState", c.State);
        w.WriteString("region", c.Region);
        w.WriteString("location", c.Location);
        w.WriteString("bandwidth", c.Bandwidth);
        w.WriteString("awsDeviceV2", c.AwsDeviceV2);
        w.WriteString("awsLogicalDeviceId", c.AwsLogicalDeviceId);
        w.WriteString("hasLogicalRedundancy", c.HasLogicalRedundancy);
        w.WriteStartArray("tags");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>An answer holding one failover test (StartBgpFailoverTest, StopBgpFailoverTest).</summary>
    public static ApiResponse Test(FailoverTestView test, string requestId) => Write(requestId, w =>
    {
        w.WritePropertyName("virtualInterfaceTest");
        WriteTest(w, test);
    });

    /// <summary>
    /// A <c>VirtualInterfaceTestHistory</c> in the fixtures' member order. Its times are epoch seconds as JSON
    /// numbers (to the millisecond), as awsJson 1.1 writes timestamps: the JavaScript SDK refuses an ISO string.
    /// A running test has no <c>endTime</c>.
    /// </summary>
    public static void WriteTest(Utf8JsonWriter w, FailoverTestView t)
    {
        w.WriteStartObject();
        w.WriteString("testId", t.TestId);
        w.WriteString("virtualInterfaceId", t.VirtualInterfaceId);
        w.WriteStartArray("bgpPeers");
        foreach (var id in t.BgpPeers) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteString("ownerAccount", t.OwnerAccount);
        w.WriteString("status", t.Status);
        w.WriteNumber("testDurationInMinutes", t.Minutes);
        w.WriteNumber("startTime", EpochSeconds(t.StartTime));
        if (t.EndTime is DateTimeOffset end) w.WriteNumber("endTime", EpochSeconds(end));
        w.WriteEndObject();
    }

    private static decimal EpochSeconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000m;

    private static void WriteAsn(Utf8JsonWriter w, long asn)
    {
        w.WriteNumber("asn", asn <= int.MaxValue ? asn : 0);
        w.WriteNumber("asnLong", asn);
    }

    public static ApiResponse Write(string requestId, Action<Utf8JsonWriter> body)
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
