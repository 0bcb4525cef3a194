using BgpPeering.Emulator.Hosting;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>What the Route Server cmdlets do, end to end through the engine and the emulator.</summary>
public sealed class RouteServerEmulatorTests
{
    private const string EndpointA = "rse-0123456789abcdef0";
    private const string EndpointB = "rse-0fedcba9876543210";

    private static NewRouteServerPeerRequest Request(string endpoint, string address, long asn, PeerLivenessDetection liveness = PeerLivenessDetection.BgpKeepalive, params (string, string)[] tags)
    {
        var r = new NewRouteServerPeerRequest { RouteServerEndpointId = endpoint, PeerAddress = address, PeerAsn = asn, PeerLivenessDetection = liveness };
        foreach (var (k, v) in tags) r.Tags.Add(new(k, v));
        return r;
    }

    [Fact]
    public async Task Create_with_tags_BFD_and_a_32_bit_ASN_reads_back_flat()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var events = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(
            Request(EndpointA, "10.0.1.20", 4294967295, PeerLivenessDetection.Bfd, ("Name", "fw-a"), ("env", "prod")), sink, ct));
        var created = Assert.Single(Outputs<RouteServerPeer>(events));
        Assert.Equal(RouteServerState.Pending, created.State);

        emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);
        var read = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([created.RouteServerPeerId], new RouteServerPeerQuery(), sink, ct))).Single();

        Assert.Equal(4294967295L, read.PeerAsn);
        Assert.Equal(PeerLivenessDetection.Bfd, read.PeerLivenessDetection);
        Assert.Equal(RouteServerState.Available, read.State);
        Assert.Equal(BgpStatus.Up, read.BgpStatus);
        Assert.Equal(BgpStatus.Up, read.BfdStatus);
        Assert.Equal("fw-a", read.Name);
        Assert.Equal(new Dictionary<string, string> { ["Name"] = "fw-a", ["env"] = "prod" }, read.Tags);
        Assert.Equal(EndpointA, read.RouteServerEndpointId);
        Assert.False(string.IsNullOrEmpty(read.VpcId));
        Assert.Equal(emu.Url, read.EndpointUrl);
    }

    public static TheoryData<string, string[], int> Filters => new()
    {
        // name, values, how many peers match: the four set up below, plus the seeded rsp-0fedcba9876543210
        // (endpoint B, 10.0.2.10, available, tagged Name=fw-b) where it matches.
        { "route-server-endpoint-id", [EndpointB], 3 },
        { "peer-address", ["10.0.1.31", "10.0.2.32"], 2 },
        { "tag:env", ["lab"], 3 },
        { "tag-key", ["team"], 1 },
        { "state", ["pending"], 4 },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_filter_narrows_the_listing(string name, string[] values, int expected)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        foreach (var r in new[]
        {
            Request(EndpointA, "10.0.1.31", 65001, tags: ("env", "lab")),
            Request(EndpointA, "10.0.1.33", 65003, tags: ("env", "prod")),
            Request(EndpointB, "10.0.2.32", 65002, tags: ("env", "lab")),
            Request(EndpointB, "10.0.2.34", 65004, tags: [("env", "lab"), ("team", "net")]),
        })
        {
            Assert.Empty(ItemErrors(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(r, sink, ct))));
        }
        var query = new RouteServerPeerQuery { MaxResults = 1000 };
        query.Filters.Add(new Filter(name, values));

        var peers = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], query, sink, ct)));

        Assert.Equal(expected, peers.Count);
    }

    [Theory]
    [InlineData("vpc-id")]
    [InlineData("route-server-id")]
    [InlineData("subnet-id")]
    public async Task Topology_filters_match_what_the_peers_carry(string name)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var all = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], new RouteServerPeerQuery(), sink, ct)));
        var sample = Assert.Single(all); // the demo topology's one seeded peer
        var value = name switch { "vpc-id" => sample.VpcId, "route-server-id" => sample.RouteServerId, _ => sample.SubnetId };
        var hit = new RouteServerPeerQuery();
        hit.Filters.Add(new Filter(name, value!));
        var miss = new RouteServerPeerQuery();
        miss.Filters.Add(new Filter(name, name == "subnet-id" ? "subnet-00000000000000000" : name == "vpc-id" ? "vpc-00000000000000000" : "rs-00000000000000000"));

        Assert.Single(Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], hit, sink, ct))));
        Assert.Empty(Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], miss, sink, ct))));
    }

    [Fact]
    public async Task Listing_2500_peers_pages_1000_at_a_time_in_a_stable_order()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 2500; i++)
            emu.State.AddRouteServerPeer(i % 2 == 0 ? EndpointA : EndpointB, (i % 2 == 0 ? "10.0.1." : "10.0.2.") + (5 + i / 2 % 245), 65000 + i);
        await emu.Admin.ClearRequestsAsync();

        var first = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], new RouteServerPeerQuery { MaxResults = 1000 }, sink, ct)));
        var second = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], new RouteServerPeerQuery { MaxResults = 1000 }, sink, ct)));

        Assert.Equal(2501, first.Count);
        Assert.Equal(first.Select(p => p.RouteServerPeerId), second.Select(p => p.RouteServerPeerId));
        Assert.Equal(first.Count, first.Select(p => p.RouteServerPeerId).Distinct().Count());
        Assert.Equal(6, (await emu.Admin.GetRequestsAsync()).Count(r => r.Action == "DescribeRouteServerPeers"));
    }

    [Fact]
    public async Task DryRun_allowed_changes_nothing_and_denied_is_PermissionDenied()
    {
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            // Configured keys replace the default one, so the example key is listed too.
            o.Keys.Add(new EmulatorKey(EmulatorFixture.AccessKey, EmulatorFixture.SecretKey));
            o.Keys.Add(new EmulatorKey("AKIDDENIEDEXAMPLE", "deniedSecretKeyExample0000000000000000000", ["ec2:CreateRouteServerPeer"]));
        });
        var request = Request(EndpointA, "10.0.1.40", 65040);

        var allowed = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).DryRunCreateAsync(request, sink, ct));
        var deniedSession = emu.CreateSession("AKIDDENIEDEXAMPLE", "deniedSecretKeyExample0000000000000000000");
        var denied = Run((sink, ct) => new RouteServerPeers(deniedSession.RouteServer).DryRunCreateAsync(request, sink, ct));
        var deniedForReal = Run((sink, ct) => new RouteServerPeers(deniedSession.RouteServer).CreateAsync(request, sink, ct));

        Assert.Contains(allowed, e => e.Kind == PumpEventKind.Information && ((string)e.Payload!).Contains("would succeed", StringComparison.Ordinal));
        Assert.Equal("PermissionDenied", Assert.Single(ItemErrors(denied)).ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, Assert.Single(ItemErrors(deniedForReal)).Kind);
        Assert.Contains("CreateRouteServerPeer", Assert.Single(ItemErrors(denied)).Exception.Message, StringComparison.Ordinal);
        // Nothing was created by any of it: only the seeded peer is listed.
        Assert.Single(Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([], new RouteServerPeerQuery(), sink, ct))));
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Contains(log, r => r.Action == "CreateRouteServerPeer" && r.ErrorCode == "DryRunOperation" && r.Status == 412);
        Assert.Contains(log, r => r.Action == "CreateRouteServerPeer" && r.ErrorCode == "UnauthorizedOperation" && r.Status == 403);
    }

    [Fact]
    public async Task Invalid_input_the_emulator_refuses_is_an_InvalidArgument_item_error()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var events = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(Request("rse-00000000000000000", "10.0.1.50", 65050), sink, ct));
        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Contains("rse-00000000000000000", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_moves_a_peer_to_deleting_and_a_second_remove_is_a_clear_error()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var peer = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).CreateAsync(Request(EndpointA, "10.0.1.60", 65060), sink, ct))).Single();

        var first = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).RemoveAsync(peer.RouteServerPeerId, passThru: true, sink, ct));
        var second = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).RemoveAsync(peer.RouteServerPeerId, passThru: true, sink, ct));
        var missing = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).RemoveAsync("rsp-0000000000000dead", passThru: true, sink, ct));

        Assert.Equal(RouteServerState.Deleting, Outputs<RouteServerPeer>(first).Single().State);
        Assert.Equal("PeerAlreadyDeleting", Assert.Single(ItemErrors(second)).ErrorId);
        Assert.Equal("ObjectNotFound", Assert.Single(ItemErrors(missing)).ErrorId);
        Assert.Equal("rsp-0000000000000dead", Assert.Single(ItemErrors(missing)).Target);
    }

    [Fact]
    public async Task Remove_WhatIf_is_a_DryRun_that_leaves_the_peer_alone()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var seeded = "rsp-0fedcba9876543210";

        var dry = Run((sink, ct) => new RouteServerPeers(emu.RouteServer).DryRunRemoveAsync(seeded, sink, ct));

        Assert.Contains(dry, e => e.Kind == PumpEventKind.Information && ((string)e.Payload!).Contains(seeded, StringComparison.Ordinal));
        Assert.Empty(ItemErrors(dry));
        var after = Outputs<RouteServerPeer>(Run((sink, ct) => new RouteServerPeers(emu.RouteServer).GetAsync([seeded], new RouteServerPeerQuery(), sink, ct))).Single();
        Assert.Equal(RouteServerState.Available, after.State);
    }

    [Fact]
    public async Task Endpoints_filter_by_vpc_and_by_id_with_a_missing_one_reported()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var all = Outputs<RouteServerEndpoint>(Run((sink, ct) => new RouteServerEndpoints(emu.RouteServer).GetAsync([], new RouteServerEndpointQuery(), sink, ct)));
        Assert.Equal(2, all.Count);
        var byVpc = new RouteServerEndpointQuery();
        byVpc.Filters.Add(new Filter("vpc-id", all[0].VpcId!));

        Assert.Equal(2, Outputs<RouteServerEndpoint>(Run((sink, ct) => new RouteServerEndpoints(emu.RouteServer).GetAsync([], byVpc, sink, ct))).Count);
        var mixed = Run((sink, ct) => new RouteServerEndpoints(emu.RouteServer).GetAsync([EndpointA, "rse-00000000000000000"], new RouteServerEndpointQuery(), sink, ct));
        Assert.Equal(EndpointA, Outputs<RouteServerEndpoint>(mixed).Single().RouteServerEndpointId);
        Assert.Equal("rse-00000000000000000", Assert.Single(ItemErrors(mixed)).Target);
    }
}
