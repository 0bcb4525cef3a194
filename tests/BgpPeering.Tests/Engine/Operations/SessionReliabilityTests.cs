// Also the pump, the waiter and the retry budget under the same faults; most of it is the operations (rows, batches).
using System.Diagnostics;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Engine.Operations.MutationFaultTests;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// Issue 18's engine items against the emulator: a pipeline of rows through faults and an outage, early stop, a
/// hard-bounded wait, a retry budget that refills, and batch fallbacks that stay batched.
/// </summary>
public sealed class SessionReliabilityTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static List<NewRouteServerPeerRequest> Rows(int n, string prefix = "10.0.1.") =>
        Enumerable.Range(0, n).Select(i => RouteServerRules.BuildCreate("rse-0123456789abcdef0", prefix + (100 + i), 65100 + i, PeerLivenessDetection.BgpKeepalive, null)).ToList();

    [Theory]
    [InlineData("reset")]
    [InlineData("internalError")]
    [InlineData("latency")]
    public async Task Fifty_rows_under_thirty_percent_lost_responses_make_exactly_fifty_peers_and_fifty_outputs(string kind)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.RouteServer.MutationRetry = Fast(TimeSpan.FromMilliseconds(500));
        await emu.Admin.InjectFaultAsync(new FaultSpec
        {
            Kind = kind, Phase = "after", Action = "CreateRouteServerPeer", Probability = 0.3, Seed = 15,
            LatencyMs = kind == "latency" ? 86_400_000 : null,
        });
        var rows = Rows(50);

        var events = new List<PumpEvent>();
        foreach (var row in rows) events.AddRange(Run((s, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(row, s, ct)));

        var faults = (await emu.Admin.GetFaultsAsync()).Sum(f => f.GetProperty("struck").GetInt32());
        Assert.Empty(ItemErrors(events));
        Assert.Equal(50, Outputs(events).Count);
        var peers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items.Where(p => p.PeerAddress!.StartsWith("10.0.1.1", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, peers.Count);
        Assert.Equal(50, peers.Select(p => p.PeerAddress).Distinct().Count());
        // The faults really struck (about 30 % of the 50 creates).
        Assert.InRange(faults, 5, 30);
    }

    [Fact]
    public async Task Fifty_rows_under_a_throttling_storm_give_one_outcome_each_and_every_error_names_its_row()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.RouteServer.MutationRetry = Fast();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "CreateRouteServerPeer", Probability = 0.7, Seed = 3 });
        var rows = Rows(50);

        var perRow = rows.Select(row => Run((s, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(row, s, ct))).ToList();

        Assert.All(perRow, e => Assert.Equal(1, Outputs(e).Count + ItemErrors(e).Count));
        var errors = perRow.SelectMany(ItemErrors).ToList();
        Assert.NotEmpty(errors); // 0.7^4 of the rows run out of attempts
        Assert.All(errors, e =>
        {
            Assert.Equal("Throttled", e.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, e.Kind);
            var row = Assert.IsType<NewRouteServerPeerRequest>(e.Target);
            Assert.Contains(row.PeerAddress, e.Exception.Message, StringComparison.Ordinal);
            Assert.Contains(row.RouteServerEndpointId, e.Exception.Message, StringComparison.Ordinal);
        });
        await emu.Admin.ClearFaultsAsync();
        var peers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items.Where(p => p.PeerAddress!.StartsWith("10.0.1.1", StringComparison.Ordinal)).ToList();
        Assert.Equal(50 - errors.Count, peers.Count); // every output is a peer, every error is a row with none
    }

    [Fact]
    public async Task Fifty_rows_survive_an_outage_with_one_outcome_each_and_no_duplicate()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await using var proxy = new OutageProxy(emu.Url);
        var session = TestSessions.Session(proxy.Url, time: emu.Clock);
        session.RouteServer.MutationRetry = new MutationRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) };
        var rows = Rows(50);

        var outcomes = new List<List<PumpEvent>>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == 10) proxy.Down();
            if (i == 20) proxy.Up();
            var row = rows[i];
            outcomes.Add(Run((s, ct) => new RouteServerPeers(session.RouteServer).CreateAsync(row, s, ct)));
        }

        Assert.All(outcomes, e => Assert.Equal(1, Outputs(e).Count + ItemErrors(e).Count));
        var errors = outcomes.SelectMany(ItemErrors).ToList();
        Assert.Equal(10, errors.Count); // the rows sent while the endpoint was gone
        Assert.All(errors, e =>
        {
            Assert.Equal("ConnectionFailed", e.ErrorId);
            Assert.Equal(ErrorKind.ConnectionError, e.Kind);
            Assert.Contains(((NewRouteServerPeerRequest)e.Target!).PeerAddress, e.Exception.Message, StringComparison.Ordinal);
        });
        var peers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items.Where(p => p.PeerAddress!.StartsWith("10.0.1.1", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, peers.Count);
        Assert.Equal(40, outcomes.Sum(e => Outputs(e).Count));
    }

    [Fact]
    public async Task Stopping_the_pump_on_the_first_object_of_a_2000_page_listing_leaves_no_request_behind()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 10_000; i++) emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0." + (16 + i / 250) + "." + (1 + i % 250), 65000 + i % 500);
        await emu.Admin.ClearRequestsAsync();
        var query = new RouteServerPeerQuery { MaxResults = 5 };

        var stop = new InvalidOperationException("downstream stopped");
        var thrown = Assert.Throws<InvalidOperationException>(() => OutputPump.Run(
            (s, ct) => new RouteServerPeers(emu.RouteServer).GetAsync(Array.Empty<string>(), query, s, ct),
            e => { if (e.Kind == PumpEventKind.Output) throw stop; },
            None));
        Assert.Same(stop, thrown);

        var atReturn = (await emu.Admin.GetRequestsAsync()).Count;
        await Task.Delay(1000);
        var later = (await emu.Admin.GetRequestsAsync()).Count;
        await Task.Delay(1000);
        var evenLater = (await emu.Admin.GetRequestsAsync()).Count;
        // The emulator logs a request when it has answered it, so the one page request that was already in flight
        // when the stop came (and was cancelled) may be logged just after the pump returned. Nothing else may be:
        // the log stops growing. As in tests/RouteServerPeer.Tests.ps1.
        Assert.InRange(later, atReturn, atReturn + 1);
        Assert.Equal(later, evenLater);
        // The pages the work read ahead while the first object travelled to the pipeline thread: usually a few, and
        // never more than the pump lets it write ahead (OutputPump.Capacity events, at least 5 per 5-peer page) on
        // however loaded a machine; never all 2000. As in tests/RouteServerPeer.Tests.ps1.
        Assert.InRange(atReturn, 1, OutputPump.Capacity / 5 + 1);
    }

    [Fact]
    public void The_pump_cancels_and_awaits_its_work_when_dispatch_throws()
    {
        var requests = 0;
        var finished = false;
        var sawCancel = false;
        Assert.Throws<InvalidOperationException>(() => OutputPump.Run(async (s, ct) =>
        {
            try
            {
                while (true)
                {
                    Interlocked.Increment(ref requests);
                    s.Write(PumpEventKind.Output, requests);
                    await Task.Delay(5, ct);
                }
            }
            catch (OperationCanceledException)
            {
                sawCancel = true;
                await Task.Delay(200, CancellationToken.None); // slow to wind down: Run must still wait for it
                throw;
            }
            finally
            {
                Volatile.Write(ref finished, true);
            }
        }, e => throw new InvalidOperationException("stop"), None));

        Assert.True(Volatile.Read(ref finished), "Run returned before the work ended");
        Assert.True(sawCancel);
        var after = Volatile.Read(ref requests);
        Thread.Sleep(100);
        Assert.Equal(after, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task A_wait_against_a_stalled_server_returns_at_its_timeout_with_WaitTimedOut_and_the_last_seen_state_per_peer()
    {
        await using var emu = await EmulatorFixture.StartAsync(o => o.Delays = new SimulationDelays { PeerAvailable = TimeSpan.FromDays(1), BgpUp = TimeSpan.FromDays(1) });
        var peers = new List<RouteServerPeer>();
        foreach (var row in Rows(3)) peers.Add(await emu.RouteServer.CreatePeerAsync(row, None));
        // Stalled: every read waits a day on the emulator's clock, which never moves.
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "latency", Action = "DescribeRouteServerPeers", LatencyMs = 86_400_000, Probability = 1 });
        var sink = new RecordingSink();
        var options = new WaitOptions { Timeout = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromSeconds(1) };

        var clock = Stopwatch.StartNew();
        await new PeerWaiter().RunAsync(peers.Select(p => WaitTarget.For(emu.Session, p)).ToList(), options, sink, None);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3 + 5), "took " + clock.Elapsed); // generous: the bound is the timeout
        var errors = sink.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("WaitTimedOut", e.ErrorId);
            Assert.Equal(ErrorKind.OperationTimeout, e.Kind);
            Assert.Contains("Last seen: state pending, BGP down", e.Exception.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_read_that_stalls_is_abandoned_after_the_request_timeout_and_the_next_round_sees_the_peer_up()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var watchdog = new ManualTimeProvider(time.GetUtcNow());
        var reader = new StallingReader();
        var waiter = new PeerWaiter(time, new Random(1), watchdog) { Reader = reader };
        var sink = new RecordingSink();
        var session = TestSessions.Session("http://127.0.0.1:1");
        var target = WaitTarget.ForRouteServerPeerId(session, "rsp-0123456789abcdef0");
        var run = waiter.RunAsync(new[] { target }, new WaitOptions { Timeout = TimeSpan.FromMinutes(5), RequestTimeout = TimeSpan.FromSeconds(10) }, sink, None);

        await reader.FirstCallStarted.Task;
        watchdog.Advance(TimeSpan.FromSeconds(10)); // the per-read timeout: the stalled read is cancelled
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
        await run;

        Assert.Equal(2, reader.Calls);
        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Contains(sink.Verbose, v => v.Contains("failed for now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deadline_cancels_a_read_in_flight_on_the_watchdog_clock()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var watchdog = new ManualTimeProvider(time.GetUtcNow());
        var reader = new StallingReader { StallAlways = true };
        var sink = new RecordingSink();
        var session = TestSessions.Session("http://127.0.0.1:1");
        var targets = new[] { WaitTarget.ForRouteServerPeerId(session, "rsp-0123456789abcdef0"), WaitTarget.ForRouteServerPeerId(session, "rsp-0123456789abcdef1") };
        var run = new PeerWaiter(time, new Random(1), watchdog) { Reader = reader }
            .RunAsync(targets, new WaitOptions { Timeout = TimeSpan.FromMinutes(1), RequestTimeout = TimeSpan.FromMinutes(5) }, sink, None);

        await reader.FirstCallStarted.Task;
        Assert.False(run.IsCompleted);
        watchdog.Advance(TimeSpan.FromMinutes(1)); // the deadline, long before the read's own timeout
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        var errors = sink.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("WaitTimedOut", e.ErrorId));
        Assert.All(errors, e => Assert.Contains("never read; the last read failed", e.Exception.Message, StringComparison.Ordinal));
        Assert.Equal(1, reader.Calls);
    }

    [Fact]
    public async Task An_id_that_never_existed_is_not_found_rather_than_no_longer_existing()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.Clock.AutoAdvance = true;
        var sink = new RecordingSink(emu.Clock);

        await new PeerWaiter(emu.Clock, new Random(1)).RunAsync(new[] { WaitTarget.ForRouteServerPeerId(emu.Session, "rsp-00000000000000000") }, new WaitOptions(), sink, None);

        var error = Assert.Single(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Contains("was not found", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer exists", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not read yet", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_unknown_id_among_a_thousand_costs_a_handful_of_calls_in_the_waiter_and_in_Get()
    {
        await using var emu = await EmulatorFixture.StartAsync(o => o.Delays = new SimulationDelays { PeerAvailable = TimeSpan.FromDays(1), BgpUp = TimeSpan.FromDays(1) });
        var ids = new List<string> { "rsp-00000000000000000" };
        for (var i = 0; i < 999; i++) ids.Add(emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0." + (1 + i / 250) + "." + (i % 250 + 2), 65000 + i));
        foreach (var id in ids.Skip(1)) emu.State.SetPeerStatus(id, new PeerStatusChange { State = "available", BgpStatus = "up" });
        await emu.Admin.ClearRequestsAsync();
        emu.Clock.AutoAdvance = true;
        var sink = new RecordingSink(emu.Clock);

        await new PeerWaiter(emu.Clock, new Random(1)).RunAsync(ids.Select(id => WaitTarget.ForRouteServerPeerId(emu.Session, id)).ToList(), new WaitOptions(), sink, None);

        var waitCalls = (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "DescribeRouteServerPeers");
        Assert.InRange(waitCalls, 2, 4); // without the unknown ID: 1
        Assert.Equal(999, sink.Of<RouteServerPeer>(PumpEventKind.Output).Count());
        Assert.Equal("ObjectNotFound", Assert.Single(sink.Of<ItemError>(PumpEventKind.Error)).ErrorId);

        await emu.Admin.ClearRequestsAsync();
        var events = Run((s, ct) => new RouteServerPeers(emu.RouteServer).GetAsync(ids, new RouteServerPeerQuery(), s, ct));
        var getCalls = (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "DescribeRouteServerPeers");
        Assert.InRange(getCalls, 5, 7); // five chunks of 200, plus the one that held the unknown ID once more
        Assert.Equal(999, Outputs(events).Count);
        var nf = Assert.Single(ItemErrors(events));
        Assert.Equal("rsp-00000000000000000", nf.Target);
    }

    [Fact]
    public async Task Bisecting_finds_unknown_ids_the_message_does_not_name_in_log_calls()
    {
        var known = Enumerable.Range(0, 200).Select(i => "rsp-" + i.ToString("x17")).ToHashSet();
        var unknown = new[] { "rsp-" + 5000.ToString("x17"), "rsp-" + 6000.ToString("x17") };
        var ids = known.Take(100).Concat(unknown.Take(1)).Concat(known.Skip(100)).Concat(unknown.Skip(1)).ToList();
        var calls = 0;
        var sink = new RecordingSink();

        await ByIdReads.ReadAsync(ids, (part, ct) =>
        {
            calls++;
            if (part.Any(id => !known.Contains(id)))
                throw new AwsServiceException("EC2", "DescribeRouteServerPeers", "InvalidRouteServerPeerId.NotFound", "Some IDs do not exist", 400, null);
            return Task.CompletedTask;
        }, sink, None);

        Assert.Equal(unknown.OrderBy(x => x), sink.Of<ItemError>(PumpEventKind.Error).Select(e => (string)e.Target!).OrderBy(x => x));
        Assert.InRange(calls, 3, 2 * 2 * 8 + 1); // about 2·k·log2(n), never n
    }

    [Fact]
    public async Task Sixty_throttling_storms_in_one_session_do_not_drain_the_retry_budget_for_good()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var client = emu.RouteServer;
        client.Client.ServiceConfig.RetryPolicy!.MaxBackoffInMilliseconds = 2;
        var budget = client.Client.ServiceConfig.Budget;

        for (var storm = 1; storm <= 60; storm++)
        {
            await emu.Admin.ClearRequestsAsync();
            await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 3 });
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribePeersAsync(new RouteServerPeerQuery(), null, None));
            Assert.True(ex.IsThrottling);
            // Each storm still gets its retries: three attempts, as the first did.
            Assert.Equal(3, (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "DescribeRouteServerPeers"));
            emu.Advance(TimeSpan.FromSeconds(1)); // a session's calls are spread over time; the bucket refills with it
        }

        // 60 storms cost 600 tokens: more than the 500 of a full bucket, which AWSSDK.Core's never gave back.
        await emu.Admin.ClearRequestsAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 2 });
        var page = await client.DescribePeersAsync(new RouteServerPeerQuery(), null, None);
        Assert.NotNull(page);
        Assert.Equal(3, (await emu.Admin.GetRequestsAsync()).Count);
        Assert.Equal(0, budget.Refused);
    }

    [Fact]
    public void An_empty_budget_refuses_retries_and_refills_with_time()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var budget = new RetryBudget(time, capacity: 500, refillPerSecond: 10);
        var taken = 0;
        while (budget.TryAcquire(RetryBudget.DefaultRetryCost)) taken++;
        Assert.Equal(100, taken);
        Assert.Equal(1, budget.Refused);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(budget.TryAcquire(5));
        Assert.True(budget.TryAcquire(5));
        Assert.False(budget.TryAcquire(5));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(500, budget.Available);
    }

    private sealed class StallingReader : IPeerReader
    {
        private int _calls;

        public int Calls => _calls;

        public bool StallAlways { get; init; }

        public TaskCompletionSource FirstCallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<RouteServerPeer>> ReadRouteServerPeersAsync(BgpPeering.Engine.Session.AwsSession session, IReadOnlyList<string> ids, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) == 1 || StallAlways)
            {
                FirstCallStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            return ids.Select(id => new RouteServerPeer { RouteServerPeerId = id, State = RouteServerState.Available, BgpStatus = BgpStatus.Up }).ToList();
        }

        public Task<IReadOnlyList<DxBgpPeer>?> ReadVirtualInterfacePeersAsync(BgpPeering.Engine.Session.AwsSession session, string virtualInterfaceId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<DxBgpPeer>?>(null);
    }
}
