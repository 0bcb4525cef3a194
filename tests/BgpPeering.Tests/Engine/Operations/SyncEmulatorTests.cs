using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Planning;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// The sync front doors against the emulator: the reads a plan costs (each endpoint or interface once, batched), and
/// each change made through the retried and reconciled writes, under lost answers, so that a row is adopted and never
/// made twice; a Replace that cannot be finished says so.
/// </summary>
public sealed class SyncEmulatorTests
{
    private const string A = "rse-0123456789abcdef0";
    private static readonly CancellationToken None = CancellationToken.None;

    private static SyncOptions Options(EmulatorFixture emu, bool removeUnlisted = false) =>
        new() { RemoveUnlisted = removeUnlisted, Region = EmulatorFixture.Region, EndpointUrl = emu.Url };

    private static RouteServerSyncRow Row(string endpoint, string address, long asn, string? tags = null) =>
        new(RouteServerRules.BuildCreate(endpoint, address, asn, null, tags is null ? null : RouteServerRules.ParseTagText(tags)), tags is not null);

    private static async Task<EmulatorFixture> StartAsync(Topology? seed = null)
    {
        var emu = await EmulatorFixture.StartAsync(o => o.Seed = seed);
        emu.Session.RouteServer.MutationRetry = MutationFaultTests.Fast(TimeSpan.FromSeconds(2));
        emu.Session.DirectConnect.MutationRetry = MutationFaultTests.Fast(TimeSpan.FromSeconds(2));
        return emu;
    }

    /// <summary>Plans, then makes every change as the cmdlet does (a Keep is written as it is); returns what was written.</summary>
    private static List<PumpEvent> Sync(Func<IOutputSink, CancellationToken, Task<SyncPlan>> plan, Func<PlannedChange, SyncStep> step) =>
        Run(async (sink, ct) =>
        {
            var made = await plan(sink, ct);
            foreach (var r in made.Refusals) sink.Write(PumpEventKind.Error, r);
            foreach (var change in made.Changes)
            {
                if (change.Action == BgpPeerChangeAction.Keep) sink.Write(PumpEventKind.Output, change.Kept(true));
                else await step(change).Run(sink, ct);
            }
        });

    private static List<PumpEvent> SyncRouteServer(EmulatorFixture emu, IReadOnlyList<RouteServerSyncRow> rows, bool removeUnlisted = false)
    {
        var sync = emu.Session.RouteServerPeerSync();
        return Sync((sink, ct) => sync.PlanAsync(rows, Options(emu, removeUnlisted), sink, ct), sync.Step);
    }

    private static List<PumpEvent> SyncDx(EmulatorFixture emu, IReadOnlyList<DxSyncRow> rows, bool removeUnlisted = false)
    {
        var sync = emu.Session.DxBgpPeerSync();
        return Sync((sink, ct) => sync.PlanAsync(rows, Options(emu, removeUnlisted), sink, ct), sync.Step);
    }

    private static async Task<List<RequestLogEntry>> Requests(EmulatorFixture emu) => (await emu.Admin.GetRequestsAsync()).ToList();

    private static List<RouteServerPeer> LivePeers(EmulatorFixture emu)
    {
        var peers = Outputs<RouteServerPeer>(Run((sink, ct) => emu.Session.RouteServerPeers().GetAsync([], new RouteServerPeerQuery(), sink, ct)));
        return peers.Where(RouteServerSyncPlanner.IsLive).ToList();
    }

    /// <summary>A VPC with <paramref name="endpoints"/> endpoints (rse-…0 to rse-…n), each in a subnet of its own.</summary>
    internal static Topology Endpoints(int endpoints)
    {
        var vpc = new VpcSeed { VpcId = "vpc-0a1b2c3d4e5f67890", Cidr = "10.0.0.0/16" };
        var rs = new RouteServerSeed { RouteServerId = "rs-0123456789abcdef0", AmazonSideAsn = 65000 };
        for (var i = 0; i < endpoints; i++)
        {
            vpc.Subnets.Add(new SubnetSeed { SubnetId = "subnet-" + i.ToString("x17"), Cidr = "10.0." + (i + 1) + ".0/24" });
            rs.Endpoints.Add(new EndpointSeed { RouteServerEndpointId = "rse-" + i.ToString("x17"), SubnetId = "subnet-" + i.ToString("x17"), EniAddress = "10.0." + (i + 1) + ".4" });
        }
        vpc.RouteServers.Add(rs);
        var topology = new Topology();
        topology.Vpcs.Add(vpc);
        return topology;
    }

