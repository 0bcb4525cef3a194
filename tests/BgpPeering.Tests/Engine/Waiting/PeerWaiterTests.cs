using System.Diagnostics;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>The waiter's logic in virtual time: batching, emission, terminal states, timeouts, backoff and progress.</summary>
public sealed class PeerWaiterTests
{
    private readonly ManualTimeProvider _time = new() { AutoAdvance = true };
    private readonly BgpPeering.Engine.Session.AwsSession _session = TestSessions.Session("http://127.0.0.1:9");

    private (PeerWaiter Waiter, ScriptedPeerReader Reader, RecordingSink Sink) Create()
    {
        var reader = new ScriptedPeerReader(_time);
        return (new PeerWaiter(_time, new Random(42)) { Reader = reader }, reader, new RecordingSink(_time));
    }

    private WaitTarget Rs(string id) => WaitTarget.ForRouteServerPeerId(_session, id);

    private static string RsId(int i) => "rsp-" + i.ToString("x17");

    private DateTimeOffset Start { get; } = new ManualTimeProvider().GetUtcNow();

    [Fact]
    public async Task Route_server_peers_are_polled_in_batches_of_1000_and_up_peers_are_never_polled_again()
    {
        var (waiter, reader, sink) = Create();
        var ids = Enumerable.Range(1, 2500).Select(RsId).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i))) reader.UpAt[id] = i < 1000 ? 0 : i < 2000 ? 10 : 40;

        await waiter.RunAsync(ids.Select(Rs).ToList(), new WaitOptions(), sink, CancellationToken.None);

        var calls = reader.Calls.ToList();
        var rounds = calls.GroupBy(c => c.At).ToList();
        Assert.Equal(3, rounds[0].Count()); // 2500 pending: three calls of at most 1000
        Assert.All(calls, c => Assert.True(c.Ids.Count <= 1000));
        Assert.Equal(2, rounds[1].Count()); // the first 1000 are up and never asked for again
        Assert.DoesNotContain(calls.Skip(3).SelectMany(c => c.Ids), ids.Take(1000).Contains);
        Assert.Equal(2500, sink.Of<RouteServerPeer>(PumpEventKind.Output).Count());
        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
    }

    [Fact]
    public async Task Each_peer_is_written_freshly_read_as_soon_as_its_round_sees_it_up()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 3;
        reader.UpAt[RsId(2)] = 60;
        var input = new RouteServerPeer { RouteServerPeerId = RsId(1), State = RouteServerState.Pending, Region = "us-east-1" };

        await waiter.RunAsync([WaitTarget.For(_session, input), Rs(RsId(2))], new WaitOptions(), sink, CancellationToken.None);

        var outputs = sink.Events.Where(e => e.Kind == PumpEventKind.Output).ToList();
        Assert.Equal([RsId(1), RsId(2)], outputs.Select(o => ((RouteServerPeer)o.Payload!).RouteServerPeerId));
        var first = (RouteServerPeer)outputs[0].Payload!;
        Assert.NotSame(input, first);
        Assert.Equal(RouteServerState.Available, first.State);
        Assert.Equal(BgpStatus.Up, first.BgpStatus);
        // Written in the first round after it came up: within one (jittered) poll interval of t=3s.
        Assert.InRange((outputs[0].At - Start).TotalSeconds, 3, 3 + 5 * 1.2);
        Assert.InRange((outputs[1].At - Start).TotalSeconds, 60, 60 + 30 * 1.2);
        // And the wait ends in the round that saw the last peer up, not at the timeout.
        Assert.Equal(outputs[1].At, _time.GetUtcNow());
    }

    [Fact]
    public async Task A_failed_peer_errors_at_once_and_the_others_still_complete()
    {
        var (waiter, reader, sink) = Create();
        reader.FailAt[RsId(1)] = (2, "The peer address is not reachable from the route server endpoint.");
        reader.UpAt[RsId(2)] = 20;
        var input = new RouteServerPeer { RouteServerPeerId = RsId(1) };

        await waiter.RunAsync([WaitTarget.For(_session, input), Rs(RsId(2))], new WaitOptions(), sink, CancellationToken.None);

        var error = Assert.Single(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Equal("PeerFailed", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidResult, error.Kind);
        Assert.Same(input, error.Target);
        Assert.Contains("not reachable", error.Exception.Message, StringComparison.Ordinal);
        var failedAt = sink.Events.First(e => e.Kind == PumpEventKind.Error).At;
        Assert.True((failedAt - Start).TotalSeconds < 20, "the failure waited for the other peer");
        Assert.Equal(RsId(2), Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output)).RouteServerPeerId);
    }

    [Fact]
    public async Task A_peer_that_never_comes_up_times_out_with_its_last_state()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 1;
        var options = new WaitOptions { Timeout = TimeSpan.FromMinutes(2) };

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(2))], options, sink, CancellationToken.None);

        var error = Assert.Single(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Equal("WaitTimedOut", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.Equal(RsId(2), error.Target);
        var ex = Assert.IsType<PeerWaitException>(error.Exception);
        Assert.Equal(RouteServerState.Pending, Assert.IsType<RouteServerPeer>(ex.LastSeen).State);
        Assert.Contains("state pending, BGP down", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(2), _time.GetUtcNow() - Start);
    }

    [Fact]
    public async Task Idle_delays_start_at_the_poll_interval_and_grow_with_jitter_to_the_cap()
    {
        var (waiter, reader, sink) = Create();
        reader.AvailableAt[RsId(1)] = 0; // available with BGP down, and it stays so: nothing moves
        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions { Timeout = TimeSpan.FromMinutes(5) }, sink, CancellationToken.None);

        var times = reader.Calls.Select(c => (c.At - Start).TotalSeconds).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(0, times[0]);
        Assert.All(gaps.Take(3), g => Assert.InRange(g, 4, 5));  // the first read, then three quiet rounds at the interval (jitter only shortens)
        Assert.InRange(gaps[3], 7.5 * 0.8, 7.5 * 1.2);          // then it grows by half, ± 20 %
        Assert.All(gaps.Take(gaps.Count - 1), g => Assert.InRange(g, 4, 36)); // never past the 30 s cap ± 20 %
        Assert.Contains(gaps, g => g > 24);        // reaches the cap
        Assert.Equal(gaps.Count + 1, waiter.Rounds);
    }

    [Fact]
    public async Task Throttling_is_survived_and_the_wait_goes_on()
    {
        var (waiter, reader, sink) = Create();
        reader.ThrottleCalls.UnionWith([2, 3]);
        reader.UpAt[RsId(1)] = 6;

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions(), sink, CancellationToken.None);

        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Contains(sink.Verbose, v => v.Contains("RequestLimitExceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vanished_peer_is_found_out_even_when_EC2_fails_the_whole_call()
    {
        var (waiter, reader, sink) = Create();
        reader.NotFoundFailsWholeCall = true;
        reader.GoneAt[RsId(1)] = 4;
        reader.UpAt[RsId(2)] = 12;

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(2))], new WaitOptions(), sink, CancellationToken.None);

        var error = Assert.Single(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Equal("PeerDisappeared", error.ErrorId);
        Assert.Equal(RsId(1), error.Target);
        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
    }

    [Fact]
    public async Task RequireBfd_waits_for_BFD_on_peers_that_use_it()
    {
        var (waiter, reader, sink) = Create();
        reader.UsesBfd.Add(RsId(1));
        reader.UpAt[RsId(1)] = 1;
        reader.BfdUpAt[RsId(1)] = 50;

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions { RequireBfd = true }, sink, CancellationToken.None);

        var at = sink.Events.Single(e => e.Kind == PumpEventKind.Output).At;
        Assert.True((at - Start).TotalSeconds >= 50);
        Assert.Equal(BgpStatus.Up, Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output)).BfdStatus);
    }

    [Fact]
    public async Task Direct_connect_peers_are_polled_once_per_virtual_interface()
    {
        var (waiter, reader, sink) = Create();
        reader.DxPeers.AddRange([("dxpeer-aaaaaaa1", "dxvif-aaaaaaa1"), ("dxpeer-aaaaaaa2", "dxvif-aaaaaaa1"), ("dxpeer-bbbbbbb1", "dxvif-bbbbbbb1")]);
        reader.UpAt["dxpeer-aaaaaaa1"] = 1;
        reader.UpAt["dxpeer-aaaaaaa2"] = 15;
        reader.UpAt["dxpeer-bbbbbbb1"] = 15;
        var targets = reader.DxPeers.Select(p => WaitTarget.ForDxBgpPeerId(_session, p.Vif, p.Id)).ToList();

        await waiter.RunAsync(targets, new WaitOptions(), sink, CancellationToken.None);

        foreach (var round in reader.Calls.GroupBy(c => c.At))
            Assert.Equal(round.Count(), round.Select(c => c.Kind).Distinct().Count());
        Assert.Equal(2, reader.Calls.GroupBy(c => c.At).First().Count());
        Assert.Equal(3, sink.Of<DxBgpPeer>(PumpEventKind.Output).Count());
    }

    [Fact]
    public async Task One_progress_record_counts_peers_up_with_time_left_and_ends_with_Completed()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 0;
        reader.UpAt[RsId(2)] = 10;

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(2))], new WaitOptions { Timeout = TimeSpan.FromMinutes(1) }, sink, CancellationToken.None);

        var progress = sink.Of<ProgressUpdate>(PumpEventKind.Progress).ToList();
        Assert.All(progress, p => Assert.Equal(PeerWaiter.ProgressActivityId, p.ActivityId));
        Assert.Equal("1 of 2 peers up", progress[0].Status);
        Assert.Equal(50, progress[0].PercentComplete);
        Assert.Equal(60, progress[0].SecondsRemaining);
        Assert.True(progress[^1].Completed);
        Assert.Equal("2 of 2 peers up", progress[^2].Status);
        Assert.Equal(100, progress[^2].PercentComplete);
    }

    [Fact]
    public async Task Verbose_logs_each_state_change_with_a_timestamp()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 4;

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions(), sink, CancellationToken.None);

        Assert.Contains(sink.Verbose, v => v.StartsWith("[12:00:00Z] " + RsId(1) + ": state pending, BGP down.", StringComparison.Ordinal));
        Assert.Contains(sink.Verbose, v => v.Contains(RsId(1) + ": state pending, BGP down -> state available, BGP up.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duplicate_inputs_are_waited_for_once()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 0;

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(1))], new WaitOptions(), sink, CancellationToken.None);

        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        Assert.Single(reader.Calls);
        Assert.Equal(Start, _time.GetUtcNow()); // all up in the first round: no sleeping at all
        Assert.Equal(1, waiter.Rounds);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    public void A_poll_interval_under_a_second_is_refused(double seconds)
    {
        var ex = Assert.Throws<ValidationException>(() => new WaitOptions { PollInterval = TimeSpan.FromSeconds(seconds) }.Validate());
        Assert.Equal("PollInterval", ex.ParamName);
        Assert.Contains("minimum is 1 second", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_ends_a_wait_that_nothing_else_would_end()
    {
        // The clock does not move by itself here: the waiter sleeps until cancelled, so only the cancellation can end
        // the run. Real time bounds only the hang, generously (a loaded 2-core machine can take a second to schedule).
        var time = new ManualTimeProvider();
        var reader = new ScriptedPeerReader(time);
        var waiter = new PeerWaiter(time) { Reader = reader };
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();

        var run = waiter.RunAsync([Rs(RsId(1))], new WaitOptions(), sink, cts.Token);
        while (time.PendingTimers == 0) await Task.Yield();
        var watch = Stopwatch.StartNew();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "cancellation took " + watch.Elapsed);
        Assert.True(sink.Of<ProgressUpdate>(PumpEventKind.Progress).Last().Completed);
    }
}
