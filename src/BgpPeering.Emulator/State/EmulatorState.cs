namespace BgpPeering.Emulator.State;

/// <summary>
/// The emulated world behind one lock: VPCs, route servers, endpoints and peers; Direct Connect connections,
/// virtual interfaces and peers. Every operation runs through <see cref="Run{T}"/>, which takes the lock and first
/// lets the due deleted peers vanish; the rest of a peer's life is computed from the clock when it is read, so
/// advancing a fake <see cref="TimeProvider"/> is all a test needs to move peers along. The world itself lives in
/// <see cref="World"/> and its stores; a reset builds a fresh one from the seed and swaps it in only when the whole
/// seed has loaded.
/// </summary>
public sealed class EmulatorState
{
    private readonly object _gate = new();
    private readonly Topology _startSeed;
    private readonly SeedLoader _loader;
    private volatile World _world;

    /// <param name="time">The clock behind all simulated life.</param>
    /// <param name="delays">The delays at speed 1, before a seed's overrides.</param>
    /// <param name="speed">What every delay is divided by.</param>
    /// <param name="seed">The world to start with, and to go back to on a reset without a seed.</param>
    /// <param name="ids">The generator of every new ID.</param>
    internal EmulatorState(TimeProvider time, SimulationDelays delays, double speed, Topology seed, IdGenerator ids)
    {
        Time = time;
        _loader = new SeedLoader(delays.Clone(), speed, ids);
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

    /// <summary>What every simulated delay is divided by (<c>--speed</c>).</summary>
    public double Speed => _world.Speed;

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
            var tagList = tags?.ToList() ?? new();
            return Run((w, now) => w.RouteServer.Create(routeServerEndpointId, peerAddress, peerAsn, peerLivenessDetection, tagList, now)).Id;
        }
        catch (ServiceException ex)
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

    /// <summary>
    /// Replaces what a <c>rsp-</c> or <c>dxpeer-</c> peer advertises (see <see cref="RouteSeed"/>); the routes count
    /// while its BGP is up. Unknown IDs and bad routes throw <see cref="ArgumentException"/> and change nothing.
    /// </summary>
    public PeerRoutes SetPeerRoutes(string peerId, IReadOnlyList<RouteSeed> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return Run((w, now) =>
        {
            w.Routes.Set(peerId, routes, now);
            return w.Routes.Get(peerId, now)!;
        });
    }

    /// <summary>What a peer advertises and whether its routes count now; null when there is no such peer.</summary>
    public PeerRoutes? GetPeerRoutes(string peerId) => Run((w, now) => w.Routes.Get(peerId, now));

    /// <summary>
    /// The one way into the world: runs <paramref name="operation"/> under the lock, at one instant, after the due
    /// peers have vanished. An action reaches its store through it, such as
    /// <c>state.Run((w, now) =&gt; w.RouteServer.Delete(id, now))</c>; what the store refuses it throws as a
    /// <see cref="ServiceException"/>.
    /// </summary>
    internal T Run<T>(Func<World, DateTimeOffset, T> operation)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            _world.Life.Sweep(now);
            return operation(_world, now);
        }
    }
}
