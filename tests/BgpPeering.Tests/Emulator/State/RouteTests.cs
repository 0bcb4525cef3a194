using System.Net;
using System.Text;
using System.Text.Json;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.State;

/// <summary>
/// The emulator's routes (docs/emulator.md, "Routes"), read through the engine's own clients: a peer's routes count
/// only while its BGP status is up, the best path per prefix is in-fib, in-fib routes are installed in the route
/// server's route tables, and Direct Connect lists an interface's accepted and advertised routes. Driven by the fake
/// clock and the admin API, as a user's tests would.
/// </summary>
public sealed class RouteTests
{
    private const string Rs = "rs-0123456789abcdef0";
    private const string SeededPeer = "rsp-0fedcba9876543210";
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<List<BgpRoute>> RoutingDatabase(EmulatorFixture emu, params Filter[] filters)
    {
        var routes = new List<BgpRoute>();
        await emu.RouteServer.ReadRoutingDatabasePagesAsync(Rs, filters, 5, (page, _) =>
        {
            routes.AddRange(page.Items);
            return true;
        }, None);
        return routes;
    }

    private static async Task<string> UpPeer(EmulatorFixture emu, string address, long asn)
    {
        var id = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", address, asn);
        emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);
        return id;
    }

    [Fact]
    public async Task The_shorter_AS_path_is_in_the_FIB_and_when_its_peer_goes_down_the_other_takes_over()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var first = await UpPeer(emu, "10.0.1.31", 65031);
        await emu.Admin.SetPeerRoutesAsync(first, [RouteSeed.Of("10.90.0.0/16", [65031], 10)]);
        await emu.Admin.SetPeerRoutesAsync(SeededPeer, [RouteSeed.Of("10.90.0.0/16", [4200000001, 65010], 10)]);

        var routes = (await RoutingDatabase(emu)).Where(r => r.Prefix == "10.90.0.0/16").ToList();
        Assert.Equal(BgpRouteStatus.InFib, Assert.Single(routes, r => r.RouteServerPeerId == first).Status);
        Assert.Equal(BgpRouteStatus.InRib, Assert.Single(routes, r => r.RouteServerPeerId == SeededPeer).Status);
        Assert.Equal("10.0.1.31", routes.Single(r => r.RouteServerPeerId == first).NextHop);

        await emu.Admin.SetPeerStatusAsync(first, new PeerStatusChange { BgpStatus = "down" });
        var after = Assert.Single(await RoutingDatabase(emu), r => r.Prefix == "10.90.0.0/16");
        Assert.Equal((SeededPeer, BgpRouteStatus.InFib), (after.RouteServerPeerId, after.Status));
        Assert.False((await emu.Admin.GetPeerRoutesAsync(first)).Advertising);

        await emu.Admin.SetPeerStatusAsync(first, new PeerStatusChange { BgpStatus = "auto" });
        Assert.Equal(BgpRouteStatus.InFib, (await RoutingDatabase(emu)).Single(r => r.Prefix == "10.90.0.0/16" && r.RouteServerPeerId == first).Status);
    }

    [Fact]
    public async Task With_equal_AS_paths_the_lowest_MED_wins_then_the_lowest_peer_address()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var low = await UpPeer(emu, "10.0.1.40", 65040);
        var high = await UpPeer(emu, "10.0.1.41", 65041);
        await emu.Admin.SetPeerRoutesAsync(low, [RouteSeed.Of("10.91.0.0/16", [65040], 50), RouteSeed.Of("10.92.0.0/16", [65040])]);
        await emu.Admin.SetPeerRoutesAsync(high, [RouteSeed.Of("10.91.0.0/16", [65041], 20), RouteSeed.Of("10.92.0.0/16", [65041], 0)]);

        var routes = await RoutingDatabase(emu);
        Assert.Equal(high, routes.Single(r => r.Prefix == "10.91.0.0/16" && r.Status == BgpRouteStatus.InFib).RouteServerPeerId);
        // No MED counts as 0: a tie, and the lower peer address (10.0.1.40) wins.
        Assert.Equal(low, routes.Single(r => r.Prefix == "10.92.0.0/16" && r.Status == BgpRouteStatus.InFib).RouteServerPeerId);
        Assert.Equal(2, routes.Count(r => r.Status == BgpRouteStatus.InRib));
    }

    [Fact]
    public async Task A_peer_advertises_only_while_its_session_is_up_through_its_whole_life()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;
        var id = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.50", 65050);
        await emu.Admin.SetPeerRoutesAsync(id, [RouteSeed.Of("10.93.0.0/16", [65050])]);
        Assert.DoesNotContain(await RoutingDatabase(emu), r => r.RouteServerPeerId == id); // pending

        emu.Advance(d.PeerAvailable);
        Assert.DoesNotContain(await RoutingDatabase(emu), r => r.RouteServerPeerId == id); // available, BGP still down
        emu.Advance(d.BgpUp);
        Assert.Contains(await RoutingDatabase(emu), r => r.RouteServerPeerId == id);

        await emu.Admin.SetPeerStatusAsync(id, new PeerStatusChange { BgpBehaviour = "flap" });
        emu.Advance(d.FlapUp);
        Assert.Equal("down", (await emu.Admin.GetPeerStatusAsync(id)).BgpStatus);
        Assert.DoesNotContain(await RoutingDatabase(emu), r => r.RouteServerPeerId == id);
        emu.Advance(d.FlapDown);
        Assert.Contains(await RoutingDatabase(emu), r => r.RouteServerPeerId == id);

        await emu.RouteServer.DeletePeerAsync(id, None);
        Assert.DoesNotContain(await RoutingDatabase(emu), r => r.RouteServerPeerId == id);
    }

    [Fact]
    public async Task A_best_route_is_installed_in_each_route_table_or_rejected_where_the_table_routes_it_statically()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var routes = await RoutingDatabase(emu);

        var installed = Assert.Single(routes, r => r.Prefix == "10.60.0.0/16");
        Assert.Equal(["rtb-0a1b2c3d4e5f67890", "rtb-0b1c2d3e4f5a67890"], installed.InstalledRouteTableIds);
        Assert.Empty(installed.RejectedRouteTableIds);
        var rejected = Assert.Single(routes, r => r.Prefix == "10.61.0.0/16");
        Assert.Equal(["rtb-0a1b2c3d4e5f67890"], rejected.InstalledRouteTableIds);
        Assert.Equal(["rtb-0b1c2d3e4f5a67890"], rejected.RejectedRouteTableIds);
        Assert.Equal("rtb-0b1c2d3e4f5a67890: Route table rtb-0b1c2d3e4f5a67890 already has a static route for 10.61.0.0/16", rejected.RejectionReason);
        Assert.All(routes, r => Assert.False(r.AreRoutesPersisted));
    }

    [Fact]
    public async Task An_in_rib_route_has_no_installation_details()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var better = await UpPeer(emu, "10.0.1.60", 65060);
        await emu.Admin.SetPeerRoutesAsync(better, [RouteSeed.Of("10.60.0.0/16", [65060])]);

        var loser = Assert.Single(await RoutingDatabase(emu), r => r.Prefix == "10.60.0.0/16" && r.RouteServerPeerId == SeededPeer);

        Assert.Equal(BgpRouteStatus.InRib, loser.Status);
        Assert.Empty(loser.Installations);
    }

    [Theory]
    [InlineData("route-search.exact-match", "10.60.0.0/16", new[] { "10.60.0.0/16", "10.60.0.0/16" })]
    [InlineData("route-search.longest-prefix-match", "10.60.1.0/24", new[] { "10.60.0.0/16", "10.60.0.0/16" })]
    [InlineData("route-search.longest-prefix-match", "10.60.1.0/26", new[] { "10.60.1.0/25" })]
    [InlineData("route-search.subnet-of-match", "10.60.0.0/16", new[] { "10.60.0.0/16", "10.60.0.0/16", "10.60.1.0/25" })]
    [InlineData("route-search.supernet-of-match", "10.60.1.0/25", new[] { "10.60.0.0/16", "10.60.0.0/16", "10.60.1.0/25" })]
    [InlineData("route-search.exact-match", "10.99.0.0/16", new string[0])]
    public async Task The_route_search_filters_select_as_documented(string filter, string cidr, string[] prefixes)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        // The demo's rule: a peer at 10.0.1.10 with ASN 65001 advertises 10.60.0.0/16 and 10.60.1.0/25.
        await UpPeer(emu, "10.0.1.10", 65001);

        var routes = await RoutingDatabase(emu, new Filter(filter, cidr));

        Assert.Equal(prefixes, routes.Select(r => r.Prefix));
    }

    [Fact]
    public async Task The_routing_database_pages_in_prefix_order_with_MaxResults_and_NextToken()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var id = await UpPeer(emu, "10.0.1.70", 65070);
        await emu.Admin.SetPeerRoutesAsync(id, Enumerable.Range(0, 12).Reverse().Select(i => RouteSeed.Of("10.100." + i + ".0/24", [65070])));

        var first = await emu.RouteServer.GetRoutingDatabaseAsync(Rs, [new Filter("route-search.subnet-of-match", "10.100.0.0/16")], 5, null, None);
        var second = await emu.RouteServer.GetRoutingDatabaseAsync(Rs, [new Filter("route-search.subnet-of-match", "10.100.0.0/16")], 5, first.NextToken, None);
        var third = await emu.RouteServer.GetRoutingDatabaseAsync(Rs, [new Filter("route-search.subnet-of-match", "10.100.0.0/16")], 5, second.NextToken, None);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => "10.100." + i + ".0/24"), first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.Prefix));
        Assert.Equal((5, 5, 2), (first.Items.Count, second.Items.Count, third.Items.Count));
        Assert.Null(third.NextToken);
        // A token belongs to its query.
        var other = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.GetRoutingDatabaseAsync(Rs, [], 5, first.NextToken, None));
        Assert.Equal(("InvalidPaginationToken", 400), (other.ErrorCode, other.StatusCode));
    }

    [Theory]
    [InlineData("RouteServerId=rs-0000000000000dead", "InvalidRouteServerId.NotFound", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&DryRun=true", "DryRunOperation", 412)]
    [InlineData("RouteServerId=rs-0000000000000dead&DryRun=true", "DryRunOperation", 412)]
    [InlineData("", "MissingParameter", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&MaxResults=4", "InvalidParameterValue", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&MaxResults=1001", "InvalidParameterValue", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&Filter.1.Name=route-server-peer-id&Filter.1.Value.1=rsp-0fedcba9876543210", "InvalidParameterValue", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&Filter.1.Name=route-search.exact-match&Filter.1.Value.1=10.60.1.5%2F16", "InvalidParameterValue", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&NextToken=garbage", "InvalidPaginationToken", 400)]
    [InlineData("RouteServerId=rs-0123456789abcdef0&RouteServerPeerId=rsp-0fedcba9876543210", "UnknownParameter", 400)]
    public async Task GetRouteServerRoutingDatabase_answers_EC2_errors(string parameters, string code, int status)
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var response = await emu.SendEc2Async("Action=GetRouteServerRoutingDatabase&Version=2016-11-15" + (parameters.Length > 0 ? "&" + parameters : string.Empty));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("<Code>" + code + "</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_key_is_UnauthorizedOperation_even_on_DryRun()
    {
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            o.Keys.Add(BgpPeering.Emulator.Hosting.EmulatorKey.Example());
            o.Keys.Add(new BgpPeering.Emulator.Hosting.EmulatorKey("AKIDNOROUTES", "noRoutesSecret", ["ec2:GetRouteServerRoutingDatabase"]));
        });

        foreach (var dryRun in new[] { "", "&DryRun=true" })
        {
            using var response = await emu.SendEc2Async("Action=GetRouteServerRoutingDatabase&Version=2016-11-15&RouteServerId=" + Rs + dryRun, "AKIDNOROUTES", "noRoutesSecret");
            Assert.Equal(403, (int)response.StatusCode);
            Assert.Contains("<Code>UnauthorizedOperation</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    // ---------------------------------------------------------------- Direct Connect

    private static async Task<List<BgpRoute>> InterfaceRoutes(EmulatorFixture emu, string vif, RouteDirection direction, AddressFamily? family = null)
    {
        var routes = new List<BgpRoute>();
        await emu.DirectConnect.ReadVirtualInterfaceRoutePagesAsync(vif, direction, family, null, 100, (page, _) =>
        {
            routes.AddRange(page.Items);
            return true;
        }, None);
        return routes;
    }

    [Fact]
    public async Task An_interface_lists_what_its_up_peers_advertise_each_in_its_family_and_what_AWS_advertises()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var accepted = await InterfaceRoutes(emu, "dxvif-fgt4k8wq", RouteDirection.Accepted);
        Assert.Equal([("10.80.0.0/16", AddressFamily.IPv4), ("2001:db8:8000::/40", AddressFamily.IPv6)], accepted.Select(r => (r.Prefix, r.AddressFamily!.Value)));
        Assert.All(accepted, r => Assert.Equal(BgpRouteStatus.Accepted, r.Status));
        Assert.Equal(["2001:db8:8000::/40"], (await InterfaceRoutes(emu, "dxvif-fgt4k8wq", RouteDirection.Accepted, AddressFamily.IPv6)).Select(r => r.Prefix));

        var advertised = Assert.Single(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Advertised));
        Assert.Equal(("10.0.0.0/16", "64512", BgpRouteStatus.Advertised), (advertised.Prefix, advertised.AsPath, advertised.Status));
        Assert.Equal("EqDC2-1a2b3c4d5e6f", advertised.AwsLogicalDeviceId);
    }

    [Fact]
    public async Task A_Direct_Connect_peer_whose_session_goes_down_withdraws_its_routes_and_AWS_stops_advertising()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        Assert.Equal(2, (await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted)).Count);

        await emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { BgpStatus = "down" });

        Assert.Empty(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted));
        Assert.Empty(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Advertised));
        await emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { BgpStatus = "auto" });
        Assert.Equal(2, (await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted)).Count);
    }

    [Fact]
    public async Task A_route_is_installed_when_it_was_set_or_when_its_session_came_up_whichever_is_later()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var start = emu.Clock.GetUtcNow();
        emu.Advance(TimeSpan.FromMinutes(5));
        await emu.Admin.SetPeerRoutesAsync("dxpeer-fgq9j6xo", [RouteSeed.Of("10.72.0.0/16", [65000])]);

        var route = Assert.Single(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted));

        Assert.Equal(start + TimeSpan.FromMinutes(5), route.InstalledAt);
    }

    [Fact]
    public async Task ListVirtualInterfaceRoutes_pages_by_at_most_100_and_refuses_an_unknown_interface_and_direction()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.SetPeerRoutesAsync("dxpeer-fgq9j6xo", Enumerable.Range(0, 150).Select(i => RouteSeed.Of("10." + (100 + i / 256) + "." + (i % 256) + ".0/24", [65000])));

        var first = await emu.DirectConnect.ListVirtualInterfaceRoutesAsync("dxvif-ffabc123", RouteDirection.Accepted, null, null, 500, null, None);
        var second = await emu.DirectConnect.ListVirtualInterfaceRoutesAsync("dxvif-ffabc123", RouteDirection.Accepted, null, null, 500, first.NextToken, None);
        Assert.Equal((100, 50), (first.Items.Count, second.Items.Count));
        Assert.Null(second.NextToken);

        var unknown = await Assert.ThrowsAsync<AwsServiceException>(() => emu.DirectConnect.ListVirtualInterfaceRoutesAsync("dxvif-00000000", RouteDirection.Accepted, null, null, null, null, None));
        Assert.Equal(("DirectConnectClientException", 400, AwsErrorKind.NotFound), (unknown.ErrorCode, unknown.StatusCode, unknown.Kind));
        using var bad = await emu.SendDirectConnectAsync("ListVirtualInterfaceRoutes", """{"virtualInterfaceId":"dxvif-ffabc123","filters":{"routeDirection":"both"}}""");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("routeDirection", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- the admin API

    [Fact]
    public async Task POST_routes_replaces_what_a_peer_advertises_and_GET_shows_it()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var set = await emu.Admin.SetPeerRoutesAsync("dxpeer-fgq9j6xo", [new RouteSeed
        {
            Prefix = "10.73.0.0/16",
            AsPath = [JsonSerializer.SerializeToElement(65000), JsonSerializer.SerializeToElement(new[] { 65201, 65202 })],
            Communities = ["65000:200"],
        }]);

        Assert.True(set.Advertising);
        var route = Assert.Single(set.Routes);
        Assert.Equal("10.73.0.0/16", route.Prefix);
        Assert.Equal("[65000,[65201,65202]]", JsonSerializer.Serialize(route.AsPath));
        Assert.Equal(["10.73.0.0/16"], (await emu.Admin.GetPeerRoutesAsync("dxpeer-fgq9j6xo")).Routes.Select(r => r.Prefix));
        var listed = Assert.Single(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted));
        Assert.Equal("65000 {65201 65202}", listed.AsPath);

        var empty = await emu.Admin.SetPeerRoutesAsync("dxpeer-fgq9j6xo", []);
        Assert.Empty(empty.Routes);
        Assert.Empty(await InterfaceRoutes(emu, "dxvif-ffabc123", RouteDirection.Accepted));
    }

    [Theory]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.1.5/16","asPath":[65010]}]}""", 400, "routes[0].prefix")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"2001:db8::/32","asPath":[65010]}]}""", 400, "ipv4 prefixes only")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.0.0/16","asPath":[65010,[1,2]]}]}""", 400, "AS_SET")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.0.0/16","asPath":[0]}]}""", 400, "1 to 4294967295")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.0.0/16","med":-1}]}""", 400, "med")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.0.0/16"},{"prefix":"10.60.0.0/16"}]}""", 400, "twice")]
    [InlineData("rsp-0fedcba9876543210", """{"routes":[{"prefix":"10.60.0.0/16","as_path":[65010]}]}""", 400, "as_path")]
    [InlineData("rsp-0fedcba9876543210", """{"prefix":"10.60.0.0/16"}""", 400, "prefix")]
    [InlineData("rsp-0fedcba9876543210", """{}""", 400, "routes")]
    [InlineData("dxpeer-fgq9j6xo", """{"routes":[{"prefix":"10.60.0.0/16","med":5}]}""", 400, "no MED")]
    [InlineData("dxpeer-fq8d2n5t", """{"routes":[{"prefix":"10.60.0.0/16"}]}""", 400, "ipv6 prefixes only")]
    [InlineData("rsp-0000000000000dead", """{"routes":[]}""", 404, "rsp-0000000000000dead")]
    public async Task POST_routes_refuses_bad_input_and_changes_nothing(string peerId, string body, int status, string says)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var before = await RoutingDatabase(emu);

        using var response = await emu.Http.PostAsync(emu.Url + "/_emulator/peers/" + peerId + "/routes", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Select(r => r.Prefix + r.RouteServerPeerId), (await RoutingDatabase(emu)).Select(r => r.Prefix + r.RouteServerPeerId));
    }

    [Fact]
    public async Task POST_routes_is_guarded_like_every_admin_endpoint()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var url = emu.Url + "/_emulator/peers/" + SeededPeer + "/routes";

        using var form = await emu.Http.PostAsync(url, new StringContent("""{"routes":[]}""", Encoding.UTF8, "text/plain"));
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{"routes":[]}""", Encoding.UTF8, "application/json") };
        crossSite.Headers.Add("Origin", "https://attacker.example");
        using var refused = await emu.Http.SendAsync(crossSite);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(2, (await emu.Admin.GetPeerRoutesAsync(SeededPeer)).Routes.Count);
    }

    // ---------------------------------------------------------------- seeds

    [Fact]
    public async Task A_seed_gives_routes_per_peer_route_tables_and_rules_for_peers_created_later()
    {
        var seed = Topology.Demo();
        var server = seed.Vpcs[0].RouteServers[0];
        server.RouteTables = [new RouteTableSeed { RouteTableId = "rtb-0ccccccccccccccc0", StaticRoutes = ["10.94.0.0/16"] }];
        server.Endpoints[1].Peers[0].Routes = [RouteSeed.Of("10.94.0.0/16", [4200000001])];
        seed.Rules = [new PeerRuleSeed { PeerAddress = "10.0.1.95", Routes = [RouteSeed.Of("10.95.0.0/16", [65095])] }];
        await using var emu = await EmulatorFixture.StartAsync(o => o.Seed = seed);

        var id = await UpPeer(emu, "10.0.1.95", 65095);
        var routes = await RoutingDatabase(emu);

        Assert.Equal(["10.94.0.0/16", "10.95.0.0/16"], routes.Select(r => r.Prefix));
        Assert.Equal(["rtb-0ccccccccccccccc0"], routes[0].RejectedRouteTableIds);
        Assert.Equal(id, routes[1].RouteServerPeerId);
        Assert.Equal(["rtb-0ccccccccccccccc0"], routes[1].InstalledRouteTableIds);
    }

    [Theory]
    [InlineData("""{"vpcs":[{"vpcId":"vpc-1","subnets":[{"subnetId":"subnet-1","cidr":"10.0.1.0/24"}],"routeServers":[{"routeServerId":"rs-1","endpoints":[{"routeServerEndpointId":"rse-0aaaaaaaaaaaaaaaa","subnetId":"subnet-1","peers":[{"peerAddress":"10.0.1.9","peerAsn":65009,"routes":[{"prefix":"10.0.0.0/33"}]}]}]}]}]}""", "routes[0].prefix")]
    [InlineData("""{"vpcs":[{"vpcId":"vpc-1","subnets":[],"routeServers":[{"routeServerId":"rs-1","routeTables":[{"routeTableId":"rtb-1","staticRoutes":["nonsense"]}]}]}]}""", "static route 'nonsense'")]
    [InlineData("""{"rules":[{"peerAddress":"10.0.1.9","routes":[{"prefix":"10.0.0.0/8","asPath":[[1,2]]}]}]}""", "rules[0].routes[0].asPath")]
    [InlineData("""{"directConnect":{"connections":[{"connectionId":"dxcon-1","virtualInterfaces":[{"virtualInterfaceId":"dxvif-1","asn":65000,"advertisedPrefixes":["10.0.0.1/16"]}]}]}}""", "advertised prefix '10.0.0.1/16'")]
    public void A_seed_with_a_bad_route_does_not_load_and_says_where(string json, string says)
    {
        var ex = Assert.Throws<TopologyException>(() => new EmulatorState(TimeProvider.System, new SimulationDelays(), 1, Topology.Parse(json), new IdGenerator(1)));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }
}
