using System.Globalization;
using Amazon.EC2.Model;
using BgpPeering.Engine.Model;
using Xunit;
using Xunit.Abstractions;
using SdkPeer = Amazon.EC2.Model.RouteServerPeer;
using SdkEndpoint = Amazon.EC2.Model.RouteServerEndpoint;
using OurPeer = BgpPeering.Engine.Model.RouteServerPeer;
using OurEndpoint = BgpPeering.Engine.Model.RouteServerEndpoint;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// Field by field, the official SDK's parse and ours of the same emulator state agree. Each side lists everything
/// through its own client and paging, and every field of every object is compared, edge values included. Where our
/// model fills a default for a member AWS left out, the mapping is stated once, in <see cref="Fields(SdkPeer)"/>.
/// </summary>
public sealed class ParseEquivalenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5)]
    [InlineData(1000)]
    public async Task Every_peer_field_parses_as_the_sdk_parses_it(int pageSize)
    {
        await using var emu = await OracleEmulator.StartAsync(Seeds.WithEdgeValues(generated: 10_000));
        using var ec2 = emu.Sdk();
        var sdk = new List<SdkPeer>();
        await foreach (var p in ec2.Paginators.DescribeRouteServerPeers(new DescribeRouteServerPeersRequest { MaxResults = pageSize }).RouteServerPeers) sdk.Add(p);
        var ours = await ListOurPeersAsync(emu, new RouteServerPeerQuery { MaxResults = pageSize });

        Assert.Equal(emu.State.RouteServerPeerCount, sdk.Count);
        var compared = AssertSameObjects(sdk.Select(Fields).ToList(), ours.Select(Fields).ToList());
        output.WriteLine($"{sdk.Count} peers, {compared} fields compared, pages of {pageSize}");

        // The edge values really were there (so the comparison above covered them).
        var max = Assert.Single(ours, p => p.PeerAsn == 4294967295);
        Assert.Equal("a=b;c=d", max.Tags["k=v"]);
        Assert.Equal("x;y=z;", max.Tags["semi;colon"]);
        Assert.Equal("<tag> & \"quoted\" 'single'", max.Tags["xml<&>\"'"]);
        Assert.Equal(string.Empty, max.Tags["empty"]);
        Assert.Equal(";=", Assert.Single(ours, p => p.PeerAsn == 1).Tags["=;"]);
        var failed = ours.Where(p => p.State == RouteServerState.Failed).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(sdk.Where(p => p.State == Amazon.EC2.RouteServerPeerState.Failed), p => Assert.Null(p.BgpStatus));
        Assert.All(failed, p => Assert.Equal(BgpStatus.Unknown, p.BgpStatus));
        Assert.Equal(50, Assert.Single(ours, p => p.Tags.Count == 50).Tags.Count);
    }

    [Fact]
    public async Task Filtered_and_by_id_listings_parse_as_the_sdk_parses_them()
    {
        await using var emu = await OracleEmulator.StartAsync(Seeds.WithEdgeValues(generated: 40));
        using var ec2 = emu.Sdk();
        var all = await ListOurPeersAsync(emu, new RouteServerPeerQuery());
        var ids = all.Where((_, i) => i % 3 == 0).Select(p => p.RouteServerPeerId).ToList();

        var sdkById = (await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { RouteServerPeerIds = ids })).RouteServerPeers;
        var query = new RouteServerPeerQuery();
        foreach (var id in ids) query.RouteServerPeerIds.Add(id);
        var oursById = await ListOurPeersAsync(emu, query);
        Assert.Equal(ids.Count, sdkById.Count);
        AssertSameObjects(sdkById.Select(Fields).ToList(), oursById.Select(Fields).ToList());

        var sdkFiltered = (await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { Filters = [new Amazon.EC2.Model.Filter("tag-key", ["k=v", "=;"])] })).RouteServerPeers;
        var filter = new RouteServerPeerQuery();
        filter.Filters.Add(new Engine.Model.Filter("tag-key", "k=v", "=;"));
        var oursFiltered = await ListOurPeersAsync(emu, filter);
        Assert.Equal(2, sdkFiltered.Count);
        AssertSameObjects(sdkFiltered.Select(Fields).ToList(), oursFiltered.Select(Fields).ToList());
    }

    [Fact]
    public async Task Every_endpoint_field_parses_as_the_sdk_parses_it()
    {
        var seed = Seeds.Generated(0);
        var endpoints = seed.Vpcs.SelectMany(v => v.RouteServers).SelectMany(r => r.Endpoints).ToList();
        endpoints[0].Tags!["k=v;x"] = "a=b;c=d & <e>";
        endpoints[1].State = "failed";
        endpoints[1].FailureReason = "The subnet has no free addresses; a=b.";
        await using var emu = await OracleEmulator.StartAsync(seed);
        using var ec2 = emu.Sdk();

        var sdk = (await ec2.DescribeRouteServerEndpointsAsync(new DescribeRouteServerEndpointsRequest())).RouteServerEndpoints;
        var ours = (await emu.Engine.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, CancellationToken.None)).Items;
        Assert.Equal(2, sdk.Count);
        var compared = AssertSameObjects(sdk.Select(Fields).ToList(), ours.Select(Fields).ToList());
        Assert.True(compared >= 18, compared + " fields");
        Assert.Equal("a=b;c=d & <e>", Assert.Single(ours, e => e.Tags.ContainsKey("k=v;x")).Tags["k=v;x"]);
        Assert.Equal(RouteServerState.Failed, Assert.Single(ours, e => e.FailureReason is not null).State);
    }

    [Fact]
    public async Task Create_and_delete_answers_parse_as_the_sdk_reads_the_same_peer()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        var request = new NewRouteServerPeerRequest { RouteServerEndpointId = Seeds.EndpointA, PeerAddress = "10.0.1.40", PeerAsn = 4294967295, PeerLivenessDetection = PeerLivenessDetection.Bfd };
        request.Tags.Add(new("Name", "fw=1;2"));
        request.Tags.Add(new("a;b", "c=d"));
        var created = await emu.Engine.RouteServer.CreatePeerAsync(request, CancellationToken.None);
        var sdkCreated = Assert.Single((await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { RouteServerPeerIds = [created.RouteServerPeerId] })).RouteServerPeers);
        AssertSameObjects([Fields(sdkCreated)], [Fields(created)]);

        var deleted = await emu.Engine.RouteServer.DeletePeerAsync(created.RouteServerPeerId, CancellationToken.None);
        Assert.Equal(RouteServerState.Deleting, deleted.State);
        var sdkDeleted = Assert.Single((await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { RouteServerPeerIds = [created.RouteServerPeerId] })).RouteServerPeers);
        AssertSameObjects([Fields(sdkDeleted)], [Fields(deleted)]);
    }

    private static async Task<List<OurPeer>> ListOurPeersAsync(OracleEmulator emu, RouteServerPeerQuery query)
    {
        var all = new List<OurPeer>();
        string? token = null;
        do
        {
            var page = await emu.Engine.RouteServer.DescribePeersAsync(query, token, CancellationToken.None);
            all.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);
        return all;
    }

    /// <summary>Same objects in the same order, every field equal; returns the number of fields compared.</summary>
    private static int AssertSameObjects(List<SortedDictionary<string, string?>> sdk, List<SortedDictionary<string, string?>> ours)
    {
        Assert.Equal(sdk.Count, ours.Count);
        var fields = 0;
        for (var i = 0; i < sdk.Count; i++)
        {
            Assert.Equal(sdk[i].Keys, ours[i].Keys);
            foreach (var (name, value) in sdk[i])
            {
                if (!string.Equals(value, ours[i][name], StringComparison.Ordinal))
                    Assert.Fail($"object {i} ({sdk[i].GetValueOrDefault("Id")}), field {name}: the SDK parsed [{value}], we parsed [{ours[i][name]}]");
                fields++;
            }
        }
        return fields;
    }

    // The SDK's nested, nullable shape and our flat one, as the same named fields. Where AWS sends no member:
    // our PeerAsn is 0, our PeerLivenessDetection is bgp-keepalive (AWS's default), our statuses are Unknown.
    private static SortedDictionary<string, string?> Fields(SdkPeer p)
    {
        var f = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Id"] = p.RouteServerPeerId,
            ["RouteServerEndpointId"] = p.RouteServerEndpointId,
            ["RouteServerId"] = p.RouteServerId,
            ["VpcId"] = p.VpcId,
            ["SubnetId"] = p.SubnetId,
            ["State"] = p.State?.Value,
            ["FailureReason"] = p.FailureReason,
            ["EndpointEniId"] = p.EndpointEniId,
            ["EndpointEniAddress"] = p.EndpointEniAddress,
            ["PeerAddress"] = p.PeerAddress,
            ["PeerAsn"] = (p.BgpOptions?.PeerAsn ?? 0).ToString(CultureInfo.InvariantCulture),
            ["PeerLivenessDetection"] = p.BgpOptions?.PeerLivenessDetection?.Value ?? "bgp-keepalive",
            ["BgpStatus"] = p.BgpStatus?.Status?.Value ?? "unknown",
            ["BfdStatus"] = p.BfdStatus?.Status?.Value ?? "unknown",
        };
        AddTags(f, p.Tags?.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
        return f;
    }

    private static SortedDictionary<string, string?> Fields(OurPeer p)
    {
        var f = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Id"] = p.RouteServerPeerId,
            ["RouteServerEndpointId"] = p.RouteServerEndpointId,
            ["RouteServerId"] = p.RouteServerId,
            ["VpcId"] = p.VpcId,
            ["SubnetId"] = p.SubnetId,
            ["State"] = WireNames.ToWire(p.State),
            ["FailureReason"] = p.FailureReason,
            ["EndpointEniId"] = p.EndpointEniId,
            ["EndpointEniAddress"] = p.EndpointEniAddress,
            ["PeerAddress"] = p.PeerAddress,
            ["PeerAsn"] = p.PeerAsn.ToString(CultureInfo.InvariantCulture),
            ["PeerLivenessDetection"] = WireNames.ToWire(p.PeerLivenessDetection),
            ["BgpStatus"] = WireNames.ToWire(p.BgpStatus),
            ["BfdStatus"] = WireNames.ToWire(p.BfdStatus),
        };
        AddTags(f, p.Tags);
        return f;
    }

    private static SortedDictionary<string, string?> Fields(SdkEndpoint e)
    {
        var f = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Id"] = e.RouteServerEndpointId,
            ["RouteServerId"] = e.RouteServerId,
            ["VpcId"] = e.VpcId,
            ["SubnetId"] = e.SubnetId,
            ["EniId"] = e.EniId,
            ["EniAddress"] = e.EniAddress,
            ["State"] = e.State?.Value,
            ["FailureReason"] = e.FailureReason,
        };
        AddTags(f, e.Tags?.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
        return f;
    }

    private static SortedDictionary<string, string?> Fields(OurEndpoint e)
    {
        var f = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Id"] = e.RouteServerEndpointId,
            ["RouteServerId"] = e.RouteServerId,
            ["VpcId"] = e.VpcId,
            ["SubnetId"] = e.SubnetId,
            ["EniId"] = e.EniId,
            ["EniAddress"] = e.EniAddress,
            ["State"] = WireNames.ToWire(e.State),
            ["FailureReason"] = e.FailureReason,
        };
        AddTags(f, e.Tags);
        return f;
    }

    private static void AddTags(SortedDictionary<string, string?> f, IEnumerable<KeyValuePair<string, string>>? tags)
    {
        var count = 0;
        foreach (var (key, value) in tags ?? [])
        {
            f["Tag[" + key + "]"] = value;
            count++;
        }
        f["TagCount"] = count.ToString(CultureInfo.InvariantCulture);
    }
}