    [Fact]
    public async Task A_thousand_rows_over_ten_endpoints_read_each_endpoint_once_then_keep_them_all_with_two_reads()
    {
        await using var emu = await StartAsync(Endpoints(10));
        var rows = Enumerable.Range(0, 1000).Select(i => Row("rse-" + (i % 10).ToString("x17"), "10.0." + (i % 10 + 1) + "." + (10 + i / 10), 65000 + i)).ToList();

        var first = SyncRouteServer(emu, rows);
        Assert.Empty(ItemErrors(first));
        var made = Outputs<BgpPeerChange>(first);
        Assert.Equal(1000, made.Count);
        Assert.All(made, c => Assert.True(c.Action == BgpPeerChangeAction.Create && c.Applied && c.Peer is RouteServerPeer));
        var log = await Requests(emu);
        Assert.Equal(1, log.Count(q => q.Action == "DescribeRouteServerEndpoints"));
        Assert.Equal(1, log.Count(q => q.Action == "DescribeRouteServerPeers")); // the endpoints were empty: one page
        Assert.Equal(1000, log.Count(q => q.Action == "CreateRouteServerPeer"));

        await emu.Admin.ClearRequestsAsync();
        var second = SyncRouteServer(emu, rows);
        Assert.Empty(ItemErrors(second));
        Assert.All(Outputs<BgpPeerChange>(second), c => Assert.Equal(BgpPeerChangeAction.Keep, c.Action));
        log = await Requests(emu);
        Assert.Equal(["DescribeRouteServerEndpoints", "DescribeRouteServerPeers"], log.Select(q => q.Action).ToArray());
    }

