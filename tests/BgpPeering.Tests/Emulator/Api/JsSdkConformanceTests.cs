using System.Text.Json;
using System.Text.Json.Nodes;
using BgpPeering.Emulator.State;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Api;

/// <summary>One emulator (demo topology) and one JavaScript SDK process for the whole class.</summary>
public sealed class JsSdkConformanceFixture : IAsyncLifetime
{
    private EmulatorFixture? _emulator;
    private JsSdkProcess? _sdk;

    public EmulatorFixture Emulator => _emulator ?? throw new InvalidOperationException("The emulator was not started.");

    public JsSdkProcess Sdk => _sdk ?? throw new InvalidOperationException(JsSdk.UnavailableReason ?? "The JavaScript SDK harness was not started.");

    public async Task InitializeAsync()
    {
        // Where the harness cannot run, the tests are skipped (and say why) or, under CI, fail with the reason: the
        // fixture then starts nothing, and Sdk throws that reason.
        if (JsSdk.UnavailableReason is not null) return;
        _emulator = await EmulatorFixture.StartAsync();
        _sdk = JsSdkProcess.Start();
    }

    public async Task DisposeAsync()
    {
        if (_sdk is not null) await _sdk.DisposeAsync();
        if (_emulator is not null) await _emulator.DisposeAsync();
    }
}

/// <summary>
/// The emulator's answers as the official AWS SDK for JavaScript v3 parses them (tests/sdk-js/call.mjs): every
/// case calls the emulator through the SDK and asserts on the values the SDK produced, so an element the SDK does
/// not know (a wrong name, a PascalCase element, a <c>&lt;member&gt;</c> entry) shows up as a missing value, not a pass.
/// <para>A case is one row of <see cref="Cases"/>: the service and operation, an <c>Arrange</c> that may set up state
/// (in the emulator, or through the SDK) and returns the SDK input, and a <c>Check</c> on the SDK's answer. Adding an
/// operation is adding a row. Rows share one emulator, so each works on resources of its own.</para>
/// </summary>
public sealed class JsSdkConformanceTests : IClassFixture<JsSdkConformanceFixture>
{
    private const string Rs = "rs-0123456789abcdef0";
    private const string RseA = "rse-0123456789abcdef0";
    private const string RseB = "rse-0fedcba9876543210";
    private const string SeededPeer = "rsp-0fedcba9876543210";
    private const string Vpc = "vpc-0a1b2c3d4e5f67890";

    private readonly JsSdkConformanceFixture _fixture;

    public JsSdkConformanceTests(JsSdkConformanceFixture fixture) => _fixture = fixture;

    /// <summary>What a case's Arrange and Check can use.</summary>
    public sealed class CaseContext
    {
        internal CaseContext(JsSdkConformanceFixture fixture) => Fixture = fixture;

        private JsSdkConformanceFixture Fixture { get; }

        public EmulatorFixture Emulator => Fixture.Emulator;

        /// <summary>Values Arrange hands to Check (IDs it created, pages it read).</summary>
        public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>Another SDK call against the same emulator (set-up, or an earlier page).</summary>
        public Task<SdkAnswer> CallAsync(string service, string operation, object input) => Fixture.Sdk.CallAsync(Emulator.Url, service, operation, input);
    }

    public sealed record SdkCase(string Service, string Operation, Func<CaseContext, Task<object>> Arrange, Action<SdkAnswer, CaseContext> Check);

    private static Func<CaseContext, Task<object>> Input(object input) => _ => Task.FromResult(input);

