using System.Text.Json;

namespace BgpPeering.Emulator.State;

// The parts of a seed (see Topology), one class per JSON object of the seed format in docs/emulator.md.

/// <summary>Simulation settings a seed can carry.</summary>
public sealed class SimulationSeed
{
    /// <summary>The default BGP behaviour of new peers: <c>up</c> (default), <c>never</c>, <c>flap</c> or (Direct Connect) <c>unknown</c>.</summary>
    public string? BgpBehaviour { get; set; }

    /// <summary>Delays in seconds at speed 1; each one overrides the emulator's default.</summary>
    public DelaysSeed? Delays { get; set; }
}

/// <summary>Delays in seconds (fractions allowed).</summary>
public sealed class DelaysSeed
{
    public double? PeerAvailable { get; set; }
    public double? BgpUp { get; set; }
    public double? PeerDelete { get; set; }
    public double? DeletedRetention { get; set; }
    public double? DxPeerAvailable { get; set; }
    public double? DxBgpUp { get; set; }
    public double? DxPeerDelete { get; set; }
    public double? DxDeletedRetention { get; set; }
    public double? FlapUp { get; set; }
    public double? FlapDown { get; set; }
}

public sealed class VpcSeed
{
    public string VpcId { get; set; } = string.Empty;
    public string? Cidr { get; set; }
    public List<SubnetSeed> Subnets { get; set; } = new();
    public List<RouteServerSeed> RouteServers { get; set; } = new();
}

public sealed class SubnetSeed
{
    public string SubnetId { get; set; } = string.Empty;
    public string? Cidr { get; set; }
    public string? AvailabilityZone { get; set; }
}

public sealed class RouteServerSeed
{
    public string RouteServerId { get; set; } = string.Empty;
    public long? AmazonSideAsn { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    /// <summary>The route tables the route server propagates to: every in-fib route is installed in each, unless the table has a static route for its prefix.</summary>
    public List<RouteTableSeed>? RouteTables { get; set; }
    public List<EndpointSeed> Endpoints { get; set; } = new();
}

/// <summary>A route table a route server installs its best routes in.</summary>
public sealed class RouteTableSeed
{
    public string RouteTableId { get; set; } = string.Empty;
    /// <summary>Prefixes the table already routes statically: a route server route for one of them is <c>rejected</c> there.</summary>
    public List<string>? StaticRoutes { get; set; }
}

/// <summary>
/// One route a peer advertises (the seed's <c>routes</c>, and <c>POST /_emulator/peers/{id}/routes</c>): a prefix, an
/// AS path (ASNs, nearest first; for Direct Connect an element may be an array of ASNs, an AS_SET), a MED (Route Server
/// only) and communities (Direct Connect only).
/// </summary>
public sealed class RouteSeed
{
    public string Prefix { get; set; } = string.Empty;
    public List<JsonElement>? AsPath { get; set; }
    public long? Med { get; set; }
    public List<string>? Communities { get; set; }

    /// <summary>A route with an AS path of plain ASNs, for set-up in code.</summary>
    public static RouteSeed Of(string prefix, IEnumerable<long> asPath, long? med = null) => new()
    {
        Prefix = prefix,
        AsPath = asPath.Select(a => JsonSerializer.SerializeToElement(a)).ToList(),
        Med = med,
    };
}

public sealed class EndpointSeed
{
    public string RouteServerEndpointId { get; set; } = string.Empty;
    public string SubnetId { get; set; } = string.Empty;
    public string? EniId { get; set; }
    public string? EniAddress { get; set; }
    /// <summary><c>available</c> (default), <c>pending</c>, <c>deleting</c>, <c>deleted</c>, <c>failing</c>, <c>failed</c>, <c>delete-failed</c>.</summary>
    public string? State { get; set; }
    public string? FailureReason { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public List<RouteServerPeerSeed> Peers { get; set; } = new();
    /// <summary>Bulk peers for load tests and benchmarks.</summary>
    public GeneratePeersSeed? GeneratePeers { get; set; }
}

public sealed class RouteServerPeerSeed
{
    /// <summary>Null generates an ID.</summary>
    public string? RouteServerPeerId { get; set; }
    public string PeerAddress { get; set; } = string.Empty;
    public long PeerAsn { get; set; }
    /// <summary><c>bgp-keepalive</c> (default) or <c>bfd</c>.</summary>
    public string? PeerLivenessDetection { get; set; }
    /// <summary><c>available</c> (default), <c>pending</c>, <c>deleting</c>, <c>deleted</c>, <c>failed</c>.</summary>
    public string? State { get; set; }
    /// <summary>For <c>available</c> peers: <c>up</c> (default) or <c>down</c> (it then comes up after the BGP delay, per its behaviour).</summary>
    public string? BgpStatus { get; set; }
    /// <summary><c>up</c>, <c>never</c> or <c>flap</c>; default from the simulation settings.</summary>
    public string? BgpBehaviour { get; set; }
    public string? FailureReason { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    /// <summary>The routes the peer advertises while its BGP session is up.</summary>
    public List<RouteSeed>? Routes { get; set; }
}

public sealed class GeneratePeersSeed
{
    public int Count { get; set; }
    /// <summary>The first peer address; each next peer takes the next IPv4 address. Default: the endpoint's address plus 16.</summary>
    public string? FirstAddress { get; set; }
    public long PeerAsn { get; set; } = 65100;
    public string? PeerLivenessDetection { get; set; }
    public string? State { get; set; }
    public string? BgpStatus { get; set; }
}

public sealed class DirectConnectSeed
{
    public List<ConnectionSeed> Connections { get; set; } = new();

