using System.Collections.Concurrent;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;
using BgpPeering.Engine.Waiting;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>
/// A peer reader whose answers are a function of the fake clock: each peer comes up (or fails) at a scripted
/// time. It records every call, so tests can count calls per round and see which IDs were asked for.
/// </summary>
internal sealed class ScriptedPeerReader : IPeerReader
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;

    public ScriptedPeerReader(TimeProvider time)
    {
        _time = time;
        _start = time.GetUtcNow();
    }

    /// <summary>Seconds after the start at which each peer is up; absent means never.</summary>
    public Dictionary<string, double> UpAt { get; } = new();

    /// <summary>
    /// Seconds after the start at which each peer is available with BGP still down (until its <see cref="UpAt"/>):
    /// a peer AWS has finished creating, waiting for the other router. Absent means pending until it is up.
    /// </summary>
    public Dictionary<string, double> AvailableAt { get; } = new();

    /// <summary>Peers that fail at a time, with a reason.</summary>
    public Dictionary<string, (double At, string Reason)> FailAt { get; } = new();

    /// <summary>Peers gone (not returned) from a time on.</summary>
    public Dictionary<string, double> GoneAt { get; } = new();

    /// <summary>Liveness per peer (default keepalive) and BFD-up times.</summary>
    public Dictionary<string, double> BfdUpAt { get; } = new();
    public HashSet<string> UsesBfd { get; } = new();

    /// <summary>Call numbers (1-based) that throw throttling.</summary>
    public HashSet<int> ThrottleCalls { get; } = new();

    /// <summary>When set, a call naming a gone peer among others fails whole with NotFound, as EC2 does.</summary>
    public bool NotFoundFailsWholeCall { get; set; }

    public ConcurrentQueue<(DateTimeOffset At, string Kind, IReadOnlyList<string> Ids)> Calls { get; } = new();

    private int _calls;

    private double Now => (_time.GetUtcNow() - _start).TotalSeconds;

    public Task<IReadOnlyList<RouteServerPeer>> ReadRouteServerPeersAsync(AwsSession session, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _calls);
        Calls.Enqueue((_time.GetUtcNow(), "rs", ids.ToList()));
        if (ThrottleCalls.Contains(n))
            throw new AwsServiceException("EC2", "DescribeRouteServerPeers", "RequestLimitExceeded", "Request limit exceeded.", 503, "req-" + n);
        var now = Now;
        var gone = ids.Where(id => GoneAt.TryGetValue(id, out var g) && now >= g).ToList();
        if (gone.Count > 0 && NotFoundFailsWholeCall)
            throw new AwsServiceException("EC2", "DescribeRouteServerPeers", "InvalidRouteServerPeerId.NotFound", "The route server peer ID '" + gone[0] + "' does not exist", 400, "req-" + n);
        IReadOnlyList<RouteServerPeer> result = ids.Except(gone).Select(id => Peer(id, now, session)).ToList();
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<DxBgpPeer>?> ReadVirtualInterfacePeersAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        Calls.Enqueue((_time.GetUtcNow(), "dx:" + virtualInterfaceId, Array.Empty<string>()));
        var now = Now;
        IReadOnlyList<DxBgpPeer>? result = DxPeers.Where(p => p.Vif == virtualInterfaceId).Select(p => new DxBgpPeer
        {
            BgpPeerId = p.Id,
            VirtualInterfaceId = p.Vif,
            State = UpAt.TryGetValue(p.Id, out var up) && now >= up ? DxBgpPeerState.Available : DxBgpPeerState.Pending,
            BgpStatus = UpAt.TryGetValue(p.Id, out var up2) && now >= up2 ? BgpStatus.Up : BgpStatus.Down,
            VirtualInterfaceState = "available",
            Region = session.Region,
        }).ToList();
        return Task.FromResult<IReadOnlyList<DxBgpPeer>?>(result);
    }

    public List<(string Id, string Vif)> DxPeers { get; } = new();

    /// <summary>Each Route Server peer's route server; default rs-0123456789abcdef0.</summary>
    public Dictionary<string, string> RouteServerOf { get; } = new();

    private RouteServerPeer Peer(string id, double now, AwsSession session)
    {
        var failed = FailAt.TryGetValue(id, out var f) && now >= f.At;
        var up = !failed && UpAt.TryGetValue(id, out var u) && now >= u;
        var available = up || (!failed && AvailableAt.TryGetValue(id, out var a) && now >= a);
        var bfd = UsesBfd.Contains(id);
        return new RouteServerPeer
        {
            RouteServerPeerId = id,
            RouteServerId = RouteServerOf.TryGetValue(id, out var rs) ? rs : "rs-0123456789abcdef0",
            State = failed ? RouteServerState.Failed : available ? RouteServerState.Available : RouteServerState.Pending,
            FailureReason = failed ? f.Reason : null,
            BgpStatus = up ? BgpStatus.Up : BgpStatus.Down,
            PeerLivenessDetection = bfd ? PeerLivenessDetection.Bfd : PeerLivenessDetection.BgpKeepalive,
            BfdStatus = bfd && BfdUpAt.TryGetValue(id, out var b) && now >= b ? BgpStatus.Up : BgpStatus.Down,
            Region = session.Region,
            EndpointUrl = session.EndpointUrl,
            RetrievedAt = _time.GetUtcNow(),
        };
    }
}
