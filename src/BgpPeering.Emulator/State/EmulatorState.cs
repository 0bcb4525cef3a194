using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Hosting;

namespace BgpPeering.Emulator.State;

/// <summary>
/// The emulated world behind one lock: VPCs, route servers, endpoints and peers; Direct Connect connections,
/// virtual interfaces and peers. Every operation runs through <see cref="Run{T}"/>, which takes the lock and first
/// applies the transitions that are due by the clock, so advancing a fake <see cref="TimeProvider"/> is all a test
/// needs to move peers along. The world itself lives in <see cref="World"/> and its stores; a reset builds a fresh
/// one from the seed and swaps it in only when the whole seed has loaded.
/// </summary>
public sealed class EmulatorState
{
    private readonly object _gate = new();
    private readonly Topology _startSeed;
    private readonly SeedLoader _loader;
    private volatile World _world;

    internal EmulatorState(EmulatorOptions options, Topology seed, IdGenerator ids)
    {
        Time = options.TimeProvider;
        _loader = new SeedLoader(options.Delays.Clone(), options.Speed, ids);
        _startSeed = seed;
        _world = _loader.Build(seed, 0, Time.GetUtcNow());
        Epoch = 1;
    }

    /// <summary>The clock behind all simulated life.</summary>
    public TimeProvider Time { get; }

    public string AccountId => _world.AccountId;

    public string Region => _world.Region;

    /// <summary>Counts resets; paging tokens from an earlier epoch are rejected.</summary>
    public int Epoch { get; private set; }

    /// <summary>The delays in force, after the seed's overrides and the speed.</summary>
    public SimulationDelays EffectiveDelays => _world.EffectiveDelays;

    /// <summary>Route Server peers currently listed (deleted ones count until they vanish).</summary>
    public int RouteServerPeerCount => Run((w, _) => w.RouteServer.Peers.Count);

    /// <summary>Direct Connect peers currently listed.</summary>
    public int DirectConnectPeerCount => Run((w, _) => w.DirectConnect.Peers.Count);

    /// <summary>
    /// Throws away everything and loads <paramref name="seed"/>, or the seed the emulator started with. The seed is
    /// built as a fresh world first: a bad seed throws <see cref="TopologyException"/> and leaves the emulator as it was.
    /// </summary>
    public void Reset(Topology? seed = null)
    {
        seed ??= _startSeed;
        Run((current, now) =>
        {
            _world = _loader.Build(seed, current.Seq, now);
            return ++Epoch;
        });
    }

    /// <summary>
    /// Adds a Route Server peer exactly as CreateRouteServerPeer would (state <c>pending</c>, the seed's rules apply)
    /// and returns its ID. For tests and benchmarks that need many peers fast.
    /// </summary>
    public string AddRouteServerPeer(string routeServerEndpointId, string peerAddress, long peerAsn, string peerLivenessDetection = "bgp-keepalive", IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        try
        {
            return CreateRouteServerPeer(routeServerEndpointId, peerAddress, peerAsn, peerLivenessDetection, tags?.ToList() ?? new()).Id;
        }
        catch (ApiException ex)
        {
            throw new ArgumentException(ex.Code + ": " + ex.Message, nameof(routeServerEndpointId), ex);
        }
    }

    /// <summary>The current status of a <c>rsp-</c> or <c>dxpeer-</c> peer; null when there is none.</summary>
    public PeerStatus? GetPeerStatus(string peerId) => Run((w, now) => PeerStatusControl.Get(w, peerId, now));

    /// <summary>Changes a peer's state or statuses (see <see cref="PeerStatusChange"/>). Unknown IDs and values throw <see cref="ArgumentException"/>.</summary>
    public PeerStatus SetPeerStatus(string peerId, PeerStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Run((w, now) => PeerStatusControl.Set(w, peerId, change, now));
    }

    internal RsPeerView CreateRouteServerPeer(string endpointId, string peerAddress, long asn, string liveness, List<KeyValuePair<string, string>> tags) =>
        Run((w, now) => w.RouteServer.Create(endpointId, peerAddress, asn, liveness, tags, now));

    internal RsPeerView DeleteRouteServerPeer(string peerId) => Run((w, now) => w.RouteServer.Delete(peerId, now));

    /// <summary>Fails with NotFound for the first unknown ID, as EC2 does for an explicit ID list.</summary>
    internal PageResult<RsPeerView> DescribeRouteServerPeers(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after) =>
        Run((w, now) => w.RouteServer.DescribePeers(ids, filters, maxResults, after, now));

    internal PageResult<EndpointView> DescribeRouteServerEndpoints(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after) =>
        Run((w, _) => w.RouteServer.DescribeEndpoints(ids, filters, maxResults, after));

    internal VifView CreateBgpPeer(string vifId, string family, long asn, string? authKey, string? amazonAddress, string? customerAddress) =>
        Run((w, now) => w.DirectConnect.CreatePeer(vifId, family, asn, authKey, amazonAddress, customerAddress, now));

    internal VifView DeleteBgpPeer(string? peerId, string? vifId, long? asn, string? customerAddress) =>
        Run((w, now) => w.DirectConnect.DeletePeer(peerId, vifId, asn, customerAddress, now));

    internal PageResult<VifView> DescribeVirtualInterfaces(string? connectionId, string? vifId, int? maxResults, long? after) =>
        Run((w, now) => w.DirectConnect.DescribeVirtualInterfaces(connectionId, vifId, maxResults, after, now));

    /// <summary>The one way into the world: under the lock, at one instant, after the due peers have vanished.</summary>
    private T Run<T>(Func<World, DateTimeOffset, T> operation)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            _world.Life.Sweep(now);
            return operation(_world, now);
        }
    }
}
