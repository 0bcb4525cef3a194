using System;
using System.Collections.Generic;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Engine.Model;

/// <summary>How -Prefix selects routes (Route Server's <c>route-search.*</c> filters; for Direct Connect, see <see cref="BgpRouteQuery"/>).</summary>
public enum RoutePrefixMatch
{
    /// <summary>The routes for exactly this prefix.</summary>
    Exact = 0,
    /// <summary>The most specific routes that cover the prefix (the prefix itself if it is routed).</summary>
    LongestPrefix,
    /// <summary>The routes inside the prefix: it and every more specific one.</summary>
    SubnetOf,
    /// <summary>The routes that cover the prefix: it and every less specific one.</summary>
    SupernetOf,
}

/// <summary>Which routes of a Direct Connect virtual interface: what AWS learned, or what it advertises.</summary>
public enum RouteDirection
{
    /// <summary>Routes AWS accepted from the customer network.</summary>
    Accepted = 0,
    /// <summary>Routes AWS advertises to the customer network.</summary>
    Advertised,
}

/// <summary>
/// What Get-BgpRoute asks for besides whose routes: a prefix and how it matches, the Direct Connect direction and the
/// page size. Route Server filters by prefix on the service (route-search.* filters, whose names for this operation
/// are inferred from EC2's other route searches); Direct Connect has only a CIDR list filter whose matching is not
/// documented, so the engine sends the prefix for Exact and filters every match kind itself too.
/// </summary>
public sealed class BgpRouteQuery
{
    /// <summary>The routes per GetRouteServerRoutingDatabase page: 5 to 1000 (Direct Connect pages hold at most 100).</summary>
    public const int MaxRouteServerPageSize = 1000;

    /// <summary>ListVirtualInterfaceRoutes answers at most 100 routes a page.</summary>
    public const int MaxDirectConnectPageSize = 100;

    public IpPrefix? Prefix { get; set; }

    public RoutePrefixMatch Match { get; set; }

    public RouteDirection Direction { get; set; }

    public int PageSize { get; set; } = MaxRouteServerPageSize;

    /// <summary>The EC2 filter for -Prefix and -Match (route-search.*); none without a prefix.</summary>
    public IReadOnlyList<Filter> RouteServerFilters() => Prefix is IpPrefix p
        ? new[] { new Filter(RouteSearchFilter(Match), p.ToString()) }
        : Array.Empty<Filter>();

    /// <summary>The name of the EC2 route-search filter for a match kind.</summary>
    public static string RouteSearchFilter(RoutePrefixMatch match) => match switch
    {
        RoutePrefixMatch.Exact => "route-search.exact-match",
        RoutePrefixMatch.LongestPrefix => "route-search.longest-prefix-match",
        RoutePrefixMatch.SubnetOf => "route-search.subnet-of-match",
        RoutePrefixMatch.SupernetOf => "route-search.supernet-of-match",
        _ => throw new ArgumentOutOfRangeException(nameof(match)),
    };

    /// <summary>Checks -Prefix, -Match and -PageSize and builds the query; a broken rule names its parameter.</summary>
    public static BgpRouteQuery Build(string? prefix, RoutePrefixMatch? match, RouteDirection direction, int pageSize)
    {
        var query = new BgpRouteQuery { Direction = direction, PageSize = pageSize };
        if (!string.IsNullOrEmpty(prefix)) query.Prefix = IpPrefix.Check(prefix, "Prefix");
        if (match is RoutePrefixMatch m)
        {
            if (!Enum.IsDefined(typeof(RoutePrefixMatch), m))
                throw new ValidationException("Match", "-Match must be one of: " + EnumInput.ValidNames(typeof(RoutePrefixMatch)) + ".");
            if (query.Prefix is null)
                throw new ValidationException("Match", "-Match says how -Prefix matches; give -Prefix too, such as -Prefix 10.60.1.0/24 -Match LongestPrefix.");
            query.Match = m;
        }
        if (!Enum.IsDefined(typeof(RouteDirection), direction))
            throw new ValidationException("Direction", "-Direction must be one of: " + EnumInput.ValidNames(typeof(RouteDirection)) + ".");
        if (pageSize < 5 || pageSize > MaxRouteServerPageSize)
            throw new ValidationException("PageSize", "-PageSize " + pageSize + " is out of range: 5 to 1000 routes a page (Direct Connect pages hold at most 100).");
        return query;
    }

