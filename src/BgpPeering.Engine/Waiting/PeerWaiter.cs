using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;

namespace BgpPeering.Engine.Waiting;

/// <summary>
/// The engine of Wait-BgpPeerUp. It polls every pending peer together each round — one DescribeRouteServerPeers
/// per batch of Route Server peers (grouped by session), one DescribeVirtualInterfaces per virtual interface —
/// writes each peer, freshly read, the moment it is up, fails terminal peers at once, and times the rest out.
/// Peers that are up or failed are never polled again. When it polls is <see cref="WaitSchedule"/>'s: at the poll
/// interval while peers are moving, backing off when nothing moves and after failed reads.
/// </summary>
public sealed class PeerWaiter
{
    /// <summary>The activity ID of the one progress record.</summary>
    public const int ProgressActivityId = 0x8697;

    private readonly TimeProvider _time;
    private readonly Random _random;

    private readonly TimeProvider _watchdog;

    /// <param name="time">The clock of the polling: delays, the deadline check, timestamps.</param>
    /// <param name="random">The jitter.</param>
    /// <param name="watchdog">
    /// The clock of the watchdogs that cancel in-flight reads: at the deadline, and after
    /// <see cref="WaitOptions.RequestTimeout"/> for each read. The real clock unless a test drives one (a fake
    /// polling clock that jumps to every timer it is given must not fire these at once).
    /// </param>
    public PeerWaiter(TimeProvider? time = null, Random? random = null, TimeProvider? watchdog = null)
    {
        _time = time ?? TimeProvider.System;
        _random = random ?? new Random();
        _watchdog = watchdog ?? TimeProvider.System;
    }

    internal IPeerReader Reader { get; set; } = ApiPeerReader.Instance;

    /// <summary>How -MinimumRouteCount reads routes (RouteCondition.cs).</summary>
    internal IRouteReader RouteReader { get; set; } = ApiRouteReader.Instance;

    /// <summary>-MinimumRouteCount's condition for this run; null when the wait is for BGP alone.</summary>
    private RouteCondition? _routes;

    /// <summary>How many poll rounds the last run made (for tests and -Verbose).</summary>
    public int Rounds { get; private set; }

    /// <summary>The work of Wait-BgpPeerUp: every target in one run, so that one poll round covers the whole set.</summary>
    public EngineWork Wait(IReadOnlyList<WaitTarget> targets, WaitOptions options) => (sink, ct) => RunAsync(targets, options, sink, ct);

