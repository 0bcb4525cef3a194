using BgpPeering.Emulator.Admin;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// The failover test front door (Start-, Get-, Stop-DxBgpFailoverTest) against the emulator (demo topology, fake
/// clock): what each sends, what it writes, the errors it finds itself (a test already running, none to stop, a peer
/// of another interface), its read-only -WhatIf, and each write under each fault class: exactly one outcome, exactly
/// one test started (or stopped), and a lost answer adopted rather than sent again.
/// </summary>
public sealed class DxBgpFailoverTestsTests
{
    private const string Transit = "dxvif-fgt4k8wq";
    private const string V4 = "dxpeer-fk3m7p2v";
    private const string V6 = "dxpeer-fq8d2n5t";
    private const string Prod = "dxvif-ffabc123";
    private const string ProdPeer = "dxpeer-fgq9j6xo";
    /// <summary>The finished (failed) test the demo seed starts the history with.</summary>
    private const string Seeded = "0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654";
    private static readonly CancellationToken None = CancellationToken.None;

    private static StartDxBgpFailoverTestRequest Request(string vif, int minutes, params string[] peers) =>
        FailoverTestRules.BuildStart(vif, peers, TimeSpan.FromMinutes(minutes));

    private static async Task<List<string>> ActionsAsync(EmulatorFixture emu) => (await emu.Admin.GetRequestsAsync()).Select(r => r.Action).ToList();

