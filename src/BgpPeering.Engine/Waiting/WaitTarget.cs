using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Waiting;

/// <summary>The two kinds of peer the waiter handles.</summary>
public enum PeerKind
{
    RouteServer,
    DirectConnect,
}

/// <summary>One peer to wait for: where to read it, and what the user piped in (the target of its errors).</summary>
public sealed class WaitTarget
{
    private WaitTarget(PeerKind kind, string peerId, string? virtualInterfaceId, AwsSession session, object input, IBgpPeer? lastSeen)
    {
        Kind = kind;
        PeerId = peerId;
        VirtualInterfaceId = virtualInterfaceId;
        Session = session;
        Input = input;
        LastSeen = lastSeen;
    }

    public PeerKind Kind { get; }

    public string PeerId { get; }

    /// <summary>The virtual interface of a Direct Connect peer.</summary>
    public string? VirtualInterfaceId { get; }

    public AwsSession Session { get; }

    /// <summary>What was piped in; errors about this peer name it as their target.</summary>
    public object Input { get; }

    /// <summary>The latest copy read (or the piped object until the first poll).</summary>
    public IBgpPeer? LastSeen { get; internal set; }

    public static WaitTarget For(AwsSession session, RouteServerPeer peer) =>
        new(PeerKind.RouteServer, peer.RouteServerPeerId, null, session, peer, peer);

    public static WaitTarget For(AwsSession session, DxBgpPeer peer) =>
        new(PeerKind.DirectConnect, peer.BgpPeerId, peer.VirtualInterfaceId, session, peer, peer);

    /// <summary>
    /// A piped peer of either kind, or the peer of a sync's change (not a Remove's, and not a planned Create's, which
    /// has none yet); null for any other object, which is not waited for.
    /// </summary>
    public static WaitTarget? For(AwsSession session, IBgpPeer peer) => peer switch
    {
        RouteServerPeer r => For(session, r),
        DxBgpPeer d => For(session, d),
        BgpPeerChange { Action: not BgpPeerChangeAction.Remove, Peer: { } changed } => For(session, changed),
        _ => null,
    };

    public static WaitTarget ForRouteServerPeerId(AwsSession session, string routeServerPeerId) =>
        new(PeerKind.RouteServer, routeServerPeerId, null, session, routeServerPeerId, null);

    public static WaitTarget ForDxBgpPeerId(AwsSession session, string virtualInterfaceId, string bgpPeerId) =>
        new(PeerKind.DirectConnect, bgpPeerId, virtualInterfaceId, session, bgpPeerId, null);

    /// <summary>A short description of the last state seen, for errors and -Verbose.</summary>
    public string Describe() => Describe(LastSeen);

    internal static string Describe(IBgpPeer? peer) => peer switch
    {
        RouteServerPeer r => "state " + WireNames.ToWire(r.State) + ", BGP " + WireNames.ToWire(r.BgpStatus) +
            (r.PeerLivenessDetection == PeerLivenessDetection.Bfd ? ", BFD " + WireNames.ToWire(r.BfdStatus) : string.Empty),
        DxBgpPeer d => "state " + d.State.ToString().ToLowerInvariant() + ", BGP " + WireNames.ToWire(d.BgpStatus) +
            (d.VirtualInterfaceState is null ? string.Empty : ", interface " + d.VirtualInterfaceState),
        _ => "not read yet",
    };

    public override string ToString() => PeerId;
}
