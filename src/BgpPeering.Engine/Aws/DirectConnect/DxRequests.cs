using System;
using System.IO;
using System.Text.Json;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>
/// Our typed inputs to Direct Connect JSON bodies: compact, lowerCamel member names, unset members left out,
/// <c>{}</c> for a call with no arguments.
/// </summary>
internal static class DxRequests
{
    public const string CreateBgpPeer = "CreateBGPPeer";
    public const string DeleteBgpPeer = "DeleteBGPPeer";
    public const string DescribeVirtualInterfaces = "DescribeVirtualInterfaces";
    public const string ListVirtualInterfaceRoutes = "ListVirtualInterfaceRoutes";

    public static byte[] ForCreate(NewDxBgpPeerRequest input) => Write(w =>
    {
        String(w, "virtualInterfaceId", input.VirtualInterfaceId);
        w.WritePropertyName("newBGPPeer");
        w.WriteStartObject();
        Number(w, "asn", input.Asn);
        Number(w, "asnLong", input.AsnLong);
        String(w, "authKey", input.AuthKey?.Reveal());
        w.WriteString("addressFamily", WireNames.ToWire(input.AddressFamily));
        String(w, "amazonAddress", input.AmazonAddress);
        String(w, "customerAddress", input.CustomerAddress);
        w.WriteEndObject();
    });

    public static byte[] ForDelete(DxBgpPeerDeleteRequest input) => Write(w =>
    {
        String(w, "virtualInterfaceId", input.VirtualInterfaceId);
        Number(w, "asn", input.Asn);
        Number(w, "asnLong", input.AsnLong);
        String(w, "customerAddress", input.CustomerAddress);
        String(w, "bgpPeerId", input.BgpPeerId);
    });

    public static byte[] ForDescribe(DxVirtualInterfaceQuery query, string? nextToken) => Write(w =>
    {
        String(w, "connectionId", query.ConnectionId);
        String(w, "virtualInterfaceId", query.VirtualInterfaceId);
        Number(w, "maxResults", query.MaxResults);
        String(w, "nextToken", nextToken);
    });

    /// <summary>
    /// ListVirtualInterfaceRoutes: the interface, then <c>filters</c> as an object (the direction always, since the
    /// API documents no default; the address family and CIDRs when given), then the page.
    /// </summary>
    public static byte[] ForListRoutes(string virtualInterfaceId, RouteDirection direction, AddressFamily? family, string? cidr, int? maxResults, string? nextToken) => Write(w =>
    {
        String(w, "virtualInterfaceId", virtualInterfaceId);
        w.WritePropertyName("filters");
        w.WriteStartObject();
        w.WriteString("routeDirection", WireNames.ToWire(direction));
        if (family is AddressFamily f) w.WriteString("addressFamily", WireNames.ToWire(f));
        if (!string.IsNullOrEmpty(cidr))
        {
            w.WritePropertyName("cidrs");
            w.WriteStartArray();
            w.WriteStringValue(cidr);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        Number(w, "maxResults", maxResults);
        String(w, "nextToken", nextToken);
    });

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) w.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v);
    }
}
