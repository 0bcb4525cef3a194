using System.Diagnostics;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.DirectConnect;

/// <summary>Retries and cancellation of the Direct Connect client through AWSSDK.Core's pipeline, against a loopback server.</summary>
public sealed class DirectConnectClientBehaviourTests
{
    [Fact]
    public async Task ThrottlingException_is_retried_by_standard_mode_and_then_succeeds()
    {
        var calls = 0;
        await using var server = new FixtureServer(_ => Interlocked.Increment(ref calls) <= 2
            ? WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.error-ThrottlingException.json")
            : WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);

        Assert.Equal(2, page.Items.Count);
        Assert.Equal(3, server.Requests.Count);
        // Every attempt is the same request, signed afresh.
        Assert.All(server.Requests, r => Assert.Equal("OvertureService.DescribeVirtualInterfaces", r.Header("X-Amz-Target")));
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_surfaces_as_ThrottlingException()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.error-ThrottlingException.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None));

        Assert.Equal("ThrottlingException", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.True(ex.IsThrottling);
        Assert.Equal(AwsErrorKind.Throttled, AwsErrorCodes.Kind(ex.ErrorCode));
        Assert.Equal(3, server.Requests.Count); // Standard mode: three attempts in all.
    }

    [Fact]
    public async Task A_client_exception_is_not_retried()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.CreateBGPPeer.error-DirectConnectClientException.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateBgpPeerAsync(
            new NewDxBgpPeerRequest { VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv4, AsnLong = 65000 }, CancellationToken.None));

        Assert.Equal("DirectConnectClientException", ex.ErrorCode);
        Assert.Equal(AwsErrorKind.InvalidArgument, AwsErrorCodes.Kind(ex.ErrorCode));
        Assert.Contains("5d0e2ad8-7b38-4b8f-9c1e-0000000000e1", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    /// <summary>
    /// DeleteBGPPeer is a mutation: a 500 may come after the write, so the SDK must not send it again blind.
    /// The engine's MutationRetry reads back first (Engine/Operations: MutationRetryTests, MutationFaultTests); the client itself sends it once.
    /// </summary>
    [Fact]
    public async Task A_server_error_on_a_mutation_is_not_retried_blind_by_the_sdk()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(500, "application/x-amz-json-1.1", """{"__type":"DirectConnectServerException","message":"internal"}"""));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeleteBgpPeerAsync("dxpeer-fhb6fz6a", CancellationToken.None));

        Assert.Equal("DirectConnectServerException", ex.ErrorCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_server_error_on_a_read_is_retried()
    {
        var calls = 0;
        await using var server = new FixtureServer(_ => Interlocked.Increment(ref calls) == 1
            ? new CannedResponse(500, "application/x-amz-json-1.1", """{"__type":"DirectConnectServerException","message":"internal"}""")
            : WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);

        Assert.NotEmpty(page.Items);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task The_auth_key_never_appears_in_an_error_message()
    {
        // A service that echoes the request would be unusual, but our own text must never add the key.
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.CreateBGPPeer.error-DirectConnectClientException.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new NewDxBgpPeerRequest
        {
            VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv4, AsnLong = 65000,
            AuthKey = new MaskedString("s3cret-Key-123"), AmazonAddress = "169.254.255.1/30", CustomerAddress = "169.254.255.2/30",
        };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateBgpPeerAsync(request, CancellationToken.None));

        Assert.DoesNotContain("s3cret-Key-123", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Key-123", request.ToString(), StringComparison.Ordinal);
        // It was sent, though: the key is the point of the request.
        Assert.Contains("\"authKey\":\"s3cret-Key-123\"", Assert.Single(server.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_ends_a_call_waiting_on_a_slow_server_within_a_second()
    {
        // Real time: the server holds its answer for a minute; the bound only rules out a hang.
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FixtureServer(_ =>
        {
            received.TrySetResult();
            return WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.success.json") with { Delay = TimeSpan.FromMinutes(1) };
        });
        var client = TestSessions.Session(server.Url).DirectConnect;
        using var cts = new CancellationTokenSource();

        var call = client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, cts.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {watch.Elapsed}");
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancelling_during_the_retry_backoff_stops_at_once_without_another_attempt()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FixtureServer(_ =>
        {
            first.TrySetResult();
            return WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.error-ThrottlingException.json");
        });
        var client = TestSessions.Session(server.Url).DirectConnect;
        using var cts = new CancellationTokenSource();

        var call = client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, cts.Token);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(server.Requests.Count < 3, "the retries went on after cancellation: " + server.Requests.Count + " attempts");
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.DescribeVirtualInterfaces.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, new CancellationToken(canceled: true)));

        Assert.Empty(server.Requests);
    }
}
