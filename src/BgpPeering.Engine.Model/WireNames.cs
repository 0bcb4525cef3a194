namespace BgpPeering.Engine.Model;

/// <summary>Converts between the AWS wire spellings and our enums. Unknown wire values never throw.</summary>
public static class WireNames
{
    public static BgpStatus ParseBgpStatus(string? value) => Normalize(value) switch
    {
        "up" => BgpStatus.Up,
        "down" => BgpStatus.Down,
        _ => BgpStatus.Unknown,
    };

    public static string ToWire(BgpStatus value) => value switch
    {
        BgpStatus.Up => "up",
        BgpStatus.Down => "down",
        _ => "unknown",
    };

    public static PeerLivenessDetection? ParseLiveness(string? value) => Normalize(value) switch
    {
        "bfd" => PeerLivenessDetection.Bfd,
        "bgp-keepalive" => PeerLivenessDetection.BgpKeepalive,
        _ => null,
    };

    public static string ToWire(PeerLivenessDetection value) =>
        value == PeerLivenessDetection.Bfd ? "bfd" : "bgp-keepalive";

    public static RouteServerState ParseRouteServerState(string? value) => Normalize(value) switch
    {
        "pending" => RouteServerState.Pending,
        "available" => RouteServerState.Available,
        "deleting" => RouteServerState.Deleting,
        "deleted" => RouteServerState.Deleted,
        "failing" => RouteServerState.Failing,
        "failed" => RouteServerState.Failed,
        "delete-failed" => RouteServerState.DeleteFailed,
        _ => RouteServerState.Unknown,
    };

    public static string ToWire(RouteServerState value) => value switch
    {
        RouteServerState.Pending => "pending",
        RouteServerState.Available => "available",
        RouteServerState.Deleting => "deleting",
        RouteServerState.Deleted => "deleted",
        RouteServerState.Failing => "failing",
        RouteServerState.Failed => "failed",
        RouteServerState.DeleteFailed => "delete-failed",
        _ => "unknown",
    };

    public static DxBgpPeerState ParseDxBgpPeerState(string? value) => Normalize(value) switch
    {
        "verifying" => DxBgpPeerState.Verifying,
        "pending" => DxBgpPeerState.Pending,
        "available" => DxBgpPeerState.Available,
        "deleting" => DxBgpPeerState.Deleting,
        "deleted" => DxBgpPeerState.Deleted,
        _ => DxBgpPeerState.Unknown,
    };

    /// <summary>
    /// A failover test's status. AWS declares no list of values; the emulator writes <c>in-progress</c>,
    /// <c>completed</c>, <c>cancelled</c> and <c>failed</c>, and any case, hyphen, underscore or space, and the
    /// American <c>canceled</c>, read the same. Anything else is <see cref="DxBgpFailoverTestStatus.Unknown"/>.
    /// </summary>
    public static DxBgpFailoverTestStatus ParseFailoverTestStatus(string? value) =>
        Normalize(value).Replace("-", string.Empty).Replace("_", string.Empty).Replace(" ", string.Empty) switch
        {
            "inprogress" => DxBgpFailoverTestStatus.InProgress,
            "completed" => DxBgpFailoverTestStatus.Completed,
            "cancelled" or "canceled" => DxBgpFailoverTestStatus.Cancelled,
            "failed" => DxBgpFailoverTestStatus.Failed,
            _ => DxBgpFailoverTestStatus.Unknown,
        };

    /// <summary>The emulator's spelling of a failover test's status (lower case, hyphenated, as AWS's guide names them).</summary>
    public static string ToWire(DxBgpFailoverTestStatus value) => value switch
    {
        DxBgpFailoverTestStatus.InProgress => "in-progress",
        DxBgpFailoverTestStatus.Completed => "completed",
        DxBgpFailoverTestStatus.Cancelled => "cancelled",
        DxBgpFailoverTestStatus.Failed => "failed",
        _ => "unknown",
    };

    public static AddressFamily? ParseAddressFamily(string? value) => Normalize(value) switch
    {
        "ipv4" => AddressFamily.IPv4,
        "ipv6" => AddressFamily.IPv6,
        _ => null,
    };

    public static string ToWire(AddressFamily value) => value == AddressFamily.IPv6 ? "ipv6" : "ipv4";

    public static BgpRouteStatus ParseRouteStatus(string? value) => Normalize(value) switch
    {
        "in-fib" => BgpRouteStatus.InFib,
        "in-rib" => BgpRouteStatus.InRib,
        "accepted" => BgpRouteStatus.Accepted,
        "advertised" => BgpRouteStatus.Advertised,
        _ => BgpRouteStatus.Unknown,
    };

    public static string ToWire(BgpRouteStatus value) => value switch
    {
        BgpRouteStatus.InFib => "in-fib",
        BgpRouteStatus.InRib => "in-rib",
        BgpRouteStatus.Accepted => "accepted",
        BgpRouteStatus.Advertised => "advertised",
        _ => "unknown",
    };

    public static RouteInstallationStatus ParseRouteInstallationStatus(string? value) => Normalize(value) switch
    {
        "installed" => RouteInstallationStatus.Installed,
        "rejected" => RouteInstallationStatus.Rejected,
        _ => RouteInstallationStatus.Unknown,
    };

    public static string ToWire(RouteInstallationStatus value) => value switch
    {
        RouteInstallationStatus.Installed => "installed",
        RouteInstallationStatus.Rejected => "rejected",
        _ => "unknown",
    };

    /// <summary>Direct Connect's <c>routeDirection</c>: <c>accepted</c> or <c>advertised</c>.</summary>
    public static string ToWire(RouteDirection value) => value == RouteDirection.Advertised ? "advertised" : "accepted";

    private static string Normalize(string? value) =>
        value is null ? string.Empty : value.Trim().ToLowerInvariant();
}
