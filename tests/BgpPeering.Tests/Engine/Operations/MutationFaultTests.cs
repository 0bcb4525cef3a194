using BgpPeering.Emulator.Admin;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// Issue 15: each mutation (CreateRouteServerPeer, DeleteRouteServerPeer, CreateBGPPeer, DeleteBGPPeer) under each
/// fault class — before the write, after the write (a 500, a reset, a delay past the attempt timeout), a throttling
/// storm, the endpoint going away — against the emulator: exactly the peers asked for exist afterwards, the row has
/// exactly one outcome, and an error carries the module's ID, its category, the row as target and the row's key in
/// its message.
/// </summary>
public sealed class MutationFaultTests
{
    private const string Endpoint = "rse-0123456789abcdef0";
    private const string ProdVif = "dxvif-ffabc123";
    private static readonly CancellationToken None = CancellationToken.None;

    public enum Mutation { CreateRouteServerPeer, DeleteRouteServerPeer, CreateBGPPeer, DeleteBGPPeer }

    public enum Fault { None, ThrottleBefore, InternalErrorBefore, ResetBefore, InternalErrorAfter, ResetAfter, LatencyAfter, ThrottlingStorm, EndpointGone }

    public static TheoryData<Mutation, Fault> Cases()
    {
        var data = new TheoryData<Mutation, Fault>();
        foreach (var m in Enum.GetValues<Mutation>())
            foreach (var f in Enum.GetValues<Fault>())
                data.Add(m, f);
        return data;
    }

    internal static MutationRetryOptions Fast(TimeSpan? attemptTimeout = null) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(20),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_mutation_under_each_fault_class_ends_in_one_outcome_and_the_world_agrees(Mutation mutation, Fault fault)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var session = emu.Session;
        session.RouteServer.MutationRetry = Fast(TimeSpan.FromSeconds(1));
        session.DirectConnect.MutationRetry = Fast(TimeSpan.FromSeconds(1));
        if (session.RouteServer.Client.ServiceConfig.RetryPolicy is { } p1) p1.MaxBackoffInMilliseconds = 5;
        if (session.DirectConnect.Client.ServiceConfig.RetryPolicy is { } p2) p2.MaxBackoffInMilliseconds = 5;

        // Set-up without faults: the peer a delete removes.
        var rsCreate = RouteServerRules.BuildCreate(Endpoint, "10.0.1.77", 65077, PeerLivenessDetection.BgpKeepalive, null);
        var dxCreate = DirectConnectRules.BuildCreate(ProdVif, AddressFamily.IPv6, 65077, null, null, null);
        string? existing = null;
        if (mutation == Mutation.DeleteRouteServerPeer) existing = (await emu.RouteServer.CreatePeerAsync(rsCreate, None)).RouteServerPeerId;
        if (mutation == Mutation.DeleteBGPPeer)
        {
            var vif = await emu.DirectConnect.CreateBgpPeerAsync(dxCreate, None);
            existing = vif.BgpPeers.Single(x => x.AddressFamily == AddressFamily.IPv6).BgpPeerId;
        }

        var action = mutation.ToString();
        var service = mutation is Mutation.CreateBGPPeer or Mutation.DeleteBGPPeer ? "DirectConnect" : "EC2";
        await InjectAsync(emu, fault, action, service);
        var gone = fault == Fault.EndpointGone;
        await emu.Admin.ClearRequestsAsync();

        // The endpoint going away: the same session's clients, pointed at a port nothing listens on.
        var client = gone ? emu.CreateSession() : session;
        if (gone)
        {
            client = Infrastructure.TestSessions.Session("http://127.0.0.1:" + ClosedPort(), time: emu.Clock);
            client.RouteServer.MutationRetry = Fast();
            client.DirectConnect.MutationRetry = Fast();
        }