    public async Task RunAsync(IReadOnlyList<WaitTarget> targets, WaitOptions options, IOutputSink sink, CancellationToken ct)
    {
        options.Validate();
        var start = _time.GetUtcNow();
        var deadline = start + options.Timeout;
        var pending = Deduplicate(targets);
        var total = pending.Count;
        var state = new RunState(total);
        Rounds = 0;
        _lastFailure = null;
        _routes = options.MinimumRouteCount > 0 ? new RouteCondition(options.MinimumRouteCount, RouteReader) : null;
        if (total == 0) return;
        if (sink.Wants(PumpEventKind.Verbose)) sink.Write(PumpEventKind.Verbose, Stamp() + "Waiting for " + total + " peer(s) to come up; timeout " + options.Timeout + ".");
        // -Timeout is a hard bound: every request made for the wait runs on a token that is cancelled at the
        // deadline (and after RequestTimeout for each read), so a stalled server cannot hold the wait past it.
        using var deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var due = options.Timeout.TotalMilliseconds >= uint.MaxValue - 1 ? Timeout.InfiniteTimeSpan : options.Timeout;
        using var deadlineTimer = _watchdog.CreateTimer(_ => Cancel(deadlineCts), null, due, Timeout.InfiniteTimeSpan);
        var bounded = new Bounded(_watchdog, deadlineCts.Token, options.RequestTimeout);
        try
        {
            var schedule = new WaitSchedule(options, _random);
            var pace = WaitPace.Moving;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (_time.GetUtcNow() >= deadline || deadlineCts.IsCancellationRequested)
                {
                    foreach (var t in pending) TimedOut(t, options, sink);
                    pending.Clear();
                    break;
                }
                Rounds++;
                var finishedBefore = state.Up + state.Failed;
                var roundStart = _time.GetUtcNow();
                state.StartRound();
                await PollRoundAsync(pending, options, state, sink, bounded, ct).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                Progress(sink, state, deadline - now, completed: false);
                if (pending.Count == 0) break;
                if (now >= deadline || deadlineCts.IsCancellationRequested)
                {
                    foreach (var t in pending) TimedOut(t, options, sink);
                    pending.Clear();
                    break;
                }
                var delay = schedule.Next(state.Moved || state.InTransition || state.Up + state.Failed != finishedBefore, state.ReadFailed);
                if (schedule.Pace != pace)
                {
                    pace = schedule.Pace;
                    if (sink.Wants(PumpEventKind.Verbose)) sink.Write(PumpEventKind.Verbose, Stamp() + PaceMessage(pace, schedule, options));
                }
                // The delay runs from this round's start, so a slow round does not push the next one later.
                delay -= now - roundStart;
                if (now + delay > deadline) delay = deadline - now;
                try
                {
                    await Delay(delay, deadlineCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The deadline: the loop times the rest out.
                }
            }
        }
        finally
        {
            Progress(sink, state, TimeSpan.Zero, completed: true);
        }
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Tokens for the waiter's reads: cancelled at the deadline, and after the per-read timeout.</summary>
    internal sealed class Bounded
    {
        private readonly TimeProvider _time;
        private readonly CancellationToken _deadline;
        private readonly TimeSpan _perRequest;

        public Bounded(TimeProvider time, CancellationToken deadline, TimeSpan perRequest)
        {
            _time = time;
            _deadline = deadline;
            _perRequest = perRequest;
        }

        public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_deadline);
            using var timer = _time.CreateTimer(_ => Cancel(cts), null, _perRequest, Timeout.InfiniteTimeSpan);
            try
            {
                return await read(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cts.IsCancellationRequested)
            {
                throw new TimeoutException(_deadline.IsCancellationRequested ? "The wait's deadline ended the read." : "The read got no answer within " + _perRequest + ".", ex);
            }
        }
    }

    private async Task PollRoundAsync(List<WaitTarget> pending, WaitOptions options, RunState state, IOutputSink sink, Bounded bounded, CancellationToken ct)
    {
        var done = new HashSet<WaitTarget>();
        foreach (var group in pending.Where(t => t.Kind == PeerKind.RouteServer).GroupBy(t => t.Session))
        {
            foreach (var batch in ByIdReads.Chunk(group, options.RouteServerBatchSize))
                await PollRouteServerBatchAsync(batch, options, state, done, sink, bounded, ct).ConfigureAwait(false);
        }
        foreach (var group in pending.Where(t => t.Kind == PeerKind.DirectConnect).GroupBy(t => (t.Session, t.VirtualInterfaceId)))
            await PollVirtualInterfaceAsync(group.Key.Session, group.Key.VirtualInterfaceId!, group.ToList(), state, done, sink, bounded, ct).ConfigureAwait(false);
        if (_routes is not null)
            await _routes.CheckRoundAsync(bounded, (t, fresh) => Up(t, fresh, state, done, sink), (t, ex) => Refused(t, ex, state, done, sink),
                message => sink.Write(PumpEventKind.Verbose, Stamp() + message), ct).ConfigureAwait(false);
        pending.RemoveAll(done.Contains);
    }

