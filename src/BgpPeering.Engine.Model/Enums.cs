namespace BgpPeering.Engine.Model
{
    /// <summary>The status of a BGP (or BFD) session, flat so that <c>Where BgpStatus -eq Down</c> works.</summary>
    public enum BgpStatus
    {
        /// <summary>AWS reported no status, or one this version does not know.</summary>
        Unknown = 0,
        Up,
        Down,
    }

    /// <summary>How a Route Server detects that a peer is gone.</summary>
    public enum PeerLivenessDetection
    {
        /// <summary>BGP keepalives (the AWS default, wire value <c>bgp-keepalive</c>).</summary>
        BgpKeepalive = 0,
        /// <summary>Bidirectional Forwarding Detection (wire value <c>bfd</c>).</summary>
        Bfd,
    }

    /// <summary>The lifecycle state of a Route Server peer or endpoint.</summary>
    public enum RouteServerState
    {
        /// <summary>A state this version does not know.</summary>
        Unknown = 0,
        Pending,
        Available,
        Deleting,
        Deleted,
        Failing,
        Failed,
        DeleteFailed,
    }

    /// <summary>The lifecycle state of a Direct Connect BGP peer.</summary>
    public enum DxBgpPeerState
    {
        /// <summary>A state this version does not know.</summary>
        Unknown = 0,
        Verifying,
        Pending,
        Available,
        Deleting,
        Deleted,
    }

    /// <summary>The address family of a Direct Connect BGP peer.</summary>
    public enum AddressFamily
    {
        IPv4 = 0,
        IPv6,
    }
}
