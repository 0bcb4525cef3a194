using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using BgpPeering.Emulator.Hosting;
using Xunit;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// The official AWSSDK.EC2 against the emulator, for the four Route Server operations: what a user's own SDK script
/// (or AWS.Tools.EC2, which is built on it) gets from the emulator, errors, paging and DryRun included.
/// </summary>
public sealed class SdkAgainstEmulatorTests
{
    private const string EndpointA = "rse-0123456789abcdef0";
    private const string EndpointB = "rse-0fedcba9876543210";

    [Fact]
    public async Task DescribeRouteServerEndpoints_lists_by_id_and_by_filter()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();

        var all = await ec2.DescribeRouteServerEndpointsAsync(new DescribeRouteServerEndpointsRequest());
        Assert.Equal(new[] { EndpointA, EndpointB }, all.RouteServerEndpoints.Select(e => e.RouteServerEndpointId).OrderBy(x => x, StringComparer.Ordinal));
        Assert.All(all.RouteServerEndpoints, e => Assert.Equal("vpc-0a1b2c3d4e5f67890", e.VpcId));
        Assert.All(all.RouteServerEndpoints, e => Assert.Equal(RouteServerEndpointState.Available, e.State));
        Assert.Null(all.NextToken);

        var one = await ec2.DescribeRouteServerEndpointsAsync(new DescribeRouteServerEndpointsRequest { RouteServerEndpointIds = [EndpointB] });
        var b = Assert.Single(one.RouteServerEndpoints);
        Assert.Equal("10.0.2.4", b.EniAddress);
        Assert.Equal("rse-b", Assert.Single(b.Tags, t => t.Key == "Name").Value);

