using System.Net;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.State;

/// <summary>
/// Paging in a stable order with opaque tokens, through 10,000 peers; every filter of DescribeRouteServerPeers and
/// DescribeRouteServerEndpoints; specific IDs; DescribeVirtualInterfaces by connection, by interface, and paged.
/// </summary>
public sealed class PagingAndFilterTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string EndpointA = "rse-0123456789abcdef0";
    private const string EndpointB = "rse-0fedcba9876543210";

    [Fact]
    public async Task Paging_through_ten_thousand_peers_returns_each_once_in_a_stable_order()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var created = new List<string>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            created.Add(emu.State.AddRouteServerPeer(EndpointA, "10.0." + (16 + i / 250) + "." + (1 + i % 250), 65000 + i % 500));
        }
        var expected = new[] { "rsp-0fedcba9876543210" }.Concat(created).ToList(); // the demo peer first: creation order

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 1000 }, token, None);
            Assert.True(page.Items.Count <= 1000);
            seen.AddRange(page.Items.Select(p => p.RouteServerPeerId));
            token = page.NextToken;
            if (token is not null) Assert.DoesNotContain("rsp-", token, StringComparison.Ordinal); // opaque
            pages++;
        }
        while (token is not null);

        Assert.Equal(11, pages);
        Assert.Equal(expected, seen);

        // A filtered walk with a small page size visits only the matches, once each.
        var query = new RouteServerPeerQuery { MaxResults = 200 };
        query.Filters.Add(new Filter("peer-address", "10.0.16.*"));
        var filtered = new List<RouteServerPeer>();
        token = null;
        do
        {
            var page = await emu.RouteServer.DescribePeersAsync(query, token, None);
            filtered.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(created.Take(250), filtered.Select(p => p.RouteServerPeerId));
    }

    [Fact]
    public async Task A_full_last_page_has_no_token_and_pages_stay_stable_when_peers_are_added_behind_the_cursor()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 8; i++) emu.State.AddRouteServerPeer(EndpointA, "10.0.1." + (100 + i), 65001); // nine with the demo peer

        var first = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, null, None);
        Assert.Equal(5, first.Items.Count);
        emu.State.AddRouteServerPeer(EndpointA, "10.0.1.200", 65001); // appended after the cursor
        var second = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, first.NextToken, None);

        Assert.Equal(5, second.Items.Count);
        Assert.Null(second.NextToken); // exactly ten in all: no empty trailing page
        Assert.Empty(first.Items.Select(p => p.RouteServerPeerId).Intersect(second.Items.Select(p => p.RouteServerPeerId)));
        Assert.Equal("10.0.1.200", second.Items[^1].PeerAddress);
    }

    [Fact]
    public async Task Every_peer_filter_narrows_the_result()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var prod = emu.State.AddRouteServerPeer(EndpointA, "10.0.1.10", 65001, tags: new Dictionary<string, string> { ["env"] = "prod", ["Name"] = "fw-a" });
        var dev = emu.State.AddRouteServerPeer(EndpointA, "10.0.1.11", 65002, tags: new Dictionary<string, string> { ["env"] = "dev" });
        var untagged = emu.State.AddRouteServerPeer(EndpointA, "10.0.1.12", 65003);
        const string demo = "rsp-0fedcba9876543210"; // on endpoint B, available, tag Name=fw-b

        async Task<IEnumerable<string>> Ids(params Filter[] filters)
        {
            var q = new RouteServerPeerQuery();
            foreach (var f in filters) q.Filters.Add(f);
            return (await emu.RouteServer.DescribePeersAsync(q, null, None)).Items.Select(p => p.RouteServerPeerId);
        }

        Assert.Equal(new[] { prod, dev, untagged }, await Ids(new Filter("route-server-endpoint-id", EndpointA)));
        Assert.Equal(new[] { demo, prod, dev, untagged }, await Ids(new Filter("route-server-endpoint-id", EndpointA, EndpointB)));
        Assert.Equal(new[] { demo, prod, dev, untagged }, await Ids(new Filter("route-server-id", "rs-0123456789abcdef0")));
        Assert.Empty(await Ids(new Filter("route-server-id", "rs-00000000000000000")));
        Assert.Equal(new[] { demo, prod, dev, untagged }, await Ids(new Filter("vpc-id", "vpc-0a1b2c3d4e5f67890")));
        Assert.Equal(new[] { demo }, await Ids(new Filter("subnet-id", "subnet-0b1c2d3e4f5a67890")));
        Assert.Equal(new[] { demo }, await Ids(new Filter("state", "available")));
        Assert.Equal(new[] { prod, dev, untagged }, await Ids(new Filter("state", "pending")));
        Assert.Equal(new[] { dev }, await Ids(new Filter("peer-address", "10.0.1.11")));
        Assert.Equal(new[] { prod, dev, untagged }, await Ids(new Filter("peer-address", "10.0.1.1?")));
        Assert.Equal(new[] { prod }, await Ids(new Filter("tag:env", "prod")));
        Assert.Equal(new[] { prod, dev }, await Ids(new Filter("tag:env", "prod", "dev")));
        Assert.Equal(new[] { demo, prod }, await Ids(new Filter("tag-key", "Name")));
        Assert.Equal(new[] { prod }, await Ids(new Filter("tag-key", "Name"), new Filter("tag:env", "p*")));

        var byIds = new RouteServerPeerQuery();
        byIds.RouteServerPeerIds.Add(untagged);
        byIds.RouteServerPeerIds.Add(demo);
        byIds.Filters.Add(new Filter("state", "pending"));
        Assert.Equal(new[] { untagged }, (await emu.RouteServer.DescribePeersAsync(byIds, null, None)).Items.Select(p => p.RouteServerPeerId));
    }

    [Fact]
    public async Task Endpoint_filters_ids_and_paging()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        async Task<IEnumerable<string>> Ids(RouteServerEndpointQuery q) => (await emu.RouteServer.DescribeEndpointsAsync(q, null, None)).Items.Select(e => e.RouteServerEndpointId);
        RouteServerEndpointQuery With(string name, params string[] values)
        {
            var q = new RouteServerEndpointQuery();
            q.Filters.Add(new Filter(name, values));
            return q;
        }

        Assert.Equal(new[] { EndpointA }, await Ids(With("subnet-id", "subnet-0a1b2c3d4e5f67890")));
        Assert.Equal(new[] { EndpointA, EndpointB }, await Ids(With("route-server-id", "rs-0123456789abcdef0")));
        Assert.Equal(new[] { EndpointB }, await Ids(With("route-server-endpoint-id", EndpointB)));
        Assert.Equal(new[] { EndpointA, EndpointB }, await Ids(With("state", "available")));
        Assert.Equal(new[] { EndpointB }, await Ids(With("tag:Name", "rse-b")));
        Assert.Equal(new[] { EndpointA, EndpointB }, await Ids(With("tag-key", "Name")));
        Assert.Empty(await Ids(With("vpc-id", "vpc-00000000000000000")));
        var byId = new RouteServerEndpointQuery();
        byId.RouteServerEndpointIds.Add(EndpointB);
        var endpoint = Assert.Single((await emu.RouteServer.DescribeEndpointsAsync(byId, null, None)).Items);
        Assert.Equal(("eni-0b1c2d3e4f5a67890", "10.0.2.4", "subnet-0b1c2d3e4f5a67890"), (endpoint.EniId, endpoint.EniAddress, endpoint.SubnetId));

        var seed = BgpPeering.Emulator.State.Topology.Demo();
        var rs = seed.Vpcs[0].RouteServers[0];
        for (var i = 0; i < 12; i++)
        {
            rs.Endpoints.Add(new BgpPeering.Emulator.State.EndpointSeed { RouteServerEndpointId = "rse-0aaaaaaaaaaaaa" + i.ToString("x3"), SubnetId = "subnet-0a1b2c3d4e5f67890" });
        }
        emu.Emulator.Reset(seed);
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await emu.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery { MaxResults = 5 }, token, None);
            all.AddRange(page.Items.Select(e => e.RouteServerEndpointId));
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(14, all.Distinct().Count());
        Assert.Equal(new[] { EndpointA, EndpointB }, all.Take(2));
    }

    [Fact]
    public async Task Virtual_interfaces_by_connection_by_id_and_paged()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        async Task<IEnumerable<string>> Ids(DxVirtualInterfaceQuery q) => (await emu.DirectConnect.DescribeVirtualInterfacesAsync(q, null, None)).Items.Select(v => v.VirtualInterfaceId);

        Assert.Equal(new[] { "dxvif-ffabc123", "dxvif-fgh0hcrk", "dxvif-fgt4k8wq" }, await Ids(new DxVirtualInterfaceQuery()));
        Assert.Equal(new[] { "dxvif-ffabc123", "dxvif-fgh0hcrk" }, await Ids(new DxVirtualInterfaceQuery { ConnectionId = "dxcon-fguhmqlc" }));
        Assert.Equal(new[] { "dxvif-fgt4k8wq" }, await Ids(new DxVirtualInterfaceQuery { ConnectionId = "dxcon-fgr7n2km" }));
        Assert.Equal(new[] { "dxvif-fgt4k8wq" }, await Ids(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-fgt4k8wq" }));

        var transit = Assert.Single((await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-fgt4k8wq" }, null, None)).Items);
        Assert.Equal("transit", transit.VirtualInterfaceType);
        Assert.Equal(new[] { AddressFamily.IPv4, AddressFamily.IPv6 }, transit.BgpPeers.Select(p => p.AddressFamily!.Value));

        var all = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { MaxResults = 1 }, token, None);
            all.AddRange(page.Items.Select(v => v.VirtualInterfaceId));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(3, all.Distinct().Count());

        using var bad = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", """{"nextToken":"garbage"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
