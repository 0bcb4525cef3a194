using BgpPeering.Engine.Operations;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>Tab completion of IDs: asked of the API with a short timeout, cached per session, never throwing.</summary>
public sealed class IdCompletionTests
{
    [Fact]
    public async Task Ids_come_from_the_api_and_a_second_tab_is_answered_from_the_cache()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var completion = new IdCompletion(emu.Clock);
        await emu.Admin.ClearRequestsAsync();

        var peers = completion.RouteServerPeerIds(emu.Session);
        var endpoints = completion.RouteServerEndpointIds(emu.Session);
        var vifs = completion.VirtualInterfaceIds(emu.Session);
        var dxPeers = completion.DxBgpPeerIds(emu.Session);
        var again = completion.RouteServerPeerIds(emu.Session);

        Assert.Equal(["rsp-0fedcba9876543210"], peers);
        Assert.Equal(2, endpoints.Count);
        Assert.Equal(3, vifs.Count);
        Assert.Contains("dxpeer-fgq9j6xo", dxPeers);
        Assert.Same(peers, again);
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(1, log.Count(r => r.Action == "DescribeRouteServerPeers"));

        emu.Advance(completion.CacheLifetime);
        completion.RouteServerPeerIds(emu.Session);
        Assert.Equal(2, (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "DescribeRouteServerPeers"));
    }

    [Fact]
    public async Task An_unreachable_endpoint_completes_nothing_and_does_not_throw()
    {
        // Real time: nothing listens on the port, so the call fails fast; the timeout only bounds a hang.
        var completion = new IdCompletion { Timeout = TimeSpan.FromSeconds(20) };
        var session = TestSessions.Session("http://127.0.0.1:9");

        var ids = await Task.Run(() => completion.RouteServerPeerIds(session));

        Assert.Empty(ids);
    }
}
