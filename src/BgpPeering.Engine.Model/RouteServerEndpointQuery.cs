using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeRouteServerEndpoints for.</summary>
public sealed class RouteServerEndpointQuery
{
    public IList<string> RouteServerEndpointIds { get; } = new List<string>();

    public IList<Filter> Filters { get; } = new List<Filter>();

    public int? MaxResults { get; set; }
}
