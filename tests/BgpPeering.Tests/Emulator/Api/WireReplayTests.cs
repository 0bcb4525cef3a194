// The emulator's APIs against the official SDK's requests; the engine's clients then parse every answer too.
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Api;

/// <summary>
/// Every request fixture in Wire/requests (the official SDK's exact bytes) is replayed against a fresh emulator with the
/// demo topology, signed by AWSSDK.Core's signer: each gets the expected success or a well-formed error in its
/// protocol's format. Then the engine's own clients send the same parameters and parse every answer.
/// </summary>
public sealed class WireReplayTests
{
    /// <summary>What each fixture gets from the demo topology: null for success, else the error code.</summary>
    private static readonly Dictionary<string, string?> Expected = new()
    {
        ["EC2.CreateRouteServerPeer.asn-32bit"] = null,
        ["EC2.CreateRouteServerPeer.full"] = "DryRunOperation",
        ["EC2.CreateRouteServerPeer.minimal"] = null,
        ["EC2.DeleteRouteServerPeer.basic"] = "InvalidRouteServerPeerId.NotFound",
        ["EC2.DeleteRouteServerPeer.dryrun-false"] = "InvalidRouteServerPeerId.NotFound",
        ["EC2.DeleteRouteServerPeer.dryrun"] = "DryRunOperation",
        ["EC2.DescribeRouteServerEndpoints.ids-and-filter"] = null,
        ["EC2.DescribeRouteServerEndpoints.no-args"] = null,
        ["EC2.DescribeRouteServerPeers.dryrun"] = "DryRunOperation",
        ["EC2.DescribeRouteServerPeers.empty-id-list"] = null,
        ["EC2.DescribeRouteServerPeers.filters"] = null,
        ["EC2.DescribeRouteServerPeers.ids"] = "InvalidRouteServerPeerId.NotFound",
        ["EC2.DescribeRouteServerPeers.no-args"] = null,
        ["EC2.DescribeRouteServerPeers.paging"] = "InvalidPaginationToken",
        ["EC2.GetRouteServerRoutingDatabase.minimal"] = null,
        ["EC2.GetRouteServerRoutingDatabase.dryrun"] = "DryRunOperation",
        ["EC2.GetRouteServerRoutingDatabase.filters-paging"] = "InvalidPaginationToken",
        // The fixtures tag rsp-0123456789abcdef0, which the demo topology does not have.
        ["EC2.CreateTags.peer"] = "InvalidRouteServerPeerId.NotFound",
        ["EC2.CreateTags.dryrun"] = "DryRunOperation",
        ["EC2.DeleteTags.peer-keys"] = "InvalidRouteServerPeerId.NotFound",
        ["DirectConnect.CreateBGPPeer.asn-long"] = "DirectConnectClientException",
        ["DirectConnect.CreateBGPPeer.ipv4"] = "DirectConnectClientException",
        ["DirectConnect.CreateBGPPeer.ipv6"] = null,
        ["DirectConnect.DeleteBGPPeer.by-peer-id"] = "DirectConnectClientException",
        ["DirectConnect.DeleteBGPPeer.by-vif-asn-address"] = "DirectConnectClientException",
        ["DirectConnect.DescribeVirtualInterfaces.by-connection-id"] = null,
        ["DirectConnect.DescribeVirtualInterfaces.by-vif-id"] = null,
        ["DirectConnect.DescribeVirtualInterfaces.no-args"] = null,
        ["DirectConnect.ListVirtualInterfaceRoutes.by-vif"] = null,
        ["DirectConnect.ListVirtualInterfaceRoutes.accepted-ipv4-paging"] = "DirectConnectClientException",
        ["DirectConnect.ListVirtualInterfaceRoutes.advertised-all-filters"] = null,
        ["DirectConnect.StartBgpFailoverTest.minimal"] = null,
        ["DirectConnect.StartBgpFailoverTest.peers-duration"] = null,
        ["DirectConnect.StopBgpFailoverTest.basic"] = "DirectConnectClientException",
        ["DirectConnect.ListVirtualInterfaceTestHistory.by-vif"] = null,
        ["DirectConnect.ListVirtualInterfaceTestHistory.all-filters"] = "DirectConnectClientException",
    };