    /// <summary>The history, less the demo seed's own test.</summary>
    private static async Task<List<DxBgpFailoverTest>> HistoryAsync(EmulatorFixture emu) =>
        (await emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery(), null, None)).Items.Where(t => t.TestId != Seeded).ToList();

    private static async Task<DxBgpPeer> PeerAsync(EmulatorFixture emu, string vif, string peer) =>
        (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = vif }, null, None)).Items.Single().BgpPeers.Single(p => p.BgpPeerId == peer);

    [Fact]
    public async Task Start_reads_the_history_then_starts_and_writes_the_test_in_progress_with_its_peer_down()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var front = new DxBgpFailoverTests(emu.DirectConnect);

        var events = Run((s, ct) => front.StartAsync(Request(Transit, 30, V4), s, ct));

        Assert.Empty(ItemErrors(events));
        var test = Assert.Single(Outputs<DxBgpFailoverTest>(events));
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, test.Status);
        Assert.Equal(new[] { V4 }, test.BgpPeerIds);
        Assert.Equal(TimeSpan.FromMinutes(30), test.Duration);
        Assert.Equal(emu.Url, test.EndpointUrl);
        Assert.Equal("us-east-1", test.Region);
        Assert.Equal(["ListVirtualInterfaceTestHistory", "StartBgpFailoverTest"], await ActionsAsync(emu));
        var peer = await PeerAsync(emu, Transit, V4);
        Assert.Equal(BgpStatus.Down, peer.BgpStatus);
        Assert.Equal("testing", peer.VirtualInterfaceState);
        Assert.Contains(events, e => e.Kind == PumpEventKind.Verbose && ((string)e.Payload!).StartsWith("Started " + test.TestId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_where_a_test_runs_is_FailoverTestInProgress_naming_it_and_sends_no_start()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var running = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4), None);
        await emu.Admin.ClearRequestsAsync();
        var request = Request(Transit, 10, V6);

        var events = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StartAsync(request, s, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("FailoverTestInProgress", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Same(request, error.Target);
        Assert.Contains(running.TestId, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Stop-DxBgpFailoverTest -VirtualInterfaceId " + Transit, error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Outputs(events));
        Assert.DoesNotContain("StartBgpFailoverTest", await ActionsAsync(emu));
    }

    public static TheoryData<string, string, string, ErrorKind, string> StartRefusals => new()
    {
        // interface, peer, error ID, category, what the message says
        { "dxvif-0000000a", ProdPeer, "ObjectNotFound", ErrorKind.ObjectNotFound, "dxvif-0000000a" },
        { Transit, ProdPeer, "InvalidArgument", ErrorKind.InvalidArgument, "is not a peer of " + Transit + ", whose peers are " + V4 + ", " + V6 },
        { Transit, "dxpeer-0000000a", "InvalidArgument", ErrorKind.InvalidArgument, "dxpeer-0000000a is not a peer of " + Transit },
        { "dxvif-fgh0hcrk", "dxpeer-fz1y2x3w", "IncorrectState", ErrorKind.InvalidOperation, "is verifying" },
    };

    [Theory]
    [MemberData(nameof(StartRefusals))]
    public async Task A_refused_start_is_explained_with_read_only_calls(string vif, string peer, string errorId, ErrorKind kind, string says)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var request = Request(vif, 10, peer);

        var events = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StartAsync(request, s, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.Same(request, error.Target);
        Assert.Contains(says, error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(await HistoryAsync(emu));
    }

    [Fact]
    public async Task Stop_stops_the_running_test_and_writes_it_cancelled_and_the_session_comes_back()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var started = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4), None);
        emu.Advance(TimeSpan.FromMinutes(2));
        await emu.Admin.ClearRequestsAsync();

        var events = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StopAsync(Transit, s, ct));

        Assert.Empty(ItemErrors(events));
        var stopped = Assert.Single(Outputs<DxBgpFailoverTest>(events));
        Assert.Equal(started.TestId, stopped.TestId);
        Assert.Equal(DxBgpFailoverTestStatus.Cancelled, stopped.Status);
        Assert.Equal(emu.Clock.GetUtcNow(), stopped.EndTime);
        Assert.Equal(["ListVirtualInterfaceTestHistory", "StopBgpFailoverTest"], await ActionsAsync(emu));
        emu.Advance(emu.Delays.DxBgpUp);
        Assert.Equal(BgpStatus.Up, (await PeerAsync(emu, Transit, V4)).BgpStatus);
    }

    [Fact]
    public async Task Stop_with_no_test_running_is_NoFailoverTestRunning_naming_the_last_test_and_sends_no_stop()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var earlier = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 1, V4), None);
        emu.Advance(TimeSpan.FromMinutes(1));
        await emu.Admin.ClearRequestsAsync();

        var events = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StopAsync(Transit, s, ct));
        var never = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StopAsync(Prod, s, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("NoFailoverTestRunning", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(Transit, error.Target);
        Assert.Contains("No failover test is running on " + Transit + "; the last one was " + earlier.TestId + " (completed", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("it has no test history", Assert.Single(ItemErrors(never)).Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StopBgpFailoverTest", await ActionsAsync(emu));
    }

    [Fact]
    public async Task Wait_BgpPeerUp_waits_through_a_running_test_and_writes_the_peer_once_its_session_is_back()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var test = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4), None);
        var peer = await PeerAsync(emu, Transit, V4);
        Assert.Equal(BgpStatus.Down, peer.BgpStatus);
        var sink = new RecordingSink(emu.Clock);
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(5)).RunAsync([WaitTarget.For(emu.Session, peer)!], new WaitOptions { Timeout = TimeSpan.FromHours(1) }, sink, None);

        // "testing" is not terminal: no error, and the peer is written up only after the test's end and the BGP-up delay.
        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
        var up = Assert.Single(sink.Events, e => e.Kind == PumpEventKind.Output);
        Assert.Equal(BgpStatus.Up, ((DxBgpPeer)up.Payload!).BgpStatus);
        Assert.Equal("available", ((DxBgpPeer)up.Payload!).VirtualInterfaceState);
        Assert.True(up.At >= test.StartTime + TimeSpan.FromMinutes(30) + emu.Delays.DxBgpUp, "written at " + up.At + ", before the test ended");
        Assert.True(up.At <= test.StartTime + TimeSpan.FromMinutes(31), "written at " + up.At + ", long after the session came back");
        Assert.Contains(sink.Verbose, v => v.Contains("interface testing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatIf_start_reads_only_and_says_what_would_go_down()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var front = new DxBgpFailoverTests(emu.DirectConnect);

        var events = Run((s, ct) => front.WhatIfStartAsync(Request(Transit, 45, V4), s, ct));

        Assert.Empty(ItemErrors(events));
        var info = Assert.Single(events, e => e.Kind == PumpEventKind.Information);
        Assert.Contains("Would take BGP DOWN on " + V4 + " (IPv4, 169.254.100.2/29, BGP up) for 45 minute(s)", (string)info.Payload!, StringComparison.Ordinal);
        Assert.Equal(["DescribeVirtualInterfaces", "ListVirtualInterfaceTestHistory"], await ActionsAsync(emu));
        Assert.Empty(await HistoryAsync(emu));

        // With a test running there, -WhatIf says the start would fail.
        await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V6), None);
        var refused = Run((s, ct) => front.WhatIfStartAsync(Request(Transit, 45, V4), s, ct));
        Assert.Equal("FailoverTestInProgress", Assert.Single(ItemErrors(refused)).ErrorId);
        // And with a peer of another interface, that it is not the interface's.
        var foreign = Run((s, ct) => front.WhatIfStartAsync(Request(Prod, 45, V4), s, ct));
        Assert.Equal("InvalidArgument", Assert.Single(ItemErrors(foreign)).ErrorId);
        Assert.Single(await HistoryAsync(emu));
    }

    [Fact]
    public async Task WhatIf_stop_names_the_test_it_would_stop_and_stops_nothing()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var front = new DxBgpFailoverTests(emu.DirectConnect);
        Assert.Equal("NoFailoverTestRunning", Assert.Single(ItemErrors(Run((s, ct) => front.WhatIfStopAsync(Transit, s, ct)))).ErrorId);
        var running = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4), None);
        await emu.Admin.ClearRequestsAsync();

        var events = Run((s, ct) => front.WhatIfStopAsync(Transit, s, ct));

        var info = (string)Assert.Single(events, e => e.Kind == PumpEventKind.Information).Payload!;
        Assert.Contains("found " + running.TestId, info, StringComparison.Ordinal);
        Assert.Equal(["ListVirtualInterfaceTestHistory"], await ActionsAsync(emu));
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, Assert.Single(await HistoryAsync(emu)).Status);
    }

    [Fact]
    public async Task Get_writes_each_test_once_across_queries_matches_the_status_locally_and_reports_a_test_ID_not_found()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var a = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4, V6), None);
        await emu.DirectConnect.StopBgpFailoverTestAsync(Transit, None);
        var b = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Prod, 30, ProdPeer), None);
        var front = new DxBgpFailoverTests(emu.DirectConnect);
        await emu.Admin.ClearRequestsAsync();

        var byPeers = Run((s, ct) => front.GetAsync(FailoverTestRules.BuildQueries(null, [Transit], [V4, V6]), null, s, ct));
        Assert.Empty(ItemErrors(byPeers));
        Assert.Equal([Seeded, a.TestId], Outputs<DxBgpFailoverTest>(byPeers).Select(t => t.TestId));
        Assert.Equal(2, (await ActionsAsync(emu)).Count(x => x == "ListVirtualInterfaceTestHistory"));

        var all = Run((s, ct) => front.GetAsync([], null, s, ct));
        Assert.Equal([Seeded, a.TestId, b.TestId], Outputs<DxBgpFailoverTest>(all).Select(t => t.TestId));
        var failed = Run((s, ct) => front.GetAsync([], [DxBgpFailoverTestStatus.Failed, DxBgpFailoverTestStatus.Cancelled], s, ct));
        Assert.Equal([Seeded, a.TestId], Outputs<DxBgpFailoverTest>(failed).Select(t => t.TestId));
        var running = Run((s, ct) => front.GetAsync([], [DxBgpFailoverTestStatus.InProgress], s, ct));
        Assert.Equal([b.TestId], Outputs<DxBgpFailoverTest>(running).Select(t => t.TestId));
        Assert.DoesNotContain(await emu.Admin.GetRequestsAsync(), r => r.Action == "ListVirtualInterfaceTestHistory" && r.ErrorCode is not null);

        var missing = Run((s, ct) => front.GetAsync(FailoverTestRules.BuildQueries(["no-such-test", b.TestId], null, null), null, s, ct));
        Assert.Equal([b.TestId], Outputs<DxBgpFailoverTest>(missing).Select(t => t.TestId));
        var error = Assert.Single(ItemErrors(missing));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Equal("no-such-test", error.Target);

        var noVif = Run((s, ct) => front.GetAsync(FailoverTestRules.BuildQueries(null, ["dxvif-0000000a"], null), null, s, ct));
        var vifError = Assert.Single(ItemErrors(noVif));
        Assert.Equal("ObjectNotFound", vifError.ErrorId);
        Assert.Equal("dxvif-0000000a", vifError.Target);
    }

    [Fact]
    public async Task Get_streams_page_by_page_through_the_pager()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 1, V4), None);
            await emu.DirectConnect.StopBgpFailoverTestAsync(Transit, None);
        }
        var front = new DxBgpFailoverTests(emu.DirectConnect);
        var query = new DxBgpFailoverTestQuery { VirtualInterfaceId = Transit, MaxResults = 2 };
        var order = new List<string>();

        Run((s, ct) => front.GetAsync([query], null, s, ct), e =>
        {
            if (e.Kind == PumpEventKind.Output) order.Add("test");
            if (e.Kind == PumpEventKind.Verbose && ((string)e.Payload!).StartsWith("ListVirtualInterfaceTestHistory", StringComparison.Ordinal)) order.Add("page");
        });

        Assert.Equal(["page", "test", "test", "page", "test", "test", "page", "test"], order);
    }

    public enum Write { Start, Stop }

    public static TheoryData<Write, MutationFaultTests.Fault> FaultCases()
    {
        var data = new TheoryData<Write, MutationFaultTests.Fault>();
        foreach (var w in Enum.GetValues<Write>())
            foreach (var f in Enum.GetValues<MutationFaultTests.Fault>())
                data.Add(w, f);
        return data;
    }

    [Theory]
    [MemberData(nameof(FaultCases))]
    public async Task Each_write_under_each_fault_class_ends_in_one_outcome_and_never_starts_or_stops_twice(Write write, MutationFaultTests.Fault fault)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.DirectConnect.MutationRetry = MutationFaultTests.Fast(TimeSpan.FromSeconds(1));
        if (emu.DirectConnect.Client.ServiceConfig.RetryPolicy is { } policy) policy.MaxBackoffInMilliseconds = 5;
        DxBgpFailoverTest? running = null;
        if (write == Write.Stop) running = await emu.DirectConnect.StartBgpFailoverTestAsync(Request(Transit, 30, V4), None);
        var action = write == Write.Start ? "StartBgpFailoverTest" : "StopBgpFailoverTest";
        await MutationFaultTests.InjectAsync(emu, fault, action, "DirectConnect");
        await emu.Admin.ClearRequestsAsync();
        var request = Request(Transit, 30, V4);
        // The endpoint going away: a client of the same clock, pointed at a port nothing listens on.
        var client = emu.DirectConnect;
        if (fault == MutationFaultTests.Fault.EndpointGone)
        {
            client = TestSessions.Session("http://127.0.0.1:" + MutationFaultTests.ClosedPort(), time: emu.Clock).DirectConnect;
            client.MutationRetry = MutationFaultTests.Fast();
        }
        var front = new DxBgpFailoverTests(client);

        var events = write == Write.Start
            ? Run((s, ct) => front.StartAsync(request, s, ct))
            : Run((s, ct) => front.StopAsync(Transit, s, ct));
        await emu.Admin.ClearFaultsAsync();

        var outputs = Outputs<DxBgpFailoverTest>(events);
        var errors = ItemErrors(events);
        Assert.Equal(1, outputs.Count + errors.Count);
        var history = await HistoryAsync(emu);
        if (fault is MutationFaultTests.Fault.ThrottlingStorm or MutationFaultTests.Fault.EndpointGone)
        {
            var error = Assert.Single(errors);
            Assert.Equal(fault == MutationFaultTests.Fault.ThrottlingStorm ? "Throttled" : "ConnectionFailed", error.ErrorId);
            Assert.Equal(fault == MutationFaultTests.Fault.ThrottlingStorm ? ErrorKind.LimitsExceeded : ErrorKind.ConnectionError, error.Kind);
            if (write == Write.Start) Assert.Same(request, error.Target);
            else Assert.Equal(Transit, error.Target);
            Assert.Contains(write == Write.Start ? request.ToString() : Transit, error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal(write == Write.Start ? 0 : 1, history.Count);
            Assert.All(history, t => Assert.Equal(DxBgpFailoverTestStatus.InProgress, t.Status));
        }
        else
        {
            Assert.Empty(errors);
            var test = Assert.Single(history);
            var written = Assert.Single(outputs);
            Assert.Equal(test.TestId, written.TestId);
            Assert.Equal(write == Write.Start ? DxBgpFailoverTestStatus.InProgress : DxBgpFailoverTestStatus.Cancelled, test.Status);
            Assert.Equal(test.Status, written.Status);
            if (write == Write.Stop) Assert.Equal(running!.TestId, test.TestId);
        }
        var sends = (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == action);
        if (fault is MutationFaultTests.Fault.InternalErrorAfter or MutationFaultTests.Fault.ResetAfter or MutationFaultTests.Fault.LatencyAfter)
        {
            // Never a blind resend after the write: one send, the result read back and adopted.
            Assert.Equal(1, sends);
            Assert.Contains(events, e => e.Kind == PumpEventKind.Verbose && ((string)e.Payload!).Contains("Adopted that result", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_start_whose_every_answer_is_lost_after_the_write_starts_one_test_and_reports_it()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.DirectConnect.MutationRetry = MutationFaultTests.Fast();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Phase = "after", Action = "StartBgpFailoverTest", Probability = 1 });

        var events = Run((s, ct) => new DxBgpFailoverTests(emu.DirectConnect).StartAsync(Request(Prod, 10, ProdPeer), s, ct));

        Assert.Empty(ItemErrors(events));
        var test = Assert.Single(Outputs<DxBgpFailoverTest>(events));
        await emu.Admin.ClearFaultsAsync();
        Assert.Equal(1, (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "StartBgpFailoverTest"));
        Assert.Equal(test.TestId, Assert.Single(await HistoryAsync(emu)).TestId);
    }

    [Fact]
    public async Task Unknown_status_spellings_read_safely_and_a_test_without_an_end_counts_as_running()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1",
            """{"virtualInterfaceTestHistory":[{"testId":"a","virtualInterfaceId":"dxvif-fgt4k8wq","status":"IN_PROGRESS","startTime":1772445600},{"testId":"b","status":"Canceled","startTime":1772445600,"endTime":1772445660.5},{"testId":"c","status":"Paused","startTime":1772445600},{"testId":"d","status":"Paused","endTime":1772445600}]}"""));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var tests = (await client.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery(), null, None)).Items;

        Assert.Equal([DxBgpFailoverTestStatus.InProgress, DxBgpFailoverTestStatus.Cancelled, DxBgpFailoverTestStatus.Unknown, DxBgpFailoverTestStatus.Unknown], tests.Select(t => t.Status));
        Assert.Equal("Paused", tests[2].StatusText);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772445660500), tests[1].EndTime);
        Assert.Equal([true, false, true, false], tests.Select(DxBgpFailoverTests.IsRunning));
    }

    [Theory]
    [InlineData("""{"virtualInterfaceTest":{"testId":"t","startTime":"2026-03-02T10:00:00Z"}}""")]
    [InlineData("""{"virtualInterfaceTest":"t"}""")]
    public async Task A_time_that_is_not_epoch_seconds_or_a_missing_test_is_an_unreadable_answer(string body)
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", body));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<BgpPeering.Engine.Aws.AwsServiceException>(() => client.StopBgpFailoverTestAsync(Transit, None));

        Assert.Equal("UnexpectedResponse", ex.ErrorCode);
    }
}
