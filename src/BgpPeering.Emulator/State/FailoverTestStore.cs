using System.Globalization;

namespace BgpPeering.Emulator.State;

/// <summary>
/// Direct Connect BGP failover tests (StartBgpFailoverTest, StopBgpFailoverTest, ListVirtualInterfaceTestHistory):
/// the history of every test, running and finished. A running test holds its peers' BGP sessions down through their
/// lifecycle (<see cref="Lifecycle.BgpHeldUntil"/>), so whatever reads a peer's BGP status sees it down without
/// knowing about tests; the interface reads <c>testing</c> while a test runs (<see cref="Running"/>). A test's
/// status and end are computed from the clock: it is <c>in-progress</c> until its (speed-scaled) duration is up,
/// then <c>completed</c>, unless it was stopped (<c>cancelled</c>) or seeded otherwise. Callers hold the state's lock.
/// </summary>
internal sealed class FailoverTestStore
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 4320;
    public const int DefaultMinutes = 180;

    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    /// <summary>The statuses this emulator writes (AWS declares no list; these are its user guide's four, spelt as the wire fixtures spell them).</summary>
    public static readonly string[] Statuses = { InProgress, Completed, Cancelled, Failed };

    private readonly World _world;

    /// <summary>The last test started on each interface: the only one that can be running there.</summary>
    private readonly Dictionary<VifRecord, FailoverTestRecord> _latest = new();

    public FailoverTestStore(World world) => _world = world;

    /// <summary>Every test, in the order started (or seeded); listings page in this order.</summary>
    public List<FailoverTestRecord> History { get; } = new();

    /// <summary>
    /// Starts a test on <paramref name="vifId"/> taking down <paramref name="peerIds"/> (none: every live peer of the
    /// interface) for <paramref name="minutes"/> (null: 180), divided by the speed. Refused with
    /// DirectConnectClientException: an unknown interface, one that is not available, one with a test running, an
    /// unknown peer, a peer of another interface or one being deleted, a duration outside 1–4320 minutes.
    /// </summary>
    public FailoverTestView Start(string vifId, IReadOnlyList<string>? peerIds, int? minutes, DateTimeOffset now)
    {
        var duration = minutes ?? DefaultMinutes;
        if (duration is < MinMinutes or > MaxMinutes)
            throw ServiceException.DxClient("testDurationInMinutes " + duration.ToString(CultureInfo.InvariantCulture) + " is out of range: a failover test lasts 1 to 4320 minutes.");
        if (!_world.DirectConnect.Vifs.TryGetValue(vifId, out var vif)) throw ServiceException.DxClient("Virtual interface " + vifId + " does not exist.");
        if (Running(vif, now) is { } running)
            throw ServiceException.DxClient("A failover test is already in progress on " + vifId + " (test " + running.TestId + ").");
        if (vif.State != "available")
            throw ServiceException.DxClient("Virtual interface " + vifId + " is " + vif.State + "; a failover test needs an available virtual interface.");
        var peers = new List<DxPeerRecord>();
        if (peerIds is { Count: > 0 })
        {
            foreach (var id in peerIds.Distinct(StringComparer.Ordinal))
            {
                if (!_world.DirectConnect.Peers.TryGetValue(id, out var peer)) throw ServiceException.DxClient("BGP peer " + id + " does not exist.");
                if (!ReferenceEquals(peer.Vif, vif)) throw ServiceException.DxClient("BGP peer " + id + " does not belong to virtual interface " + vifId + ".");
                _world.Dx.Advance(peer.Life, now);
                if (peer.Life.State is "deleting" or "deleted") throw ServiceException.DxClient("BGP peer " + id + " is " + peer.Life.State + " and cannot be tested.");
                peers.Add(peer);
            }
        }
        else
        {
            foreach (var peer in vif.Peers)
            {
                _world.Dx.Advance(peer.Life, now);
                if (peer.Life.State is not ("deleting" or "deleted")) peers.Add(peer);
            }
            if (peers.Count == 0) throw ServiceException.DxClient("Virtual interface " + vifId + " has no BGP peers to test.");
        }
        var test = new FailoverTestRecord
        {
            Seq = _world.NextSeq(),
            TestId = _world.Ids.Uuid(),
            Vif = vif,
            VirtualInterfaceId = vif.Id,
            Peers = peers,
            PeerIds = peers.Select(p => p.Id).ToList(),
            Minutes = duration,
            StartTime = now,
            PlannedEnd = now + TimeSpan.FromTicks((long)(TimeSpan.FromMinutes(duration).Ticks / _world.Speed)),
        };
        foreach (var peer in peers) peer.Life.BgpHeldUntil = test.PlannedEnd;
        History.Add(test);
        _latest[vif] = test;
        return View(test, now);
    }

    /// <summary>
    /// Stops the test running on <paramref name="vifId"/>: it ends now, <c>cancelled</c>, and its sessions come back
    /// up after the BGP-up delay. An unknown interface, or one with no test running, is DirectConnectClientException.
    /// </summary>
    public FailoverTestView Stop(string vifId, DateTimeOffset now)
    {
        if (!_world.DirectConnect.Vifs.TryGetValue(vifId, out var vif)) throw ServiceException.DxClient("Virtual interface " + vifId + " does not exist.");
        var test = Running(vif, now) ?? throw ServiceException.DxClient("No failover test is in progress on " + vifId + ".");
        test.StoppedAt = now;
        foreach (var peer in test.Peers)
        {
            if (peer.Life.BgpHeldUntil > now) peer.Life.BgpHeldUntil = now;
        }
        return View(test, now);
    }

    /// <summary>
    /// One page of the history, in start order. Filters combine (AND): the test ID, the interface (an unknown one
    /// is DirectConnectClientException), the peers (a test that took down any of them) and the status.
    /// </summary>
    public PageResult<FailoverTestView> List(string? testId, string? vifId, IReadOnlyList<string>? peerIds, string? status, int? maxResults, long? after, DateTimeOffset now)
    {
        if (vifId is not null && !_world.DirectConnect.Vifs.ContainsKey(vifId)) throw ServiceException.DxClient("Virtual interface " + vifId + " does not exist.");
        var peers = peerIds is { Count: > 0 } ? new HashSet<string>(peerIds, StringComparer.Ordinal) : null;
        bool Match(FailoverTestRecord t) =>
            (testId is null || t.TestId == testId)
            && (vifId is null || t.VirtualInterfaceId == vifId)
            && (peers is null || t.PeerIds.Any(peers.Contains))
            && (status is null || string.Equals(Status(t, now), status, StringComparison.OrdinalIgnoreCase));
        return Paging.Page(History.Where(t => after is null || t.Seq > after), Match, t => View(t, now), maxResults, t => t.Seq);
    }

    /// <summary>The test running on <paramref name="vif"/> at <paramref name="now"/>, or null.</summary>
    public FailoverTestRecord? Running(VifRecord vif, DateTimeOffset now) =>
        _latest.TryGetValue(vif, out var t) && Status(t, now) == InProgress ? t : null;

    /// <summary>Adds a finished test from a seed (its peers are not held: it is over).</summary>
    public void AddSeeded(FailoverTestRecord test) => History.Add(test);

    /// <summary>The status at <paramref name="now"/>.</summary>
    public static string Status(FailoverTestRecord t, DateTimeOffset now) =>
        t.SeededStatus ?? (t.StoppedAt is not null ? Cancelled : now < t.PlannedEnd ? InProgress : Completed);

    /// <summary>When the sessions came out of the DOWN state; null while the test runs.</summary>
    public static DateTimeOffset? EndTime(FailoverTestRecord t, DateTimeOffset now) =>
        t.SeededEnd ?? t.StoppedAt ?? (now < t.PlannedEnd ? null : t.PlannedEnd);

    private FailoverTestView View(FailoverTestRecord t, DateTimeOffset now) =>
        new(t.TestId, t.VirtualInterfaceId, t.PeerIds, Status(t, now), _world.AccountId, t.Minutes, t.StartTime, EndTime(t, now));
}

