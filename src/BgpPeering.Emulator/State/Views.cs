namespace BgpPeering.Emulator.State;

/// <summary>A Route Server peer as it is answered: a copy taken under the state lock, serialised outside it.</summary>
internal sealed record RsPeerView(
    string Id, string EndpointId, string RouteServerId, string VpcId, string SubnetId, string State, string? FailureReason,
    string EniId, string EniAddress, string PeerAddress, long Asn, string Liveness, string? BgpStatus, string? BfdStatus,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

internal sealed record EndpointView(
    string Id, string RouteServerId, string VpcId, string SubnetId, string EniId, string EniAddress, string State, string? FailureReason,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

internal sealed record DxPeerView(
    string Id, long Asn, string AuthKey, string AddressFamily, string? AmazonAddress, string? CustomerAddress, string State, string BgpStatus,
    string AwsDeviceV2, string AwsLogicalDeviceId);

internal sealed record VifView(
    string OwnerAccount, string Id, string Location, string ConnectionId, string Type, string? Name, int Vlan, long Asn, long AmazonSideAsn,
    string? AuthKey, string? AmazonAddress, string? CustomerAddress, string? AddressFamily, string State, string? CustomerRouterConfig,
    int Mtu, bool JumboFrameCapable, string? VirtualGatewayId, string? DirectConnectGatewayId, IReadOnlyList<string> RouteFilterPrefixes,
    IReadOnlyList<DxPeerView> Peers, string Region, string AwsDeviceV2, string AwsLogicalDeviceId,
    IReadOnlyList<KeyValuePair<string, string>> Tags, bool SiteLinkEnabled);

internal sealed record PageResult<T>(IReadOnlyList<T> Items, long? NextAfter);

/// <summary>A page whose cursor is a sort key (routes are listed in prefix order, not creation order).</summary>
internal sealed record KeyedPage<T>(IReadOnlyList<T> Items, string? NextAfter);

/// <summary>A route server route as GetRouteServerRoutingDatabase answers it.</summary>
internal sealed record RsRouteView(string Prefix, string EndpointId, string PeerId, string Status, IReadOnlyList<string> AsPath, long? Med, string NextHop,
    IReadOnlyList<RouteInstallationView> Installations);

internal sealed record RouteInstallationView(string RouteTableId, string Status, string? Reason);

/// <summary>A Direct Connect route as ListVirtualInterfaceRoutes answers it.</summary>
internal sealed record DxRouteView(string Cidr, string Direction, string AddressFamily, IReadOnlyList<AsSegment> AsPath, IReadOnlyList<string> Communities,
    string AwsLogicalDeviceId, DateTimeOffset InstalledAt);

/// <summary>What a peer advertises (<c>GET /_emulator/peers/{id}/routes</c>) and whether those routes count now.</summary>
/// <param name="PeerId">The <c>rsp-</c> or <c>dxpeer-</c> ID.</param>
/// <param name="BgpStatus">The peer's BGP status as the API reports it now (<c>none</c> for a failed Route Server peer).</param>
/// <param name="Advertising">True while its BGP is up: only then are its routes in the routing database or accepted.</param>
/// <param name="Routes">What it advertises when up.</param>
public sealed record PeerRoutes(string PeerId, string BgpStatus, bool Advertising, IReadOnlyList<RouteSeed> Routes);

/// <summary>The body of <c>POST /_emulator/peers/{id}/routes</c>: the routes that replace what the peer advertised.</summary>
public sealed class PeerRoutesChange
{
    public List<RouteSeed>? Routes { get; set; }
}

/// <summary>A peer's current status, as the admin API and tests see it.</summary>
/// <param name="Id">The <c>rsp-</c> or <c>dxpeer-</c> ID.</param>
/// <param name="Kind"><c>route-server</c> or <c>direct-connect</c>.</param>
/// <param name="State">The lifecycle state, such as <c>pending</c> or <c>available</c>.</param>
/// <param name="BgpStatus"><c>up</c>, <c>down</c> or (Direct Connect) <c>unknown</c>; null where AWS reports none (a failed Route Server peer).</param>
/// <param name="BfdStatus">Route Server only: <c>up</c> or <c>down</c>; null for Direct Connect.</param>
/// <param name="BgpBehaviour"><c>up</c>, <c>never</c>, <c>flap</c> or <c>unknown</c>.</param>
public sealed record PeerStatus(string Id, string Kind, string State, string? BgpStatus, string? BfdStatus, string BgpBehaviour);

/// <summary>
/// A change made through <c>POST /_emulator/peers/{id}/status</c>. Every member is optional.
/// <list type="bullet">
/// <item><see cref="State"/> moves the peer to that state now; the simulation continues from it (a
/// <c>pending</c> peer becomes available after the delay, a <c>deleting</c> one is deleted after the delay).</item>
/// <item><see cref="BgpStatus"/> and <see cref="BfdStatus"/> pin the status until set to <c>auto</c>.</item>
/// <item><see cref="BgpBehaviour"/> changes how the session behaves from now on.</item>
/// </list>
/// </summary>
public sealed class PeerStatusChange
{
    public string? State { get; set; }
    public string? BgpStatus { get; set; }
    public string? BfdStatus { get; set; }
    public string? BgpBehaviour { get; set; }
    /// <summary>Route Server: the reason shown with state <c>failed</c>.</summary>
    public string? FailureReason { get; set; }
}

internal sealed record ConnectionView(
    string OwnerAccount, string Id, string? Name, string State, string Region, string Location, string Bandwidth, string AwsDeviceV2,
    string AwsLogicalDeviceId, string HasLogicalRedundancy);
