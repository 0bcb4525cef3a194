using System.Text.Json;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.State;

/// <summary>
/// The emulator's failover tests, driven by the fake clock: a running test holds its peers' BGP down through their
/// lifecycle (so DescribeVirtualInterfaces, the admin API and anything else that reads a peer's BGP status see it) and
/// the interface reads <c>testing</c>; it ends <c>completed</c> by itself after its duration divided by the speed, or
/// <c>cancelled</c> when stopped, and the sessions come back one BGP-up delay later. Refusals are
/// DirectConnectClientException (400); the history keeps finished tests, in start order, paged.
/// </summary>
public sealed class FailoverTestStoreTests
{
    private const string Transit = "dxvif-fgt4k8wq";
    private const string V4 = "dxpeer-fk3m7p2v";
    private const string V6 = "dxpeer-fq8d2n5t";
    private const string Prod = "dxvif-ffabc123";
    private const string ProdPeer = "dxpeer-fgq9j6xo";
    /// <summary>The finished (failed) test the demo seed starts the history with.</summary>
    private const string Seeded = "0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private static readonly CancellationToken None = CancellationToken.None;

    private static StartDxBgpFailoverTestRequest Start(string vif, int? minutes, params string[] peers) =>
        new() { VirtualInterfaceId = vif, BgpPeerIds = peers, DurationInMinutes = minutes };

