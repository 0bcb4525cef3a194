using System.Net;
using System.Text;
using System.Text.Json;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Admin;

/// <summary>The test-control API under /_emulator/: no signature, JSON in and out.</summary>
public sealed class AdminApiTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Health_reports_the_endpoint_counts_and_the_simulated_time()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.Advance(TimeSpan.FromMinutes(3));

        var health = await emu.Admin.HealthAsync();

        Assert.Equal(("ok", emu.Url, "123456789012", "us-east-1"), (health.Status, health.Endpoint, health.AccountId, health.Region));
        Assert.Equal(emu.Clock.GetUtcNow(), health.Time);
        Assert.Equal((1, 4, 1), (health.RouteServerPeers, health.DirectConnectPeers, health.Epoch));
    }

    [Fact]
    public async Task The_request_log_records_service_action_status_error_code_and_simulated_time()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None);
        emu.Advance(TimeSpan.FromSeconds(30));
        await emu.RouteServer.DryRunDeletePeerAsync("rsp-0fedcba9876543210", None);
        await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None);

        var log = await emu.Admin.GetRequestsAsync();

        Assert.Equal(new[]
        {
            ("EC2", "DescribeRouteServerPeers", 200, (string?)null),
            ("EC2", "DeleteRouteServerPeer", 412, "DryRunOperation"),
            ("DirectConnect", "DescribeVirtualInterfaces", 200, null),
        }, log.Select(e => (e.Service, e.Action, e.Status, e.ErrorCode)));
        Assert.Equal(new[] { 1L, 2L, 3L }, log.Select(e => e.Sequence));
        Assert.Equal(emu.Clock.GetUtcNow() - TimeSpan.FromSeconds(30), log[0].Timestamp);
        Assert.Equal(emu.Clock.GetUtcNow(), log[1].Timestamp);
        Assert.All(log, e => Assert.Equal("AKIDEXAMPLE", e.AccessKeyId));
        Assert.Equal(3, log.Select(e => e.RequestId).Distinct().Count());

        // The raw JSON uses lowerCamel names.
        var raw = await emu.Http.GetStringAsync(emu.Url + "/_emulator/requests");
        using var doc = JsonDocument.Parse(raw);
        var first = doc.RootElement[0];
        Assert.Equal("EC2", first.GetProperty("service").GetString());
        Assert.Equal("DescribeRouteServerPeers", first.GetProperty("action").GetString());
        Assert.Equal(200, first.GetProperty("status").GetInt32());
        Assert.True(first.TryGetProperty("timestamp", out _));

        await emu.Admin.ClearRequestsAsync();
        Assert.Empty(await emu.Admin.GetRequestsAsync());
    }

    [Fact]
    public async Task Reset_returns_to_the_start_seed_or_loads_the_posted_one_and_clears_the_rest()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.RouteServer.CreatePeerAsync(new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 }, None);
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Count = 9 });
        Assert.Equal(2, emu.State.RouteServerPeerCount);

        var health = await emu.Admin.ResetAsync();
        Assert.Equal((1, 2), (health.RouteServerPeers, health.Epoch));
        Assert.Empty(await emu.Admin.GetRequestsAsync());
        Assert.Single((await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items); // no fault left

        var seed = new Topology
        {
            AccountId = "210987654321",
            Vpcs =
            {
                new VpcSeed
                {
                    VpcId = "vpc-0ffffffffffffffff",
                    Subnets = { new SubnetSeed { SubnetId = "subnet-0ffffffffffffffff", Cidr = "192.168.7.0/24" } },
                    RouteServers =
                    {
                        new RouteServerSeed
                        {
                            RouteServerId = "rs-0ffffffffffffffff",
                            Endpoints = { new EndpointSeed { RouteServerEndpointId = "rse-0ffffffffffffffff", SubnetId = "subnet-0ffffffffffffffff", GeneratePeers = new GeneratePeersSeed { Count = 3 } } },
                        },
                    },
                },
            },
        };
        health = await emu.Admin.ResetAsync(seed);
        Assert.Equal(("210987654321", 3, 0), (health.AccountId, health.RouteServerPeers, health.DirectConnectPeers));
        var peers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items;
        Assert.Equal(new[] { "192.168.7.20", "192.168.7.21", "192.168.7.22" }, peers.Select(p => p.PeerAddress)); // endpoint .4, peers from .4 + 16
        Assert.All(peers, p => Assert.Equal("192.168.7.4", p.EndpointEniAddress));

        using var bad = await emu.Http.PostAsync(emu.Url + "/_emulator/reset", new StringContent("""{"vpcs":[{"vpcId":"vpc-1","colour":"blue"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("colour", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A seed that parses but cannot be loaded leaves the emulator as it was.
        var duplicate = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.ResetAsync(Topology.Parse("""{"vpcs":[{"vpcId":"vpc-1"},{"vpcId":"vpc-1"}]}""")));
        Assert.Contains("appears twice", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(3, emu.State.RouteServerPeerCount);
        Assert.Equal("210987654321", (await emu.Admin.HealthAsync()).AccountId);
    }

    [Fact]
    public async Task A_seed_that_fails_to_load_leaves_the_live_world_untouched_peers_created_since_the_start_included()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var created = emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.10", 65001);
        var before = (await emu.Admin.HealthAsync()).Epoch;

        // The bad seed is built as a world of its own and never swapped in: the peer made through the API is still
        // there (reloading the start seed would have dropped it), and the epoch, so paging tokens, did not move.
        var duplicate = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.ResetAsync(Topology.Parse("""{"directConnect":{"connections":[{"connectionId":"dxcon-aaaaaaaa"},{"connectionId":"dxcon-aaaaaaaa"}]}}""")));
        Assert.Contains("appears twice", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal((2, 4), (emu.State.RouteServerPeerCount, emu.State.DirectConnectPeerCount));
        Assert.Equal("pending", emu.State.GetPeerStatus(created)?.State);
        Assert.Equal(before, (await emu.Admin.HealthAsync()).Epoch);
    }

    [Fact]
    public async Task Peer_status_works_for_route_server_and_direct_connect_ids_and_refuses_bad_input()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var rs = await emu.Admin.SetPeerStatusAsync("rsp-0fedcba9876543210", new PeerStatusChange { State = "failed", FailureReason = "Peer unreachable." });
        Assert.Equal(("route-server", "failed", (string?)null), (rs.Kind, rs.State, rs.BgpStatus));
        var query = new RouteServerPeerQuery();
        query.RouteServerPeerIds.Add("rsp-0fedcba9876543210");
        Assert.Equal("Peer unreachable.", (await emu.RouteServer.DescribePeersAsync(query, null, None)).Items.Single().FailureReason);

        var dx = await emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { State = "deleting" });
        Assert.Equal(("direct-connect", "deleting", "down"), (dx.Kind, dx.State, dx.BgpStatus));
        Assert.Equal("deleting", (await emu.Admin.GetPeerStatusAsync("dxpeer-fgq9j6xo")).State);

        var unknown = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.SetPeerStatusAsync("rsp-00000000000000000", new PeerStatusChange { State = "available" }));
        Assert.Equal(404, unknown.StatusCode);
        var badState = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.SetPeerStatusAsync("rsp-0fedcba9876543210", new PeerStatusChange { State = "sleeping" }));
        Assert.Equal(400, badState.StatusCode);
        Assert.Contains("pending, available, deleting, deleted, failing, failed", badState.Message, StringComparison.Ordinal);
        var bfdOnDx = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.SetPeerStatusAsync("dxpeer-fgq9j6xo", new PeerStatusChange { BfdStatus = "up" }));
        Assert.Contains("no BFD status", bfdOnDx.Message, StringComparison.Ordinal);
        var unknownOnRs = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.SetPeerStatusAsync("rsp-0fedcba9876543210", new PeerStatusChange { BgpBehaviour = "unknown" }));
        Assert.Contains("Direct Connect", unknownOnRs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_admin_paths_answer_404_with_the_list_of_endpoints()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var response = await emu.Http.GetAsync(emu.Url + "/_emulator/clock");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("POST peers/{id}/status", text, StringComparison.Ordinal);
        var faults = await emu.Http.GetStringAsync(emu.Url + "/_emulator/faults");
        Assert.Equal("[]", faults);
    }
}
