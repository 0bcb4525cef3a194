using System.Text.Json;
using System.Text.Json.Serialization;

namespace BgpPeering.Emulator.State;

/// <summary>
/// The seed: the world the emulator starts with. It is read from JSON (lowerCamel names, documented in
/// docs/emulator.md) or built in code. Unknown JSON members are an error, so that a typo does not pass silently.
/// </summary>
public sealed class Topology
{
    public string? AccountId { get; set; }

    /// <summary>The region reported for Direct Connect virtual interfaces (and in ARNs when a request names none).</summary>
    public string? Region { get; set; }

    public SimulationSeed? Simulation { get; set; }

    public List<VpcSeed> Vpcs { get; set; } = new();

    public DirectConnectSeed? DirectConnect { get; set; }

    /// <summary>Behaviours for peers created later through the API, matched by peer address and/or ASN.</summary>
    public List<PeerRuleSeed> Rules { get; set; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reads a seed from JSON text; the message of a failure names the position and the problem.</summary>
    public static Topology Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Topology>(json, JsonOptions) ?? throw new TopologyException("The seed is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new TopologyException("The seed is not valid: " + ex.Message, ex);
        }
    }

    public static Topology Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TopologyException("The seed file '" + path + "' could not be read: " + ex.Message, ex);
        }
        return Parse(text);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// The built-in demo: one VPC with one route server, two endpoints in two subnets and one existing peer; two
    /// Direct Connect connections with three virtual interfaces (a private IPv4 one with a peer, a transit
    /// dual-stack one and a public one). The IDs match the wire fixtures where those name them.
    /// </summary>
    public static Topology Demo() => new()
    {
        AccountId = "123456789012",
        Region = "us-east-1",
        Vpcs =
        {
            new VpcSeed
            {
                VpcId = "vpc-0a1b2c3d4e5f67890",
                Cidr = "10.0.0.0/16",
                Subnets =
                {
                    new SubnetSeed { SubnetId = "subnet-0a1b2c3d4e5f67890", Cidr = "10.0.1.0/24", AvailabilityZone = "us-east-1a" },
                    new SubnetSeed { SubnetId = "subnet-0b1c2d3e4f5a67890", Cidr = "10.0.2.0/24", AvailabilityZone = "us-east-1b" },
                },
                RouteServers =
                {
                    new RouteServerSeed
                    {
                        RouteServerId = "rs-0123456789abcdef0",
                        AmazonSideAsn = 65000,
                        Tags = new() { ["Name"] = "demo-route-server" },
                        Endpoints =
                        {
                            new EndpointSeed
                            {
                                RouteServerEndpointId = "rse-0123456789abcdef0",
                                SubnetId = "subnet-0a1b2c3d4e5f67890",
                                EniId = "eni-0a1b2c3d4e5f67890",
                                EniAddress = "10.0.1.4",
                                Tags = new() { ["Name"] = "rse-a" },
                            },
                            new EndpointSeed
                            {
                                RouteServerEndpointId = "rse-0fedcba9876543210",
                                SubnetId = "subnet-0b1c2d3e4f5a67890",
                                EniId = "eni-0b1c2d3e4f5a67890",
                                EniAddress = "10.0.2.4",
                                Tags = new() { ["Name"] = "rse-b" },
                                Peers =
                                {
                                    new RouteServerPeerSeed
                                    {
                                        RouteServerPeerId = "rsp-0fedcba9876543210",
                                        PeerAddress = "10.0.2.10",
                                        PeerAsn = 4200000001,
                                        PeerLivenessDetection = "bgp-keepalive",
                                        State = "available",
                                        BgpStatus = "up",
                                        Tags = new() { ["Name"] = "fw-b" },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        DirectConnect = new DirectConnectSeed
        {
            Connections =
            {
                new ConnectionSeed
                {
                    ConnectionId = "dxcon-fguhmqlc",
                    ConnectionName = "dx-prod-eqdc2",
                    Location = "EqDC2",
                    Bandwidth = "10Gbps",
                    HasLogicalRedundancy = "no",
                    AwsDeviceV2 = "EqDC2-123h49s71dabc",
                    AwsLogicalDeviceId = "EqDC2-1a2b3c4d5e6f",
                    VirtualInterfaces =
                    {
                        new VirtualInterfaceSeed
                        {
                            VirtualInterfaceId = "dxvif-ffabc123",
                            VirtualInterfaceType = "private",
                            VirtualInterfaceName = "vif-prod-a",
                            Vlan = 101,
                            Asn = 65000,
                            AmazonSideAsn = 64512,
                            Mtu = 1500,
                            JumboFrameCapable = true,
                            DirectConnectGatewayId = "5f294f92-bafb-4011-916d-9b0bexample",
                            Tags = new() { ["env"] = "prod" },
                            BgpPeers =
                            {
                                new DxPeerSeed
                                {
                                    BgpPeerId = "dxpeer-fgq9j6xo",
                                    AddressFamily = "ipv4",
                                    Asn = 65000,
                                    AuthKey = "0xC_ukbCerl6EYA0example",
                                    AmazonAddress = "169.254.255.1/30",
                                    CustomerAddress = "169.254.255.2/30",
                                    BgpPeerState = "available",
                                    BgpStatus = "up",
                                },
                            },
                        },
                        new VirtualInterfaceSeed
                        {
                            VirtualInterfaceId = "dxvif-fgh0hcrk",
                            VirtualInterfaceType = "public",
                            VirtualInterfaceName = "vif-public",
                            Vlan = 202,
                            Asn = 4200000001,
                            AmazonSideAsn = 7224,
                            Mtu = 1500,
                            VirtualInterfaceState = "verifying",
                            RouteFilterPrefixes = { "203.0.113.0/24" },
                            BgpPeers =
                            {
                                // A public VIF waits for AWS to verify the prefixes; its BGP status is unknown until then.
                                new DxPeerSeed
                                {
                                    BgpPeerId = "dxpeer-fz1y2x3w",
                                    AddressFamily = "ipv4",
                                    Asn = 4200000001,
                                    AuthKey = "0xQ1w2E3r4T5y6U7example",
                                    AmazonAddress = "203.0.113.1/30",
                                    CustomerAddress = "203.0.113.2/30",
                                    BgpPeerState = "verifying",
                                    BgpStatus = "unknown",
                                },
                            },
                        },
                    },
                },
                new ConnectionSeed
                {
                    ConnectionId = "dxcon-fgr7n2km",
                    ConnectionName = "dx-transit-eqdc2",
                    Location = "EqDC2",
                    Bandwidth = "1Gbps",
                    HasLogicalRedundancy = "yes",
                    AwsDeviceV2 = "EqDC2-2b3c4d5e6f7ab",
                    AwsLogicalDeviceId = "EqDC2-2b3c4d5e6f7a",
                    VirtualInterfaces =
                    {
                        new VirtualInterfaceSeed
                        {
                            VirtualInterfaceId = "dxvif-fgt4k8wq",
                            VirtualInterfaceType = "transit",
                            VirtualInterfaceName = "vif-transit",
                            Vlan = 303,
                            Asn = 65010,
                            AmazonSideAsn = 64513,
                            Mtu = 8500,
                            JumboFrameCapable = true,
                            DirectConnectGatewayId = "8a1e7c52-0d4b-4f0e-9c3d-2f6aexample",
                            Tags = new() { ["env"] = "shared" },
                            BgpPeers =
                            {
                                new DxPeerSeed
                                {
                                    BgpPeerId = "dxpeer-fk3m7p2v",
                                    AddressFamily = "ipv4",
                                    Asn = 65010,
                                    AuthKey = "0xT7r4nS1tKeyV4example",
                                    AmazonAddress = "169.254.100.1/29",
                                    CustomerAddress = "169.254.100.2/29",
                                    BgpPeerState = "available",
                                    BgpStatus = "up",
                                },
                                new DxPeerSeed
                                {
                                    BgpPeerId = "dxpeer-fq8d2n5t",
                                    AddressFamily = "ipv6",
                                    Asn = 65010,
                                    AuthKey = "0xT7r4nS1tKeyV6example",
                                    AmazonAddress = "2001:db8:1100:2f0::1/125",
                                    CustomerAddress = "2001:db8:1100:2f0::2/125",
                                    BgpPeerState = "available",
                                    BgpStatus = "up",
                                },
                            },
                        },
                    },
                },
            },
        },
    };
}

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
    public List<EndpointSeed> Endpoints { get; set; } = new();
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
}

/// <summary>A seed that cannot be loaded; the message says what and where.</summary>
public sealed class TopologyException : Exception
{
    public TopologyException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
