using System;
using System.Collections.Generic;
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
    public const string DescribeConnections = "DescribeConnections";
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

    /// <summary>
    /// ListVirtualInterfaceRoutes: the interface, then <c>filters</c> as an object with the members given (the engine
    /// always gives the direction, since the API documents no default), then the page.
    /// </summary>
    public static byte[] ForListRoutes(string virtualInterfaceId, DxRouteFilters filters, int? maxResults, string? nextToken) => Write(w =>
    {
        String(w, "virtualInterfaceId", virtualInterfaceId);
        if (!filters.IsEmpty) WriteFilters(w, filters);
        Number(w, "maxResults", maxResults);
        String(w, "nextToken", nextToken);
    });

    private static void WriteFilters(Utf8JsonWriter w, DxRouteFilters filters)
    {
        w.WritePropertyName("filters");
        w.WriteStartObject();
        if (filters.Direction is RouteDirection d) w.WriteString("routeDirection", WireNames.ToWire(d));
        if (filters.AddressFamily is AddressFamily f) w.WriteString("addressFamily", WireNames.ToWire(f));
        Strings(w, "cidrs", filters.Cidrs);
        if (filters.AsPath.Count > 0)
        {
            w.WritePropertyName("asPath");
            w.WriteStartArray();
            foreach (var asn in filters.AsPath) w.WriteNumberValue(asn);
            w.WriteEndArray();
        }
        Strings(w, "communities", filters.Communities);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static byte[] ForDescribeConnections(string? connectionId, string? nextToken) => Write(w =>
    {
        String(w, "connectionId", connectionId);
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

/// <summary>
/// ListVirtualInterfaceRoutes' <c>filters</c> object, every member the 2026 model has: the direction, the address
/// family, up to 10 CIDRs (how they match is not documented), ASNs on the AS path, communities.
/// </summary>
internal sealed class DxRouteFilters
{
    public DxRouteFilters(RouteDirection? direction, AddressFamily? addressFamily = null, IReadOnlyList<string>? cidrs = null,
        IReadOnlyList<long>? asPath = null, IReadOnlyList<string>? communities = null)
    {
        Direction = direction;
        AddressFamily = addressFamily;
        Cidrs = cidrs ?? Array.Empty<string>();
        AsPath = asPath ?? Array.Empty<long>();
        Communities = communities ?? Array.Empty<string>();
    }

    public RouteDirection? Direction { get; }
    public AddressFamily? AddressFamily { get; }
    public IReadOnlyList<string> Cidrs { get; }
    public IReadOnlyList<long> AsPath { get; }
    public IReadOnlyList<string> Communities { get; }

    /// <summary>No member set: no <c>filters</c> object is sent at all.</summary>
    public bool IsEmpty => Direction is null && AddressFamily is null && Cidrs.Count == 0 && AsPath.Count == 0 && Communities.Count == 0;
}
