using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.State;

/// <summary>
/// The state machines, driven only by the fake clock: Route Server peers pending → available, BGP down → up (or never,
/// or flapping), BFD with bfd liveness, deleting → deleted → gone; Direct Connect peers likewise, with unknown status.
/// </summary>
public sealed class SimulatedLifeTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private static readonly CancellationToken None = CancellationToken.None;

    private static NewRouteServerPeerRequest Peer(string address, PeerLivenessDetection? liveness = null, long asn = 65001) =>
        new() { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = address, PeerAsn = asn, PeerLivenessDetection = liveness };

    private static async Task<RouteServerPeer> Read(EmulatorFixture emu, string id)
    {
        var query = new RouteServerPeerQuery();
        query.RouteServerPeerIds.Add(id);
        return Assert.Single((await emu.RouteServer.DescribePeersAsync(query, null, None)).Items);
    }

    [Fact]
    public async Task A_bfd_peer_goes_pending_then_available_then_bgp_and_bfd_up_exactly_on_the_delays()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;

        var created = await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.10", PeerLivenessDetection.Bfd), None);
        Assert.Equal(RouteServerState.Pending, created.State);
        Assert.Equal(BgpStatus.Down, created.BgpStatus);
        Assert.Equal(BgpStatus.Down, created.BfdStatus);
        Assert.Equal(PeerLivenessDetection.Bfd, created.PeerLivenessDetection);

        emu.Advance(d.PeerAvailable - Tick);
        Assert.Equal(RouteServerState.Pending, (await Read(emu, created.RouteServerPeerId)).State);

        emu.Advance(Tick);
        var available = await Read(emu, created.RouteServerPeerId);
        Assert.Equal(RouteServerState.Available, available.State);
        Assert.Equal(BgpStatus.Down, available.BgpStatus);

        emu.Advance(d.BgpUp - Tick);
        Assert.Equal(BgpStatus.Down, (await Read(emu, created.RouteServerPeerId)).BgpStatus);
        emu.Advance(Tick);
        var up = await Read(emu, created.RouteServerPeerId);
        Assert.Equal(BgpStatus.Up, up.BgpStatus);
        Assert.Equal(BgpStatus.Up, up.BfdStatus);
    }

    [Fact]
    public async Task A_keepalive_peer_comes_up_without_bfd()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var created = await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.11"), None);
        Assert.Equal(PeerLivenessDetection.BgpKeepalive, created.PeerLivenessDetection);

        emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);

        var peer = await Read(emu, created.RouteServerPeerId);
        Assert.Equal(BgpStatus.Up, peer.BgpStatus);
        Assert.Equal(BgpStatus.Down, peer.BfdStatus);
    }

    [Fact]
    public async Task Delete_goes_through_deleting_and_deleted_and_the_peer_vanishes_after_the_retention()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;
        var id = (await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.12", PeerLivenessDetection.Bfd), None)).RouteServerPeerId;
        emu.Advance(d.PeerAvailable + d.BgpUp);

        var deleting = await emu.RouteServer.DeletePeerAsync(id, None);
        Assert.Equal(RouteServerState.Deleting, deleting.State);
        Assert.Equal(BgpStatus.Down, deleting.BgpStatus);
        Assert.Equal(BgpStatus.Down, deleting.BfdStatus);
        var again = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DeletePeerAsync(id, None));
        Assert.Equal("IncorrectState", again.ErrorCode);

        emu.Advance(d.PeerDelete);
        Assert.Equal(RouteServerState.Deleted, (await Read(emu, id)).State);
        Assert.Equal("IncorrectState", (await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DeletePeerAsync(id, None))).ErrorCode);

        emu.Advance(d.DeletedRetention - Tick);
        Assert.Equal(RouteServerState.Deleted, (await Read(emu, id)).State);
        emu.Advance(Tick);
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => Read(emu, id));
        Assert.Equal("InvalidRouteServerPeerId.NotFound", gone.ErrorCode);
        var all = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None);
        Assert.DoesNotContain(all.Items, p => p.RouteServerPeerId == id);
        Assert.Equal(1, emu.State.RouteServerPeerCount); // the demo's own peer
    }

    [Fact]
    public async Task Seed_rules_make_a_session_that_never_comes_up_one_that_flaps_and_a_peer_that_fails()
    {
        var seed = Topology.Demo();
        seed.Rules.Add(new PeerRuleSeed { PeerAddress = "10.0.1.66", BgpBehaviour = "never" });
        seed.Rules.Add(new PeerRuleSeed { PeerAddress = "10.0.1.77", BgpBehaviour = "flap" });
        seed.Rules.Add(new PeerRuleSeed { Asn = 65099, FailureReason = "The peer address is not reachable from the route server endpoint." });
        await using var emu = await EmulatorFixture.StartAsync(o => o.Seed = seed);
        var d = emu.Delays;

        var never = (await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.66"), None)).RouteServerPeerId;
        var flap = (await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.77", PeerLivenessDetection.Bfd), None)).RouteServerPeerId;
        var fails = (await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.88", asn: 65099), None)).RouteServerPeerId;

        emu.Advance(d.PeerAvailable + d.BgpUp);
        Assert.Equal(BgpStatus.Down, (await Read(emu, never)).BgpStatus);
        Assert.Equal(BgpStatus.Up, (await Read(emu, flap)).BgpStatus);
        var failed = await Read(emu, fails);
        Assert.Equal(RouteServerState.Failed, failed.State);
        Assert.Equal("The peer address is not reachable from the route server endpoint.", failed.FailureReason);
        Assert.Equal(BgpStatus.Unknown, failed.BgpStatus); // AWS sends no bgpStatus for a failed peer

        emu.Advance(d.FlapUp);
        var downPhase = await Read(emu, flap);
        Assert.Equal(BgpStatus.Down, downPhase.BgpStatus);
        Assert.Equal(BgpStatus.Down, downPhase.BfdStatus);
        emu.Advance(d.FlapDown);
        Assert.Equal(BgpStatus.Up, (await Read(emu, flap)).BgpStatus);

        emu.Advance(TimeSpan.FromDays(1));
        Assert.Equal(BgpStatus.Down, (await Read(emu, never)).BgpStatus);
        Assert.Equal(RouteServerState.Available, (await Read(emu, never)).State);
    }

    [Fact]
    public async Task Speed_divides_every_delay_and_a_seed_overrides_the_defaults()
    {
        var seed = Topology.Demo();
        seed.Simulation = new SimulationSeed { Delays = new DelaysSeed { PeerAvailable = 40, BgpUp = 20 } };
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            o.Seed = seed;
            o.Speed = 10;
        });

        Assert.Equal(TimeSpan.FromSeconds(4), emu.Delays.PeerAvailable);
        Assert.Equal(TimeSpan.FromSeconds(2), emu.Delays.BgpUp);
        Assert.Equal(TimeSpan.FromSeconds(1), emu.Delays.PeerDelete); // the 10 s default, ten times faster
        var id = (await emu.RouteServer.CreatePeerAsync(Peer("10.0.1.13"), None)).RouteServerPeerId;
        emu.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(BgpStatus.Up, (await Read(emu, id)).BgpStatus);
    }

    [Fact]
    public async Task Admin_pins_hold_a_status_until_set_back_to_auto_and_a_set_state_continues_the_simulation()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;
        const string demoPeer = "rsp-0fedcba9876543210";
        Assert.Equal(BgpStatus.Up, (await Read(emu, demoPeer)).BgpStatus);

        var pinned = await emu.Admin.SetPeerStatusAsync(demoPeer, new PeerStatusChange { BgpStatus = "down" });
        Assert.Equal("down", pinned.BgpStatus);
        emu.Advance(TimeSpan.FromHours(1));
        Assert.Equal(BgpStatus.Down, (await Read(emu, demoPeer)).BgpStatus);
        await emu.Admin.SetPeerStatusAsync(demoPeer, new PeerStatusChange { BgpStatus = "auto" });
        Assert.Equal(BgpStatus.Up, (await Read(emu, demoPeer)).BgpStatus);

        var pending = await emu.Admin.SetPeerStatusAsync(demoPeer, new PeerStatusChange { State = "pending" });
        Assert.Equal("pending", pending.State);
        Assert.Equal("down", pending.BgpStatus);
        emu.Advance(d.PeerAvailable + d.BgpUp);
        var back = await Read(emu, demoPeer);
        Assert.Equal(RouteServerState.Available, back.State);
        Assert.Equal(BgpStatus.Up, back.BgpStatus);

        await emu.Admin.SetPeerStatusAsync(demoPeer, new PeerStatusChange { BfdStatus = "up" });
        Assert.Equal(BgpStatus.Up, (await Read(emu, demoPeer)).BfdStatus);
    }

    [Fact]
    public async Task A_direct_connect_peer_goes_pending_then_available_then_up_and_is_deleted_then_gone()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var d = emu.Delays;

        var vif = await emu.DirectConnect.CreateBgpPeerAsync(new NewDxBgpPeerRequest
        {
            VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv6, Asn = 64600,
        }, None);
        var created = Assert.Single(vif.BgpPeers, p => p.AddressFamily == AddressFamily.IPv6);
        Assert.Matches("^dxpeer-[a-z0-9]{8}$", created.BgpPeerId);
        Assert.Equal(DxBgpPeerState.Pending, created.State);
        Assert.Equal(BgpStatus.Down, created.BgpStatus);
        Assert.NotNull(created.AuthKey); // generated when not given

        emu.Advance(d.DxPeerAvailable);
        Assert.Equal(DxBgpPeerState.Available, (await DxPeer(emu, created.BgpPeerId)).State);
        Assert.Equal(BgpStatus.Down, (await DxPeer(emu, created.BgpPeerId)).BgpStatus);
        emu.Advance(d.DxBgpUp);
        Assert.Equal(BgpStatus.Up, (await DxPeer(emu, created.BgpPeerId)).BgpStatus);

        var afterDelete = await emu.DirectConnect.DeleteBgpPeerAsync(created.BgpPeerId, None);
        Assert.Equal(DxBgpPeerState.Deleting, Assert.Single(afterDelete.BgpPeers, p => p.BgpPeerId == created.BgpPeerId).State);
        emu.Advance(d.DxPeerDelete);
        Assert.Equal(DxBgpPeerState.Deleted, (await DxPeer(emu, created.BgpPeerId)).State);
        emu.Advance(d.DxDeletedRetention);
        var vifs = await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-ffabc123" }, null, None);
        Assert.DoesNotContain(vifs.Items.Single().BgpPeers, p => p.BgpPeerId == created.BgpPeerId);
        Assert.Null(emu.State.GetPeerStatus(created.BgpPeerId));
    }

    [Fact]
    public async Task Direct_connect_bgp_status_can_be_unknown()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        // The demo's public VIF peer waits for prefix verification.
        var verifying = await DxPeer(emu, "dxpeer-fz1y2x3w");
        Assert.Equal(DxBgpPeerState.Verifying, verifying.State);
        Assert.Equal(BgpStatus.Unknown, verifying.BgpStatus);

        var status = await emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { BgpBehaviour = "unknown" });
        Assert.Equal("unknown", status.BgpStatus);
        Assert.Equal(BgpStatus.Unknown, (await DxPeer(emu, "dxpeer-fgq9j6xo")).BgpStatus);
        await emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { BgpBehaviour = "up", BgpStatus = "down" });
        Assert.Equal(BgpStatus.Down, (await DxPeer(emu, "dxpeer-fgq9j6xo")).BgpStatus);
    }

    [Fact]
    public async Task Transitions_are_computed_from_the_clock_on_read_with_no_request_in_between()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var id = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.20", 65020, "bfd");
        Assert.Equal("pending", emu.State.GetPeerStatus(id)!.State);
        emu.Advance(TimeSpan.FromDays(3));
        var status = emu.State.GetPeerStatus(id)!;
        Assert.Equal(("available", "up", "up"), (status.State, status.BgpStatus, status.BfdStatus));
    }

    private static async Task<DxBgpPeer> DxPeer(EmulatorFixture emu, string id)
    {
        var vifs = await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None);
        return vifs.Items.SelectMany(v => v.BgpPeers).Single(p => p.BgpPeerId == id);
    }
}
