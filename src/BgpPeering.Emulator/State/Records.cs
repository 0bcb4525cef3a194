namespace BgpPeering.Emulator.State;

// The records the stores hold: plain mutable data, one class per kind of resource.

internal sealed class VpcRecord
{
    public required string Id;
    public string? Cidr;
}

internal sealed class SubnetRecord
{
    public required string Id;
    public required string VpcId;
    public string? Cidr;
    public string? AvailabilityZone;
}

internal sealed class RouteServerRecord
{
    public required string Id;
    public required string VpcId;
    public long AmazonSideAsn;
    public List<KeyValuePair<string, string>> Tags = new();
    /// <summary>The route tables it installs its in-fib routes in.</summary>
    public List<RouteTableRecord> RouteTables = new();
}

internal sealed class RouteTableRecord
{
    public required string Id;
    /// <summary>Prefixes (canonical text) routed statically: a route for one of them is rejected in this table.</summary>
    public HashSet<string> StaticRoutes = new(StringComparer.Ordinal);
}

internal sealed class EndpointRecord
{
    public long Seq;
    public required string Id;
    public required RouteServerRecord RouteServer;
    public required SubnetRecord Subnet;
    public required string EniId;
    public required string EniAddress;
    public string State = "available";
    public string? FailureReason;
    public List<KeyValuePair<string, string>> Tags = new();
}

internal sealed class RsPeerRecord
{
    public long Seq;
    public required string Id;
    public required EndpointRecord Endpoint;
    public required string PeerAddress;
    public long Asn;
    public string Liveness = "bgp-keepalive";
    public List<KeyValuePair<string, string>> Tags = new();
    public readonly Lifecycle Life = new();
}

internal sealed class ConnectionRecord
{
    public required string Id;
    public string? Name;
    public string Location = "EqDC2";
    public string Bandwidth = "1Gbps";
    public string State = "available";
    public string HasLogicalRedundancy = "no";
    public string AwsDeviceV2 = "EqDC2-123h49s71dabc";
    public string AwsLogicalDeviceId = "EqDC2-1a2b3c4d5e6f";
    public readonly List<VifRecord> VirtualInterfaces = new();
}

internal sealed class VifRecord
{
    public long Seq;
    public required string Id;
    public required ConnectionRecord Connection;
    public string Type = "private";
    public string? Name;
    public int Vlan;
    public long Asn;
    public long AmazonSideAsn;
    public string? AuthKey;
    public string? AmazonAddress;
    public string? CustomerAddress;
    public string? AddressFamily;
    public string State = "available";
    public string? CustomerRouterConfig;
    public int Mtu = 1500;
    public bool JumboFrameCapable;
    public string? VirtualGatewayId;
    public string? DirectConnectGatewayId;
    public List<string> RouteFilterPrefixes = new();
    public bool SiteLinkEnabled;
    public List<KeyValuePair<string, string>> Tags = new();
    public readonly List<DxPeerRecord> Peers = new();
    /// <summary>What AWS advertises on this interface (prefixes, canonical text).</summary>
    public List<string> AdvertisedPrefixes = new();
}

internal sealed class DxPeerRecord
{
    public required string Id;
    public required VifRecord Vif;
    public long Asn;
    public required string AuthKey;
    public required string AddressFamily;
    public string? AmazonAddress;
    public string? CustomerAddress;
    public readonly Lifecycle Life = new();
}
