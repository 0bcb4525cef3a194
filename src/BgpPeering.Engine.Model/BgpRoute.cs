using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>
/// One route a BGP peer taught AWS (or, for Direct Connect with -Direction Advertised, one AWS sent it), flat for both
/// kinds: <c>Get-BgpRoute | Where Status -eq InRib</c> and <c>Group-Object RouteServerPeerId</c> work. A Route Server
/// route comes from EC2 GetRouteServerRoutingDatabase and names its peer; a Direct Connect route comes from
/// ListVirtualInterfaceRoutes and belongs to its virtual interface and address family (the API names no peer, has no
/// next hop, no MED and no installation status).
/// </summary>
public sealed class BgpRoute
{
    /// <summary>The destination CIDR, IPv4 or IPv6.</summary>
    public string Prefix { get; internal set; } = string.Empty;

    /// <summary>The next hop (Route Server); null for Direct Connect, whose API gives none.</summary>
    public string? NextHop { get; internal set; }

    /// <summary>
    /// The AS path as routers print it: the ASNs separated by spaces, the nearest first; an unordered AS_SET segment
    /// (Direct Connect) in braces, such as <c>65000 {65101 65102}</c>. Empty for a path with no ASN.
    /// </summary>
    public string AsPath { get; internal set; } = string.Empty;

    /// <summary>The AS path length as BGP counts it for best-path selection: each ASN once, an AS_SET as one.</summary>
    public int AsPathLength { get; internal set; }

    /// <summary>The multi-exit discriminator (Route Server), when the peer sent one.</summary>
    public long? Med { get; internal set; }

    /// <summary>InFib or InRib (Route Server); Accepted or Advertised (Direct Connect).</summary>
    public BgpRouteStatus Status { get; internal set; }

    // Route Server.
    public string? RouteServerId { get; internal set; }
    public string? RouteServerEndpointId { get; internal set; }
    /// <summary>The Route Server peer that advertised the route.</summary>
    public string? RouteServerPeerId { get; internal set; }

    /// <summary>The route tables the route is installed in (Route Server, in-fib routes).</summary>
    public IReadOnlyList<string> InstalledRouteTableIds { get; internal set; } = Array.Empty<string>();

    /// <summary>The route tables that rejected the route (Route Server).</summary>
    public IReadOnlyList<string> RejectedRouteTableIds { get; internal set; } = Array.Empty<string>();

    /// <summary>Why it was rejected: <c>rtb-…: reason</c>, one per rejecting route table, joined by <c>; </c>. Null when none rejected it.</summary>
    public string? RejectionReason { get; internal set; }

    /// <summary>Every route table the route server reported for the route, with its status and reason (Route Server).</summary>
    public IReadOnlyList<RouteInstallation> Installations { get; internal set; } = Array.Empty<RouteInstallation>();

    /// <summary>Whether the route server keeps routes when its BGP sessions go down (Route Server's <c>areRoutesPersisted</c>).</summary>
    public bool? AreRoutesPersisted { get; internal set; }

    // Direct Connect.
    public string? VirtualInterfaceId { get; internal set; }
    public AddressFamily? AddressFamily { get; internal set; }
    /// <summary>
    /// The Direct Connect BGP peer, when it can be known: the one piped peer of the route's address family on its
    /// interface. The API names no peer per route, so it is null for routes listed by -VirtualInterfaceId.
    /// </summary>
    public string? BgpPeerId { get; internal set; }
    /// <summary>The BGP communities of a Direct Connect route, such as <c>7224:9100</c>.</summary>
    public IReadOnlyList<string> Communities { get; internal set; } = Array.Empty<string>();
    /// <summary>The Direct Connect endpoint that terminates the logical connection.</summary>
    public string? AwsLogicalDeviceId { get; internal set; }
    /// <summary>When Direct Connect installed the route.</summary>
    public DateTimeOffset? InstalledAt { get; internal set; }

    public string Region { get; internal set; } = string.Empty;
    public string? EndpointUrl { get; internal set; }
    /// <summary>When this copy was read from AWS (UTC).</summary>
    public DateTimeOffset RetrievedAt { get; internal set; }

    public override string ToString() => Prefix + (NextHop is null ? string.Empty : " via " + NextHop);
}

/// <summary>
/// A route's status, one flat enum for both kinds. Route Server: <see cref="InFib"/> (the best path for its prefix,
/// installed in the route server's route tables) or <see cref="InRib"/> (learned, not the best path). Direct Connect:
/// <see cref="Accepted"/> (AWS learned it from you) or <see cref="Advertised"/> (AWS advertises it to you).
/// </summary>
public enum BgpRouteStatus
{
    /// <summary>A status this version does not know.</summary>
    Unknown = 0,
    /// <summary>Route Server <c>in-fib</c>: the best path, in the forwarding table.</summary>
    InFib,
    /// <summary>Route Server <c>in-rib</c>: learned from a peer, not the best path.</summary>
    InRib,
    /// <summary>Direct Connect <c>accepted</c>: a route AWS received from the customer network.</summary>
    Accepted,
    /// <summary>Direct Connect <c>advertised</c>: a route AWS advertises to the customer network.</summary>
    Advertised,
}

/// <summary>What a route table did with a Route Server route.</summary>
public sealed class RouteInstallation
{
    public RouteInstallation(string routeTableId, RouteInstallationStatus status, string? reason)
    {
        RouteTableId = routeTableId;
        Status = status;
        Reason = reason;
    }

    public string RouteTableId { get; }

    public RouteInstallationStatus Status { get; }

    /// <summary>Why, as the route server said it (AWS documents no wording).</summary>
    public string? Reason { get; }

    public override string ToString() => RouteTableId + " " + Status + (Reason is null ? string.Empty : ": " + Reason);
}

/// <summary>Route Server's <c>installed</c> or <c>rejected</c>.</summary>
public enum RouteInstallationStatus
{
    Unknown = 0,
    Installed,
    Rejected,
}