    /// <summary>
    /// Whether a route's prefix is selected by the prefix and match kind, as the engine filters Direct Connect routes
    /// itself. LongestPrefix is "covers the prefix" here; the engine then keeps only the longest of those.
    /// </summary>
    public bool Selects(IpPrefix route)
    {
        if (Prefix is not IpPrefix p) return true;
        return Match switch
        {
            RoutePrefixMatch.Exact => route.Equals(p),
            RoutePrefixMatch.SubnetOf => p.Contains(route),
            RoutePrefixMatch.SupernetOf or RoutePrefixMatch.LongestPrefix => route.Contains(p),
            _ => false,
        };
    }

    public override string ToString() => Prefix is IpPrefix p ? Match + " " + p : "all prefixes";
}

/// <summary>What one selection of Get-BgpRoute reads: a route server's whole database, one peer's routes, or an interface's.</summary>
public enum RouteSourceKind
{
    RouteServer,
    RouteServerPeer,
    VirtualInterface,
}

/// <summary>
/// One item of Get-BgpRoute's input: whose routes to read, and the input it came from (the target of its errors).
/// A Route Server peer's route server is known when the peer was piped; by ID alone it is looked up.
/// </summary>
public sealed class RouteSource
{
    private RouteSource(RouteSourceKind kind, string id, string? routeServerId, string? bgpPeerId, AddressFamily? family, object target)
    {
        Kind = kind;
        Id = id;
        RouteServerId = routeServerId;
        BgpPeerId = bgpPeerId;
        AddressFamily = family;
        Target = target;
    }

    public RouteSourceKind Kind { get; }

    /// <summary>The rs-, rsp- or dxvif- ID.</summary>
    public string Id { get; }

    /// <summary>A Route Server peer's route server, when known.</summary>
    public string? RouteServerId { get; }

    /// <summary>A Direct Connect peer (with its family): its ID.</summary>
    public string? BgpPeerId { get; }

    /// <summary>A Direct Connect peer: its address family (only that family's routes are its own).</summary>
    public AddressFamily? AddressFamily { get; }

    /// <summary>What the user gave: the error target.</summary>
    public object Target { get; }

    public static RouteSource ForRouteServer(string routeServerId) =>
        new(RouteSourceKind.RouteServer, routeServerId, routeServerId, null, null, routeServerId);

    public static RouteSource ForRouteServerPeer(string routeServerPeerId, string? routeServerId, object? target = null) =>
        new(RouteSourceKind.RouteServerPeer, routeServerPeerId, string.IsNullOrEmpty(routeServerId) ? null : routeServerId, null, null, target ?? routeServerPeerId);

    /// <summary>
    /// An interface's routes; with a peer and its address family, only that family's (and they name the peer). A peer
    /// without its family cannot be told apart on the interface: all its routes are listed, naming no peer.
    /// </summary>
    public static RouteSource ForVirtualInterface(string virtualInterfaceId, string? bgpPeerId = null, AddressFamily? family = null) =>
        new(RouteSourceKind.VirtualInterface, virtualInterfaceId, null, family is null ? null : bgpPeerId, family,
            (object?)(family is null ? null : bgpPeerId) ?? virtualInterfaceId);

    public override string ToString() => Kind switch
    {
        RouteSourceKind.RouteServer => "route server " + Id,
        RouteSourceKind.RouteServerPeer => "Route Server peer " + Id,
        _ => BgpPeerId is null ? "virtual interface " + Id : "Direct Connect BGP peer " + BgpPeerId + " on " + Id,
    };
}
