using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeRouteServerPeers for.</summary>
public sealed class RouteServerPeerQuery : Ec2IdQuery<RouteServerPeerQuery>
{
    public IList<string> RouteServerPeerIds => Ids;

    /// <summary>
    /// What Get-RouteServerPeer's parameters select: each list given becomes its EC2 filter, the states their wire
    /// names, <paramref name="filters"/> go as named and <paramref name="tags"/> as <c>tag:&lt;key&gt;</c> filters.
    /// </summary>
    public static RouteServerPeerQuery Select(
        IEnumerable<string>? routeServerEndpointIds,
        IEnumerable<string>? routeServerIds,
        IEnumerable<string>? vpcIds,
        IEnumerable<RouteServerState>? states,
        IEnumerable<Filter>? filters,
        IEnumerable<Filter>? tags,
        int? pageSize)
    {
        var query = new RouteServerPeerQuery { MaxResults = pageSize };
        Filter.AddIfAny(query.Filters, "route-server-endpoint-id", routeServerEndpointIds);
        Filter.AddIfAny(query.Filters, "route-server-id", routeServerIds);
        Filter.AddIfAny(query.Filters, "vpc-id", vpcIds);
        Filter.AddIfAny(query.Filters, "state", states?.Select(WireNames.ToWire).Distinct());
        foreach (var filter in filters ?? Enumerable.Empty<Filter>()) query.Filters.Add(filter);
        foreach (var tag in tags ?? Enumerable.Empty<Filter>()) query.Filters.Add(Filter.Tag(tag.Name, tag.Values));
        return query;
    }
}