    private async Task PollRouteServerBatchAsync(List<WaitTarget> batch, WaitOptions options, RunState state, HashSet<WaitTarget> done, IOutputSink sink, Bounded bounded, CancellationToken ct)
    {
        IReadOnlyList<RouteServerPeer> peers;
        try
        {
            peers = await bounded.RunAsync(t => Reader.ReadRouteServerPeersAsync(batch[0].Session, batch.Select(x => x.PeerId).ToList(), t)).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound && batch.Count > 1)
        {
            // One vanished ID fails the whole call. EC2 names it: drop the named ones and read the rest together;
            // when it names none, bisect. Never one call per peer.
            var named = ByIdReads.NamedIn(ex, batch.Select(t => t.PeerId));
            if (named.Count > 0 && named.Count < batch.Count)
            {
                foreach (var gone in batch.Where(t => named.Contains(t.PeerId))) Disappeared(gone, state, done, sink);
                await PollRouteServerBatchAsync(batch.Where(t => !named.Contains(t.PeerId)).ToList(), options, state, done, sink, bounded, ct).ConfigureAwait(false);
                return;
            }
            var half = batch.Count / 2;
            await PollRouteServerBatchAsync(batch.GetRange(0, half), options, state, done, sink, bounded, ct).ConfigureAwait(false);
            await PollRouteServerBatchAsync(batch.GetRange(half, batch.Count - half), options, state, done, sink, bounded, ct).ConfigureAwait(false);
            return;
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            Disappeared(batch[0], state, done, sink);
            return;
        }
        catch (Exception ex) when (ErrorClassifier.IsTransient(ex, ct))
        {
            _lastFailure = Short(ex);
            state.ReadFailed = true;
            if (sink.Wants(PumpEventKind.Verbose)) sink.Write(PumpEventKind.Verbose, Stamp() + "Polling " + batch.Count + " Route Server peer(s) failed for now (" + Short(ex) + "); trying again next round.");
            return;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            foreach (var t in batch) Refused(t, ex, state, done, sink);
            return;
        }
        var byId = new Dictionary<string, RouteServerPeer>(StringComparer.Ordinal);
        foreach (var p in peers) byId[p.RouteServerPeerId] = p;
        foreach (var t in batch)
        {
            if (!byId.TryGetValue(t.PeerId, out var fresh))
            {
                Disappeared(t, state, done, sink);
                continue;
            }
            Observe(t, fresh, state, sink);
            if (fresh.State is RouteServerState.Failed or RouteServerState.Failing)
                Fail(t, state, done, sink, ErrorCatalogue.PeerFailed,
                    "Route Server peer " + t.PeerId + " failed" + (string.IsNullOrEmpty(fresh.FailureReason) ? "." : ": " + fresh.FailureReason), null);
            else if (fresh.State is RouteServerState.Deleting or RouteServerState.Deleted or RouteServerState.DeleteFailed)
                Fail(t, state, done, sink, ErrorCatalogue.PeerDeleted,
                    "Route Server peer " + t.PeerId + " is " + WireNames.ToWire(fresh.State) + "; it will not come up.", null);
            else if (IsUp(fresh, options))
                SessionUp(t, fresh, state, done, sink);
        }
    }

