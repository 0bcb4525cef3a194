using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>
/// Wait-BgpPeerUp -MinimumRouteCount: a peer is done when its session is up and it has N routes in the FIB (Route
/// Server) or accepted (Direct Connect), counted with one read per route server and one per interface each round.
/// In virtual time with scripted readers, then against the emulator.
/// </summary>
public sealed class RouteWaitTests
{
    private readonly ManualTimeProvider _time = new() { AutoAdvance = true };
    private readonly BgpPeering.Engine.Session.AwsSession _session = TestSessions.Session("http://127.0.0.1:9");

    private (PeerWaiter Waiter, ScriptedPeerReader Peers, ScriptedRouteReader Routes, RecordingSink Sink) Create()
    {
        var peers = new ScriptedPeerReader(_time);
        var routes = new ScriptedRouteReader(_time);
        return (new PeerWaiter(_time, new Random(42)) { Reader = peers, RouteReader = routes }, peers, routes, new RecordingSink(_time));
    }

    private WaitTarget Rs(string id) => WaitTarget.ForRouteServerPeerId(_session, id);

    private static string RsId(int i) => "rsp-" + i.ToString("x17");

    private DateTimeOffset Start { get; } = new ManualTimeProvider().GetUtcNow();

    [Fact]
    public async Task A_peer_is_written_once_its_first_route_is_installed_not_when_its_session_comes_up()
    {
        var (waiter, peers, routes, sink) = Create();
        peers.UpAt[RsId(1)] = 2;
        routes.InstalledAt[RsId(1)] = [40, 5000];

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions { MinimumRouteCount = 1 }, sink, CancellationToken.None);

