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
    public const string StartBgpFailoverTest = "StartBgpFailoverTest";
    public const string StopBgpFailoverTest = "StopBgpFailoverTest";
    public const string ListVirtualInterfaceTestHistory = "ListVirtualInterfaceTestHistory";

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

    public static byte[] ForStartFailoverTest(StartDxBgpFailoverTestRequest input) => Write(w =>
    {
        String(w, "virtualInterfaceId", input.VirtualInterfaceId);
        if (input.BgpPeerIds.Count > 0)
        {
            w.WriteStartArray("bgpPeers");
            foreach (var id in input.BgpPeerIds) w.WriteStringValue(id);
            w.WriteEndArray();
        }
        Number(w, "testDurationInMinutes", input.DurationInMinutes);
    });

    public static byte[] ForStopFailoverTest(string virtualInterfaceId) => Write(w => String(w, "virtualInterfaceId", virtualInterfaceId));

    public static byte[] ForTestHistory(DxBgpFailoverTestQuery query, string? nextToken) => Write(w =>
    {
        String(w, "testId", query.TestId);
        String(w, "virtualInterfaceId", query.VirtualInterfaceId);
        if (!string.IsNullOrEmpty(query.BgpPeerId))
        {
            w.WriteStartArray("bgpPeers");
            w.WriteStringValue(query.BgpPeerId);
            w.WriteEndArray();
        }
        String(w, "status", query.Status);
        Number(w, "maxResults", query.MaxResults);
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