    /// <summary>Finished BGP failover tests the history starts with (ListVirtualInterfaceTestHistory lists them before any started later).</summary>
    public List<FailoverTestSeed> FailoverTests { get; set; } = new();
}

/// <summary>
/// A finished failover test in the history: <c>completed</c>, <c>cancelled</c> or <c>failed</c> (a seeded test holds
/// no session down, so it cannot be <c>in-progress</c>).
/// </summary>
public sealed class FailoverTestSeed
{
    /// <summary>Null generates a UUID.</summary>
    public string? TestId { get; set; }
    public string VirtualInterfaceId { get; set; } = string.Empty;
    public List<string> BgpPeers { get; set; } = new();
    /// <summary><c>completed</c> (default), <c>cancelled</c> or <c>failed</c>.</summary>
    public string? Status { get; set; }
    /// <summary>1 to 4320; default 180.</summary>
    public int? TestDurationInMinutes { get; set; }
    public DateTimeOffset StartTime { get; set; }
    /// <summary>Default: the start plus the duration.</summary>
    public DateTimeOffset? EndTime { get; set; }
}

public sealed class ConnectionSeed
{
    public string ConnectionId { get; set; } = string.Empty;
    public string? ConnectionName { get; set; }
    public string? Location { get; set; }
    public string? Bandwidth { get; set; }
    public string? ConnectionState { get; set; }
    /// <summary><c>yes</c>, <c>no</c> (default) or <c>unknown</c>. Without logical redundancy a VIF holds one peer per address family.</summary>
    public string? HasLogicalRedundancy { get; set; }
    public string? AwsDeviceV2 { get; set; }
    public string? AwsLogicalDeviceId { get; set; }
    public List<VirtualInterfaceSeed> VirtualInterfaces { get; set; } = new();
}

public sealed class VirtualInterfaceSeed
{
    public string VirtualInterfaceId { get; set; } = string.Empty;
    /// <summary><c>private</c>, <c>public</c> or <c>transit</c>.</summary>
    public string VirtualInterfaceType { get; set; } = "private";
    public string? VirtualInterfaceName { get; set; }
    public int Vlan { get; set; }
    public long Asn { get; set; }
    public long AmazonSideAsn { get; set; } = 64512;
    public int? Mtu { get; set; }
    public bool? JumboFrameCapable { get; set; }
    public string? VirtualGatewayId { get; set; }
    public string? DirectConnectGatewayId { get; set; }
    public string? VirtualInterfaceState { get; set; }
    public string? CustomerRouterConfig { get; set; }
    public bool? SiteLinkEnabled { get; set; }
    public List<string> RouteFilterPrefixes { get; set; } = new();
    public Dictionary<string, string>? Tags { get; set; }
    public List<DxPeerSeed> BgpPeers { get; set; } = new();
    /// <summary>What AWS advertises to the customer on this interface (AS path: the Amazon-side ASN), while a peer of the prefix's family is up.</summary>
    public List<string>? AdvertisedPrefixes { get; set; }
}

public sealed class DxPeerSeed
{
    public string? BgpPeerId { get; set; }
    public string AddressFamily { get; set; } = "ipv4";
    public long Asn { get; set; }
    public string? AuthKey { get; set; }
    public string? AmazonAddress { get; set; }
    public string? CustomerAddress { get; set; }
    /// <summary><c>available</c> (default), <c>verifying</c>, <c>pending</c>, <c>deleting</c>, <c>deleted</c>.</summary>
    public string? BgpPeerState { get; set; }
    /// <summary><c>up</c> (default for available peers), <c>down</c> or <c>unknown</c>.</summary>
    public string? BgpStatus { get; set; }
    /// <summary><c>up</c>, <c>never</c>, <c>flap</c> or <c>unknown</c>.</summary>
    public string? BgpBehaviour { get; set; }
    /// <summary>The routes the peer advertises to AWS (accepted routes) while its BGP session is up.</summary>
    public List<RouteSeed>? Routes { get; set; }
}

/// <summary>
/// A behaviour for peers created through the API: the first rule whose peer address and/or ASN match applies.
/// </summary>
public sealed class PeerRuleSeed
{
    /// <summary>Route Server peer address, or Direct Connect customer address (with or without the prefix length).</summary>
    public string? PeerAddress { get; set; }
    public long? Asn { get; set; }
    /// <summary><c>up</c>, <c>never</c>, <c>flap</c> or <c>unknown</c>.</summary>
    public string? BgpBehaviour { get; set; }
    /// <summary>Route Server peers only: the peer ends <c>failed</c> with this reason instead of <c>available</c>.</summary>
    public string? FailureReason { get; set; }
    /// <summary>Route Server peers only: the routes the peer advertises once its BGP session is up.</summary>
    public List<RouteSeed>? Routes { get; set; }
}