    /// <summary>The cases, by name (the theory's data). Service is <c>ec2</c> or <c>directconnect</c>.</summary>
    public static readonly IReadOnlyDictionary<string, SdkCase> Cases = new Dictionary<string, SdkCase>(StringComparer.Ordinal)
    {
        // ---------------------------------------------------------------- EC2: Route Server
        ["DescribeRouteServerEndpoints lists both demo endpoints with every member"] = new("ec2", "DescribeRouteServerEndpoints", Input(new { }), (answer, _) =>
        {
            var endpoints = Items(answer.Ok(), "RouteServerEndpoints");
            Assert.Equal(new[] { RseA, RseB }, endpoints.Select(e => (string?)e["RouteServerEndpointId"]));
            var a = endpoints[0];
            Assert.Equal(Rs, (string?)a["RouteServerId"]);
            Assert.Equal(Vpc, (string?)a["VpcId"]);
            Assert.Equal("subnet-0a1b2c3d4e5f67890", (string?)a["SubnetId"]);
            Assert.Equal("eni-0a1b2c3d4e5f67890", (string?)a["EniId"]);
            Assert.Equal("10.0.1.4", (string?)a["EniAddress"]);
            Assert.Equal("available", (string?)a["State"]);
            Assert.Equal(new[] { "Name=rse-a" }, Tags(a));
            Assert.Equal("10.0.2.4", (string?)endpoints[1]["EniAddress"]);
            Assert.Null(answer.Ok()["NextToken"]);
        }),
        ["DescribeRouteServerEndpoints with DryRun is DryRunOperation"] = new("ec2", "DescribeRouteServerEndpoints", Input(new { DryRun = true }), (answer, _) =>
            Assert.Contains("DryRun", answer.Error("DryRunOperation", 412), StringComparison.Ordinal)),
        ["CreateRouteServerPeer returns the pending peer with a 32-bit ASN, BFD and tags"] = new("ec2", "CreateRouteServerPeer", Input(new
        {
            RouteServerEndpointId = RseA,
            PeerAddress = "10.0.1.21",
            BgpOptions = new { PeerAsn = 4200000001L, PeerLivenessDetection = "bfd" },
            TagSpecifications = new[] { new { ResourceType = "route-server-peer", Tags = new[] { new { Key = "Name", Value = "fw-js" }, new { Key = "env", Value = "test" } } } },
        }), (answer, ctx) =>
        {
            var peer = answer.Ok()["RouteServerPeer"]!.AsObject();
            var id = (string)peer["RouteServerPeerId"]!;
            Assert.Matches("^rsp-[0-9a-f]{17}$", id);
            Assert.Equal(RseA, (string?)peer["RouteServerEndpointId"]);
            Assert.Equal(Rs, (string?)peer["RouteServerId"]);
            Assert.Equal(Vpc, (string?)peer["VpcId"]);
            Assert.Equal("subnet-0a1b2c3d4e5f67890", (string?)peer["SubnetId"]);
            Assert.Equal("eni-0a1b2c3d4e5f67890", (string?)peer["EndpointEniId"]);
            Assert.Equal("10.0.1.4", (string?)peer["EndpointEniAddress"]);
            Assert.Equal("10.0.1.21", (string?)peer["PeerAddress"]);
            Assert.Equal("pending", (string?)peer["State"]);
            Assert.Equal(JsonValueKind.Number, peer["BgpOptions"]!["PeerAsn"]!.GetValueKind());
            Assert.Equal(4200000001L, (long)peer["BgpOptions"]!["PeerAsn"]!);
            Assert.Equal("bfd", (string?)peer["BgpOptions"]!["PeerLivenessDetection"]);
            Assert.Equal("down", (string?)peer["BgpStatus"]!["Status"]);
            Assert.Equal("down", (string?)peer["BfdStatus"]!["Status"]);
            Assert.Equal(new[] { "Name=fw-js", "env=test" }, Tags(peer));
            Assert.Equal("pending", ctx.Emulator.State.GetPeerStatus(id)?.State);
        }),
        ["CreateRouteServerPeer with DryRun is DryRunOperation and creates nothing"] = new("ec2", "CreateRouteServerPeer", ctx =>
        {
            ctx.Values["count"] = ctx.Emulator.State.RouteServerPeerCount;
            return Task.FromResult<object>(new { RouteServerEndpointId = RseA, PeerAddress = "10.0.1.22", BgpOptions = new { PeerAsn = 65022L }, DryRun = true });
        }, (answer, ctx) =>
        {
            answer.Error("DryRunOperation", 412);
            Assert.Equal((int)ctx.Values["count"], ctx.Emulator.State.RouteServerPeerCount);
        }),
        ["CreateRouteServerPeer with a malformed address is InvalidParameterValue naming PeerAddress"] = new("ec2", "CreateRouteServerPeer",
            Input(new { RouteServerEndpointId = RseA, PeerAddress = "10.0.1.999", BgpOptions = new { PeerAsn = 65001L } }), (answer, _) =>
            Assert.Contains("PeerAddress", answer.Error("InvalidParameterValue", 400), StringComparison.Ordinal)),
        ["DescribeRouteServerPeers by ID returns the seeded peer"] = new("ec2", "DescribeRouteServerPeers", Input(new { RouteServerPeerIds = new[] { SeededPeer } }), (answer, _) =>
        {
            var output = answer.Ok();
            var peer = Assert.Single(Items(output, "RouteServerPeers"));
            Assert.Equal(SeededPeer, (string?)peer["RouteServerPeerId"]);
            Assert.Equal(RseB, (string?)peer["RouteServerEndpointId"]);
            Assert.Equal("10.0.2.10", (string?)peer["PeerAddress"]);
            Assert.Equal("10.0.2.4", (string?)peer["EndpointEniAddress"]);
            Assert.Equal("available", (string?)peer["State"]);
            Assert.Equal(4200000001L, (long)peer["BgpOptions"]!["PeerAsn"]!);
            Assert.Equal("bgp-keepalive", (string?)peer["BgpOptions"]!["PeerLivenessDetection"]);
            Assert.Equal("up", (string?)peer["BgpStatus"]!["Status"]);
            Assert.Equal(new[] { "Name=fw-b" }, Tags(peer));
            Assert.Null(output["NextToken"]);
        }),
        ["DescribeRouteServerPeers pages with MaxResults and NextToken until the last page"] = new("ec2", "DescribeRouteServerPeers", async ctx =>
        {
            var ids = Enumerable.Range(1, 7)
                .Select(i => ctx.Emulator.State.AddRouteServerPeer(RseA, "10.0.1." + (100 + i), 65100 + i, tags: new[] { KeyValuePair.Create("suite", "js-paging") }))
                .ToList();
            ctx.Values["ids"] = ids;
            var filter = new[] { new { Name = "tag:suite", Values = new[] { "js-paging" } } };
            var first = (await ctx.CallAsync("ec2", "DescribeRouteServerPeers", new { Filters = filter, MaxResults = 5 })).Ok();
            ctx.Values["first"] = Items(first, "RouteServerPeers").Select(p => (string)p["RouteServerPeerId"]!).ToList();
            var token = (string?)first["NextToken"];
            Assert.False(string.IsNullOrEmpty(token), "the first page of 5 of 7 has a NextToken: " + first.ToJsonString());
            return new { Filters = filter, MaxResults = 5, NextToken = token };
        }, (answer, ctx) =>
        {
            var output = answer.Ok();
            var first = (List<string>)ctx.Values["first"];
            var second = Items(output, "RouteServerPeers").Select(p => (string)p["RouteServerPeerId"]!).ToList();
            Assert.Equal(5, first.Count);
            Assert.Equal(2, second.Count);
            Assert.Null(output["NextToken"]);
            Assert.Equal(((List<string>)ctx.Values["ids"]).Order(StringComparer.Ordinal), first.Concat(second).Order(StringComparer.Ordinal));
        }),
        ["DeleteRouteServerPeer returns the peer deleting"] = new("ec2", "DeleteRouteServerPeer", ctx =>
        {
            var id = ctx.Emulator.State.AddRouteServerPeer(RseA, "10.0.1.30", 65030);
            ctx.Values["id"] = id;
            return Task.FromResult<object>(new { RouteServerPeerId = id });
        }, (answer, ctx) =>
        {
            var peer = answer.Ok()["RouteServerPeer"]!.AsObject();
            Assert.Equal((string)ctx.Values["id"], (string?)peer["RouteServerPeerId"]);
            Assert.Equal("10.0.1.30", (string?)peer["PeerAddress"]);
            Assert.Equal(65030L, (long)peer["BgpOptions"]!["PeerAsn"]!);
            Assert.Equal("deleting", (string?)peer["State"]);
            Assert.Equal("deleting", ctx.Emulator.State.GetPeerStatus((string)ctx.Values["id"])?.State);
        }),
        ["DeleteRouteServerPeer of an unknown peer is InvalidRouteServerPeerId.NotFound"] = new("ec2", "DeleteRouteServerPeer",
            Input(new { RouteServerPeerId = "rsp-0000000000000dead" }), (answer, _) =>
            Assert.Contains("rsp-0000000000000dead", answer.Error("InvalidRouteServerPeerId.NotFound", 400), StringComparison.Ordinal)),

        ["GetRouteServerRoutingDatabase lists the best path in-fib with its route tables and the other in-rib"] = new("ec2", "GetRouteServerRoutingDatabase", ctx =>
        {
            var a = UpPeer(ctx, "10.0.1.121", 65121);
            var b = UpPeer(ctx, "10.0.1.122", 65122);
            ctx.Emulator.State.SetPeerRoutes(a, [RouteSeed.Of("10.130.0.0/16", [65121], 10)]);
            ctx.Emulator.State.SetPeerRoutes(b, [RouteSeed.Of("10.130.0.0/16", [65122, 65123], 20)]);
            (ctx.Values["a"], ctx.Values["b"]) = (a, b);
            return Task.FromResult<object>(new { RouteServerId = Rs, Filters = new[] { new { Name = "route-search.subnet-of-match", Values = new[] { "10.130.0.0/16" } } } });
        }, (answer, ctx) =>
        {
            var output = answer.Ok();
            Assert.False((bool)output["AreRoutesPersisted"]!);
            Assert.Null(output["NextToken"]);
            var routes = Items(output, "Routes");
            Assert.Equal(2, routes.Count);
            var best = Assert.Single(routes, r => (string?)r["RouteServerPeerId"] == (string)ctx.Values["a"]);
            Assert.Equal("in-fib", (string?)best["RouteStatus"]);
            Assert.Equal("10.130.0.0/16", (string?)best["Prefix"]);
            Assert.Equal(RseA, (string?)best["RouteServerEndpointId"]);
            Assert.Equal("10.0.1.121", (string?)best["NextHopIp"]);
            Assert.Equal(JsonValueKind.Number, best["Med"]!.GetValueKind());
            Assert.Equal(10, (int)best["Med"]!);
            Assert.Equal(new[] { "65121" }, best["AsPaths"]!.AsArray().Select(x => (string?)x));
            Assert.Equal(new[] { "rtb-0a1b2c3d4e5f67890=installed", "rtb-0b1c2d3e4f5a67890=installed" },
                Items(best, "RouteInstallationDetails").Select(d => (string?)d["RouteTableId"] + "=" + (string?)d["RouteInstallationStatus"]));
            var other = Assert.Single(routes, r => (string?)r["RouteServerPeerId"] == (string)ctx.Values["b"]);
            Assert.Equal("in-rib", (string?)other["RouteStatus"]);
            Assert.Equal(new[] { "65122", "65123" }, other["AsPaths"]!.AsArray().Select(x => (string?)x));
            Assert.Null(other["RouteInstallationDetails"]);
        }),
        ["GetRouteServerRoutingDatabase reports a route a table rejected, with the reason"] = new("ec2", "GetRouteServerRoutingDatabase",
            Input(new { RouteServerId = Rs, Filters = new[] { new { Name = "route-search.exact-match", Values = new[] { "10.61.0.0/16" } } } }), (answer, _) =>
        {
            var route = Assert.Single(Items(answer.Ok(), "Routes"));
            Assert.Equal((SeededPeer, "in-fib", "10.0.2.10"), ((string?)route["RouteServerPeerId"], (string?)route["RouteStatus"], (string?)route["NextHopIp"]));
            var rejected = Assert.Single(Items(route, "RouteInstallationDetails"), d => (string?)d["RouteInstallationStatus"] == "rejected");
            Assert.Equal("rtb-0b1c2d3e4f5a67890", (string?)rejected["RouteTableId"]);
            Assert.Equal("Route table rtb-0b1c2d3e4f5a67890 already has a static route for 10.61.0.0/16", (string?)rejected["RouteInstallationStatusReason"]);
        }),
        ["GetRouteServerRoutingDatabase pages with MaxResults and NextToken until the last page"] = new("ec2", "GetRouteServerRoutingDatabase", async ctx =>
        {
            var id = UpPeer(ctx, "10.0.1.123", 65123);
            ctx.Emulator.State.SetPeerRoutes(id, Enumerable.Range(0, 7).Select(i => RouteSeed.Of("10.131." + i + ".0/24", [65123])).ToList());
            var filters = new[] { new { Name = "route-search.subnet-of-match", Values = new[] { "10.131.0.0/16" } } };
            var first = (await ctx.CallAsync("ec2", "GetRouteServerRoutingDatabase", new { RouteServerId = Rs, Filters = filters, MaxResults = 5 })).Ok();
            ctx.Values["first"] = Items(first, "Routes").Select(r => (string)r["Prefix"]!).ToList();
            var token = (string?)first["NextToken"];
            Assert.False(string.IsNullOrEmpty(token), "the first page of 5 of 7 has a NextToken: " + first.ToJsonString());
            return new { RouteServerId = Rs, Filters = filters, MaxResults = 5, NextToken = token };
        }, (answer, ctx) =>
        {
            var output = answer.Ok();
            var prefixes = ((List<string>)ctx.Values["first"]).Concat(Items(output, "Routes").Select(r => (string)r["Prefix"]!));
            Assert.Equal(Enumerable.Range(0, 7).Select(i => "10.131." + i + ".0/24"), prefixes);
            Assert.Null(output["NextToken"]);
        }),
        ["GetRouteServerRoutingDatabase with DryRun is DryRunOperation"] = new("ec2", "GetRouteServerRoutingDatabase", Input(new { RouteServerId = Rs, DryRun = true }), (answer, _) =>
            Assert.Contains("DryRun", answer.Error("DryRunOperation", 412), StringComparison.Ordinal)),
        ["GetRouteServerRoutingDatabase of an unknown route server is InvalidRouteServerId.NotFound"] = new("ec2", "GetRouteServerRoutingDatabase",
            Input(new { RouteServerId = "rs-0000000000000dead" }), (answer, _) =>
            Assert.Contains("rs-0000000000000dead", answer.Error("InvalidRouteServerId.NotFound", 400), StringComparison.Ordinal)),
        ["GetRouteServerRoutingDatabase with a filter it does not take is InvalidParameterValue"] = new("ec2", "GetRouteServerRoutingDatabase",
            Input(new { RouteServerId = Rs, Filters = new[] { new { Name = "route-server-peer-id", Values = new[] { SeededPeer } } } }), (answer, _) =>
            Assert.Contains("route-server-peer-id", answer.Error("InvalidParameterValue", 400), StringComparison.Ordinal)),

        // ---------------------------------------------------------------- Direct Connect
        ["DescribeVirtualInterfaces by ID returns the public interface, its 32-bit ASN and its peer"] = new("directconnect", "DescribeVirtualInterfaces",
            Input(new { virtualInterfaceId = "dxvif-fgh0hcrk" }), (answer, _) =>
        {
            var vif = Assert.Single(Items(answer.Ok(), "virtualInterfaces"));
            Assert.Equal("dxvif-fgh0hcrk", (string?)vif["virtualInterfaceId"]);
            Assert.Equal("dxcon-fguhmqlc", (string?)vif["connectionId"]);
            Assert.Equal("public", (string?)vif["virtualInterfaceType"]);
            Assert.Equal("vif-public", (string?)vif["virtualInterfaceName"]);
            Assert.Equal("verifying", (string?)vif["virtualInterfaceState"]);
            Assert.Equal(202, (int)vif["vlan"]!);
            Assert.Equal(4200000001L, (long)vif["asnLong"]!);
            Assert.Equal(7224L, (long)vif["amazonSideAsn"]!);
            Assert.Equal("123456789012", (string?)vif["ownerAccount"]);
            Assert.Equal("us-east-1", (string?)vif["region"]);
            Assert.Equal(new[] { "203.0.113.0/24" }, Items(vif, "routeFilterPrefixes").Select(p => (string?)p["cidr"]));
            var peer = Assert.Single(Items(vif, "bgpPeers"));
            Assert.Equal("dxpeer-fz1y2x3w", (string?)peer["bgpPeerId"]);
            Assert.Equal(4200000001L, (long)peer["asnLong"]!);
            Assert.Equal("ipv4", (string?)peer["addressFamily"]);
            Assert.Equal("203.0.113.1/30", (string?)peer["amazonAddress"]);
            Assert.Equal("203.0.113.2/30", (string?)peer["customerAddress"]);
            Assert.Equal("verifying", (string?)peer["bgpPeerState"]);
            Assert.Equal("unknown", (string?)peer["bgpStatus"]);
            Assert.Matches("^[0-9a-f-]{36}$", answer.RequestId);
        }),
        ["DescribeVirtualInterfaces by connection lists its interface and both address families"] = new("directconnect", "DescribeVirtualInterfaces",
            Input(new { connectionId = "dxcon-fgr7n2km" }), (answer, _) =>
        {
            var vif = Assert.Single(Items(answer.Ok(), "virtualInterfaces"));
            Assert.Equal("dxvif-fgt4k8wq", (string?)vif["virtualInterfaceId"]);
            Assert.Equal("transit", (string?)vif["virtualInterfaceType"]);
            Assert.Equal(8500, (int)vif["mtu"]!);
            Assert.True((bool)vif["jumboFrameCapable"]!);
            Assert.Equal("8a1e7c52-0d4b-4f0e-9c3d-2f6aexample", (string?)vif["directConnectGatewayId"]);
            var peers = Items(vif, "bgpPeers");
            var v4 = Assert.Single(peers, p => (string?)p["bgpPeerId"] == "dxpeer-fk3m7p2v");
            Assert.Equal("ipv4", (string?)v4["addressFamily"]);
            Assert.Equal(65010L, (long)v4["asn"]!);
            Assert.Equal("169.254.100.1/29", (string?)v4["amazonAddress"]);
            Assert.Equal("available", (string?)v4["bgpPeerState"]);
            Assert.Equal("up", (string?)v4["bgpStatus"]);
            var v6 = Assert.Single(peers, p => (string?)p["bgpPeerId"] == "dxpeer-fq8d2n5t");
            Assert.Equal("ipv6", (string?)v6["addressFamily"]);
            Assert.Equal("2001:db8:1100:2f0::2/125", (string?)v6["customerAddress"]);
        }),
        ["CreateBGPPeer adds a pending IPv6 peer and returns the interface"] = new("directconnect", "CreateBGPPeer",
            Input(new { virtualInterfaceId = "dxvif-ffabc123", newBGPPeer = new { asn = 64600, addressFamily = "ipv6" } }), (answer, ctx) =>
        {
            var vif = answer.Ok()["virtualInterface"]!.AsObject();
            Assert.Equal("dxvif-ffabc123", (string?)vif["virtualInterfaceId"]);
            var peers = Items(vif, "bgpPeers");
            Assert.Contains(peers, p => (string?)p["bgpPeerId"] == "dxpeer-fgq9j6xo" && (string?)p["bgpStatus"] == "up");
            var created = Assert.Single(peers, p => (string?)p["addressFamily"] == "ipv6");
            var id = (string)created["bgpPeerId"]!;
            Assert.Matches("^dxpeer-[a-z0-9]{8}$", id);
            Assert.Equal(64600L, (long)created["asn"]!);
            Assert.Equal("pending", (string?)created["bgpPeerState"]);
            Assert.False(string.IsNullOrEmpty((string?)created["amazonAddress"]), "AWS assigns IPv6 peer addresses: " + created.ToJsonString());
            Assert.False(string.IsNullOrEmpty((string?)created["customerAddress"]), "AWS assigns IPv6 peer addresses: " + created.ToJsonString());
            Assert.Equal("pending", ctx.Emulator.State.GetPeerStatus(id)?.State);
        }),
        ["CreateBGPPeer of a second IPv4 peer without logical redundancy is DirectConnectClientException"] = new("directconnect", "CreateBGPPeer",
            Input(new { virtualInterfaceId = "dxvif-ffabc123", newBGPPeer = new { asn = 65001, addressFamily = "ipv4", amazonAddress = "169.254.255.5/30", customerAddress = "169.254.255.6/30" } }), (answer, _) =>
        {
            Assert.Contains("dxvif-ffabc123", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f-]{36}$", answer.RequestId);
        }),
        ["DeleteBGPPeer by ID returns the interface with the peer deleting"] = new("directconnect", "DeleteBGPPeer", async ctx =>
        {
            var created = (await ctx.CallAsync("directconnect", "CreateBGPPeer", new
            {
                virtualInterfaceId = "dxvif-fgt4k8wq",
                newBGPPeer = new { asn = 65020, addressFamily = "ipv4", amazonAddress = "169.254.100.3/29", customerAddress = "169.254.100.4/29" },
            })).Ok();
            var id = (string)Items(created["virtualInterface"]!.AsObject(), "bgpPeers").Single(p => (long?)p["asn"] == 65020)["bgpPeerId"]!;
            ctx.Values["id"] = id;
            return new { bgpPeerId = id };
        }, (answer, ctx) =>
        {
            var vif = answer.Ok()["virtualInterface"]!.AsObject();
            Assert.Equal("dxvif-fgt4k8wq", (string?)vif["virtualInterfaceId"]);
            var peer = Assert.Single(Items(vif, "bgpPeers"), p => (string?)p["bgpPeerId"] == (string)ctx.Values["id"]);
            Assert.Equal("deleting", (string?)peer["bgpPeerState"]);
            Assert.Equal("169.254.100.4/29", (string?)peer["customerAddress"]);
        }),
        ["DeleteBGPPeer of an unknown peer is DirectConnectClientException"] = new("directconnect", "DeleteBGPPeer", Input(new { bgpPeerId = "dxpeer-00000000" }), (answer, _) =>
        {
            Assert.Contains("dxpeer-00000000", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f-]{36}$", answer.RequestId);
        }),

        // ---------------------------------------------------------------- Sync: tags on peers, connections
        ["CreateTags adds and overwrites a peer's tags and answers nothing"] = new("ec2", "CreateTags", async ctx =>
        {
            var id = await NewPeerAsync(ctx, "10.0.1.40", "Name=fw-40", "env=dev");
            return new { Resources = new[] { id }, Tags = new[] { new { Key = "env", Value = "prod" }, new { Key = "owner", Value = "" } } };
        }, (answer, ctx) =>
        {
            Assert.Empty(answer.Ok());
            Assert.Equal(new[] { "Name=fw-40", "env=prod", "owner=" }, PeerTags(ctx, (string)ctx.Values["id"]));
        }),
        ["CreateTags with DryRun is DryRunOperation and changes nothing"] = new("ec2", "CreateTags", async ctx =>
        {
            var id = await NewPeerAsync(ctx, "10.0.1.41", "Name=fw-41");
            return new { Resources = new[] { id }, Tags = new[] { new { Key = "Name", Value = "changed" } }, DryRun = true };
        }, (answer, ctx) =>
        {
            answer.Error("DryRunOperation", 412);
            Assert.Equal(new[] { "Name=fw-41" }, PeerTags(ctx, (string)ctx.Values["id"]));
        }),
        ["CreateTags of an unknown peer is InvalidRouteServerPeerId.NotFound"] = new("ec2", "CreateTags",
            Input(new { Resources = new[] { "rsp-0123456789abcdef9" }, Tags = new[] { new { Key = "Name", Value = "x" } } }), (answer, _) =>
            Assert.Contains("rsp-0123456789abcdef9", answer.Error("InvalidRouteServerPeerId.NotFound", 400), StringComparison.Ordinal)),
        ["CreateTags of an ID the emulator does not tag is InvalidID"] = new("ec2", "CreateTags",
            Input(new { Resources = new[] { "vpc-0a1b2c3d4e5f67890" }, Tags = new[] { new { Key = "Name", Value = "x" } } }), (answer, _) =>
            Assert.Contains("vpc-0a1b2c3d4e5f67890", answer.Error("InvalidID", 400), StringComparison.Ordinal)),
        ["DeleteTags removes the named keys and answers nothing"] = new("ec2", "DeleteTags", async ctx =>
        {
            var id = await NewPeerAsync(ctx, "10.0.1.42", "Name=fw-42", "env=dev", "owner=neteng");
            return new { Resources = new[] { id }, Tags = new object[] { new { Key = "env" }, new { Key = "owner", Value = "someone-else" } } };
        }, (answer, ctx) =>
        {
            Assert.Empty(answer.Ok());
            // A key with a value deletes only a tag with that value.
            Assert.Equal(new[] { "Name=fw-42", "owner=neteng" }, PeerTags(ctx, (string)ctx.Values["id"]));
        }),
        ["DescribeConnections lists both demo connections with their logical redundancy"] = new("directconnect", "DescribeConnections", Input(new { }), (answer, _) =>
        {
            var connections = Items(answer.Ok(), "connections");
            Assert.Equal(new[] { "dxcon-fguhmqlc", "dxcon-fgr7n2km" }, connections.Select(c => (string?)c["connectionId"]));
            Assert.Equal(new[] { "no", "yes" }, connections.Select(c => (string?)c["hasLogicalRedundancy"]));
            var first = connections[0];
            Assert.Equal("dx-prod-eqdc2", (string?)first["connectionName"]);
            Assert.Equal("available", (string?)first["connectionState"]);
            Assert.Equal("EqDC2", (string?)first["location"]);
            Assert.Equal("10Gbps", (string?)first["bandwidth"]);
            Assert.Equal("us-east-1", (string?)first["region"]);
            Assert.Equal("123456789012", (string?)first["ownerAccount"]);
            Assert.Equal("EqDC2-123h49s71dabc", (string?)first["awsDeviceV2"]);
            Assert.Null(answer.Ok()["nextToken"]);
        }),
        ["DescribeConnections by ID returns that connection alone"] = new("directconnect", "DescribeConnections", Input(new { connectionId = "dxcon-fgr7n2km" }), (answer, _) =>
        {
            var connection = Assert.Single(Items(answer.Ok(), "connections"));
            Assert.Equal("dxcon-fgr7n2km", (string?)connection["connectionId"]);
            Assert.Equal("yes", (string?)connection["hasLogicalRedundancy"]);
        }),
        ["DescribeConnections of an unknown connection is DirectConnectClientException"] = new("directconnect", "DescribeConnections", Input(new { connectionId = "dxcon-zzzzzzzz" }), (answer, _) =>
            Assert.Contains("dxcon-zzzzzzzz", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal)),
        // ---------------------------------------------------------------- Direct Connect: BGP failover tests
        ["StartBgpFailoverTest takes the named peer down and answers the test in progress, its start a Date"] = new("directconnect", "StartBgpFailoverTest", async ctx =>
        {
            await NoTestOn(ctx, "dxvif-fgt4k8wq");
            return new { virtualInterfaceId = "dxvif-fgt4k8wq", bgpPeers = new[] { "dxpeer-fk3m7p2v" }, testDurationInMinutes = 30 };
        }, (answer, ctx) =>
        {
            var test = answer.Ok()["virtualInterfaceTest"]!.AsObject();
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string?)test["testId"]);
            Assert.Equal("dxvif-fgt4k8wq", (string?)test["virtualInterfaceId"]);
            Assert.Equal(new[] { "dxpeer-fk3m7p2v" }, test["bgpPeers"]!.AsArray().Select(n => (string?)n));
            Assert.Equal("in-progress", (string?)test["status"]);
            Assert.Equal("123456789012", (string?)test["ownerAccount"]);
            Assert.Equal(JsonValueKind.Number, test["testDurationInMinutes"]!.GetValueKind());
            Assert.Equal(30, (int)test["testDurationInMinutes"]!);
            Assert.Equal(ctx.Emulator.Clock.GetUtcNow(), DateTimeOffset.Parse((string)test["startTime"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Null(test["endTime"]);
            Assert.Equal(new[] { "virtualInterfaceTest.startTime" }, Dates(answer));
            Assert.Equal("down", ctx.Emulator.State.GetPeerStatus("dxpeer-fk3m7p2v")?.BgpStatus);
        }),
        ["StartBgpFailoverTest where a test runs is DirectConnectClientException"] = new("directconnect", "StartBgpFailoverTest", async ctx =>
        {
            await TestOn(ctx, "dxvif-fgt4k8wq", "dxpeer-fk3m7p2v");
            return new { virtualInterfaceId = "dxvif-fgt4k8wq", bgpPeers = new[] { "dxpeer-fq8d2n5t" } };
        }, (answer, _) =>
        {
            Assert.Contains("already in progress on dxvif-fgt4k8wq", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f-]{36}$", answer.RequestId);
        }),
        ["StopBgpFailoverTest answers the test cancelled, with its start and end as Dates"] = new("directconnect", "StopBgpFailoverTest", async ctx =>
        {
            ctx.Values["id"] = await TestOn(ctx, "dxvif-fgt4k8wq", "dxpeer-fk3m7p2v");
            ctx.Emulator.Advance(TimeSpan.FromSeconds(90));
            return new { virtualInterfaceId = "dxvif-fgt4k8wq" };
        }, (answer, ctx) =>
        {
            var test = answer.Ok()["virtualInterfaceTest"]!.AsObject();
            Assert.Equal((string)ctx.Values["id"], (string?)test["testId"]);
            Assert.Equal("cancelled", (string?)test["status"]);
            Assert.Equal(new[] { "virtualInterfaceTest.startTime", "virtualInterfaceTest.endTime" }, Dates(answer));
            Assert.Equal(ctx.Emulator.Clock.GetUtcNow(), DateTimeOffset.Parse((string)test["endTime"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(DateTimeOffset.Parse((string)test["startTime"]!, System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.Parse((string)test["endTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        }),
        ["StopBgpFailoverTest with no test running is DirectConnectClientException"] = new("directconnect", "StopBgpFailoverTest", Input(new { virtualInterfaceId = "dxvif-fgh0hcrk" }), (answer, _) =>
        {
            Assert.Contains("No failover test is in progress on dxvif-fgh0hcrk", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f-]{36}$", answer.RequestId);
        }),
        ["ListVirtualInterfaceTestHistory lists finished and running tests, with epoch-second times as Dates, and pages"] = new("directconnect", "ListVirtualInterfaceTestHistory", async ctx =>
        {
            await NoTestOn(ctx, "dxvif-ffabc123");
            var first = (await ctx.Emulator.DirectConnect.StartBgpFailoverTestAsync(new() { VirtualInterfaceId = "dxvif-ffabc123", BgpPeerIds = new[] { "dxpeer-fgq9j6xo" }, DurationInMinutes = 5 }, CancellationToken.None)).TestId;
            ctx.Emulator.Advance(TimeSpan.FromMinutes(5));
            var second = (await ctx.Emulator.DirectConnect.StartBgpFailoverTestAsync(new() { VirtualInterfaceId = "dxvif-ffabc123", BgpPeerIds = new[] { "dxpeer-fgq9j6xo" }, DurationInMinutes = 60 }, CancellationToken.None)).TestId;
            ctx.Values["first"] = first;
            ctx.Values["second"] = second;
            var page1 = (await ctx.CallAsync("directconnect", "ListVirtualInterfaceTestHistory", new { virtualInterfaceId = "dxvif-ffabc123", maxResults = 1 })).Ok();
            ctx.Values["page1"] = page1;
            return new { virtualInterfaceId = "dxvif-ffabc123", maxResults = 100 };
        }, (answer, ctx) =>
        {
            var tests = Items(answer.Ok(), "virtualInterfaceTestHistory");
            var done = Assert.Single(tests, t => (string?)t["testId"] == (string)ctx.Values["first"]);
            var running = Assert.Single(tests, t => (string?)t["testId"] == (string)ctx.Values["second"]);
            Assert.Equal("completed", (string?)done["status"]);
            Assert.Equal(5, (int)done["testDurationInMinutes"]!);
            var start = DateTimeOffset.Parse((string)done["startTime"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(start + TimeSpan.FromMinutes(5), DateTimeOffset.Parse((string)done["endTime"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("in-progress", (string?)running["status"]);
            Assert.Null(running["endTime"]);
            Assert.Null(answer.Ok()["nextToken"]);
            var i = tests.IndexOf(done);
            Assert.Contains("virtualInterfaceTestHistory." + i + ".endTime", Dates(answer));
            // maxResults 1: one test and a token for the rest.
            var page1 = (JsonObject)ctx.Values["page1"];
            Assert.Single(Items(page1, "virtualInterfaceTestHistory"));
            Assert.False(string.IsNullOrEmpty((string?)page1["nextToken"]));
        }),
        ["ListVirtualInterfaceTestHistory of an unknown test ID is an empty list"] = new("directconnect", "ListVirtualInterfaceTestHistory", Input(new { testId = "no-such-test" }), (answer, _) =>
            Assert.Empty(Items(answer.Ok(), "virtualInterfaceTestHistory"))),
        ["ListVirtualInterfaceTestHistory of an unknown interface is DirectConnectClientException"] = new("directconnect", "ListVirtualInterfaceTestHistory", Input(new { virtualInterfaceId = "dxvif-00000000" }), (answer, _) =>
            Assert.Contains("dxvif-00000000 does not exist", answer.Error("DirectConnectClientException", 400), StringComparison.Ordinal)),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [JsSdkTheory]
    [MemberData(nameof(CaseNames))]
    public async Task The_official_JavaScript_SDK_parses_the_emulators_answer(string name)
    {
        var c = Cases[name];
        var ctx = new CaseContext(_fixture);
        var input = await c.Arrange(ctx);
        var answer = await _fixture.Sdk.CallAsync(_fixture.Emulator.Url, c.Service, c.Operation, input);
        c.Check(answer, ctx);
    }

    [JsSdkFact]
    public async Task The_harness_refuses_an_operation_its_SDK_does_not_have()
    {
        // ListVirtualInterfaceRoutes (2026) is newer than the pinned @aws-sdk/client-direct-connect.
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _fixture.Sdk.CallAsync(_fixture.Emulator.Url, "directconnect", "ListVirtualInterfaceRoutes", new { virtualInterfaceId = "dxvif-ffabc123" }));
        Assert.Contains("has no operation 'ListVirtualInterfaceRoutes'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_harness_pins_the_same_SDK_versions_as_the_benchmarks()
    {
        var harness = JsSdk.PinnedVersions(Path.Combine(JsSdk.HarnessDir, "package.json"));
        var bench = JsSdk.PinnedVersions(Path.Combine(BuildPaths.RepoRoot, "bench", "js", "package.json"));
        Assert.Equal(bench.OrderBy(kv => kv.Key, StringComparer.Ordinal), harness.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(JsSdk.HarnessDir, "package-lock.json")), "tests/sdk-js/package-lock.json pins the whole tree for `npm ci`");
    }

    /// <summary>A peer on endpoint A whose session is pinned up (so the shared clock need not move).</summary>
    private static string UpPeer(CaseContext ctx, string address, long asn)
    {
        var id = ctx.Emulator.State.AddRouteServerPeer(RseA, address, asn);
        ctx.Emulator.State.SetPeerStatus(id, new BgpPeering.Emulator.State.PeerStatusChange { State = "available", BgpStatus = "up" });
        return id;
    }

    /// <summary>Creates a peer on endpoint A through the SDK with these tags ("key=value"); keeps its ID as Values["id"].</summary>
    private static async Task<string> NewPeerAsync(CaseContext ctx, string address, params string[] tags)
    {
        var created = (await ctx.CallAsync("ec2", "CreateRouteServerPeer", new
        {
            RouteServerEndpointId = RseA,
            PeerAddress = address,
            BgpOptions = new { PeerAsn = 65040L },
            TagSpecifications = new[] { new { ResourceType = "route-server-peer", Tags = tags.Select(t => new { Key = t.Split('=')[0], Value = t.Split('=')[1] }).ToArray() } },
        })).Ok();
        var id = (string)created["RouteServerPeer"]!["RouteServerPeerId"]!;
        ctx.Values["id"] = id;
        return id;
    }

    /// <summary>A peer's tags as DescribeRouteServerPeers lists them, read through the SDK too.</summary>
    private static List<string> PeerTags(CaseContext ctx, string id)
    {
        var output = ctx.CallAsync("ec2", "DescribeRouteServerPeers", new { RouteServerPeerIds = new[] { id } }).GetAwaiter().GetResult().Ok();
        return Tags(Assert.Single(Items(output, "RouteServerPeers")));
    }

    /// <summary>The paths of the values the SDK parsed into Dates (call.mjs lists them).</summary>
    private static List<string?> Dates(SdkAnswer answer) => answer.Raw["dates"]!.AsArray().Select(n => (string?)n).ToList();

    /// <summary>No failover test runs on <paramref name="vif"/> (one that does is stopped): rows share one emulator.</summary>
    private static async Task NoTestOn(CaseContext ctx, string vif)
    {
        try
        {
            await ctx.Emulator.DirectConnect.StopBgpFailoverTestAsync(vif, CancellationToken.None);
        }
        catch (BgpPeering.Engine.Aws.AwsServiceException ex) when (ex.ErrorCode == "DirectConnectClientException")
        {
            // None was running.
        }
    }

    /// <summary>A failover test of <paramref name="peer"/> runs on <paramref name="vif"/> (started anew); its ID.</summary>
    private static async Task<string> TestOn(CaseContext ctx, string vif, string peer)
    {
        await NoTestOn(ctx, vif);
        return (await ctx.Emulator.DirectConnect.StartBgpFailoverTestAsync(new() { VirtualInterfaceId = vif, BgpPeerIds = new[] { peer }, DurationInMinutes = 30 }, CancellationToken.None)).TestId;
    }

    private static List<JsonObject> Items(JsonObject parent, string member) =>
        (parent[member] ?? throw new Xunit.Sdk.XunitException("The SDK parsed no " + member + " in " + parent.ToJsonString()))
        .AsArray().Select(n => n!.AsObject()).ToList();

    /// <summary>The SDK's Tags as <c>Key=Value</c>, in order.</summary>
    private static List<string> Tags(JsonObject resource) =>
        Items(resource, "Tags").Select(t => (string?)t["Key"] + "=" + (string?)t["Value"]).ToList();
}
