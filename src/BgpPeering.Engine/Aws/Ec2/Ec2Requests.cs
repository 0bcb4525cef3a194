using System.Collections.Generic;
using System.Globalization;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// Our typed inputs to EC2 query parameters, flattened as the official SDKs do: lists as
/// <c>Singular.N</c> (1-based, no <c>.member.</c>), structures with dots, booleans lowercase, empty lists left out.
/// </summary>
internal static class Ec2Requests
{
    public const string CreateRouteServerPeer = "CreateRouteServerPeer";
    public const string DescribeRouteServerPeers = "DescribeRouteServerPeers";
    public const string DeleteRouteServerPeer = "DeleteRouteServerPeer";
    public const string DescribeRouteServerEndpoints = "DescribeRouteServerEndpoints";
    public const string GetRouteServerRoutingDatabase = "GetRouteServerRoutingDatabase";
    public const string CreateTags = "CreateTags";
    public const string DeleteTags = "DeleteTags";

    public static List<KeyValuePair<string, string>> ForCreatePeer(NewRouteServerPeerRequest input, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        Add(p, "RouteServerEndpointId", input.RouteServerEndpointId);
        Add(p, "PeerAddress", input.PeerAddress);
        if (input.PeerAsn is long asn) Add(p, "BgpOptions.PeerAsn", asn.ToString(CultureInfo.InvariantCulture));
        if (input.PeerLivenessDetection is PeerLivenessDetection l) Add(p, "BgpOptions.PeerLivenessDetection", WireNames.ToWire(l));
        AddDryRun(p, dryRun);
        if (input.Tags.Count > 0)
        {
            Add(p, "TagSpecification.1.ResourceType", "route-server-peer");
            var i = 0;
            foreach (var tag in input.Tags)
            {
                i++;
                Add(p, "TagSpecification.1.Tag." + i + ".Key", tag.Key);
                Add(p, "TagSpecification.1.Tag." + i + ".Value", tag.Value);
            }
        }
        return p;
    }

    public static List<KeyValuePair<string, string>> ForDescribePeers(RouteServerPeerQuery query, string? nextToken, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        AddList(p, "RouteServerPeerId", query.RouteServerPeerIds);
        AddFilters(p, query.Filters);
        AddPaging(p, nextToken, query.MaxResults);
        AddDryRun(p, dryRun);
        return p;
    }

    public static List<KeyValuePair<string, string>> ForDescribeEndpoints(RouteServerEndpointQuery query, string? nextToken, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        AddList(p, "RouteServerEndpointId", query.RouteServerEndpointIds);
        AddFilters(p, query.Filters);
        AddPaging(p, nextToken, query.MaxResults);
        AddDryRun(p, dryRun);
        return p;
    }

    /// <summary>GetRouteServerRoutingDatabase: the route server, the route-search filters, then the page (the SDK's order).</summary>
    public static List<KeyValuePair<string, string>> ForRoutingDatabase(string routeServerId, IEnumerable<Filter> filters, string? nextToken, int? maxResults, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        Add(p, "RouteServerId", routeServerId);
        AddPaging(p, nextToken, maxResults);
        AddDryRun(p, dryRun);
        AddFilters(p, filters);
        return p;
    }

    public static List<KeyValuePair<string, string>> ForDeletePeer(string routeServerPeerId, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        Add(p, "RouteServerPeerId", routeServerPeerId);
        AddDryRun(p, dryRun);
        return p;
    }

    /// <summary>CreateTags: <c>ResourceId.N</c>, then <c>Tag.N.Key</c>/<c>Tag.N.Value</c> (every tag has a value, "" for none).</summary>
    public static List<KeyValuePair<string, string>> ForCreateTags(IEnumerable<string> resourceIds, IEnumerable<KeyValuePair<string, string>> tags, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        AddList(p, "ResourceId", resourceIds);
        var i = 0;
        foreach (var tag in tags)
        {
            i++;
            Add(p, "Tag." + i + ".Key", tag.Key);
            Add(p, "Tag." + i + ".Value", tag.Value ?? string.Empty);
        }
        AddDryRun(p, dryRun);
        return p;
    }

    /// <summary>
    /// DeleteTags by key alone (<c>Tag.N.Key</c>, no value): each named tag goes whatever its value. An empty key list
    /// is refused here, because EC2 reads a DeleteTags without tags as "delete every tag".
    /// </summary>
    public static List<KeyValuePair<string, string>> ForDeleteTags(IEnumerable<string> resourceIds, IEnumerable<string> keys, bool? dryRun)
    {
        var p = new List<KeyValuePair<string, string>>();
        AddList(p, "ResourceId", resourceIds);
        var i = 0;
        foreach (var key in keys) Add(p, "Tag." + (++i) + ".Key", key);
        if (i == 0) throw new System.ArgumentException("DeleteTags needs at least one key: without any, EC2 deletes every tag of the resource.", nameof(keys));
        AddDryRun(p, dryRun);
        return p;
    }

    private static void Add(List<KeyValuePair<string, string>> p, string key, string value) => p.Add(new(key, value));

    private static void AddDryRun(List<KeyValuePair<string, string>> p, bool? dryRun)
    {
        if (dryRun is bool b) Add(p, "DryRun", b ? "true" : "false");
    }

    private static void AddPaging(List<KeyValuePair<string, string>> p, string? nextToken, int? maxResults)
    {
        if (!string.IsNullOrEmpty(nextToken)) Add(p, "NextToken", nextToken!);
        if (maxResults is int m) Add(p, "MaxResults", m.ToString(CultureInfo.InvariantCulture));
    }

    private static void AddList(List<KeyValuePair<string, string>> p, string singular, IEnumerable<string> values)
    {
        var i = 0;
        foreach (var v in values) Add(p, singular + "." + (++i), v);
    }

    private static void AddFilters(List<KeyValuePair<string, string>> p, IEnumerable<Filter> filters)
    {
        var i = 0;
        foreach (var f in filters)
        {
            i++;
            Add(p, "Filter." + i + ".Name", f.Name);
            AddList(p, "Filter." + i + ".Value", f.Values);
        }
    }
}
