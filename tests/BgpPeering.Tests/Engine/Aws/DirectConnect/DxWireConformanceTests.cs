using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.DirectConnect;

/// <summary>
/// Our Direct Connect client against the official SDK's wire format (Wire/README.md): every request fixture is
/// sent through the public client and compared as JSON values with the exact X-Amz-Target, Content-Type and SigV4
/// scope; every response fixture is parsed and compared with what the official SDK parsed.
/// </summary>
public sealed class DxWireConformanceTests
{
    public static TheoryData<string> DxRequestFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in WireFixtures.RequestNames("DirectConnect")) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_direct_connect_request_fixture_is_covered()
    {
        Assert.Equal(16, WireFixtures.RequestNames("DirectConnect").Count());
        Assert.Equal(14, WireFixtures.ResponseIndex().Count(e => (string?)e["service"] == "DirectConnect"));
    }

    [Theory]
    [MemberData(nameof(DxRequestFixtures))]
    public async Task Request_matches_the_official_sdk(string fixtureName)
    {
        var fixture = WireFixtures.Request(fixtureName);
        var operation = (string)fixture["operation"]!;
        var p = fixture["params"]!.AsObject();

        await using var server = new FixtureServer(_ => operation == "ListVirtualInterfaceRoutes"
            ? WireFixtures.HandWritten("DirectConnect.ListVirtualInterfaceRoutes.empty.json")
            : WireFixtures.Canned(SuccessFixtureFor(operation)));
        var client = TestSessions.Session(server.Url).DirectConnect;

        switch (operation)
        {
            case "ListVirtualInterfaceRoutes":
                var filters = p["filters"]?.AsObject();
                await client.ListVirtualInterfaceRoutesAsync((string)p["virtualInterfaceId"]!, new DxRouteFilters(
                    (string?)filters?["routeDirection"] switch { "advertised" => RouteDirection.Advertised, "accepted" => RouteDirection.Accepted, _ => null },
                    WireNames.ParseAddressFamily((string?)filters?["addressFamily"]),
                    filters?["cidrs"]?.AsArray().Select(c => (string)c!).ToList(),
                    filters?["asPath"]?.AsArray().Select(a => (long)a!).ToList(),
                    filters?["communities"]?.AsArray().Select(c => (string)c!).ToList()), (int?)p["maxResults"], (string?)p["nextToken"], CancellationToken.None);
                break;
            case "CreateBGPPeer":
                var peer = p["newBGPPeer"]!.AsObject();
                await client.CreateBgpPeerAsync(new NewDxBgpPeerRequest
                {
                    VirtualInterfaceId = (string)p["virtualInterfaceId"]!,
                    AddressFamily = WireNames.ParseAddressFamily((string?)peer["addressFamily"]) ?? throw new InvalidOperationException("fixture without addressFamily"),
                    Asn = (long?)peer["asn"],
                    AsnLong = (long?)peer["asnLong"],
                    AuthKey = (string?)peer["authKey"] is { } key ? new MaskedString(key) : null,
                    AmazonAddress = (string?)peer["amazonAddress"],
                    CustomerAddress = (string?)peer["customerAddress"],
                }, CancellationToken.None);
                break;
            case "DeleteBGPPeer":
                await client.DeleteBgpPeerAsync(new DxBgpPeerDeleteRequest
                {
                    BgpPeerId = (string?)p["bgpPeerId"],
                    VirtualInterfaceId = (string?)p["virtualInterfaceId"],
                    Asn = (long?)p["asn"],
                    AsnLong = (long?)p["asnLong"],
                    CustomerAddress = (string?)p["customerAddress"],
                }, CancellationToken.None);
                break;
            case "DescribeVirtualInterfaces":
                await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery
                {
                    ConnectionId = (string?)p["connectionId"],
                    VirtualInterfaceId = (string?)p["virtualInterfaceId"],
                }, (string?)p["nextToken"], CancellationToken.None);
                break;
            case "StartBgpFailoverTest":
                await client.StartBgpFailoverTestAsync(new StartDxBgpFailoverTestRequest
                {
                    VirtualInterfaceId = (string)p["virtualInterfaceId"]!,
                    BgpPeerIds = p["bgpPeers"]?.AsArray().Select(n => (string)n!).ToList() ?? new List<string>(),
                    DurationInMinutes = (int?)p["testDurationInMinutes"],
                }, CancellationToken.None);
                break;
            case "StopBgpFailoverTest":
                await client.StopBgpFailoverTestAsync((string)p["virtualInterfaceId"]!, CancellationToken.None);
                break;
            case "ListVirtualInterfaceTestHistory":
                await client.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery
                {
                    TestId = (string?)p["testId"],
                    VirtualInterfaceId = (string?)p["virtualInterfaceId"],
                    BgpPeerId = (string?)p["bgpPeers"]?.AsArray().Single(),
                    Status = (string?)p["status"],
                    MaxResults = (int?)p["maxResults"],
                }, (string?)p["nextToken"], CancellationToken.None);
                break;
            default:
                throw new InvalidOperationException("Unknown operation " + operation);
        }

        AssertSameRequest(fixture, Assert.Single(server.Requests));
    }

    [Fact]
    public void A_4_byte_asn_is_written_as_asnLong_alone_and_paging_members_only_when_set()
    {
        var create = DxRequests.ForCreate(new NewDxBgpPeerRequest { VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv4, AsnLong = 4200000001 });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(create), JsonNode.Parse("""{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asnLong":4200000001,"addressFamily":"ipv4"}}""")));

        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(DxRequests.ForDescribe(new DxVirtualInterfaceQuery(), null)));
        var paged = DxRequests.ForDescribe(new DxVirtualInterfaceQuery { ConnectionId = "dxcon-fguhmqlc", MaxResults = 100 }, "tok-2");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(paged), JsonNode.Parse("""{"connectionId":"dxcon-fguhmqlc","maxResults":100,"nextToken":"tok-2"}""")));
    }

    public static TheoryData<string> DxResponseFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var e in WireFixtures.ResponseIndex().Where(e => (string?)e["service"] == "DirectConnect")) data.Add((string)e["file"]!);
        return data;
    }

    [Theory]
    [MemberData(nameof(DxResponseFixtures))]
    public async Task Response_parses_as_the_official_sdk_parsed_it(string file)
    {
        var entry = WireFixtures.ResponseEntry(file);
        var sdk = entry["sdk"]!.AsObject();
        await using var server = new FixtureServer(_ => WireFixtures.Canned(file));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var operation = (string)entry["operation"]!;

        if ((string?)sdk["kind"] == "error")
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => InvokeAsync(client, operation));
            Assert.Equal((string)sdk["name"]!, ex.ErrorCode);
            Assert.Equal((int)sdk["httpStatusCode"]!, ex.StatusCode);
            Assert.Equal((string)sdk["message"]!, ex.AwsMessage);
            Assert.Equal((string)sdk["requestId"]!, ex.RequestId);
            Assert.Equal("Direct Connect", ex.Service);
            Assert.Equal(operation, ex.Action);
            return;
        }

        var parsed = await InvokeAsync(client, operation);
        var expected = Normalize(sdk["parsed"]!.DeepClone());
        var actual = Normalize(Project(parsed));
        Assert.Equal(expected.ToJsonString(WireFixtures.Indented), actual.ToJsonString(WireFixtures.Indented));
    }

    public static TheoryData<string, string?, string> ErrorShapes() => new()
    {
        // body, x-amzn-ErrorType header, expected code, expected message: the shapes the official SDK accepts.
        { """{"__type":"com.amazonaws.directconnect#DirectConnectClientException","message":"m"}""", null, "DirectConnectClientException" + "|m" },
        { """{"message":"Rate exceeded"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException|Rate exceeded" },
        { """{"__type":"DirectConnectClientException","Message":"capital M"}""", null, "DirectConnectClientException|capital M" },
    };

    [Theory]
    [MemberData(nameof(ErrorShapes))]
    public async Task Error_shapes_the_official_sdk_accepts_give_the_same_code_and_message(string body, string? errorTypeHeader, string expected)
    {
        var headers = new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-1" };
        if (errorTypeHeader is not null) headers["x-amzn-ErrorType"] = errorTypeHeader;
        await using var server = new FixtureServer(_ => new CannedResponse(400, "application/x-amz-json-1.1", body, headers));
        var client = TestSessions.Session(server.Url).DirectConnect;

        // DeleteBGPPeer: a client error, so the throttling shape is retried (three attempts) before it surfaces.
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeleteBgpPeerAsync("dxpeer-fgq9j6xo", CancellationToken.None));

        var parts = expected.Split('|');
        Assert.Equal(parts[0], ex.ErrorCode);
        Assert.Equal(parts[1], ex.AwsMessage);
        Assert.Equal("req-1", ex.RequestId);
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public async Task Peers_are_flattened_with_their_interface_context_and_the_right_asn()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);

        Assert.Null(page.NextToken);
        Assert.Equal(2, page.Items.Count);
        var prod = page.Items[0];
        var peer = Assert.Single(prod.BgpPeers);
        Assert.Equal("dxpeer-fgq9j6xo", peer.BgpPeerId);
        Assert.Equal("dxvif-ffabc123", peer.VirtualInterfaceId);
        Assert.Equal(AddressFamily.IPv4, peer.AddressFamily);
        Assert.Equal(65000L, peer.Asn);
        Assert.Equal("169.254.255.1/30", peer.AmazonAddress);
        Assert.Equal("169.254.255.2/30", peer.CustomerAddress);
        Assert.Equal(DxBgpPeerState.Available, peer.State);
        Assert.Equal(BgpStatus.Up, peer.BgpStatus);
        Assert.Equal("EqDC2-123h49s71dabc", peer.AwsDeviceV2);
        Assert.Equal("EqDC2-1a2b3c4d5e6f", peer.AwsLogicalDeviceId);
        Assert.Equal("vif-prod-a", peer.VirtualInterfaceName);
        Assert.Equal("private", peer.VirtualInterfaceType);
        Assert.Equal("available", peer.VirtualInterfaceState);
        Assert.Equal("dxcon-fguhmqlc", peer.ConnectionId);
        Assert.Equal(101, peer.Vlan);
        Assert.Equal(64512L, peer.AmazonSideAsn);
        Assert.Equal("EqDC2", peer.Location);
        Assert.Equal("us-east-1", peer.Region);
        Assert.Equal("123456789012", peer.OwnerAccount);
        Assert.Equal("5f294f92-bafb-4011-916d-9b0bexample", peer.DirectConnectGatewayId);
        Assert.Equal("prod", peer.Tags["env"]);
        Assert.Equal(server.Url, peer.EndpointUrl);
        Assert.True(peer.RetrievedAt > DateTimeOffset.UtcNow.AddMinutes(-5));

        // The key is there to reveal on purpose, and masked everywhere else.
        Assert.Equal("0xC_ukbCerl6EYA0example", peer.AuthKey!.Reveal());
        Assert.Equal(MaskedString.Mask, peer.AuthKey.ToString());
        Assert.DoesNotContain("0xC_ukbCerl6EYA0example", peer.ToString(), StringComparison.Ordinal);

        // A 4-byte ASN: only asnLong on the wire.
        var pub = Assert.Single(page.Items[1].BgpPeers);
        Assert.Equal(4200000001L, pub.Asn);
        Assert.Equal(4200000001L, page.Items[1].Asn);
        Assert.Equal(BgpStatus.Unknown, pub.BgpStatus);
        Assert.Equal(DxBgpPeerState.Verifying, pub.State);
        Assert.Equal(new[] { "203.0.113.0/24" }, page.Items[1].RouteFilterPrefixes);
        Assert.Empty(pub.Tags);
    }

    [Theory]
    [InlineData("""{"asn":0,"asnLong":4200000001}""", 4200000001L)] // AWS's documented answer for a 4-byte ASN.
    [InlineData("""{"asn":65000,"asnLong":65000}""", 65000L)]       // and for a 2-byte one.
    [InlineData("""{"asn":65000}""", 65000L)]
    [InlineData("""{"asnLong":4294967294}""", 4294967294L)]
    public async Task Asn_is_asnLong_where_present_else_asn(string asnMembers, long expected)
    {
        var peer = asnMembers.TrimEnd('}') + ""","bgpPeerId":"dxpeer-aaaaaaaa","addressFamily":"ipv4"}""";
        var body = """{"virtualInterfaces":[{"virtualInterfaceId":"dxvif-aaaaaaaa","bgpPeers":[""" + peer + "]}]}";
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", body));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);

        Assert.Equal(expected, Assert.Single(Assert.Single(page.Items).BgpPeers).Asn);
    }

    [Fact]
    public async Task A_next_token_in_the_answer_is_surfaced()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", """{"virtualInterfaces":[],"nextToken":"page-2"}"""));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);

        Assert.Equal("page-2", page.NextToken);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2]")]
    public async Task A_body_that_is_not_a_json_object_is_an_unmarshalling_failure_that_does_not_leak_the_body(string body)
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", body));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None));

        Assert.IsAssignableFrom<Amazon.Runtime.AmazonUnmarshallingException>(ex.InnerException);
        Assert.DoesNotContain(body, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_answer_of_the_wrong_shape_is_reported_not_ignored()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", """{"somethingElse":{}}"""));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeleteBgpPeerAsync("dxpeer-fgq9j6xo", CancellationToken.None));

        Assert.Equal("UnexpectedResponse", ex.ErrorCode);
        Assert.Contains("virtualInterface", ex.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameRequest(JsonObject fixture, CapturedRequest sent)
    {
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/", sent.Path);
        Assert.Equal((string)fixture["headers"]!["Content-Type"]!, sent.Header("Content-Type"));
        Assert.Equal((string)fixture["headers"]!["X-Amz-Target"]!, sent.Header("X-Amz-Target"));

        var expected = JsonNode.Parse((string)fixture["body"]!);
        var actual = JsonNode.Parse(sent.BodyText);
        Assert.True(JsonNode.DeepEquals(expected, actual), "expected " + expected!.ToJsonString() + " but sent " + sent.BodyText);
        // Compact, as the SDK writes it: no whitespace outside strings.
        Assert.DoesNotMatch(new Regex("[\\r\\n]|\": |, \""), sent.BodyText);

        var scope = (string)fixture["signing"]!["credentialScope"]!;
        Assert.Equal("us-east-1/directconnect/aws4_request", scope);
        Assert.Matches(new Regex("^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/" + Regex.Escape(scope) + ", SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$"),
            sent.Header("Authorization") ?? string.Empty);
        // X-Amz-Target is signed, as the SDK signs it.
        Assert.Contains("x-amz-target", sent.Header("Authorization")!, StringComparison.Ordinal);
        Assert.Matches(new Regex("^\\d{8}T\\d{6}Z$"), sent.Header("X-Amz-Date") ?? string.Empty);
    }

    private static string SuccessFixtureFor(string operation) => operation switch
    {
        "CreateBGPPeer" => "DirectConnect.CreateBGPPeer.success.json",
        "DeleteBGPPeer" => "DirectConnect.DeleteBGPPeer.success.json",
        "DescribeVirtualInterfaces" => "DirectConnect.DescribeVirtualInterfaces.empty.json",
        "StartBgpFailoverTest" => "DirectConnect.StartBgpFailoverTest.success.json",
        "StopBgpFailoverTest" => "DirectConnect.StopBgpFailoverTest.success.json",
        "ListVirtualInterfaceTestHistory" => "DirectConnect.ListVirtualInterfaceTestHistory.empty.json",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No fixture for this operation."),
    };

    private static async Task<object> InvokeAsync(DirectConnectClient client, string operation) => operation switch
    {
        "CreateBGPPeer" => await client.CreateBgpPeerAsync(new NewDxBgpPeerRequest { VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv6, AsnLong = 64600 }, CancellationToken.None),
        "DeleteBGPPeer" => await client.DeleteBgpPeerAsync("dxpeer-fhb6fz6a", CancellationToken.None),
        "DescribeVirtualInterfaces" => await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None),
        "StartBgpFailoverTest" => await client.StartBgpFailoverTestAsync(new StartDxBgpFailoverTestRequest { VirtualInterfaceId = "dxvif-ffabc123", BgpPeerIds = new[] { "dxpeer-fgq9j6xo" }, DurationInMinutes = 10 }, CancellationToken.None),
        "StopBgpFailoverTest" => await client.StopBgpFailoverTestAsync("dxvif-ffabc123", CancellationToken.None),
        "ListVirtualInterfaceTestHistory" => await client.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery { VirtualInterfaceId = "dxvif-ffabc123" }, null, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>Our objects in the official SDK's output shape (lowerCamel, as the JS SDK keeps them), to compare whole.</summary>
    private static JsonObject Project(object result) => result switch
    {
        DxVirtualInterface vif => new JsonObject { ["virtualInterface"] = ProjectVif(vif) },
        Page<DxVirtualInterface> page => ProjectPage(page),
        DxBgpFailoverTest test => new JsonObject { ["virtualInterfaceTest"] = ProjectTest(test) },
        Page<DxBgpFailoverTest> page => ProjectTestPage(page),
        _ => throw new InvalidOperationException("Unexpected result " + result),
    };

    private static JsonObject ProjectTestPage(Page<DxBgpFailoverTest> page)
    {
        var o = new JsonObject { ["virtualInterfaceTestHistory"] = new JsonArray(page.Items.Select(t => (JsonNode)ProjectTest(t)).ToArray()) };
        if (page.NextToken is not null) o["nextToken"] = page.NextToken;
        return o;
    }

    /// <summary>A test in the SDK's shape; its times as the ISO strings the harness writes the SDK's Dates as.</summary>
    private static JsonObject ProjectTest(DxBgpFailoverTest t)
    {
        var o = new JsonObject();
        Put(o, "testId", t.TestId);
        Put(o, "virtualInterfaceId", t.VirtualInterfaceId);
        o["bgpPeers"] = new JsonArray(t.BgpPeerIds.Select(id => (JsonNode)JsonValue.Create(id)!).ToArray());
        Put(o, "status", t.StatusText);
        Put(o, "ownerAccount", t.OwnerAccount);
        if (t.Duration is TimeSpan d) o["testDurationInMinutes"] = (long)d.TotalMinutes;
        Put(o, "startTime", t.StartTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Put(o, "endTime", t.EndTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        return o;
    }

    private static JsonObject ProjectPage(Page<DxVirtualInterface> page)
    {
        var o = new JsonObject { ["virtualInterfaces"] = new JsonArray(page.Items.Select(v => (JsonNode)ProjectVif(v)).ToArray()) };
        if (page.NextToken is not null) o["nextToken"] = page.NextToken;
        return o;
    }

    private static JsonObject ProjectVif(DxVirtualInterface v)
    {
        var o = new JsonObject();
        Put(o, "ownerAccount", v.OwnerAccount);
        Put(o, "virtualInterfaceId", v.VirtualInterfaceId);
        Put(o, "location", v.Location);
        Put(o, "connectionId", v.ConnectionId);
        Put(o, "virtualInterfaceType", v.VirtualInterfaceType);
        Put(o, "virtualInterfaceName", v.VirtualInterfaceName);
        if (v.Vlan is int vlan) o["vlan"] = vlan;
        if (v.WireAsn is long asn) o["asn"] = asn;
        if (v.WireAsnLong is long asnLong) o["asnLong"] = asnLong;
        if (v.AmazonSideAsn is long side) o["amazonSideAsn"] = side;
        Put(o, "authKey", v.AuthKey?.Reveal());
        Put(o, "amazonAddress", v.AmazonAddress);
        Put(o, "customerAddress", v.CustomerAddress);
        if (v.AddressFamily is AddressFamily af) o["addressFamily"] = WireNames.ToWire(af);
        Put(o, "virtualInterfaceState", v.VirtualInterfaceState);
        Put(o, "customerRouterConfig", v.CustomerRouterConfig?.Reveal());
        if (v.Mtu is int mtu) o["mtu"] = mtu;
        if (v.JumboFrameCapable is bool jumbo) o["jumboFrameCapable"] = jumbo;
        Put(o, "virtualGatewayId", v.VirtualGatewayId);
        Put(o, "directConnectGatewayId", v.DirectConnectGatewayId);
        o["routeFilterPrefixes"] = new JsonArray(v.RouteFilterPrefixes.Select(c => (JsonNode)new JsonObject { ["cidr"] = c }).ToArray());
        o["bgpPeers"] = new JsonArray(v.BgpPeers.Select(p => (JsonNode)ProjectPeer(p)).ToArray());
        Put(o, "region", v.Region);
        Put(o, "awsDeviceV2", v.AwsDeviceV2);
        Put(o, "awsLogicalDeviceId", v.AwsLogicalDeviceId);
        o["tags"] = new JsonArray(v.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());
        if (v.SiteLinkEnabled is bool site) o["siteLinkEnabled"] = site;
        return o;
    }

    private static JsonObject ProjectPeer(DxBgpPeer p)
    {
        var o = new JsonObject();
        Put(o, "bgpPeerId", p.BgpPeerId);
        if (p.WireAsn is long asn) o["asn"] = asn;
        if (p.WireAsnLong is long asnLong) o["asnLong"] = asnLong;
        Put(o, "authKey", p.AuthKey?.Reveal());
        if (p.AddressFamily is AddressFamily af) o["addressFamily"] = WireNames.ToWire(af);
        Put(o, "amazonAddress", p.AmazonAddress);
        Put(o, "customerAddress", p.CustomerAddress);
        Put(o, "bgpPeerState", p.State == DxBgpPeerState.Unknown ? null : p.State.ToString().ToLowerInvariant());
        Put(o, "bgpStatus", WireNames.ToWire(p.BgpStatus));
        Put(o, "awsDeviceV2", p.AwsDeviceV2);
        Put(o, "awsLogicalDeviceId", p.AwsLogicalDeviceId);
        return o;
    }

    /// <summary>
    /// Sorts object members by name and drops empty lists: our model holds an absent list and an empty one the
    /// same way (an empty collection). Everything else must match exactly, including empty strings.
    /// </summary>
    private static JsonNode Normalize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var sorted = new JsonObject();
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (v is JsonArray { Count: 0 }) continue;
                    sorted[k] = v is null ? null : Normalize(v.DeepClone());
                }
                return sorted;
            case JsonArray a:
                return new JsonArray(a.Select(i => i is null ? null : Normalize(i.DeepClone())).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private static void Put(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }
}
