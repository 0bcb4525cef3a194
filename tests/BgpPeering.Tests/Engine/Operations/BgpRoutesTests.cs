using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// Get-BgpRoute's front door against the emulator: routes as asked for, in as few calls as the APIs allow (the
/// emulator's request log counts them), streamed page by page, with per-item errors.
/// </summary>
public sealed class BgpRoutesTests
{
    private const string Rs = "rs-0123456789abcdef0";
    private const string SeededPeer = "rsp-0fedcba9876543210";

    private static BgpRouteQuery Query(string? prefix = null, RoutePrefixMatch? match = null, RouteDirection direction = RouteDirection.Accepted, int pageSize = 1000) =>
        BgpRouteQuery.Build(prefix, match, direction, pageSize);

    private static List<PumpEvent> Get(EmulatorFixture emu, BgpRouteQuery query, params RouteSource[] sources) =>
        Run((sink, ct) => emu.Session.BgpRoutes().GetAsync(sources, query, sink, ct));

    private static async Task<string[]> UpPeers(EmulatorFixture emu, int count, Func<int, string> address)
    {
        var ids = Enumerable.Range(0, count).Select(i => emu.State.AddRouteServerPeer("rse-0123456789abcdef0", address(i), 65100 + i)).ToArray();
        emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);
        for (var i = 0; i < ids.Length; i++) await emu.Admin.SetPeerRoutesAsync(ids[i], [RouteSeed.Of("10.110." + i + ".0/24", [65100 + i])]);
        await emu.Admin.ClearRequestsAsync();
        return ids;
    }

    [Fact]
    public async Task A_route_server_lists_its_whole_database_streamed_page_by_page()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await UpPeers(emu, 12, i => "10.0.1." + (100 + i));

        var events = Get(emu, Query(pageSize: 5), RouteSource.ForRouteServer(Rs));

        var routes = Outputs<BgpRoute>(events);
        Assert.Equal(14, routes.Count); // 12 + the seeded peer's two
        Assert.Equal(3, emu.Emulator.Requests.Count(r => r.Action == "GetRouteServerRoutingDatabase"));
        // Streamed: each page's routes are written before the next page is asked for.
        var kinds = events.Select(e => e.Kind == PumpEventKind.Output ? "o" : e.Payload is string s && s.Contains("page ", StringComparison.Ordinal) ? "p" : "").Where(k => k.Length > 0);
        Assert.Equal("ooooopooooopoooop", string.Concat(kinds));
    }

    [Fact]
    public async Task Peers_asked_for_by_ID_cost_one_lookup_and_one_database_read_for_their_route_server_whatever_their_number()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ids = await UpPeers(emu, 6, i => "10.0.1." + (100 + i));

        var events = Get(emu, Query(), ids.Take(4).Select(id => RouteSource.ForRouteServerPeer(id, null)).ToArray());

        Assert.Equal(ids.Take(4).Order(StringComparer.Ordinal), Outputs<BgpRoute>(events).Select(r => r.RouteServerPeerId!).Order(StringComparer.Ordinal));
        Assert.Equal(["DescribeRouteServerPeers", "GetRouteServerRoutingDatabase"], emu.Emulator.Requests.Select(r => r.Action));
        Assert.Empty(ItemErrors(events));
    }

    [Fact]
    public async Task A_piped_peer_names_its_route_server_so_no_lookup_is_made()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ids = await UpPeers(emu, 2, i => "10.0.1." + (100 + i));

        var events = Get(emu, Query(), RouteSource.ForRouteServerPeer(ids[0], Rs), RouteSource.ForRouteServerPeer(ids[1], Rs));

        Assert.Equal(2, Outputs<BgpRoute>(events).Count);
        Assert.Equal(["GetRouteServerRoutingDatabase"], emu.Emulator.Requests.Select(r => r.Action));
    }

    [Fact]
    public async Task A_peer_that_does_not_exist_is_one_ObjectNotFound_error_and_the_others_still_list()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var events = Get(emu, Query(), RouteSource.ForRouteServerPeer(SeededPeer, null), RouteSource.ForRouteServerPeer("rsp-0000000000000dead", null));

        Assert.Equal(["10.60.0.0/16", "10.61.0.0/16"], Outputs<BgpRoute>(events).Select(r => r.Prefix));
        var error = Assert.Single(ItemErrors(events));
        Assert.Equal((ErrorCatalogue.ObjectNotFound.Id, "rsp-0000000000000dead"), (error.ErrorId, error.Target));
    }

    [Fact]
    public async Task An_unknown_route_server_is_an_ObjectNotFound_error_about_it()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var error = Assert.Single(ItemErrors(Get(emu, Query(), RouteSource.ForRouteServer("rs-0000000000000dead"))));

        Assert.Equal((ErrorCatalogue.ObjectNotFound.Id, "rs-0000000000000dead"), (error.ErrorId, error.Target));
        Assert.Contains("InvalidRouteServerId.NotFound", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongestPrefix_finds_the_covering_routes_of_both_peers()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.10", 65001); // the demo's rule gives it 10.60.0.0/16 and 10.60.1.0/25
        emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);

        var routes = Outputs<BgpRoute>(Get(emu, Query("10.60.1.0/24", RoutePrefixMatch.LongestPrefix), RouteSource.ForRouteServer(Rs)));

        Assert.Equal(["10.60.0.0/16", "10.60.0.0/16"], routes.Select(r => r.Prefix));
        Assert.Equal([BgpRouteStatus.InFib, BgpRouteStatus.InRib], routes.Select(r => r.Status).Order());
        Assert.Equal(["65001", "4200000001 65010"], routes.OrderBy(r => r.Status).Select(r => r.AsPath));
    }

    [Fact]
    public async Task A_Direct_Connect_peer_lists_its_own_family_on_one_listing_per_interface_and_is_named_on_its_routes()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var peers = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-fgt4k8wq" }, null, CancellationToken.None)).Items.Single().BgpPeers;
        await emu.Admin.ClearRequestsAsync();

        var v4 = Outputs<BgpRoute>(Get(emu, Query(), RouteSource.ForVirtualInterface("dxvif-fgt4k8wq", "dxpeer-fk3m7p2v", AddressFamily.IPv4)));
        var both = Outputs<BgpRoute>(Get(emu, Query(), peers.Select(p => RouteSource.ForVirtualInterface(p.VirtualInterfaceId, p.BgpPeerId, p.AddressFamily)).ToArray()));

        Assert.Equal([("10.80.0.0/16", "dxpeer-fk3m7p2v")], v4.Select(r => (r.Prefix, r.BgpPeerId!)));
        Assert.Equal([("10.80.0.0/16", "dxpeer-fk3m7p2v"), ("2001:db8:8000::/40", "dxpeer-fq8d2n5t")], both.Select(r => (r.Prefix, r.BgpPeerId!)));
        Assert.Equal(2, emu.Emulator.Requests.Count(r => r.Action == "ListVirtualInterfaceRoutes"));
    }

    [Fact]
    public async Task An_interface_by_ID_lists_every_route_naming_no_peer_and_Advertised_lists_what_AWS_sends()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var accepted = Outputs<BgpRoute>(Get(emu, Query(), RouteSource.ForVirtualInterface("dxvif-ffabc123")));
        var advertised = Outputs<BgpRoute>(Get(emu, Query(direction: RouteDirection.Advertised), RouteSource.ForVirtualInterface("dxvif-ffabc123")));

        Assert.Equal(["10.70.0.0/16", "10.71.0.0/16"], accepted.Select(r => r.Prefix));
        Assert.All(accepted, r => Assert.Null(r.BgpPeerId));
        Assert.Equal([("10.0.0.0/16", BgpRouteStatus.Advertised)], advertised.Select(r => (r.Prefix, r.Status)));
    }

    [Theory]
    [InlineData("10.70.0.0/16", RoutePrefixMatch.Exact, new[] { "10.70.0.0/16" })]
    [InlineData("10.70.5.0/24", RoutePrefixMatch.LongestPrefix, new[] { "10.70.0.0/16" })]
    [InlineData("10.70.5.0/24", RoutePrefixMatch.SupernetOf, new[] { "10.70.0.0/16" })]
    [InlineData("10.0.0.0/8", RoutePrefixMatch.SubnetOf, new[] { "10.70.0.0/16", "10.71.0.0/16" })]
    [InlineData("10.72.0.0/16", RoutePrefixMatch.Exact, new string[0])]
    public async Task Direct_Connect_prefix_matching_is_applied_by_the_engine(string prefix, RoutePrefixMatch match, string[] expected)
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var routes = Outputs<BgpRoute>(Get(emu, Query(prefix, match), RouteSource.ForVirtualInterface("dxvif-ffabc123")));

        Assert.Equal(expected, routes.Select(r => r.Prefix));
    }

    [Fact]
    public async Task A_refused_read_is_one_error_per_item_it_concerned_and_the_next_source_is_still_read()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Action = "GetRouteServerRoutingDatabase", Count = 10 });

        var events = Get(emu, Query(), RouteSource.ForRouteServerPeer(SeededPeer, Rs), RouteSource.ForVirtualInterface("dxvif-ffabc123"));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal((ErrorCatalogue.ServiceError.Id, (object)SeededPeer), (error.ErrorId, error.Target));
        Assert.Equal(2, Outputs<BgpRoute>(events).Count);
    }
}