        object target;
        List<PumpEvent> events;
        switch (mutation)
        {
            case Mutation.CreateRouteServerPeer:
                target = rsCreate;
                events = Run((s, ct) => new RouteServerPeers(client.RouteServer).CreateAsync(rsCreate, s, ct));
                break;
            case Mutation.DeleteRouteServerPeer:
                target = existing!;
                events = Run((s, ct) => new RouteServerPeers(client.RouteServer).RemoveAsync(existing!, true, s, ct));
                break;
            case Mutation.CreateBGPPeer:
                target = dxCreate;
                events = Run((s, ct) => new DxBgpPeers(client.DirectConnect).CreateAsync(dxCreate, s, ct));
                break;
            default:
                var del = DxBgpPeerDeleteRequest.ById(existing!);
                target = del;
                events = Run((s, ct) => new DxBgpPeers(client.DirectConnect).RemoveAsync(del, true, s, ct));
                break;
        }
        await emu.Admin.ClearFaultsAsync();

        var outputs = Outputs(events);
        var errors = ItemErrors(events);
        Assert.Equal(1, outputs.Count + errors.Count); // exactly one outcome for the row
        var expectFailure = fault is Fault.ThrottlingStorm or Fault.EndpointGone;
        if (expectFailure)
        {
            var error = Assert.Single(errors);
            Assert.Equal(fault == Fault.ThrottlingStorm ? "Throttled" : "ConnectionFailed", error.ErrorId);
            Assert.Equal(fault == Fault.ThrottlingStorm ? ErrorKind.LimitsExceeded : ErrorKind.ConnectionError, error.Kind);
            Assert.Same(target, error.Target);
            Assert.Contains(target.ToString()!, error.Exception.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(errors);
        }

        // The world: read without faults.
        var rsPeers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items;
        var dxPeers = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = ProdVif }, null, None)).Items.Single().BgpPeers;
        switch (mutation)
        {
            case Mutation.CreateRouteServerPeer:
                var made = rsPeers.Where(x => x.PeerAddress == "10.0.1.77" && x.RouteServerEndpointId == Endpoint).ToList();
                Assert.Equal(expectFailure ? 0 : 1, made.Count);
                if (!expectFailure) Assert.Equal(made[0].RouteServerPeerId, ((RouteServerPeer)outputs[0]).RouteServerPeerId);
                break;
            case Mutation.CreateBGPPeer:
                var v6 = dxPeers.Where(x => x.AddressFamily == AddressFamily.IPv6 && x.Asn == 65077).ToList();
                Assert.Equal(expectFailure ? 0 : 1, v6.Count);
                if (!expectFailure) Assert.Equal(v6[0].BgpPeerId, ((DxBgpPeer)outputs[0]).BgpPeerId);
                break;
            case Mutation.DeleteRouteServerPeer:
                var rs = rsPeers.SingleOrDefault(x => x.RouteServerPeerId == existing);
                if (expectFailure) Assert.False(rs!.State is RouteServerState.Deleting or RouteServerState.Deleted, "deleted although the remove failed");
                else Assert.True(rs is null || rs.State is RouteServerState.Deleting or RouteServerState.Deleted, "the peer was not deleted: " + rs?.State);
                break;
            default:
                var dx = dxPeers.SingleOrDefault(x => x.BgpPeerId == existing);
                if (expectFailure) Assert.NotNull(dx);
                if (expectFailure) Assert.False(dx!.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted);
                else Assert.True(dx is null || dx.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted, "the peer was not deleted: " + dx?.State);
                break;
        }

        // A lost response is said in -Verbose, and the result adopted.
        var verbose = events.Where(e => e.Kind == PumpEventKind.Verbose).Select(e => (string)e.Payload!).ToList();
        if (fault is Fault.InternalErrorAfter or Fault.ResetAfter or Fault.LatencyAfter)
            Assert.Contains(verbose, v => v.Contains("Adopted that result", StringComparison.Ordinal));

        // Never a blind resend after the write: one send of the mutation when its response was lost after it.
        var sends = (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == action);
        if (fault is Fault.InternalErrorAfter or Fault.ResetAfter or Fault.LatencyAfter) Assert.Equal(1, sends);
    }

    /// <summary>
    /// Injects <paramref name="fault"/> for <paramref name="action"/> (nothing for None and EndpointGone, which the
    /// caller plays by pointing its client at a closed port).
    /// </summary>
    internal static async Task InjectAsync(EmulatorFixture emu, Fault fault, string action, string service)
    {
        switch (fault)
        {
            case Fault.ThrottleBefore: await Inject("throttling", "before", 2); break;
            case Fault.InternalErrorBefore: await Inject("internalError", "before", 2); break;
            case Fault.ResetBefore: await Inject("reset", "before", 1); break;
            case Fault.InternalErrorAfter: await Inject("internalError", "after", 1); break;
            case Fault.ResetAfter: await Inject("reset", "after", 1); break;
            case Fault.LatencyAfter:
                // The write is made, then the answer waits a day on the emulator's (never advanced) clock: far past
                // the one-second attempt timeout.
                await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "latency", Phase = "after", Action = action, LatencyMs = 86_400_000, Count = 1 });
                break;
            case Fault.ThrottlingStorm: await Inject("throttling", "before", 1000); break;
        }

        Task Inject(string kind, string phase, int count) =>
            emu.Admin.InjectFaultAsync(new FaultSpec { Kind = kind, Phase = phase, Action = action, Service = service, Count = count });
    }

    [Fact]
    public async Task A_create_whose_every_response_is_lost_after_the_write_makes_one_peer_and_reports_it()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.RouteServer.MutationRetry = Fast();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Phase = "after", Action = "CreateRouteServerPeer", Probability = 1 });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Phase = "after", Action = "CreateBGPPeer", Probability = 1 });
        var rs = RouteServerRules.BuildCreate(Endpoint, "10.0.1.78", 65078, PeerLivenessDetection.BgpKeepalive, null);
        var dx = DirectConnectRules.BuildCreate("dxvif-fgt4k8wq", AddressFamily.IPv4, 65078, null, "169.254.60.1/30", "169.254.60.2/30");
        emu.DirectConnect.MutationRetry = Fast();

        var rsEvents = Run((s, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(rs, s, ct));
        var dxEvents = Run((s, ct) => new DxBgpPeers(emu.DirectConnect).CreateAsync(dx, s, ct));

        Assert.Empty(ItemErrors(rsEvents));
        Assert.Single(Outputs(rsEvents));
        Assert.Empty(ItemErrors(dxEvents));
        var dxPeer = Assert.IsType<DxBgpPeer>(Assert.Single(Outputs(dxEvents)));
        await emu.Admin.ClearFaultsAsync();
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(1, log.Count(r => r.Action == "CreateRouteServerPeer"));
        Assert.Equal(1, log.Count(r => r.Action == "CreateBGPPeer"));
        Assert.Single((await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items, p => p.PeerAddress == "10.0.1.78");
        Assert.Single((await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = "dxvif-fgt4k8wq" }, null, None)).Items[0].BgpPeers,
            p => p.BgpPeerId == dxPeer.BgpPeerId && p.Asn == 65078);
    }

    [Fact]
    public async Task A_first_remove_of_a_peer_already_deleting_is_still_PeerAlreadyDeleting()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var rs = RouteServerRules.BuildCreate(Endpoint, "10.0.1.79", 65079, PeerLivenessDetection.BgpKeepalive, null);
        var id = (await emu.RouteServer.CreatePeerAsync(rs, None)).RouteServerPeerId;
        await emu.RouteServer.DeletePeerAsync(id, None);

        var events = Run((s, ct) => new RouteServerPeers(emu.RouteServer).RemoveAsync(id, false, s, ct));

        Assert.Equal("PeerAlreadyDeleting", Assert.Single(ItemErrors(events)).ErrorId);
    }

    [Fact]
    public async Task The_sdk_sends_a_mutation_once_and_retries_a_read()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.RouteServer.Client.ServiceConfig.RetryPolicy!.MaxBackoffInMilliseconds = 5;
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Action = "CreateRouteServerPeer", Count = 1 });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Action = "DescribeRouteServerPeers", Count = 1 });
        var rs = RouteServerRules.BuildCreate(Endpoint, "10.0.1.80", 65080, PeerLivenessDetection.BgpKeepalive, null);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.CreatePeerAsync(rs, None));
        Assert.Equal(500, ex.StatusCode);
        await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None);

        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(1, log.Count(r => r.Action == "CreateRouteServerPeer"));
        Assert.Equal(2, log.Count(r => r.Action == "DescribeRouteServerPeers"));
    }

    internal static int ClosedPort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