    [Fact]
    public async Task Thirty_rows_under_thirty_percent_lost_create_answers_make_exactly_thirty_peers()
    {
        await using var emu = await StartAsync();
        var rows = Enumerable.Range(0, 30).Select(i => Row(A, "10.0.1." + (100 + i), 65100 + i)).ToList();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "reset", Phase = "after", Action = "CreateRouteServerPeer", Probability = 0.3, Seed = 25 });

        var events = SyncRouteServer(emu, rows);

        Assert.Empty(ItemErrors(events));
        Assert.Equal(30, Outputs<BgpPeerChange>(events).Select(c => c.PeerId).Distinct().Count());
        Assert.Equal(30, LivePeers(emu).Count(p => p.PeerAddress!.StartsWith("10.0.1.1", StringComparison.Ordinal)));
        Assert.Equal(30, (await Requests(emu)).Count(q => q.Action == "CreateRouteServerPeer")); // none sent twice
        Assert.Contains(events, e => e.Kind == PumpEventKind.Verbose && ((string)e.Payload!).Contains("Adopted that result", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Replace_whose_delete_and_create_answers_are_lost_leaves_exactly_one_new_peer()
    {
        await using var emu = await StartAsync();
        var old = Outputs<BgpPeerChange>(SyncRouteServer(emu, [Row(A, "10.0.1.50", 65050, "Name=fw-50")])).Single().PeerId;
        await emu.Admin.ClearRequestsAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "reset", Phase = "after", Action = "DeleteRouteServerPeer", Count = 1 });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Phase = "after", Action = "CreateRouteServerPeer", Count = 1 });

        var events = SyncRouteServer(emu, [Row(A, "10.0.1.50", 65051)]);

        Assert.Empty(ItemErrors(events));
        var change = Outputs<BgpPeerChange>(events).Single();
        Assert.Equal(BgpPeerChangeAction.Replace, change.Action);
        Assert.Equal(old, change.ReplacedPeerId);
        var live = LivePeers(emu).Where(p => p.PeerAddress == "10.0.1.50").ToList();
        var peer = Assert.Single(live);
        Assert.Equal(change.PeerId, peer.RouteServerPeerId);
        Assert.Equal(65051, peer.PeerAsn);
        Assert.Equal("fw-50", peer.Name); // the row named no tags: the old peer's are carried over
        var log = await Requests(emu);
        Assert.Equal(1, log.Count(q => q.Action == "CreateRouteServerPeer" && q.ErrorCode != "DryRunOperation"));
        Assert.Equal(1, log.Count(q => q.Action == "CreateRouteServerPeer" && q.ErrorCode == "DryRunOperation")); // the permission check before the delete
    }

    [Fact]
    public async Task A_Replace_whose_create_fails_after_the_delete_is_one_ReplaceIncomplete_error_and_the_next_sync_creates_the_peer()
    {
        await using var emu = await StartAsync();
        SyncRouteServer(emu, [Row(A, "10.0.1.51", 65051)]);
        // The Replace first sends the create as a DryRun: a seed whose first draw spares that DryRun and whose next
        // ten strike fails every real attempt of the create after the delete.
        var seed = Enumerable.Range(0, 100_000).First(n =>
        {
            var r = new Random(n);
            return r.NextDouble() >= 0.9 && Enumerable.Range(0, 10).All(_ => r.NextDouble() < 0.9);
        });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Phase = "before", Action = "CreateRouteServerPeer", Probability = 0.9, Seed = seed });

        var events = SyncRouteServer(emu, [Row(A, "10.0.1.51", 65052)]);

        var e = Assert.Single(ItemErrors(events));
        Assert.Equal("ReplaceIncomplete", e.ErrorId);
        var target = Assert.IsType<BgpPeerChange>(e.Target);
        Assert.Equal(("10.0.1.51", A), (target.PeerAddress, target.RouteServerEndpointId));
        Assert.Contains("run the sync again", e.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Outputs(events));
        Assert.DoesNotContain(LivePeers(emu), p => p.PeerAddress == "10.0.1.51");

        await emu.Admin.ClearFaultsAsync();
        var again = Outputs<BgpPeerChange>(SyncRouteServer(emu, [Row(A, "10.0.1.51", 65052)])).Single();
        Assert.Equal(BgpPeerChangeAction.Create, again.Action);
        Assert.Equal(65052, Assert.Single(LivePeers(emu), p => p.PeerAddress == "10.0.1.51").PeerAsn);
    }

    [Fact]
    public async Task Tags_are_changed_in_place_even_when_the_CreateTags_answer_is_lost_and_the_session_stays()
    {
        await using var emu = await StartAsync();
        var id = Outputs<BgpPeerChange>(SyncRouteServer(emu, [Row(A, "10.0.1.52", 65052, "Name=fw-52;env=dev;old=1")])).Single().PeerId!;
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "reset", Phase = "after", Action = "CreateTags", Count = 1 });

        var change = Outputs<BgpPeerChange>(SyncRouteServer(emu, [Row(A, "10.0.1.52", 65052, "Name=fw-52;env=prod")])).Single();

        Assert.Equal(BgpPeerChangeAction.Update, change.Action);
        Assert.Equal(id, change.PeerId);
        Assert.Equal("Tags: env dev → prod, -old", change.Reason);
        var peer = Assert.IsType<RouteServerPeer>(change.Peer);
        Assert.Equal("Name=fw-52;env=prod", peer.Tags.ToString());
        var log = await Requests(emu);
        Assert.Equal(0, log.Count(q => q.Action == "DeleteRouteServerPeer"));
        Assert.Equal(1, log.Count(q => q.Action == "CreateTags"));
        Assert.Equal(1, log.Count(q => q.Action == "DeleteTags"));
    }

    [Fact]
    public async Task Direct_Connect_keeps_creates_and_replaces_through_lost_answers_and_a_second_run_changes_nothing()
    {
        await using var emu = await StartAsync();
        var rows = new List<DxSyncRow>
        {
            new(DirectConnectRules.BuildCreate("dxvif-fgt4k8wq", AddressFamily.IPv4, 65010, null, "169.254.100.1/29", "169.254.100.2/29")),
            new(DirectConnectRules.BuildCreate("dxvif-fgt4k8wq", AddressFamily.IPv6, 65010, "a-new-md5-key", null, null)),
            new(DirectConnectRules.BuildCreate("dxvif-fgt4k8wq", AddressFamily.IPv4, 65020, null, null, null)),
        };
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "reset", Phase = "after", Action = "CreateBGPPeer", Count = 2 });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "reset", Phase = "after", Action = "DeleteBGPPeer", Count = 1 });

        var events = SyncDx(emu, rows);

        Assert.Empty(ItemErrors(events));
        Assert.Equal(["Keep dxpeer-fk3m7p2v", "Create", "Replace"], Outputs<BgpPeerChange>(events).Select(c => c.Action + (c.Action == BgpPeerChangeAction.Keep ? " " + c.PeerId : string.Empty)));
        var replaced = Outputs<BgpPeerChange>(events).Single(c => c.Action == BgpPeerChangeAction.Replace);
        Assert.Equal("dxpeer-fq8d2n5t", replaced.ReplacedPeerId);
        Assert.Equal("AuthKey differs; replaced (delete and create)", replaced.Reason);
        var log = await Requests(emu);
        Assert.Equal(2, log.Count(q => q.Action == "CreateBGPPeer"));
        Assert.Equal(1, log.Count(q => q.Action == "DeleteBGPPeer"));
        Assert.Equal(1, log.Count(q => q.Action == "DescribeConnections")); // a second IPv4 peer: logical redundancy matters

        await emu.Admin.ClearRequestsAsync();
        var again = SyncDx(emu, rows);
        Assert.Empty(ItemErrors(again));
        Assert.All(Outputs<BgpPeerChange>(again), c => Assert.Equal(BgpPeerChangeAction.Keep, c.Action));
        Assert.All(await Requests(emu), q => Assert.True(q.Action is "DescribeVirtualInterfaces" or "DescribeConnections", q.Action));
    }
}