    private async Task PollVirtualInterfaceAsync(Session.AwsSession session, string vifId, List<WaitTarget> targets, RunState state, HashSet<WaitTarget> done, IOutputSink sink, Bounded bounded, CancellationToken ct)
    {
        IReadOnlyList<DxBgpPeer>? peers;
        try
        {
            peers = await bounded.RunAsync(t => Reader.ReadVirtualInterfacePeersAsync(session, vifId, t)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ErrorClassifier.IsTransient(ex, ct))
        {
            _lastFailure = Short(ex);
            state.ReadFailed = true;
            if (sink.Wants(PumpEventKind.Verbose)) sink.Write(PumpEventKind.Verbose, Stamp() + "Polling " + vifId + " failed for now (" + Short(ex) + "); trying again next round.");
            return;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            foreach (var t in targets) Refused(t, ex, state, done, sink);
            return;
        }
        if (peers is null)
        {
            foreach (var t in targets)
                Fail(t, state, done, sink, ErrorCatalogue.VirtualInterfaceGone, "Virtual interface " + vifId + " no longer exists.", null);
            return;
        }
        var byId = new Dictionary<string, DxBgpPeer>(StringComparer.Ordinal);
        foreach (var p in peers) byId[p.BgpPeerId] = p;
        foreach (var t in targets)
        {
            if (!byId.TryGetValue(t.PeerId, out var fresh))
            {
                Disappeared(t, state, done, sink);
                continue;
            }
            Observe(t, fresh, state, sink);
            var vifState = fresh.VirtualInterfaceState?.ToLowerInvariant();
            if (vifState is "rejected" or "deleted" or "deleting")
                Fail(t, state, done, sink, ErrorCatalogue.VirtualInterfaceUnavailable,
                    "Virtual interface " + vifId + " is " + vifState + "; BGP peer " + t.PeerId + " will not come up.", null);
            else if (fresh.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
                Fail(t, state, done, sink, ErrorCatalogue.PeerDeleted,
                    "Direct Connect BGP peer " + t.PeerId + " is " + fresh.State.ToString().ToLowerInvariant() + "; it will not come up.", null);
            else if (fresh.State == DxBgpPeerState.Available && fresh.BgpStatus == BgpStatus.Up)
                SessionUp(t, fresh, state, done, sink);
        }
    }

    /// <summary>Up means available with BGP up; with RequireBfd, BFD too for peers using BFD liveness.</summary>
    public static bool IsUp(RouteServerPeer peer, WaitOptions options) =>
        peer.State == RouteServerState.Available && peer.BgpStatus == BgpStatus.Up &&
        (!options.RequireBfd || peer.PeerLivenessDetection != PeerLivenessDetection.Bfd || peer.BfdStatus == BgpStatus.Up);

    /// <summary>Keeps the fresh copy, and notes for the schedule whether the peer moved or is still in transition.</summary>
    private void Observe(WaitTarget target, IBgpPeer fresh, RunState state, IOutputSink sink)
    {
        var before = target.LastSeen is null ? null : WaitTarget.Describe(target.LastSeen);
        var after = WaitTarget.Describe(fresh);
        if (before != after)
        {
            state.Moved = true;
            if (sink.Wants(PumpEventKind.Verbose))
                sink.Write(PumpEventKind.Verbose, Stamp() + target.PeerId + ": " + (before is null ? after : before + " -> " + after) + ".");
        }
        if (WaitSchedule.InTransition(fresh)) state.InTransition = true;
        target.LastSeen = fresh;
    }

    private static string PaceMessage(WaitPace pace, WaitSchedule schedule, WaitOptions options) => pace switch
    {
        WaitPace.Idle => "Nothing has changed for " + schedule.QuietRounds + " rounds; polling less often, up to every " + options.MaxInterval + ".",
        WaitPace.BackingOffAfterFailure => "A read failed for now; polling less often until reads succeed again.",
        _ => "Peers are moving; polling every " + options.PollInterval + ".",
    };

    /// <summary>A peer whose session is up: done, or with -MinimumRouteCount, its routes are counted at the end of the round.</summary>
    private void SessionUp(WaitTarget target, IBgpPeer fresh, RunState state, HashSet<WaitTarget> done, IOutputSink sink)
    {
        if (_routes is null)
        {
            Up(target, fresh, state, done, sink);
            return;
        }
        // Up, with its routes still to come: a peer on its way, so the schedule keeps polling at -PollInterval.
        state.InTransition = true;
        _routes.Up(target, fresh);
    }

    private void Up(WaitTarget target, IBgpPeer fresh, RunState state, HashSet<WaitTarget> done, IOutputSink sink)
    {
        state.Up++;
        done.Add(target);
        if (sink.Wants(PumpEventKind.Verbose)) sink.Write(PumpEventKind.Verbose, Stamp() + target.PeerId + " is up (" + state.Up + " of " + state.Total + ").");
        sink.Write(PumpEventKind.Output, fresh);
    }

    private void Disappeared(WaitTarget target, RunState state, HashSet<WaitTarget> done, IOutputSink sink)
    {
        var what = (target.Kind == PeerKind.RouteServer ? "Route Server peer " : "Direct Connect BGP peer ") + target.PeerId;
        if (target.LastSeen is null)
        {
            // Never read: it was not found, rather than gone.
            state.Failed++;
            done.Add(target);
            sink.Write(PumpEventKind.Error, ErrorCatalogue.ObjectNotFound.For(new PeerWaitException(
                what + " was not found in " + target.Session.Region + (target.Kind == PeerKind.DirectConnect ? " on " + target.VirtualInterfaceId : string.Empty) +
                ". Check the ID, the region and the account.", target.PeerId, null, null), target.Input));
            return;
        }
        Fail(target, state, done, sink, ErrorCatalogue.PeerDisappeared, what + " no longer exists.", null);
    }

    private static void Fail(WaitTarget target, RunState state, HashSet<WaitTarget> done, IOutputSink sink, ErrorDefinition error, string message, Exception? inner)
    {
        state.Failed++;
        done.Add(target);
        sink.Write(PumpEventKind.Error, error.For(new PeerWaitException(message + " Last seen: " + target.Describe() + ".", target.PeerId, target.LastSeen, inner), target.Input));
    }

    /// <summary>
    /// A read refused for a reason that waiting will not mend: the classifier's error, as every other cmdlet reports
    /// it (a rejected key ends the call; a permission denial is one error per peer).
    /// </summary>
    private static void Refused(WaitTarget target, Exception ex, RunState state, HashSet<WaitTarget> done, IOutputSink sink)
    {
        state.Failed++;
        done.Add(target);
        sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target.Input));
    }

