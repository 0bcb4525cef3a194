using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeRouteServerEndpoints for.</summary>
public sealed class RouteServerEndpointQuery : Ec2IdQuery<RouteServerEndpointQuery>
{
    public IList<string> RouteServerEndpointIds => Ids;

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
