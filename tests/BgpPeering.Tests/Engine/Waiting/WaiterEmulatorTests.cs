using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>
/// Wait-BgpPeerUp's engine against the emulator, in virtual time: peers come up at scripted random times on the
/// emulator's clock, the waiter sleeps on the same clock, and the emulator's request log shows what it cost.
/// </summary>
public sealed class WaiterEmulatorTests
{
    /// <summary>Peers stay pending until a test says otherwise.</summary>
    private static void Frozen(EmulatorOptions o) => o.Delays = new SimulationDelays
    {
        PeerAvailable = TimeSpan.FromDays(1),
        DxPeerAvailable = TimeSpan.FromDays(1),
        BgpUp = TimeSpan.FromDays(1),
        DxBgpUp = TimeSpan.FromDays(1),
    };

    private static async Task<List<string>> AddRouteServerPeersAsync(EmulatorFixture emu, int count)
    {
        var endpoints = (await emu.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, CancellationToken.None)).Items;
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var endpoint = endpoints[i % endpoints.Count];
            var prefix = endpoint.EniAddress![..endpoint.EniAddress!.LastIndexOf('.')];
            ids.Add(emu.State.AddRouteServerPeer(endpoint.RouteServerEndpointId, prefix + "." + (5 + i / endpoints.Count), 65000 + i));
        }
        return ids;
    }

    /// <summary>Brings a peer up (available, BGP up) at <paramref name="at"/> on the emulator's clock.</summary>
    private static ITimer UpAt(EmulatorFixture emu, string peerId, TimeSpan at) =>
        emu.Clock.CreateTimer(_ => emu.State.SetPeerStatus(peerId, new PeerStatusChange { State = "available", BgpStatus = "up" }), null, at, Timeout.InfiniteTimeSpan);

    [Fact]
    public async Task Five_hundred_route_server_and_five_direct_connect_peers_cost_one_call_per_batch_and_interface_per_round()
    {
        await using var emu = await EmulatorFixture.StartAsync(Frozen);
        var rsIds = await AddRouteServerPeersAsync(emu, 500);
        var created = await emu.DirectConnect.CreateBgpPeerAsync(
            new NewDxBgpPeerRequest { VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv6, AsnLong = 65020 }, CancellationToken.None);
        var dxPeers = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None)).Items
            .SelectMany(v => v.BgpPeers).ToList();
        Assert.Equal(5, dxPeers.Count);
        foreach (var p in dxPeers) emu.State.SetPeerStatus(p.BgpPeerId, new PeerStatusChange { State = "pending", BgpStatus = "down" });

        var random = new Random(7);
        var upAt = rsIds.Concat(dxPeers.Select(p => p.BgpPeerId)).ToDictionary(id => id, _ => TimeSpan.FromSeconds(random.NextDouble() * 30));
        var timers = upAt.Select(kv => UpAt(emu, kv.Key, kv.Value)).ToList();
        var start = emu.Clock.GetUtcNow();
        await emu.Admin.ClearRequestsAsync();
        var targets = rsIds.Select(id => WaitTarget.ForRouteServerPeerId(emu.Session, id))
            .Concat(dxPeers.Select(p => WaitTarget.For(emu.Session, p))).ToList();
        var sink = new RecordingSink(emu.Clock);
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(11)).RunAsync(targets, new WaitOptions(), sink, CancellationToken.None);

        Assert.Empty(sink.Of<ItemError>(PumpEventKind.Error));
        var emitted = sink.Events.Where(e => e.Kind == PumpEventKind.Output).ToDictionary(e => ((IBgpPeer)e.Payload!).PeerId, e => e.At - start);
        Assert.Equal(505, emitted.Count);

        var log = (await emu.Admin.GetRequestsAsync()).Where(r => r.Service != "admin").ToList();
        var rounds = log.GroupBy(r => r.Timestamp).OrderBy(g => g.Key).ToList();
        Assert.All(rounds, round =>
        {
            Assert.True(round.Count(r => r.Action == "DescribeRouteServerPeers") <= 1, "more than one DescribeRouteServerPeers in a round");
            Assert.True(round.Count(r => r.Action == "DescribeVirtualInterfaces") <= 3, "more DescribeVirtualInterfaces than interfaces in a round");
        });
        Assert.Equal(3, rounds[0].Count(r => r.Action == "DescribeVirtualInterfaces")); // five peers on three interfaces
        Assert.True(log.Count <= rounds.Count * 4);

        // Latency: every peer is written in the first round at or after it came up.
        var roundTimes = rounds.Select(r => r.Key - start).ToList();
        foreach (var (id, at) in upAt)
            Assert.Equal(roundTimes.First(t => t >= at), emitted[id]);
        Assert.All(roundTimes.Zip(roundTimes.Skip(1), (a, b) => b - a), gap => Assert.True(gap <= TimeSpan.FromSeconds(36), "gap " + gap));
        Assert.Equal(created.BgpPeers.Single(p => p.AddressFamily == AddressFamily.IPv6).BgpPeerId, dxPeers.Single(p => p.AddressFamily == AddressFamily.IPv6 && p.VirtualInterfaceId == "dxvif-ffabc123").BgpPeerId);
        foreach (var t in timers) t.Dispose();
    }

    [Fact]
    public async Task A_failed_peer_errors_at_once_a_silent_one_times_out_and_throttling_is_survived()
    {
        await using var emu = await EmulatorFixture.StartAsync(Frozen);
        var ids = await AddRouteServerPeersAsync(emu, 3);
        using var up = UpAt(emu, ids[0], TimeSpan.FromSeconds(20));
        using var fail = emu.Clock.CreateTimer(_ => emu.State.SetPeerStatus(ids[1], new PeerStatusChange { State = "failed", FailureReason = "Peer address unreachable." }),
            null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        // Every attempt of the first two rounds is throttled (three attempts a call under Standard retries).
        emu.Emulator.InjectFault(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 6 });
        var sink = new RecordingSink(emu.Clock);
        var start = emu.Clock.GetUtcNow();
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(3)).RunAsync(ids.Select(id => WaitTarget.ForRouteServerPeerId(emu.Session, id)).ToList(),
            new WaitOptions { Timeout = TimeSpan.FromMinutes(2) }, sink, CancellationToken.None);

        Assert.Equal(ids[0], Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output)).RouteServerPeerId);
        var errors = sink.Events.Where(e => e.Kind == PumpEventKind.Error).Select(e => (Error: (ItemError)e.Payload!, e.At)).ToList();
        var failed = Assert.Single(errors, e => e.Error.ErrorId == "PeerFailed");
        Assert.Equal(ids[1], failed.Error.Target);
        Assert.Contains("Peer address unreachable.", failed.Error.Exception.Message, StringComparison.Ordinal);
        Assert.True(failed.At - start < TimeSpan.FromSeconds(60), "the failure was not reported at once");
        var timedOut = Assert.Single(errors, e => e.Error.ErrorId == "WaitTimedOut");
        Assert.Equal(ids[2], timedOut.Error.Target);
        Assert.Equal(ErrorKind.OperationTimeout, timedOut.Error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), timedOut.At - start);
        Assert.Contains(sink.Verbose, v => v.Contains("RequestLimitExceeded", StringComparison.Ordinal));
        Assert.Contains(await emu.Admin.GetRequestsAsync(), r => r.ErrorCode == "RequestLimitExceeded");
    }
    /// <summary>Every Route Server peer the seed has and one Direct Connect peer, as waiter targets of <paramref name="session"/>.</summary>
    private static async Task<List<WaitTarget>> TargetsAsync(EmulatorFixture emu, BgpPeering.Engine.Session.AwsSession session)
    {
        var ids = await AddRouteServerPeersAsync(emu, 2);
        var vif = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None)).Items.First(v => v.BgpPeers.Count > 0);
        var targets = ids.Select(id => WaitTarget.ForRouteServerPeerId(session, id)).ToList();
        targets.Add(WaitTarget.ForDxBgpPeerId(session, vif.VirtualInterfaceId, vif.BgpPeers[0].BgpPeerId));
        return targets;
    }

    [Fact]
    public async Task A_rejected_secret_key_dooms_the_wait_with_AuthenticationFailed_like_every_other_cmdlet()
    {
        await using var emu = await EmulatorFixture.StartAsync(Frozen);
        var targets = await TargetsAsync(emu, emu.CreateSession(secretKey: "rejected-secret-key-00000000000000000000"));
        var sink = new RecordingSink(emu.Clock);
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(3)).RunAsync(targets, new WaitOptions { Timeout = TimeSpan.FromMinutes(2) }, sink, CancellationToken.None);

        var errors = sink.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal("AuthenticationFailed", e.ErrorId);
            Assert.Equal(ErrorKind.AuthenticationError, e.Kind);
            Assert.True(e.DoomsTheCall, "a rejected key must end the call");
            Assert.Contains(targets, t => ReferenceEquals(t.Input, e.Target));
        });
        Assert.Empty(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        // AWS really refused the signature: the emulator logged it.
        Assert.Contains(await emu.Admin.GetRequestsAsync(), r => r.ErrorCode is "AuthFailure" or "InvalidSignatureException");
    }

    [Fact]
    public async Task A_permission_denial_is_PermissionDenied_for_each_peer_at_once_and_not_a_timeout()
    {
        const string DeniedKey = "AKIDDENIEDEXAMPLE";
        const string DeniedSecret = "denied-secret-key-0000000000000000000000";
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            Frozen(o);
            o.Keys.Add(EmulatorKey.Example());
            o.Keys.Add(new EmulatorKey(DeniedKey, DeniedSecret, ["DescribeRouteServerPeers", "DescribeVirtualInterfaces"]));
        });
        var targets = await TargetsAsync(emu, emu.CreateSession(DeniedKey, DeniedSecret));
        var sink = new RecordingSink(emu.Clock);
        var start = emu.Clock.GetUtcNow();
        emu.Clock.AutoAdvance = true;

        await new PeerWaiter(emu.Clock, new Random(3)).RunAsync(targets, new WaitOptions { Timeout = TimeSpan.FromMinutes(2) }, sink, CancellationToken.None);

        var errors = sink.Of<ItemError>(PumpEventKind.Error).ToList();
        Assert.Equal(targets.Count, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("PermissionDenied", e.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, e.Kind);
            Assert.False(e.DoomsTheCall);
        });
        Assert.Equal(targets.Select(t => t.Input), errors.Select(e => e.Target));
        Assert.True(emu.Clock.GetUtcNow() - start < TimeSpan.FromMinutes(1), "the wait ran on towards its timeout");
    }
}
