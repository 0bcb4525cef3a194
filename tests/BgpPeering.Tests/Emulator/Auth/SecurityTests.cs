using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime.Internal.Auth;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using static BgpPeering.Tests.Infrastructure.ErrorBodies;
using Xunit;

namespace BgpPeering.Tests.Emulator.Auth;

/// <summary>
/// SigV4 and permissions: a good signature from AWSSDK.Core's signer passes; a bad signature, an unknown key, a wrong
/// service scope, a stale date or a missing header gets the service's real error and never data; denied keys get
/// UnauthorizedOperation for real calls and dry runs alike; DryRun changes nothing.
/// </summary>
public sealed class SecurityTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string DescribePeers = "Action=DescribeRouteServerPeers&Version=2016-11-15";
    private const string DemoPeer = "rsp-0fedcba9876543210";

    [Fact]
    public void The_hmac_chain_matches_aws_published_example_and_the_sdk()
    {
        // AWS's SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, 20150830T123600Z, us-east-1, service "service".
        const string canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var auth = new SigV4Authorization("AKIDEXAMPLE", "20150830", "us-east-1", "service", new[] { "host", "x-amz-date" }, string.Empty);
        var ours = SigV4.Signature(EmulatorOptions.ExampleSecretAccessKey, auth, SigV4.StringToSign("20150830T123600Z", auth.Scope, canonical));
        var sdk = AWS4Signer.ComputeSignature("AKIDEXAMPLE", EmulatorOptions.ExampleSecretAccessKey, "us-east-1",
            DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            "service", "host;x-amz-date", canonical).Signature;

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", ours);
        Assert.Equal(sdk, ours);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_AuthFailure_on_ec2_and_InvalidSignatureException_on_direct_connect()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var ec2 = await emu.SendSignedAsync("ec2", DescribePeers, "application/x-www-form-urlencoded",
            tamper: m => m.Content = Form(DescribePeers + "&MaxResults=5", m));
        var ec2Error = await Ec2Error(ec2);
        Assert.Equal((HttpStatusCode.Unauthorized, "AuthFailure"), (ec2.StatusCode, ec2Error.Code));
        Assert.Equal("AWS was not able to validate the provided access credentials", ec2Error.Message);

        using var dx = await emu.SendSignedAsync("directconnect", "{}", "application/x-amz-json-1.1", "OvertureService.DescribeVirtualInterfaces",
            tamper: m => m.Headers.Remove("X-Amz-Content-SHA256"));
        var dxError = await DxError(dx);
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidSignatureException"), (dx.StatusCode, dxError.Code));
        Assert.StartsWith("The request signature we calculated does not match", dxError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_through_the_engine_is_refused_with_no_data()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var session = emu.CreateSession(secretKey: "not-the-secret-key-at-all-0000000000000000");

        var ec2 = await Assert.ThrowsAsync<AwsServiceException>(() => session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None));
        Assert.Equal("AuthFailure", ec2.ErrorCode);
        Assert.Equal(AwsErrorKind.AuthenticationFailed, AwsErrorCodes.Kind(ec2.ErrorCode));
        var dx = await Assert.ThrowsAsync<AwsServiceException>(() => session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None));
        Assert.Equal("InvalidSignatureException", dx.ErrorCode);

        using var raw = await emu.SendEc2Async(DescribePeers, secretKey: "wrong");
        Assert.DoesNotContain(DemoPeer, await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(await emu.Admin.GetRequestsAsync(), e => Assert.NotEqual(200, e.Status));
    }

    [Fact]
    public async Task An_unknown_key_is_AuthFailure_on_ec2_UnrecognizedClientException_on_direct_connect_and_InvalidClientTokenId_on_sts()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var ec2 = await emu.SendEc2Async(DescribePeers, accessKey: "AKIAUNKNOWNKEY000000");
        Assert.Equal((HttpStatusCode.Unauthorized, "AuthFailure"), (ec2.StatusCode, (await Ec2Error(ec2)).Code));

        using var dx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}", accessKey: "AKIAUNKNOWNKEY000000");
        var dxError = await DxError(dx);
        Assert.Equal((HttpStatusCode.Forbidden, "UnrecognizedClientException"), (dx.StatusCode, dxError.Code));
        Assert.Equal("The security token included in the request is invalid.", dxError.Message);

        using var sts = await emu.SendSignedAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded", accessKey: "AKIAUNKNOWNKEY000000");
        Assert.Equal(HttpStatusCode.Forbidden, sts.StatusCode);
        Assert.Contains("<Code>InvalidClientTokenId</Code>", await sts.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(new[] { "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId" }, log.Select(e => e.ErrorCode));
        Assert.All(log, e => Assert.Equal("AKIAUNKNOWNKEY000000", e.AccessKeyId));
    }

    [Fact]
    public async Task Unsigned_requests_wrong_service_scopes_and_stale_dates_are_refused()
    {
        var wallClock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emu = await EmulatorFixture.StartAsync(o => o.SignatureClock = wallClock);

        using var unsigned = await emu.Http.PostAsync(emu.Url + "/", new StringContent(DescribePeers, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal((HttpStatusCode.Forbidden, "MissingAuthenticationToken"), (unsigned.StatusCode, (await Ec2Error(unsigned)).Code));

        using var unsignedDx = await emu.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, emu.Url + "/")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1"),
            Headers = { { "X-Amz-Target", "OvertureService.DescribeVirtualInterfaces" } },
        });
        Assert.Equal("MissingAuthenticationTokenException", (await DxError(unsignedDx)).Code);

        // Signed for directconnect but sent as a Direct Connect call? Fine. Signed for ec2 but sent to Direct Connect: refused.
        using var wrongScope = await emu.SendSignedAsync("ec2", "{}", "application/x-amz-json-1.1", "OvertureService.DescribeVirtualInterfaces");
        var scopeError = await DxError(wrongScope);
        Assert.Equal("InvalidSignatureException", scopeError.Code);
        Assert.Contains("Credential should be scoped to correct service: 'directconnect'", scopeError.Message, StringComparison.Ordinal);

        wallClock.Advance(TimeSpan.FromMinutes(16));
        using var stale = await emu.SendEc2Async(DescribePeers);
        Assert.Equal((HttpStatusCode.BadRequest, "RequestExpired"), (stale.StatusCode, (await Ec2Error(stale)).Code));
        using var staleDx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}");
        Assert.StartsWith("Signature expired:", (await DxError(staleDx)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_request_sent_as_GET_with_parameters_in_any_order_is_verified_and_served()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Version"] = "2016-11-15",
            ["Action"] = "DescribeRouteServerEndpoints",
            ["Filter.1.Name"] = "tag:Name",
            ["Filter.1.Value.1"] = "rse?b", // '?' and ':' must be percent-encoded in the canonical query
        };
        var sdkRequest = new Amazon.Runtime.Internal.DefaultRequest(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), "Raw")
        {
            HttpMethod = "GET",
            Endpoint = new Uri(emu.Url),
            ResourcePath = "/",
            UseQueryString = true,
        };
        foreach (var (k, v) in parameters) sdkRequest.Parameters[k] = v;
        var config = new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = emu.Url, AuthenticationRegion = "ap-southeast-2", AuthenticationServiceName = "ec2" };
        var signing = new AWS4Signer().SignRequest(sdkRequest, config, null, EmulatorFixture.AccessKey, EmulatorFixture.SecretKey);
        // The server re-sorts the parameters, so the URL may list them in any order.
        var query = string.Join("&", parameters.Reverse().Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        using var message = new HttpRequestMessage(HttpMethod.Get, emu.Url + "/?" + query);
        message.Headers.TryAddWithoutValidation("Authorization", signing.ForAuthorizationHeader);
        foreach (var (name, value) in sdkRequest.Headers)
        {
            if (!string.Equals(name, "host", StringComparison.OrdinalIgnoreCase)) message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await emu.Http.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(doc.Descendants(), e => e.Name.LocalName == "item" && e.Parent!.Name.LocalName == "routeServerEndpointSet");
        Assert.Equal("rse-0fedcba9876543210", item.Elements().Single(e => e.Name.LocalName == "routeServerEndpointId").Value);
        Assert.Equal("DescribeRouteServerEndpoints", Assert.Single(await emu.Admin.GetRequestsAsync()).Action);
    }

    [Fact]
    public async Task DryRun_answers_DryRunOperation_for_every_action_and_changes_nothing()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var create = new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 };

        await emu.RouteServer.DryRunCreatePeerAsync(create, None);
        await emu.RouteServer.DryRunDeletePeerAsync(DemoPeer, None);
        foreach (var describe in new[] { "DescribeRouteServerPeers", "DescribeRouteServerEndpoints" })
        {
            var answer = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.Client.SendAsync(describe, [new("DryRun", "true")], None));
            Assert.True(answer.IsDryRunSuccess, describe + " answered " + answer.ErrorCode);
        }

        Assert.Equal(1, emu.State.RouteServerPeerCount);
        Assert.Equal("available", emu.State.GetPeerStatus(DemoPeer)!.State);
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(4, log.Count);
        Assert.All(log, e => Assert.Equal((412, "DryRunOperation"), (e.Status, e.ErrorCode)));

        using var raw = await emu.SendEc2Async("Action=DeleteRouteServerPeer&Version=2016-11-15&RouteServerPeerId=" + DemoPeer + "&DryRun=true");
        var error = await Ec2Error(raw);
        Assert.Equal((HttpStatusCode.PreconditionFailed, "DryRunOperation"), (raw.StatusCode, error.Code));
        Assert.Equal("Request would have succeeded, but DryRun flag is set.", error.Message);
    }

    [Fact]
    public async Task DryRun_still_validates_the_input_first()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var bad = new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.999", PeerAsn = 65001 };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DryRunCreatePeerAsync(bad, None));

        Assert.Equal("InvalidParameterValue", ex.ErrorCode);
        Assert.Equal("The value (10.0.1.999) for parameter PeerAddress is invalid. Expected a valid IPv4 address.", ex.AwsMessage);
    }

    [Fact]
    public async Task A_denied_key_gets_UnauthorizedOperation_naming_the_action_for_real_calls_and_dry_runs()
    {
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            o.Keys.Add(EmulatorKey.Example());
            o.Keys.Add(new EmulatorKey("AKIDREADONLY", "readonly-secret", new[] { "ec2:CreateRouteServerPeer", "DeleteRouteServerPeer", "directconnect:CreateBGPPeer" }, "auditor"));
        });
        var readOnly = emu.CreateSession("AKIDREADONLY", "readonly-secret");
        var create = new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 };

        var real = await Assert.ThrowsAsync<AwsServiceException>(() => readOnly.RouteServer.CreatePeerAsync(create, None));
        var dry = await Assert.ThrowsAsync<AwsServiceException>(() => readOnly.RouteServer.DryRunCreatePeerAsync(create, None));
        var delete = await Assert.ThrowsAsync<AwsServiceException>(() => readOnly.RouteServer.DryRunDeletePeerAsync(DemoPeer, None));

        foreach (var ex in new[] { real, dry })
        {
            Assert.Equal(("UnauthorizedOperation", 403), (ex.ErrorCode, ex.StatusCode));
            Assert.Equal("You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "
                + "ec2:CreateRouteServerPeer on resource: arn:aws:ec2:us-east-1:123456789012:route-server-endpoint/rse-0123456789abcdef0 "
                + "because no identity-based policy allows the ec2:CreateRouteServerPeer action.", ex.AwsMessage);
        }
        Assert.Contains("ec2:DeleteRouteServerPeer", delete.AwsMessage, StringComparison.Ordinal);
        Assert.Single((await readOnly.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items);
        Assert.Equal(1, emu.State.RouteServerPeerCount);

        var dx = await Assert.ThrowsAsync<AwsServiceException>(() => readOnly.DirectConnect.CreateBgpPeerAsync(
            new NewDxBgpPeerRequest { VirtualInterfaceId = "dxvif-ffabc123", AddressFamily = AddressFamily.IPv6, Asn = 64600 }, None));
        Assert.Equal("AccessDeniedException", dx.ErrorCode);
        Assert.Contains("directconnect:CreateBGPPeer", dx.AwsMessage, StringComparison.Ordinal);

        // The full key is unaffected.
        await emu.RouteServer.DryRunCreatePeerAsync(create, None);
    }

    private static ByteArrayContent Form(string body, HttpRequestMessage original)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", original.Content!.Headers.ContentType!.ToString());
        return content;
    }
}
