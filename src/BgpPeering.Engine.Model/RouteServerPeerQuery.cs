using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeRouteServerPeers for.</summary>
public sealed class RouteServerPeerQuery
{
    public IList<string> RouteServerPeerIds { get; } = new List<string>();

    public IList<Filter> Filters { get; } = new List<Filter>();

    /// <summary>Page size, 5 to 1000. Null lets AWS choose (and then AWS may not page at all).</summary>
    public int? MaxResults { get; set; }
}
