using System.Net.Sockets;
using Amazon.Runtime;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Session;
using Xunit;

namespace BgpPeering.Tests.Engine.Errors;

/// <summary>
/// The one classifier behind the error model (about_BgpPeering, Errors): every failure class gets the module's own
/// ID and category, the item as its target, and only rejected credentials doom the call. No exception type is an ID.
/// </summary>
public sealed class ErrorClassificationTests
{
    private const string Target = "rsp-0123456789abcdef0";

    private static AwsServiceException Aws(string code, int status = 400) =>
        new("EC2", "DescribeRouteServerPeers", code, "the message", status, "req-1");

    public static TheoryData<Exception, string, ErrorKind, bool> Cases() => new()
    {
        { Aws("InvalidRouteServerPeerId.NotFound"), "ObjectNotFound", ErrorKind.ObjectNotFound, false },
        { Aws("UnauthorizedOperation", 403), "PermissionDenied", ErrorKind.PermissionDenied, false },
        { Aws("AuthFailure", 401), "AuthenticationFailed", ErrorKind.AuthenticationError, true },
        { Aws("InvalidSignatureException", 400), "AuthenticationFailed", ErrorKind.AuthenticationError, true },
        { Aws("RequestLimitExceeded", 503), "Throttled", ErrorKind.LimitsExceeded, false },
        { Aws("InternalError", 500), "ServiceError", ErrorKind.ResourceUnavailable, false },
        { Aws("HttpStatus502", 502), "ServiceError", ErrorKind.ResourceUnavailable, false },
        { Aws("InvalidParameterValue"), "InvalidArgument", ErrorKind.InvalidArgument, false },
        { Aws("IncorrectState"), "IncorrectState", ErrorKind.InvalidOperation, false },
        { Aws("SomethingNobodyExpected", 409), "AwsServiceError", ErrorKind.InvalidOperation, false },
        { new HttpRequestException("Connection refused", new SocketException(111)), "ConnectionFailed", ErrorKind.ConnectionError, false },
        { new AmazonClientException("wrapped", new HttpRequestException("Name or service not known")), "ConnectionFailed", ErrorKind.ConnectionError, false },
        { new SocketException(104), "ConnectionFailed", ErrorKind.ConnectionError, false },
        { new IOException("The response ended prematurely."), "ConnectionFailed", ErrorKind.ConnectionError, false },
        { new TaskCanceledException("timed out", new TimeoutException("The operation was canceled.")), "RequestTimedOut", ErrorKind.OperationTimeout, false },
        { new TimeoutException("no answer"), "RequestTimedOut", ErrorKind.OperationTimeout, false },
        { new OperationCanceledException("cancelled inside the SDK"), "RequestTimedOut", ErrorKind.OperationTimeout, false },
        { new AmazonUnmarshallingException("req-1", "/x", new FormatException("bad xml"), System.Net.HttpStatusCode.OK), "UnreadableResponse", ErrorKind.InvalidResult, false },
        { new AmazonClientException("no region endpoint"), "AwsClientError", ErrorKind.InvalidOperation, false },
        { new ValidationException("-PeerAsn", "bad"), "InvalidArgument", ErrorKind.InvalidArgument, false },
        { new InvalidOperationException("a bug"), "UnexpectedError", ErrorKind.NotSpecified, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_failure_class_has_the_modules_own_id_category_and_target(Exception exception, string id, ErrorKind kind, bool doomsTheCall)
    {
        var error = ErrorClassifier.Classify(exception, Target);

        Assert.Equal(id, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(Target, error.Target);
        Assert.Equal(doomsTheCall, error.DoomsTheCall);
        Assert.DoesNotContain("Exception", error.ErrorId, StringComparison.Ordinal);
        Assert.Same(exception, error.Exception);
    }

    [Fact]
    public void A_single_aggregate_is_classified_by_what_it_holds()
    {
        var error = ErrorClassifier.Classify(new AggregateException(new HttpRequestException("Connection refused")), Target);

        Assert.Equal("ConnectionFailed", error.ErrorId);
    }

    [Theory]
    [InlineData(CredentialFailure.CredentialsNotFound, "CredentialsNotResolved", ErrorKind.AuthenticationError)]
    [InlineData(CredentialFailure.RegionNotFound, "RegionNotResolved", ErrorKind.InvalidArgument)]
    [InlineData(CredentialFailure.ProfileNotFound, "ProfileNotFound", ErrorKind.ObjectNotFound)]
    [InlineData(CredentialFailure.ProfileInvalid, "ProfileInvalid", ErrorKind.AuthenticationError)]
    [InlineData(CredentialFailure.InvalidParameter, "InvalidConnectionParameter", ErrorKind.InvalidArgument)]
    public void A_credential_failure_has_its_own_id_and_category_and_dooms_the_call(CredentialFailure failure, string id, ErrorKind kind)
    {
        var ex = new CredentialResolutionException("STS refused AssumeRole for role arn:aws:iam::123456789012:role/x.", failure);

        var error = ErrorClassifier.Classify(ex, "target");

        Assert.Equal(id, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.True(error.DoomsTheCall);
        Assert.Same(ex, error.Exception);
        Assert.Equal("target", error.Target);
    }

    [Theory]
    [InlineData("throttling", WriteFailure.BeforeWrite)]
    [InlineData("refused", WriteFailure.BeforeWrite)]
    [InlineData("500", WriteFailure.Ambiguous)]
    [InlineData("reset", WriteFailure.Ambiguous)]
    [InlineData("timeout", WriteFailure.Ambiguous)]
    [InlineData("unreadable200", WriteFailure.Ambiguous)]
    [InlineData("400", WriteFailure.Refused)]
    public void Failures_are_classed_by_whether_the_write_can_have_happened(string failure, WriteFailure expected)
    {
        Exception ex = failure switch
        {
            "throttling" => Aws("RequestLimitExceeded", 503),
            "refused" => new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
            "500" => Aws("InternalError", 500),
            "reset" => new HttpRequestException("The response ended prematurely.", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))),
            "timeout" => new TimeoutException("no answer"),
            "unreadable200" => Aws("HttpStatus200", 200),
            _ => Aws("InvalidParameterValue", 400),
        };

        Assert.Equal(expected, ErrorClassifier.ClassifyWrite(ex));
    }
}

public sealed class RequestTimeoutTests
{
    [Fact]
    public void Every_attempt_of_our_clients_is_bounded_well_below_the_SDKs_100_seconds()
    {
        var config = new ServiceClientConfig(ServiceDescription.Ec2);

        Assert.Equal(ServiceClientConfig.DefaultRequestTimeout, config.Timeout);
        Assert.True(config.Timeout <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_stalled_read_fails_as_RequestTimedOut_after_its_attempts()
    {
        await using var emu = await Infrastructure.EmulatorFixture.StartAsync();
        // The emulator's clock is the fixture's fake clock: this latency never passes, the endpoint is stalled.
        await emu.Admin.InjectFaultAsync(new BgpPeering.Emulator.Admin.FaultSpec { Kind = "latency", Action = "DescribeRouteServerPeers", LatencyMs = 86_400_000, Count = 10 });
        var config = new ServiceClientConfig(ServiceDescription.Ec2) { ServiceURL = emu.Url, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromMilliseconds(500) };
        var client = new BgpPeering.Engine.Aws.Ec2.RouteServerClient(
            new BgpPeering.Engine.Aws.Ec2.Ec2QueryClient(new BasicAWSCredentials(Infrastructure.EmulatorFixture.AccessKey, Infrastructure.EmulatorFixture.SecretKey), config),
            "us-east-1", emu.Url);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => client.DescribePeersAsync(new BgpPeering.Engine.Model.RouteServerPeerQuery(), null, CancellationToken.None));

        Assert.NotNull(failure);
        var error = ErrorClassifier.Classify(failure!, "rsp-0123456789abcdef0");
        Assert.Equal("RequestTimedOut", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.False(error.DoomsTheCall);
        // Generous: this only rules out the SDK's own 100 s per attempt.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "took " + watch.Elapsed);
    }
}