        var filtered = await ec2.DescribeRouteServerEndpointsAsync(new DescribeRouteServerEndpointsRequest
        {
            Filters = [new Filter("subnet-id", ["subnet-0a1b2c3d4e5f67890"])],
        });
        Assert.Equal(EndpointA, Assert.Single(filtered.RouteServerEndpoints).RouteServerEndpointId);
    }

    [Fact]
    public async Task DescribeRouteServerEndpoints_unknown_id_is_the_sdk_exception_with_code_and_status()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeRouteServerEndpointsAsync(new DescribeRouteServerEndpointsRequest { RouteServerEndpointIds = ["rse-00000000000000000"] }));
        Assert.Equal("InvalidRouteServerEndpointId.NotFound", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("rse-00000000000000000", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
    }

    [Fact]
    public async Task DescribeRouteServerPeers_pages_through_the_sdk_paginator_and_by_hand()
    {
        var seed = Seeds.Generated(23);
        await using var emu = await OracleEmulator.StartAsync(seed);
        using var ec2 = emu.Sdk();
        var expected = emu.State.RouteServerPeerCount;
        Assert.Equal(24, expected); // 23 generated + the demo's one

        var viaPaginator = new List<string>();
        await foreach (var peer in ec2.Paginators.DescribeRouteServerPeers(new DescribeRouteServerPeersRequest { MaxResults = 5 }).RouteServerPeers)
            viaPaginator.Add(peer.RouteServerPeerId);
        Assert.Equal(expected, viaPaginator.Count);
        Assert.Equal(expected, viaPaginator.Distinct(StringComparer.Ordinal).Count());

        var byHand = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { MaxResults = 5, NextToken = token });
            Assert.InRange(page.RouteServerPeers.Count, 1, 5);
            byHand.AddRange(page.RouteServerPeers.Select(p => p.RouteServerPeerId));
            token = page.NextToken;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(5, pages);
        Assert.Equal(viaPaginator, byHand);
    }

    [Fact]
    public async Task DescribeRouteServerPeers_errors_reach_the_sdk_as_its_own_exceptions()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();

        var notFound = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { RouteServerPeerIds = ["rsp-00000000000000000"] }));
        Assert.Equal("InvalidRouteServerPeerId.NotFound", notFound.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, notFound.StatusCode);

        var badToken = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { NextToken = "not-a-token" }));
        Assert.Equal("InvalidPaginationToken", badToken.ErrorCode);

        var badFilter = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { Filters = [new Filter("no-such-filter", ["x"])] }));
        Assert.Equal("InvalidParameterValue", badFilter.ErrorCode);
    }

    [Fact]
    public async Task DescribeRouteServerPeers_DryRun_answers_DryRunOperation_412()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { DryRun = true }));
        Assert.Equal("DryRunOperation", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.StatusCode);
    }

    [Fact]
    public async Task CreateRouteServerPeer_creates_a_pending_peer_with_its_tags_and_the_largest_asn()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        var created = (await ec2.CreateRouteServerPeerAsync(new CreateRouteServerPeerRequest
        {
            RouteServerEndpointId = EndpointA,
            PeerAddress = "10.0.1.20",
            BgpOptions = new RouteServerBgpOptionsRequest { PeerAsn = 4294967295, PeerLivenessDetection = RouteServerPeerLivenessMode.Bfd },
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.RouteServerPeer, Tags = [new Tag("Name", "fw-new"), new Tag("k=v", "a=b;c=d")] }],
        })).RouteServerPeer;

        Assert.Matches("^rsp-[0-9a-f]{17}$", created.RouteServerPeerId);
        Assert.Equal(RouteServerPeerState.Pending, created.State);
        Assert.Equal(4294967295L, created.BgpOptions.PeerAsn);
        Assert.Equal(RouteServerPeerLivenessMode.Bfd, created.BgpOptions.PeerLivenessDetection);
        Assert.Equal("a=b;c=d", Assert.Single(created.Tags, t => t.Key == "k=v").Value);

        var read = await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { RouteServerPeerIds = [created.RouteServerPeerId] });
        Assert.Equal("10.0.1.20", Assert.Single(read.RouteServerPeers).PeerAddress);
    }

    [Fact]
    public async Task CreateRouteServerPeer_errors_and_DryRun_change_nothing()
    {
        await using var emu = await OracleEmulator.StartAsync(configure: o =>
        {
            o.Keys.Add(new EmulatorKey(OracleEmulator.AccessKey, OracleEmulator.SecretKey));
            o.Keys.Add(new EmulatorKey("AKIDREADONLYEXAMPLE", "readonly-secret", ["ec2:CreateRouteServerPeer"]));
        });
        using var ec2 = emu.Sdk();
        var before = emu.State.RouteServerPeerCount;
        CreateRouteServerPeerRequest Request(long asn, bool? dryRun = null) => new()
        {
            RouteServerEndpointId = EndpointA, PeerAddress = "10.0.1.30", BgpOptions = new RouteServerBgpOptionsRequest { PeerAsn = asn }, DryRun = dryRun,
        };

        var dry = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateRouteServerPeerAsync(Request(65001, dryRun: true)));
        Assert.Equal("DryRunOperation", dry.ErrorCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, dry.StatusCode);

        var badAsn = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateRouteServerPeerAsync(Request(4294967296)));
        Assert.Equal("InvalidParameterValue", badAsn.ErrorCode);
        Assert.Contains("BgpOptions.PeerAsn", badAsn.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateRouteServerPeerAsync(new CreateRouteServerPeerRequest { RouteServerEndpointId = EndpointA, PeerAddress = "10.0.1.30" }));
        Assert.Equal("MissingParameter", missing.ErrorCode);

        using var readOnly = emu.Sdk("AKIDREADONLYEXAMPLE", "readonly-secret");
        var denied = await Assert.ThrowsAsync<AmazonEC2Exception>(() => readOnly.CreateRouteServerPeerAsync(Request(65001, dryRun: true)));
        Assert.Equal("UnauthorizedOperation", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        Assert.Equal(before, emu.State.RouteServerPeerCount);
    }

    [Fact]
    public async Task DeleteRouteServerPeer_deletes_and_reports_unknown_ids_and_DryRun()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        const string id = "rsp-0fedcba9876543210";

        var dry = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteRouteServerPeerAsync(new DeleteRouteServerPeerRequest { RouteServerPeerId = id, DryRun = true }));
        Assert.Equal("DryRunOperation", dry.ErrorCode);
        Assert.Equal("available", emu.State.GetPeerStatus(id)!.State);

        var deleted = (await ec2.DeleteRouteServerPeerAsync(new DeleteRouteServerPeerRequest { RouteServerPeerId = id })).RouteServerPeer;
        Assert.Equal(id, deleted.RouteServerPeerId);
        Assert.Equal(RouteServerPeerState.Deleting, deleted.State);
        Assert.Equal("deleting", emu.State.GetPeerStatus(id)!.State);

        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteRouteServerPeerAsync(new DeleteRouteServerPeerRequest { RouteServerPeerId = "rsp-00000000000000000" }));
        Assert.Equal("InvalidRouteServerPeerId.NotFound", unknown.ErrorCode);
    }

    /// <summary>
    /// The SDK trap the issue found: <c>AmazonEC2Client.DryRun(request)</c>, documented as "checks whether you have the
    /// required permissions … without actually making the request", sends the request as it is. Without
    /// <c>request.DryRun = true</c> the peer is really created. (Our cmdlets always set the flag; see docs/design.md.)
    /// </summary>
    [Fact]
    public async Task Trap_AmazonEC2Client_DryRun_sends_a_real_create()
    {
        await using var emu = await OracleEmulator.StartAsync();
        using var ec2 = emu.Sdk();
        var before = emu.State.RouteServerPeerCount;

        // Obsolete in 4.0 ("use DryRun property at request level instead"), yet still there, and still a real call.
#pragma warning disable CS0618
        var answer = ec2.DryRun(new CreateRouteServerPeerRequest
        {
            RouteServerEndpointId = EndpointA, PeerAddress = "10.0.1.99", BgpOptions = new RouteServerBgpOptionsRequest { PeerAsn = 65099 },
        });
#pragma warning restore CS0618

        Assert.Equal(before + 1, emu.State.RouteServerPeerCount);
        var peers = await ec2.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { Filters = [new Filter("peer-address", ["10.0.1.99"])] });
        Assert.Equal(65099L, Assert.Single(peers.RouteServerPeers).BgpOptions.PeerAsn);
        Assert.NotNull(answer);
    }
}