    private void TimedOut(WaitTarget target, WaitOptions options, IOutputSink sink) =>
        sink.Write(PumpEventKind.Error, ErrorCatalogue.WaitTimedOut.For(
            new PeerWaitException("Timed out after " + options.Timeout + " waiting for " + target.PeerId + " to come up" + _routes?.Goal(target) + ". Last seen: " +
                (target.LastSeen is null && _lastFailure is not null ? "never read; the last read failed (" + _lastFailure + ")" : target.Describe()) + _routes?.Seen(target) + ".",
                target.PeerId, target.LastSeen, null),
            target.Input));

    /// <summary>Why the last failed read failed, for the timeout message of a peer never read.</summary>
    private string? _lastFailure;

    private void Progress(IOutputSink sink, RunState state, TimeSpan remaining, bool completed)
    {
        var finished = state.Up + state.Failed;
        var status = state.Up + " of " + state.Total + " peers up" + (state.Failed > 0 ? ", " + state.Failed + " failed" : string.Empty);
        var seconds = completed ? 0 : (int)Math.Max(0, Math.Ceiling(remaining.TotalSeconds));
        sink.Write(PumpEventKind.Progress, new ProgressUpdate(ProgressActivityId, "Waiting for BGP sessions to come up", status,
            state.Total == 0 ? 100 : finished * 100 / state.Total, completed ? -1 : seconds, completed));
    }

    private Task Delay(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : _time.Delay(delay, ct);

    private string Stamp() => "[" + _time.GetUtcNow().ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "] ";

    private static string Short(Exception ex) => ex switch
    {
        AwsServiceException aws => aws.ErrorCode,
        TimeoutException t => t.Message,
        _ => ex.GetType().Name,
    };

    private static List<WaitTarget> Deduplicate(IReadOnlyList<WaitTarget> targets)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<WaitTarget>(targets.Count);
        foreach (var t in targets)
        {
            if (seen.Add(t.Kind + "\n" + t.Session.CacheKey + "\n" + t.PeerId)) result.Add(t);
        }
        return result;
    }

    private sealed class RunState
    {
        public RunState(int total) => Total = total;

        public int Total { get; }
        public int Up { get; set; }
        public int Failed { get; set; }

        /// <summary>In the round being made: some peer's state changed.</summary>
        public bool Moved { get; set; }

        /// <summary>In the round being made: some peer is still in a state AWS moves it out of by itself.</summary>
        public bool InTransition { get; set; }

        /// <summary>In the round being made: a read failed for now (throttling, 5xx, a timeout).</summary>
        public bool ReadFailed { get; set; }

        public void StartRound() => Moved = InTransition = ReadFailed = false;
    }
}