/// <summary>One failover test as the history holds it.</summary>
internal sealed class FailoverTestRecord
{
    public long Seq;
    public required string TestId;
    /// <summary>The tested interface; null for a seeded test of an interface the seed does not define.</summary>
    public VifRecord? Vif;
    public required string VirtualInterfaceId;
    /// <summary>The peers held down (empty for a seeded test, which holds nothing).</summary>
    public List<DxPeerRecord> Peers = new();
    public required List<string> PeerIds;
    public int Minutes;
    public DateTimeOffset StartTime;
    /// <summary>The start plus the duration, divided by the speed.</summary>
    public DateTimeOffset PlannedEnd;
    /// <summary>When StopBgpFailoverTest ended it; null otherwise.</summary>
    public DateTimeOffset? StoppedAt;
    /// <summary>A seeded test's fixed status and end; null for a test started through the API.</summary>
    public string? SeededStatus;
    public DateTimeOffset? SeededEnd;
}

/// <summary>A failover test as it is answered: a copy taken under the state lock, serialised outside it.</summary>
internal sealed record FailoverTestView(
    string TestId, string VirtualInterfaceId, IReadOnlyList<string> BgpPeers, string Status, string OwnerAccount, int Minutes,
    DateTimeOffset StartTime, DateTimeOffset? EndTime);
