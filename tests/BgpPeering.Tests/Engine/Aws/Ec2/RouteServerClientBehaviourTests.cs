using System.Diagnostics;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.Ec2;

/// <summary>Retries, DryRun and cancellation through AWSSDK.Core's pipeline, against a loopback server.</summary>
public sealed class RouteServerClientBehaviourTests
{
    [Fact]
    public async Task RequestLimitExceeded_is_retried_and_then_succeeds()
    {
        var calls = 0;
        await using var server = new FixtureServer(_ => Interlocked.Increment(ref calls) <= 2
            ? WireFixtures.Canned("EC2.DescribeRouteServerPeers.error-RequestLimitExceeded.xml")
            : WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var page = await client.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);

        Assert.Single(page.Items);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_surfaces_as_RequestLimitExceeded()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.error-RequestLimitExceeded.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None));

        Assert.Equal("RequestLimitExceeded", ex.ErrorCode);
        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsThrottling);
        Assert.Equal(AwsErrorKind.Throttled, AwsErrorCodes.Kind(ex.ErrorCode));
        Assert.Equal(3, server.Requests.Count); // Standard mode: three attempts in all.
    }

    [Fact]
    public async Task DryRunOperation_412_is_not_retried_and_counts_as_allowed()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.CreateRouteServerPeer.error-DryRunOperation.xml"));
        var client = TestSessions.RouteServer(server.Url);

        await client.DryRunDeletePeerAsync("rsp-0123456789abcdef0", CancellationToken.None);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task UnauthorizedOperation_on_a_dry_run_is_an_error_with_the_aws_message()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.CreateRouteServerPeer.error-UnauthorizedOperation.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DryRunCreatePeerAsync(
            new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 }, CancellationToken.None));

        Assert.Equal("UnauthorizedOperation", ex.ErrorCode);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(AwsErrorKind.PermissionDenied, AwsErrorCodes.Kind(ex.ErrorCode));
        Assert.Equal("e2b2c3d4-1111-2222-3333-444455556666", ex.RequestId);
        Assert.Contains("e2b2c3d4-1111-2222-3333-444455556666", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_dry_run_answered_as_real_is_reported_not_ignored()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DeleteRouteServerPeer.success.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DryRunDeletePeerAsync("rsp-1", CancellationToken.None));

        Assert.Equal("DryRunNotHonoured", ex.ErrorCode);
    }

    [Fact]
    public async Task NotFound_keeps_its_code_and_is_classified()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DeleteRouteServerPeer.error-InvalidRouteServerPeerId.NotFound.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeletePeerAsync("rsp-0123456789abcdef0", CancellationToken.None));

        Assert.Equal("InvalidRouteServerPeerId.NotFound", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(AwsErrorKind.NotFound, AwsErrorCodes.Kind(ex.ErrorCode));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancelling_ends_a_call_waiting_on_a_slow_server_within_a_second()
    {
        // Real time: the server holds its answer for a minute; the bound only rules out a hang.
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FixtureServer(_ =>
        {
            received.TrySetResult();
            return WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml") with { Delay = TimeSpan.FromMinutes(1) };
        });
        var client = TestSessions.RouteServer(server.Url);
        using var cts = new CancellationTokenSource();

        var call = client.DescribePeersAsync(new RouteServerPeerQuery(), null, cts.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {watch.Elapsed}");
        Assert.Single(server.Requests);
    }
}