        var output = Assert.Single(sink.Events, e => e.Kind == PumpEventKind.Output);
        Assert.Equal(RsId(1), ((RouteServerPeer)output.Payload!).RouteServerPeerId);
        Assert.InRange((output.At - Start).TotalSeconds, 40, 40 + 30 * 1.2);
        Assert.Contains(sink.Verbose, v => v.EndsWith(RsId(1) + ": BGP up, 0 routes in the FIB (1 needed).", StringComparison.Ordinal));
        Assert.Contains(sink.Verbose, v => v.EndsWith(RsId(1) + ": BGP up, 1 route in the FIB (1 needed).", StringComparison.Ordinal));
        // Routes are read only once the session is up.
        Assert.All(routes.Calls, c => Assert.True((c.At - Start).TotalSeconds >= 2));
    }

    [Fact]
    public async Task One_routing_database_read_per_route_server_per_round_whatever_the_number_of_peers()
    {
        var (waiter, peers, routes, sink) = Create();
        var ids = Enumerable.Range(1, 50).Select(RsId).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            peers.UpAt[id] = 0;
            peers.RouteServerOf[id] = i % 2 == 0 ? "rs-0123456789abcdef0" : "rs-0fedcba9876543210";
            routes.InstalledAt[id] = [i];
        }

        await waiter.RunAsync(ids.Select(Rs).ToList(), new WaitOptions { MinimumRouteCount = 1 }, sink, CancellationToken.None);

        Assert.Equal(50, sink.Of<RouteServerPeer>(PumpEventKind.Output).Count());
        var rounds = routes.Calls.GroupBy(c => c.At).ToList();
        Assert.True(rounds.Count > 1);
        Assert.All(rounds, round =>
        {
            Assert.True(round.Count() <= 2, "more reads than route servers in a round");
            Assert.Equal(round.Count(), round.Select(c => c.What).Distinct().Count());
        });
    }

    [Fact]
    public async Task A_peer_up_but_short_of_routes_at_the_timeout_is_WaitTimedOut_saying_how_many_it_had()
    {
        var (waiter, peers, routes, sink) = Create();
        peers.UpAt[RsId(1)] = 0;
        routes.InstalledAt[RsId(1)] = [1];
        peers.UpAt[RsId(2)] = 10_000;

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(2))], new WaitOptions { MinimumRouteCount = 3, Timeout = TimeSpan.FromMinutes(2) }, sink, CancellationToken.None);

        Assert.Empty(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        var errors = sink.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal((ErrorCatalogue.WaitTimedOut.Id, ErrorKind.OperationTimeout), (e.ErrorId, e.Kind)));
        Assert.Equal("Timed out after 00:02:00 waiting for " + RsId(1) + " to come up with 3 routes in the FIB. Last seen: state available, BGP up; its session was up with 1 route in the FIB, short of 3.",
            errors.Single(e => (string)e.Target! == RsId(1)).Exception.Message);
        // The one whose session never came up says so, and no count.
        Assert.Equal("Timed out after 00:02:00 waiting for " + RsId(2) + " to come up with 3 routes in the FIB. Last seen: state pending, BGP down.",
            errors.Single(e => (string)e.Target! == RsId(2)).Exception.Message);
    }

    [Fact]
    public async Task A_throttled_route_read_is_tried_again_next_round_and_a_denied_one_is_an_error_per_peer()
    {
        var (waiter, peers, routes, sink) = Create();
        peers.UpAt[RsId(1)] = 0;
        routes.InstalledAt[RsId(1)] = [0];
        routes.Failures[1] = new AwsServiceException("EC2", "GetRouteServerRoutingDatabase", "RequestLimitExceeded", "Request limit exceeded.", 503, "req-1");

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions { MinimumRouteCount = 1 }, sink, CancellationToken.None);

        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        Assert.Equal(2, routes.Calls.Count);
        Assert.Contains(sink.Verbose, v => v.Contains("failed for now (RequestLimitExceeded)", StringComparison.Ordinal));

        var (waiter2, peers2, routes2, sink2) = Create();
        peers2.UpAt[RsId(1)] = 0;
        peers2.UpAt[RsId(2)] = 0;
        routes2.Failures[1] = new AwsServiceException("EC2", "GetRouteServerRoutingDatabase", "UnauthorizedOperation", "You are not authorized to perform this operation.", 403, "req-1");

        await waiter2.RunAsync([Rs(RsId(1)), Rs(RsId(2))], new WaitOptions { MinimumRouteCount = 1 }, sink2, CancellationToken.None);

        var denied = sink2.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.Equal([RsId(1), RsId(2)], denied.Select(e => (string)e.Target!).Order(StringComparer.Ordinal));
        Assert.All(denied, e => Assert.Equal(ErrorCatalogue.PermissionDenied.Id, e.ErrorId));
        Assert.Single(routes2.Calls);
    }

    [Fact]
    public async Task Direct_Connect_peers_count_the_accepted_routes_of_their_interface_once_per_interface_per_round()
    {
        var (waiter, peers, routes, sink) = Create();
        peers.DxPeers.Add(("dxpeer-aaaaaaaa", "dxvif-aaaaaaaa"));
        peers.DxPeers.Add(("dxpeer-bbbbbbbb", "dxvif-aaaaaaaa"));
        peers.UpAt["dxpeer-aaaaaaaa"] = 0;
        peers.UpAt["dxpeer-bbbbbbbb"] = 0;
        routes.InstalledAt["dxvif-aaaaaaaa/IPv4"] = [20];

        await waiter.RunAsync(
            [WaitTarget.ForDxBgpPeerId(_session, "dxvif-aaaaaaaa", "dxpeer-aaaaaaaa"), WaitTarget.ForDxBgpPeerId(_session, "dxvif-aaaaaaaa", "dxpeer-bbbbbbbb")],
            new WaitOptions { MinimumRouteCount = 1 }, sink, CancellationToken.None);

        Assert.Equal(2, sink.Of<DxBgpPeer>(PumpEventKind.Output).Count());
        Assert.All(routes.Calls.GroupBy(c => c.At), round => Assert.Single(round));
        Assert.All(routes.Calls, c => Assert.Equal("dxvif-aaaaaaaa", c.What));
    }

    [Fact]
    public void A_negative_route_count_is_refused()
    {
        var ex = Assert.Throws<BgpPeering.Engine.Model.Validation.ValidationException>(() => new WaitOptions { MinimumRouteCount = -1 }.Validate());
        Assert.Equal("MinimumRouteCount", ex.ParamName);
    }

    // ---------------------------------------------------------------- against the emulator

    [Fact]
    public async Task Against_the_emulator_a_new_peer_is_returned_once_its_first_route_is_in_the_FIB()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var id = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.80", 65080);
        var routesAt = emu.Delays.PeerAvailable + emu.Delays.BgpUp + TimeSpan.FromSeconds(30);
        using var timer = emu.Clock.CreateTimer(_ => emu.State.SetPeerRoutes(id, [RouteSeed.Of("10.120.0.0/16", [65080])]), null, routesAt, Timeout.InfiniteTimeSpan);
        var start = emu.Clock.GetUtcNow();
        await emu.Admin.ClearRequestsAsync();
        var sink = new RecordingSink(emu.Clock);
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(3)).RunAsync([WaitTarget.ForRouteServerPeerId(emu.Session, id)], new WaitOptions { MinimumRouteCount = 1 }, sink, CancellationToken.None);

        var output = Assert.Single(sink.Events, e => e.Kind == PumpEventKind.Output);
        Assert.True(output.At - start >= routesAt, "returned before its route was installed");
        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
        var log = (await emu.Admin.GetRequestsAsync()).ToList();
        Assert.All(log.GroupBy(r => r.Timestamp), round => Assert.True(round.Count(r => r.Action == "GetRouteServerRoutingDatabase") <= 1));
        Assert.Contains(log, r => r.Action == "GetRouteServerRoutingDatabase");
    }

    [Fact]
    public async Task Against_the_emulator_a_peer_without_routes_times_out_with_its_count_and_a_DX_peer_counts_its_family()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var id = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.81", 65081);
        var dx = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-fgt4k8wq" }, null, CancellationToken.None)).Items.Single().BgpPeers;
        var sink = new RecordingSink(emu.Clock);
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(3)).RunAsync(
            [WaitTarget.ForRouteServerPeerId(emu.Session, id), .. dx.Select(p => WaitTarget.For(emu.Session, p))],
            new WaitOptions { MinimumRouteCount = 1, Timeout = TimeSpan.FromMinutes(1) }, sink, CancellationToken.None);

        // The transit interface's IPv4 and IPv6 peers each have one accepted route of their family.
        Assert.Equal(dx.Select(p => p.BgpPeerId).Order(StringComparer.Ordinal), sink.Of<DxBgpPeer>(PumpEventKind.Output).Select(p => p.BgpPeerId).Order(StringComparer.Ordinal));
        var error = Assert.Single(sink.Of<ItemError>(PumpEventKind.Error));
        Assert.Equal((ErrorCatalogue.WaitTimedOut.Id, (object)id), (error.ErrorId, error.Target));
        Assert.EndsWith("its session was up with 0 routes in the FIB, short of 1.", error.Exception.Message, StringComparison.Ordinal);
    }
}
