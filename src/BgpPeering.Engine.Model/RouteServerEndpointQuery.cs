using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeRouteServerEndpoints for.</summary>
public sealed class RouteServerEndpointQuery
{
    public IList<string> RouteServerEndpointIds { get; } = new List<string>();

    public IList<Filter> Filters { get; } = new List<Filter>();

    public int? MaxResults { get; set; }

    /// <summary>This query for <paramref name="ids"/>, as <see cref="RouteServerPeerQuery.ForIds"/> does it.</summary>
    public RouteServerEndpointQuery ForIds(IEnumerable<string> ids)
    {
        var query = new RouteServerEndpointQuery { MaxResults = MaxResults };
        foreach (var f in Filters) query.Filters.Add(f);
        foreach (var id in ids) query.RouteServerEndpointIds.Add(id);
        if (query.RouteServerEndpointIds.Count > 0) query.MaxResults = null;
        return query;
    }

    /// <summary>What Get-RouteServerEndpoint's parameters select: each list given becomes its EC2 filter.</summary>
    public static RouteServerEndpointQuery Select(IEnumerable<string>? routeServerIds, IEnumerable<string>? vpcIds, IEnumerable<Filter>? filters)
    {
        var query = new RouteServerEndpointQuery();
        Filter.AddIfAny(query.Filters, "route-server-id", routeServerIds);
        Filter.AddIfAny(query.Filters, "vpc-id", vpcIds);
        foreach (var filter in filters ?? Enumerable.Empty<Filter>()) query.Filters.Add(filter);
        return query;
    }
}
