using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.Ec2;

/// <summary>
/// Our EC2 client against the official SDK's wire format (Wire/README.md): every request fixture is sent and
/// compared as a form multiset with exact Content-Type and SigV4 scope; every response fixture is parsed and
/// compared with what the official SDK parsed.
/// </summary>
public sealed class Ec2WireConformanceTests
{
    public static TheoryData<string> Ec2RequestFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in WireFixtures.RequestNames("EC2")) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_ec2_request_fixture_is_covered()
    {
        Assert.Equal(20, WireFixtures.RequestNames("EC2").Count());
    }

    [Theory]
    [MemberData(nameof(Ec2RequestFixtures))]
    public async Task Request_matches_the_official_sdk(string fixtureName)
    {
        var fixture = WireFixtures.Request(fixtureName);
        var operation = (string)fixture["operation"]!;
        var parameters = fixture["params"]!.AsObject();
        var dryRun = parameters["DryRun"]?.GetValue<bool>();

        await using var server = new FixtureServer(_ => dryRun == true
            ? WireFixtures.Canned("EC2.CreateRouteServerPeer.error-DryRunOperation.xml")
            : WireFixtures.Canned(SuccessFixtureFor(operation)));
        var client = TestSessions.RouteServer(server.Url);

        try
        {
            await client.Client.SendAsync(operation, BuildParameters(operation, parameters, dryRun), CancellationToken.None);
            Assert.NotEqual(true, dryRun);
        }
        catch (AwsServiceException ex) when (dryRun == true)
        {
            Assert.Equal("DryRunOperation", ex.ErrorCode);
        }

        var sent = Assert.Single(server.Requests);
        AssertSameRequest(fixture, sent);
    }

    [Fact]
    public async Task Public_methods_send_the_fixture_bodies()
    {
        await using var server = new FixtureServer(req =>
            WireFixtures.DecodeForm(req.BodyText).Any(kv => kv.Key == "DryRun")
                ? WireFixtures.Canned("EC2.CreateRouteServerPeer.error-DryRunOperation.xml")
                : WireFixtures.Canned(SuccessFixtureFor(WireFixtures.DecodeForm(req.BodyText)[0].Value)));
        var client = TestSessions.RouteServer(server.Url);

        var create = new NewRouteServerPeerRequest
        {
            RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001,
            PeerLivenessDetection = PeerLivenessDetection.Bfd,
        };
        create.Tags.Add(new("Name", "fw-a"));
        create.Tags.Add(new("env", "prod"));
        await client.DryRunCreatePeerAsync(create, CancellationToken.None);

        await client.CreatePeerAsync(new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 4200000001 }, CancellationToken.None);

        var filters = new RouteServerPeerQuery();
        filters.Filters.Add(new Filter("route-server-endpoint-id", "rse-1", "rse-2"));
        filters.Filters.Add(new Filter("tag:env", "prod"));
        await client.DescribePeersAsync(filters, null, CancellationToken.None);

        await client.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, "tok-1", CancellationToken.None);
        await client.DryRunDeletePeerAsync("rsp-0123456789abcdef0", CancellationToken.None);

        var endpoints = new RouteServerEndpointQuery();
        endpoints.RouteServerEndpointIds.Add("rse-0123456789abcdef0");
        endpoints.RouteServerEndpointIds.Add("rse-0fedcba9876543210");
        endpoints.Filters.Add(new Filter("vpc-id", "vpc-0a1b2c3d4e5f67890"));
        await client.DescribeEndpointsAsync(endpoints, null, CancellationToken.None);

        // Get-BgpRoute's query: -Prefix with -Match LongestPrefix is the route-search filter, and the page follows.
        await client.GetRoutingDatabaseAsync("rs-0123456789abcdef0", Array.Empty<Filter>(), null, null, CancellationToken.None);
        var search = BgpRouteQuery.Build("10.60.1.0/24", RoutePrefixMatch.LongestPrefix, RouteDirection.Accepted, 5);
        await client.GetRoutingDatabaseAsync("rs-0123456789abcdef0", search.RouteServerFilters(), search.PageSize, "tok-1", CancellationToken.None);
        await client.CreateTagsAsync(["rsp-0123456789abcdef0"], [new("Name", "fw-a"), new("env", "prod")], CancellationToken.None);
        await client.DryRunCreateTagsAsync(["rsp-0123456789abcdef0"], [new("Name", "fw-a")], CancellationToken.None);
        await client.DeleteTagsAsync(["rsp-0123456789abcdef0"], ["env"], CancellationToken.None);

        var sent = server.Requests.ToArray();
        string[] expected =
        [
            "EC2.CreateRouteServerPeer.full", "EC2.CreateRouteServerPeer.asn-32bit", "EC2.DescribeRouteServerPeers.filters",
            "EC2.DescribeRouteServerPeers.paging", "EC2.DeleteRouteServerPeer.dryrun", "EC2.DescribeRouteServerEndpoints.ids-and-filter",
            "EC2.GetRouteServerRoutingDatabase.minimal", "EC2.GetRouteServerRoutingDatabase.filters-paging",
            "EC2.CreateTags.peer", "EC2.CreateTags.dryrun", "EC2.DeleteTags.peer-keys",
        ];
        Assert.Equal(expected.Length, sent.Length);
        for (var i = 0; i < expected.Length; i++) AssertSameRequest(WireFixtures.Request(expected[i]), sent[i]);
    }

    public static TheoryData<string> Ec2ResponseFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var e in WireFixtures.ResponseIndex().Where(e => (string?)e["service"] == "EC2")) data.Add((string)e["file"]!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ec2ResponseFixtures))]
    public async Task Response_parses_as_the_official_sdk_parsed_it(string file)
    {
        var entry = WireFixtures.ResponseEntry(file);
        var sdk = entry["sdk"]!.AsObject();
        await using var server = new FixtureServer(_ => WireFixtures.Canned(file));
        var client = TestSessions.RouteServer(server.Url);
        var operation = (string)entry["operation"]!;

        if ((string?)sdk["kind"] == "error")
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => InvokeAsync(client, operation));
            Assert.Equal((string)sdk["name"]!, ex.ErrorCode);
            Assert.Equal((int)sdk["httpStatusCode"]!, ex.StatusCode);
            Assert.Equal((string)sdk["message"]!, ex.AwsMessage);
            // The body's <RequestID> is surfaced (the JS SDK drops it; we keep it for error messages).
            var bodyId = Regex.Match(WireFixtures.ResponseBody(file), "<RequestID>([^<]+)</RequestID>");
            if (bodyId.Success) Assert.Equal(bodyId.Groups[1].Value, ex.RequestId);
            return;
        }

        var parsed = await InvokeAsync(client, operation);
        var expected = sdk["parsed"]!.AsObject();
        // areRoutesPersisted is a fact of the route server, kept on every route read; a page with no route has none
        // to carry it.
        if (parsed is Page<BgpRoute> { Items.Count: 0 }) expected.Remove("AreRoutesPersisted");
        var actual = Project(parsed!);
        Assert.Equal(expected.ToJsonString(WireFixtures.Indented), actual.ToJsonString(WireFixtures.Indented));
    }

    [Fact]
    public async Task Parsed_objects_carry_region_endpoint_and_read_time()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml"));
        var client = TestSessions.RouteServer(server.Url);
        var page = await client.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);
        var peer = Assert.Single(page.Items);
        Assert.Equal("us-east-1", peer.Region);
        Assert.Equal(server.Url, peer.EndpointUrl);
        Assert.Equal(4200000001L, peer.PeerAsn);
        Assert.Equal(BgpStatus.Up, peer.BgpStatus);
        Assert.Equal("fw-b", peer.Name);
        Assert.True(peer.RetrievedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Null(page.NextToken);
    }

    internal static void AssertSameRequest(JsonObject fixture, CapturedRequest sent)
    {
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/", sent.Path);
        Assert.Equal((string)fixture["headers"]!["Content-Type"]!, sent.Header("Content-Type"));
        Assert.Null(sent.Header("X-Amz-Target"));

        var expected = fixture["form"]!.AsArray()
            .Select(p => $"{(string)p![0]!}={(string)p[1]!}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        var actual = WireFixtures.DecodeForm(sent.BodyText)
            .Select(kv => $"{kv.Key}={kv.Value}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.StartsWith("Action=" + (string)fixture["operation"]! + "&Version=2016-11-15", sent.BodyText, StringComparison.Ordinal);

        var scope = (string)fixture["signing"]!["credentialScope"]!;
        Assert.Matches(new Regex("^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/" + Regex.Escape(scope) + ", SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$"),
            sent.Header("Authorization") ?? string.Empty);
        Assert.Matches(new Regex("^\\d{8}T\\d{6}Z$"), sent.Header("X-Amz-Date") ?? string.Empty);
    }

    private static string SuccessFixtureFor(string operation) => operation switch
    {
        "CreateRouteServerPeer" => "EC2.CreateRouteServerPeer.success.xml",
        "DeleteRouteServerPeer" => "EC2.DeleteRouteServerPeer.success.xml",
        "DescribeRouteServerPeers" => "EC2.DescribeRouteServerPeers.empty.xml",
        "DescribeRouteServerEndpoints" => "EC2.DescribeRouteServerEndpoints.success.xml",
        "GetRouteServerRoutingDatabase" => "EC2.GetRouteServerRoutingDatabase.success.xml",
        "CreateTags" => "EC2.CreateTags.success.xml",
        "DeleteTags" => "EC2.DeleteTags.success.xml",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No fixture for this operation."),
    };

    /// <summary>Turns the fixture's SDK-shaped input into our typed input, through the same serialiser the public API uses.</summary>
    private static List<KeyValuePair<string, string>> BuildParameters(string operation, JsonObject p, bool? dryRun)
    {
        switch (operation)
        {
            case "CreateRouteServerPeer":
                var create = new NewRouteServerPeerRequest
                {
                    RouteServerEndpointId = (string)p["RouteServerEndpointId"]!,
                    PeerAddress = (string)p["PeerAddress"]!,
                    PeerAsn = (long?)p["BgpOptions"]?["PeerAsn"],
                    PeerLivenessDetection = WireNames.ParseLiveness((string?)p["BgpOptions"]?["PeerLivenessDetection"]),
                };
                foreach (var spec in p["TagSpecifications"]?.AsArray() ?? [])
                {
                    Assert.Equal("route-server-peer", (string)spec!["ResourceType"]!);
                    foreach (var tag in spec["Tags"]!.AsArray()) create.Tags.Add(new((string)tag!["Key"]!, (string)tag["Value"]!));
                }
                return Ec2Requests.ForCreatePeer(create, dryRun);
            case "DescribeRouteServerPeers":
                var peers = new RouteServerPeerQuery { MaxResults = (int?)p["MaxResults"] };
                foreach (var id in p["RouteServerPeerIds"]?.AsArray() ?? []) peers.RouteServerPeerIds.Add((string)id!);
                foreach (var f in Filters(p)) peers.Filters.Add(f);
                return Ec2Requests.ForDescribePeers(peers, (string?)p["NextToken"], dryRun);
            case "DescribeRouteServerEndpoints":
                var endpoints = new RouteServerEndpointQuery { MaxResults = (int?)p["MaxResults"] };
                foreach (var id in p["RouteServerEndpointIds"]?.AsArray() ?? []) endpoints.RouteServerEndpointIds.Add((string)id!);
                foreach (var f in Filters(p)) endpoints.Filters.Add(f);
                return Ec2Requests.ForDescribeEndpoints(endpoints, (string?)p["NextToken"], dryRun);
            case "DeleteRouteServerPeer":
                return Ec2Requests.ForDeletePeer((string)p["RouteServerPeerId"]!, dryRun);
            case "GetRouteServerRoutingDatabase":
                return Ec2Requests.ForRoutingDatabase((string)p["RouteServerId"]!, Filters(p), (string?)p["NextToken"], (int?)p["MaxResults"], dryRun);
            case "CreateTags":
                return Ec2Requests.ForCreateTags(p["Resources"]!.AsArray().Select(r => (string)r!),
                    p["Tags"]!.AsArray().Select(t => new KeyValuePair<string, string>((string)t!["Key"]!, (string)t["Value"]!)), dryRun);
            case "DeleteTags":
                return Ec2Requests.ForDeleteTags(p["Resources"]!.AsArray().Select(r => (string)r!), p["Tags"]!.AsArray().Select(t => (string)t!["Key"]!), dryRun);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation in fixture.");
        }
    }

    private static IEnumerable<Filter> Filters(JsonObject p) =>
        (p["Filters"]?.AsArray() ?? []).Select(f => new Filter((string)f!["Name"]!, f["Values"]!.AsArray().Select(v => (string)v!)));

    private static async Task<object?> InvokeAsync(RouteServerClient client, string operation) => operation switch
    {
        "CreateRouteServerPeer" => await client.CreatePeerAsync(new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-1", PeerAddress = "10.0.0.1", PeerAsn = 65000 }, CancellationToken.None),
        "DeleteRouteServerPeer" => await client.DeletePeerAsync("rsp-1", CancellationToken.None),
        "DescribeRouteServerPeers" => await client.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None),
        "DescribeRouteServerEndpoints" => await client.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, CancellationToken.None),
        "GetRouteServerRoutingDatabase" => await client.GetRoutingDatabaseAsync("rs-0123456789abcdef0", Array.Empty<Filter>(), null, null, CancellationToken.None),
        "CreateTags" => await NoOutput(client.CreateTagsAsync(["rsp-1"], [new("Name", "x")], CancellationToken.None)),
        "DeleteTags" => await NoOutput(client.DeleteTagsAsync(["rsp-1"], ["Name"], CancellationToken.None)),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>An operation with no output (CreateTags, DeleteTags): the SDK parses its answer to an empty object.</summary>
    private sealed class Nothing
    {
    }

    private static async Task<object?> NoOutput(Task call)
    {
        await call;
        return new Nothing();
    }

    /// <summary>Our flat objects in the official SDK's output shape, so the two can be compared whole.</summary>
    private static JsonObject Project(object result)
    {
        switch (result)
        {
            case Nothing:
                return new JsonObject();
            case RouteServerPeer peer when peer.RouteServerPeerId.Length > 0:
                return new JsonObject { ["RouteServerPeer"] = ProjectPeer(peer) };
            case Page<RouteServerPeer> page:
                var o = new JsonObject { ["RouteServerPeers"] = new JsonArray(page.Items.Select(p => (JsonNode)ProjectPeer(p)).ToArray()) };
                if (page.NextToken is not null) o["NextToken"] = page.NextToken;
                return o;
            case Page<RouteServerEndpoint> endpoints:
                var e = new JsonObject { ["RouteServerEndpoints"] = new JsonArray(endpoints.Items.Select(p => (JsonNode)ProjectEndpoint(p)).ToArray()) };
                if (endpoints.NextToken is not null) e["NextToken"] = endpoints.NextToken;
                return e;
            case Page<BgpRoute> routes:
                var r = new JsonObject();
                if (routes.Items.FirstOrDefault()?.AreRoutesPersisted is bool persisted) r["AreRoutesPersisted"] = persisted;
                r["Routes"] = new JsonArray(routes.Items.Select(x => (JsonNode)ProjectRoute(x)).ToArray());
                if (routes.NextToken is not null) r["NextToken"] = routes.NextToken;
                return r;
            default:
                throw new InvalidOperationException("Unexpected result " + result);
        }
    }

    /// <summary>A route in the SDK's shape, members in the order the SDK read them (the XML's).</summary>
    private static JsonObject ProjectRoute(BgpRoute route)
    {
        var o = new JsonObject();
        Put(o, "RouteServerEndpointId", route.RouteServerEndpointId);
        Put(o, "RouteServerPeerId", route.RouteServerPeerId);
        if (route.Installations.Count > 0)
        {
            o["RouteInstallationDetails"] = new JsonArray(route.Installations.Select(i =>
            {
                var d = new JsonObject { ["RouteTableId"] = i.RouteTableId, ["RouteInstallationStatus"] = WireNames.ToWire(i.Status) };
                Put(d, "RouteInstallationStatusReason", i.Reason);
                return (JsonNode)d;
            }).ToArray());
        }
        o["RouteStatus"] = WireNames.ToWire(route.Status);
        o["Prefix"] = route.Prefix;
        o["AsPaths"] = new JsonArray(route.AsPath.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
        if (route.Med is long med) o["Med"] = med;
        Put(o, "NextHopIp", route.NextHop);
        return o;
    }

    private static JsonObject ProjectPeer(RouteServerPeer p)
    {
        var o = new JsonObject();
        Put(o, "RouteServerPeerId", p.RouteServerPeerId);
        Put(o, "RouteServerEndpointId", p.RouteServerEndpointId);
        Put(o, "RouteServerId", p.RouteServerId);
        Put(o, "VpcId", p.VpcId);
        Put(o, "SubnetId", p.SubnetId);
        Put(o, "State", WireNames.ToWire(p.State));
        Put(o, "FailureReason", p.FailureReason);
        Put(o, "EndpointEniId", p.EndpointEniId);
        Put(o, "EndpointEniAddress", p.EndpointEniAddress);
        Put(o, "PeerAddress", p.PeerAddress);
        var bgp = new JsonObject { ["PeerAsn"] = p.PeerAsn };
        bgp["PeerLivenessDetection"] = WireNames.ToWire(p.PeerLivenessDetection);
        o["BgpOptions"] = bgp;
        if (p.BgpStatus != BgpStatus.Unknown) o["BgpStatus"] = new JsonObject { ["Status"] = WireNames.ToWire(p.BgpStatus) };
        if (p.BfdStatus != BgpStatus.Unknown) o["BfdStatus"] = new JsonObject { ["Status"] = WireNames.ToWire(p.BfdStatus) };
        if (p.Tags.Count > 0) o["Tags"] = ProjectTags(p.Tags);
        return o;
    }

    private static JsonObject ProjectEndpoint(RouteServerEndpoint e)
    {
        var o = new JsonObject();
        Put(o, "RouteServerId", e.RouteServerId);
        Put(o, "RouteServerEndpointId", e.RouteServerEndpointId);
        Put(o, "VpcId", e.VpcId);
        Put(o, "SubnetId", e.SubnetId);
        Put(o, "EniId", e.EniId);
        Put(o, "EniAddress", e.EniAddress);
        Put(o, "State", WireNames.ToWire(e.State));
        Put(o, "FailureReason", e.FailureReason);
        if (e.Tags.Count > 0) o["Tags"] = ProjectTags(e.Tags);
        return o;
    }

    private static JsonArray ProjectTags(IReadOnlyDictionary<string, string> tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

    private static void Put(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }
}
