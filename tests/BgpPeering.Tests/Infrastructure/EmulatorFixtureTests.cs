using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>The in-process fixture itself: it starts on a free loopback port, the engine's clients talk to it, and it stops.</summary>
public sealed class EmulatorFixtureTests
{
    [Fact]
    public async Task Starts_on_a_free_loopback_port_and_serves_the_demo_topology_to_the_engine()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        Assert.StartsWith("http://127.0.0.1:", emu.Url, StringComparison.Ordinal);
        Assert.NotEqual(0, emu.Emulator.Port);
        var peers = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);
        var peer = Assert.Single(peers.Items);
        Assert.Equal("rsp-0fedcba9876543210", peer.RouteServerPeerId);
        Assert.Equal(RouteServerState.Available, peer.State);
        Assert.Equal(BgpStatus.Up, peer.BgpStatus);

        var endpoints = await emu.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, CancellationToken.None);
        Assert.Equal(new[] { "rse-0123456789abcdef0", "rse-0fedcba9876543210" }, endpoints.Items.Select(e => e.RouteServerEndpointId));

        var vifs = await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);
        Assert.Equal(3, vifs.Items.Count);

        var health = await emu.Admin.HealthAsync();
        Assert.Equal("ok", health.Status);
        Assert.Equal(emu.Url, health.Endpoint);
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(new[] { "DescribeRouteServerPeers", "DescribeRouteServerEndpoints", "DescribeVirtualInterfaces" }, log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal(200, e.Status));
    }

    [Fact]
    public async Task Two_fixtures_run_side_by_side_on_different_ports_and_stop_cleanly()
    {
        var a = await EmulatorFixture.StartAsync();
        var b = await EmulatorFixture.StartAsync();
        var urlA = a.Url;
        Assert.NotEqual(a.Url, b.Url);
        await a.DisposeAsync();
        await b.DisposeAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(urlA + "/_emulator/health"));
    }
}