    private static async Task<DxVirtualInterface> Vif(EmulatorFixture emu, string id) =>
        Assert.Single((await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = id }, null, None)).Items);

    private static async Task<BgpStatus> Bgp(EmulatorFixture emu, string vif, string peer) =>
        (await Vif(emu, vif)).BgpPeers.Single(p => p.BgpPeerId == peer).BgpStatus;

    /// <summary>The history, less the demo seed's own test.</summary>
    private static async Task<List<DxBgpFailoverTest>> History(EmulatorFixture emu, DxBgpFailoverTestQuery? query = null) =>
        (await emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(query ?? new DxBgpFailoverTestQuery(), null, None)).Items.Where(t => t.TestId != Seeded).ToList();

    [Fact]
    public async Task A_test_holds_the_named_peer_down_and_the_interface_testing_then_completes_by_itself_and_the_session_comes_back()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;
        var started = emu.Clock.GetUtcNow();

        var test = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 60, V4), None);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", test.TestId);
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, test.Status);
        Assert.Equal("in-progress", test.StatusText);
        Assert.Equal(Transit, test.VirtualInterfaceId);
        Assert.Equal(new[] { V4 }, test.BgpPeerIds);
        Assert.Equal(TimeSpan.FromMinutes(60), test.Duration);
        Assert.Equal(started, test.StartTime);
        Assert.Null(test.EndTime);
        Assert.Equal("123456789012", test.OwnerAccount);

        // Down through the peer's lifecycle: DescribeVirtualInterfaces and the admin API agree; the untested peer stays up.
        var vif = await Vif(emu, Transit);
        Assert.Equal("testing", vif.VirtualInterfaceState);
        Assert.Equal(BgpStatus.Down, vif.BgpPeers.Single(p => p.BgpPeerId == V4).BgpStatus);
        Assert.Equal(DxBgpPeerState.Available, vif.BgpPeers.Single(p => p.BgpPeerId == V4).State);
        Assert.Equal(BgpStatus.Up, vif.BgpPeers.Single(p => p.BgpPeerId == V6).BgpStatus);
        Assert.Equal("down", emu.State.GetPeerStatus(V4)!.BgpStatus);
        Assert.Equal("available", (await Vif(emu, Prod)).VirtualInterfaceState);

        emu.Advance(TimeSpan.FromMinutes(60) - Tick);
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, Assert.Single(await History(emu)).Status);
        Assert.Equal("testing", (await Vif(emu, Transit)).VirtualInterfaceState);

        emu.Advance(Tick);
        var done = Assert.Single(await History(emu));
        Assert.Equal(DxBgpFailoverTestStatus.Completed, done.Status);
        Assert.Equal(started + TimeSpan.FromMinutes(60), done.EndTime);
        Assert.Equal("available", (await Vif(emu, Transit)).VirtualInterfaceState);
        // The session re-establishes as a new one does: down for the BGP-up delay, then up.
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V4));
        emu.Advance(d.DxBgpUp - Tick);
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V4));
        emu.Advance(Tick);
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V4));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10)]
    public async Task The_duration_is_divided_by_the_speed(double speed)
    {
        await using var emu = await EmulatorFixture.StartAsync(o => o.Speed = speed);
        var test = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Prod, 1, ProdPeer), None);
        var scaled = TimeSpan.FromTicks((long)(TimeSpan.FromMinutes(1).Ticks / speed));

        emu.Advance(scaled - Tick);
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, Assert.Single(await History(emu)).Status);
        emu.Advance(Tick);
        var done = Assert.Single(await History(emu));
        Assert.Equal(DxBgpFailoverTestStatus.Completed, done.Status);
        Assert.Equal(test.StartTime + scaled, done.EndTime);
        // The record keeps the minutes asked for, not the scaled time.
        Assert.Equal(TimeSpan.FromMinutes(1), done.Duration);
    }

    [Fact]
    public async Task Stop_ends_the_test_cancelled_at_once_and_the_sessions_come_back_after_the_bgp_delay()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var started = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 180, V4, V6), None);
        emu.Advance(TimeSpan.FromMinutes(5));
        var stoppedAt = emu.Clock.GetUtcNow();

        var stopped = await emu.DirectConnect.StopBgpFailoverTestAsync(Transit, None);

        Assert.Equal(started.TestId, stopped.TestId);
        Assert.Equal(DxBgpFailoverTestStatus.Cancelled, stopped.Status);
        Assert.Equal("cancelled", stopped.StatusText);
        Assert.Equal(stoppedAt, stopped.EndTime);
        Assert.Equal(TimeSpan.FromMinutes(180), stopped.Duration);
        Assert.Equal("available", (await Vif(emu, Transit)).VirtualInterfaceState);
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V6));
        emu.Advance(emu.Delays.DxBgpUp);
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V4));
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V6));
        // It stays cancelled once its planned end has passed.
        emu.Advance(TimeSpan.FromHours(4));
        Assert.Equal(DxBgpFailoverTestStatus.Cancelled, Assert.Single(await History(emu)).Status);
    }

    [Fact]
    public async Task Without_peers_a_test_takes_every_live_peer_of_the_interface_and_defaults_to_180_minutes()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var test = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, null), None);

        Assert.Equal(new[] { V4, V6 }, test.BgpPeerIds);
        Assert.Equal(TimeSpan.FromMinutes(180), test.Duration);
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V4));
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V6));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // operation, JSON body, what the message must name
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-00000000","bgpPeers":["dxpeer-fgq9j6xo"]}""", "dxvif-00000000" },
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-fgt4k8wq","bgpPeers":["dxpeer-fgq9j6xo"]}""", "does not belong" },
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-fgt4k8wq","bgpPeers":["dxpeer-00000000"]}""", "dxpeer-00000000" },
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-fgh0hcrk","bgpPeers":["dxpeer-fz1y2x3w"]}""", "verifying" },
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-ffabc123","testDurationInMinutes":0}""", "1 to 4320" },
        { "StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-ffabc123","testDurationInMinutes":4321}""", "1 to 4320" },
        { "StartBgpFailoverTest", """{"bgpPeers":["dxpeer-fgq9j6xo"]}""", "virtualInterfaceId" },
        { "StopBgpFailoverTest", """{"virtualInterfaceId":"dxvif-ffabc123"}""", "No failover test is in progress on dxvif-ffabc123" },
        { "StopBgpFailoverTest", """{"virtualInterfaceId":"dxvif-00000000"}""", "dxvif-00000000" },
        { "ListVirtualInterfaceTestHistory", """{"virtualInterfaceId":"dxvif-00000000"}""", "does not exist" },
        { "ListVirtualInterfaceTestHistory", """{"nextToken":"tok-1"}""", "nextToken" },
        { "ListVirtualInterfaceTestHistory", """{"maxResults":0}""", "maxResults" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_is_DirectConnectClientException_400_naming_what_is_wrong(string operation, string body, string says)
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var response = await emu.SendDirectConnectAsync(operation, body);

        Assert.Equal(400, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DirectConnectClientException", doc.RootElement.GetProperty("__type").GetString());
        Assert.Contains(says, doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await History(emu));
    }

    [Theory]
    [InlineData("""{"virtualInterfaceId":"dxvif-ffabc123","testDurationInMinutes":"60"}""")]
    [InlineData("""{"virtualInterfaceId":"dxvif-ffabc123","bgpPeers":"dxpeer-fgq9j6xo"}""")]
    public async Task A_member_of_the_wrong_JSON_type_is_a_SerializationException(string body)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var response = await emu.SendDirectConnectAsync("StartBgpFailoverTest", body);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("SerializationException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_test_on_an_interface_with_one_running_is_refused_and_another_interface_is_free()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var first = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 30, V4), None);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 30, V6), None));
        Assert.Equal("DirectConnectClientException", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(first.TestId, ex.AwsMessage, StringComparison.Ordinal);
        await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Prod, 30, ProdPeer), None);

        // Once the first has ended, the interface takes a new one.
        emu.Advance(TimeSpan.FromMinutes(30));
        var again = await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 30, V6), None);
        Assert.Equal(DxBgpFailoverTestStatus.InProgress, again.Status);
        Assert.Equal(3, (await History(emu)).Count);
    }

    [Fact]
    public async Task The_history_lists_in_start_order_filters_with_AND_and_pages_with_tokens_bound_to_the_query()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 1, i % 2 == 0 ? V4 : V6), None)).TestId);
            if (i < 4) await emu.DirectConnect.StopBgpFailoverTestAsync(Transit, None);
            emu.Advance(TimeSpan.FromSeconds(1));
        }
        var prod = (await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Prod, 5, ProdPeer), None)).TestId;

        Assert.Equal(ids.Append(prod), (await History(emu)).Select(t => t.TestId));
        Assert.Equal(ids, (await History(emu, new DxBgpFailoverTestQuery { VirtualInterfaceId = Transit })).Select(t => t.TestId));
        Assert.Equal(new[] { ids[1], ids[3] }, (await History(emu, new DxBgpFailoverTestQuery { BgpPeerId = V6 })).Select(t => t.TestId));
        Assert.Equal(new[] { ids[4], prod }, (await History(emu, new DxBgpFailoverTestQuery { Status = "in-progress" })).Select(t => t.TestId));
        Assert.Equal(new[] { ids[2] }, (await History(emu, new DxBgpFailoverTestQuery { TestId = ids[2], VirtualInterfaceId = Transit, BgpPeerId = V4 })).Select(t => t.TestId));
        Assert.Empty(await History(emu, new DxBgpFailoverTestQuery { TestId = ids[2], BgpPeerId = V6 }));
        Assert.Empty(await History(emu, new DxBgpFailoverTestQuery { VirtualInterfaceId = Prod, Status = "cancelled" }));

        // Pages of two, through the client's one pager (the seed's test first: it is the oldest).
        var query = new DxBgpFailoverTestQuery { VirtualInterfaceId = Transit, MaxResults = 2 };
        var pages = new List<Page<DxBgpFailoverTest>>();
        await emu.DirectConnect.ReadTestHistoryPagesAsync(query, (page, _) => { pages.Add(page); return true; }, None);
        Assert.Equal(new[] { 2, 2, 2 }, pages.Select(p => p.Items.Count));
        Assert.Equal(ids.Prepend(Seeded), pages.SelectMany(p => p.Items).Select(t => t.TestId));
        Assert.Null(pages[^1].NextToken);

        // A token is bound to its query: another query's token is refused.
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
            emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery { VirtualInterfaceId = Prod, MaxResults = 2 }, pages[0].NextToken, None));
        Assert.Equal("DirectConnectClientException", ex.ErrorCode);
        // maxResults above 100 is 100.
        Assert.Equal(7, (await emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery { MaxResults = 500 }, null, None)).Items.Count);
    }

    [Fact]
    public async Task Times_are_epoch_seconds_as_JSON_numbers_and_a_running_test_has_no_end_time()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.Advance(TimeSpan.FromMilliseconds(250));
        var start = emu.Clock.GetUtcNow();
        using var response = await emu.SendDirectConnectAsync("StartBgpFailoverTest", """{"virtualInterfaceId":"dxvif-ffabc123","testDurationInMinutes":2}""");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var test = doc.RootElement.GetProperty("virtualInterfaceTest");

        Assert.Equal(JsonValueKind.Number, test.GetProperty("startTime").ValueKind);
        Assert.Equal(start.ToUnixTimeMilliseconds() / 1000m, test.GetProperty("startTime").GetDecimal());
        Assert.False(test.TryGetProperty("endTime", out _));
        Assert.Equal(2, test.GetProperty("testDurationInMinutes").GetInt32());
        Assert.Equal(new[] { "dxpeer-fgq9j6xo" }, test.GetProperty("bgpPeers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_reset_forgets_every_test_and_frees_the_sessions()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 60, V4), None);

        emu.State.Reset();

        Assert.Empty(await History(emu));
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V4));
        Assert.Equal("available", (await Vif(emu, Transit)).VirtualInterfaceState);
    }

    [Fact]
    public async Task An_admin_pin_wins_over_a_test_and_auto_gives_the_test_back()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 60, V4), None);

        emu.State.SetPeerStatus(V4, new PeerStatusChange { BgpStatus = "up" });
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V4));
        emu.State.SetPeerStatus(V4, new PeerStatusChange { BgpStatus = "auto" });
        Assert.Equal(BgpStatus.Down, await Bgp(emu, Transit, V4));
    }

    [Fact]
    public async Task A_seed_can_start_the_history_with_finished_tests_and_refuses_what_cannot_be()
    {
        var seed = Topology.Demo();
        seed.DirectConnect!.FailoverTests.Add(new FailoverTestSeed
        {
            VirtualInterfaceId = Prod,
            BgpPeers = new() { ProdPeer },
            Status = "cancelled",
            TestDurationInMinutes = 30,
            StartTime = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero),
        });
        await using var emu = await EmulatorFixture.StartAsync(o => o.Seed = seed);

        // The demo's own failed test, and this seed's cancelled one (its end defaults to start plus duration).
        var all = (await emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery(), null, None)).Items;
        Assert.Equal(2, all.Count);
        var test = all[0];
        Assert.Equal(Seeded, test.TestId);
        Assert.Equal(DxBgpFailoverTestStatus.Failed, test.Status);
        Assert.Equal(new[] { V4, V6 }, test.BgpPeerIds);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), test.StartTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 12, 0, TimeSpan.Zero), test.EndTime);
        Assert.Equal(TimeSpan.FromMinutes(60), test.Duration);
        Assert.Equal(DxBgpFailoverTestStatus.Cancelled, all[1].Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 30, 0, TimeSpan.Zero), all[1].EndTime);
        Assert.Matches("^[0-9a-f-]{36}$", all[1].TestId);
        Assert.Equal(BgpStatus.Up, await Bgp(emu, Transit, V4));
        Assert.Equal("available", (await Vif(emu, Transit)).VirtualInterfaceState);
        // A seeded test never blocks a new one.
        await emu.DirectConnect.StartBgpFailoverTestAsync(Start(Transit, 5, V4), None);

        foreach (var (bad, says) in new (FailoverTestSeed, string)[]
                 {
                     (new FailoverTestSeed { VirtualInterfaceId = Transit, BgpPeers = new() { V4 }, Status = "in-progress" }, "finished"),
                     (new FailoverTestSeed { VirtualInterfaceId = Transit, BgpPeers = new() { ProdPeer } }, "not a peer of"),
                     (new FailoverTestSeed { VirtualInterfaceId = "dxvif-00000000", BgpPeers = new() { V4 } }, "not in the seed"),
                     (new FailoverTestSeed { VirtualInterfaceId = Transit, BgpPeers = new() { V4 }, TestDurationInMinutes = 0 }, "1 to 4320"),
                     (new FailoverTestSeed { TestId = Seeded, VirtualInterfaceId = Transit, BgpPeers = new() { V4 } }, "appears twice"),
                 })
        {
            var s = Topology.Demo();
            s.DirectConnect!.FailoverTests.Add(bad);
            var ex = Assert.Throws<TopologyException>(() => emu.State.Reset(s));
            Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        }
    }
}