    private static readonly Dictionary<string, int> ErrorStatus = new()
    {
        ["DryRunOperation"] = 412,
        ["InvalidRouteServerPeerId.NotFound"] = 400,
        ["InvalidPaginationToken"] = 400,
        ["DirectConnectClientException"] = 400,
    };

    public static TheoryData<string> AllRequestFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in WireFixtures.RequestNames("EC2").Concat(WireFixtures.RequestNames("DirectConnect"))) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_request_fixture_has_an_expected_outcome()
    {
        var names = WireFixtures.RequestNames("EC2").Concat(WireFixtures.RequestNames("DirectConnect")).ToList();
        Assert.Equal(36, names.Count);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), Expected.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllRequestFixtures))]
    public async Task Replayed_fixture_gets_the_expected_well_formed_answer(string fixtureName)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var fixture = WireFixtures.Request(fixtureName);
        var operation = (string)fixture["operation"]!;
        var body = (string)fixture["body"]!;
        var expectedError = Expected[fixtureName];

        if ((string)fixture["service"]! == "EC2")
        {
            using var response = await emu.SendEc2Async(body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("text/xml;charset=UTF-8", response.Content.Headers.ContentType!.ToString().Replace(" ", string.Empty));
            var doc = XDocument.Parse(text);
            if (expectedError is null)
            {
                Assert.Equal(200, (int)response.StatusCode);
                AssertEc2Success(doc, operation);
            }
            else
            {
                Assert.Equal(ErrorStatus[expectedError], (int)response.StatusCode);
                Assert.Equal(expectedError, AssertEc2Error(doc));
            }
        }
        else
        {
            using var response = await emu.SendDirectConnectAsync(operation, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType!.MediaType);
            Assert.True(response.Headers.TryGetValues("x-amzn-RequestId", out var ids) && !string.IsNullOrEmpty(ids.Single()));
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (expectedError is null)
            {
                Assert.Equal(200, (int)response.StatusCode);
                if (operation == "DescribeVirtualInterfaces") Assert.True(root.GetProperty("virtualInterfaces").GetArrayLength() > 0);
                else if (operation == "ListVirtualInterfaceRoutes")
                {
                    Assert.Equal("dxvif-ffabc123", root.GetProperty("virtualInterfaceId").GetString());
                    Assert.Equal(JsonValueKind.Array, root.GetProperty("routes").ValueKind);
                }
                else if (operation == "ListVirtualInterfaceTestHistory") Assert.Equal(JsonValueKind.Array, root.GetProperty("virtualInterfaceTestHistory").ValueKind);
                else if (operation == "StartBgpFailoverTest")
                {
                    var test = root.GetProperty("virtualInterfaceTest");
                    Assert.Equal("in-progress", test.GetProperty("status").GetString());
                    Assert.Equal(JsonValueKind.Number, test.GetProperty("startTime").ValueKind);
                }
                else Assert.StartsWith("dxvif-", root.GetProperty("virtualInterface").GetProperty("virtualInterfaceId").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(ErrorStatus[expectedError], (int)response.StatusCode);
                Assert.Equal(expectedError, root.GetProperty("__type").GetString());
                Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("message").GetString()));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllRequestFixtures))]
    public async Task The_engine_client_parses_the_answer_to_every_fixture(string fixtureName)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var fixture = WireFixtures.Request(fixtureName);
        var operation = (string)fixture["operation"]!;
        var expectedError = Expected[fixtureName];
        var ctx = new ReadContext("us-east-1", emu.Url, emu.Clock.GetUtcNow());

        if ((string)fixture["service"]! == "EC2")
        {
            var parameters = fixture["form"]!.AsArray()
                .Select(pair => new KeyValuePair<string, string>((string)pair![0]!, (string)pair[1]!))
                .Where(kv => kv.Key is not ("Action" or "Version"))
                .ToList();
            if (expectedError is not null)
            {
                var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.Client.SendAsync(operation, parameters, CancellationToken.None));
                Assert.Equal(expectedError, ex.ErrorCode);
                Assert.Equal(ErrorStatus[expectedError], ex.StatusCode);
                Assert.False(string.IsNullOrEmpty(ex.RequestId));
                return;
            }
            Task<T> Call<T>(Func<Ec2XmlCursor, T> read) => emu.RouteServer.Client.CallAsync(operation, parameters, read, CancellationToken.None);
            switch (operation)
            {
                case "CreateRouteServerPeer":
                {
                    var peer = Ec2Responses.Require(await Call(x => Ec2Responses.ReadSinglePeer(x, ctx)), operation);
                    Assert.Matches("^rsp-[0-9a-f]{17}$", peer.RouteServerPeerId);
                    Assert.Equal("rse-0123456789abcdef0", peer.RouteServerEndpointId);
                    Assert.Equal("10.0.1.10", peer.PeerAddress);
                    Assert.Equal(long.Parse(parameters.Single(p => p.Key == "BgpOptions.PeerAsn").Value), peer.PeerAsn);
                    Assert.Equal(BgpPeering.Engine.Model.RouteServerState.Pending, peer.State);
                    break;
                }
                case "DescribeRouteServerPeers":
                {
                    var page = await Call(x => Ec2Responses.ReadPeerPage(x, ctx));
                    var filtered = parameters.Any(p => p.Key.StartsWith("Filter.", StringComparison.Ordinal));
                    Assert.Equal(filtered ? 0 : 1, page.Items.Count);
                    Assert.Null(page.NextToken);
                    break;
                }
                case "DescribeRouteServerEndpoints":
                {
                    var page = await Call(x => Ec2Responses.ReadEndpointPage(x, ctx));
                    Assert.Equal(2, page.Items.Count);
                    Assert.All(page.Items, e => Assert.Equal("vpc-0a1b2c3d4e5f67890", e.VpcId));
                    break;
                }
                case "GetRouteServerRoutingDatabase":
                {
                    // The demo's one peer advertises two prefixes: both the best path, the second rejected by the
                    // route table that routes it statically.
                    var page = await Call(x => Ec2Responses.ReadRoutePage(x, ctx, "rs-0123456789abcdef0"));
                    Assert.Equal(["10.60.0.0/16", "10.61.0.0/16"], page.Items.Select(r => r.Prefix));
                    Assert.All(page.Items, r => Assert.Equal(BgpPeering.Engine.Model.BgpRouteStatus.InFib, r.Status));
                    Assert.All(page.Items, r => Assert.Equal("rsp-0fedcba9876543210", r.RouteServerPeerId));
                    Assert.Equal(["rtb-0b1c2d3e4f5a67890"], page.Items[1].RejectedRouteTableIds);
                    Assert.False(page.Items[0].AreRoutesPersisted);
                    Assert.Null(page.NextToken);
                    break;
                }
                default:
                    Assert.Fail("No success expected for " + operation);
                    break;
            }
        }
        else
        {
            var body = Encoding.UTF8.GetBytes((string)fixture["body"]!);
            if (expectedError is not null)
            {
                var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.DirectConnect.Client.CallAsync(operation, body, CancellationToken.None));
                Assert.Equal(expectedError, ex.ErrorCode);
                Assert.False(string.IsNullOrEmpty(ex.RequestId));
                return;
            }
            var root = await emu.DirectConnect.Client.CallAsync(operation, body, CancellationToken.None);
            if (operation == "ListVirtualInterfaceRoutes")
            {
                var page = DxResponses.ParseRoutePage(root, ctx, "dxvif-ffabc123");
                var direction = fixture["params"]!["filters"]?["routeDirection"]?.GetValue<string>();
                if (direction == "advertised")
                {
                    // The demo interface advertises 10.0.0.0/16 with no communities: the community filter leaves none.
                    Assert.Empty(page.Items);
                }
                else
                {
                    // No direction filter: both directions (the emulator's choice; the API documents no default).
                    Assert.Equal(["10.0.0.0/16", "10.70.0.0/16", "10.71.0.0/16"], page.Items.Select(r => r.Prefix));
                    Assert.Equal([BgpPeering.Engine.Model.BgpRouteStatus.Advertised, BgpPeering.Engine.Model.BgpRouteStatus.Accepted, BgpPeering.Engine.Model.BgpRouteStatus.Accepted],
                        page.Items.Select(r => r.Status));
                    Assert.Equal("65000 {65101 65102}", page.Items[2].AsPath);
                }
                Assert.Null(page.NextToken);
            }
            else if (operation == "StartBgpFailoverTest")
            {
                var test = DxResponses.ParseTest(root, ctx, operation);
                Assert.Equal("dxvif-ffabc123", test.VirtualInterfaceId);
                Assert.Equal(new[] { "dxpeer-fgq9j6xo" }, test.BgpPeerIds);
                Assert.Equal(BgpPeering.Engine.Model.DxBgpFailoverTestStatus.InProgress, test.Status);
                Assert.Equal(emu.Clock.GetUtcNow(), test.StartTime);
                Assert.Null(test.EndTime);
            }
            else if (operation == "ListVirtualInterfaceTestHistory")
            {
                Assert.Empty(DxResponses.ParseTestPage(root, ctx).Items);
            }
            else if (operation == "DescribeVirtualInterfaces")
            {
                var page = DxResponses.ParsePage(root, ctx);
                Assert.NotEmpty(page.Items);
                Assert.All(page.Items, v => Assert.Matches("^dxvif-[a-z0-9]{8}$", v.VirtualInterfaceId));
            }
            else
            {
                var vif = DxResponses.ParseSingle(root, ctx, operation);
                Assert.Equal("dxvif-ffabc123", vif.VirtualInterfaceId);
                var created = Assert.Single(vif.BgpPeers, p => p.AddressFamily == BgpPeering.Engine.Model.AddressFamily.IPv6);
                Assert.Equal(64600, created.Asn);
                Assert.Equal(BgpPeering.Engine.Model.DxBgpPeerState.Pending, created.State);
                Assert.EndsWith("/125", created.CustomerAddress, StringComparison.Ordinal);
            }
        }
    }

    private static void AssertEc2Success(XDocument doc, string operation)
    {
        XNamespace ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
        Assert.Equal(ns + (operation + "Response"), doc.Root!.Name);
        var first = doc.Root.Elements().First();
        Assert.Equal(ns + "requestId", first.Name);
        Assert.False(string.IsNullOrEmpty(first.Value));
        // Only lowerCamel names and <item> list entries, as the SDK needs.
        Assert.All(doc.Root.Descendants(), e => Assert.True(char.IsLower(e.Name.LocalName[0]), e.Name.LocalName));
        Assert.All(doc.Root.Descendants(), e => Assert.Equal(ns, e.Name.Namespace));
        Assert.DoesNotContain(doc.Root.Descendants(), e => e.Name.LocalName == "member");
    }

    private static string AssertEc2Error(XDocument doc)
    {
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        Assert.Equal(XNamespace.None, doc.Root.Name.Namespace);
        var error = doc.Root.Element("Errors")!.Element("Error")!;
        Assert.False(string.IsNullOrWhiteSpace(error.Element("Message")!.Value));
        Assert.False(string.IsNullOrWhiteSpace(doc.Root.Element("RequestID")!.Value));
        return error.Element("Code")!.Value;
    }
}
