using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Api;

/// <summary>
/// STS AssumeRole end to end with the real AWSSDK.SecurityToken client: the emulator issues temporary credentials,
/// accepts them (session token checked) for EC2 and Direct Connect, expires them on its clock, and a role profile
/// (role_arn + source_profile) resolves through AWSSDK.Core with the STS endpoint overridden.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class StsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string RoleArn = "arn:aws:iam::123456789012:role/network-automation";

    private static AmazonSecurityTokenServiceClient Sts(EmulatorFixture emu, AWSCredentials? credentials = null) =>
        new(credentials ?? new BasicAWSCredentials(EmulatorFixture.AccessKey, EmulatorFixture.SecretKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = emu.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task AssumeRole_credentials_from_the_sdk_client_work_for_ec2_and_direct_connect_until_they_expire()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var sts = Sts(emu);

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "ci-run", DurationSeconds = 900 }, None);

        var c = assumed.Credentials;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", c.AccessKeyId);
        Assert.Equal(40, c.SecretAccessKey.Length);
        Assert.False(string.IsNullOrEmpty(c.SessionToken));
        Assert.Equal(emu.Clock.GetUtcNow().AddSeconds(900).UtcDateTime, c.Expiration!.Value.ToUniversalTime());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/network-automation/ci-run", assumed.AssumedRoleUser.Arn);
        Assert.EndsWith(":ci-run", assumed.AssumedRoleUser.AssumedRoleId, StringComparison.Ordinal);

        var temporary = new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        using var stsAsRole = Sts(emu, temporary);
        var identity = await stsAsRole.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None);
        Assert.Equal(assumed.AssumedRoleUser.Arn, identity.Arn);
        Assert.Equal("123456789012", identity.Account);

        var session = new AwsSession(temporary, "eu-west-1", emu.Url, "assumed role", "test", emu.Clock);
        Assert.Single((await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items);
        Assert.Equal(3, (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None)).Items.Count);
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(new[] { ("STS", "AssumeRole"), ("STS", "GetCallerIdentity"), ("EC2", "DescribeRouteServerPeers"), ("DirectConnect", "DescribeVirtualInterfaces") },
            log.Select(e => (e.Service, e.Action)));
        Assert.Equal(c.AccessKeyId, log[^1].AccessKeyId);

        // The token is checked: the right key with a wrong token is refused.
        using var wrongToken = await emu.SendEc2Async("Action=DescribeRouteServerPeers&Version=2016-11-15", c.AccessKeyId, c.SecretAccessKey, sessionToken: "not-the-token");
        Assert.Equal(("AuthFailure", 401), ((await ErrorBodies.Ec2Error(wrongToken)).Code, (int)wrongToken.StatusCode));
        using var noToken = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}", c.AccessKeyId, c.SecretAccessKey);
        Assert.Equal("UnrecognizedClientException", (await ErrorBodies.DxError(noToken)).Code);

        emu.Advance(TimeSpan.FromSeconds(900));
        using var expiredEc2 = await emu.SendEc2Async("Action=DescribeRouteServerPeers&Version=2016-11-15", c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        Assert.Equal("RequestExpired", (await ErrorBodies.Ec2Error(expiredEc2)).Code);
        using var expiredDx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}", c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        Assert.Equal(("ExpiredTokenException", "The security token included in the request is expired"), await ErrorBodies.DxError(expiredDx));
    }

    [Fact]
    public async Task A_role_profile_with_source_profile_resolves_through_the_sdk_against_the_emulator()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("bgp-emu-sts-");
        var file = Path.Combine(dir.FullName, "credentials");
        await File.WriteAllTextAsync(file, $"""
            [source]
            aws_access_key_id = {EmulatorFixture.AccessKey}
            aws_secret_access_key = {EmulatorFixture.SecretKey}

            [automation]
            role_arn = {RoleArn}
            source_profile = source
            role_session_name = profile-test
            """);
        var previous = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", emu.Url);
        try
        {
            Assert.True(new CredentialProfileStoreChain(file).TryGetAWSCredentials("automation", out var credentials));
            Assert.IsType<AssumeRoleAWSCredentials>(credentials);
            var session = new AwsSession(credentials, "us-east-1", emu.Url, "profile automation", "test", emu.Clock);

            var peers = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None);

            Assert.Single(peers.Items);
            var log = await emu.Admin.GetRequestsAsync();
            Assert.Equal(new[] { ("STS", "AssumeRole", 200), ("EC2", "DescribeRouteServerPeers", 200) }, log.Select(e => (e.Service, e.Action, e.Status)));
            Assert.Equal(EmulatorFixture.AccessKey, log[0].AccessKeyId);
            Assert.StartsWith("ASIA", log[1].AccessKeyId, StringComparison.Ordinal);
            Assert.Equal(1, (await emu.Admin.HealthAsync()).TemporaryCredentials);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", previous);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_role_profile_whose_endpoint_url_names_the_emulator_needs_no_environment_override()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("bgp-emu-sts-");
        var credentials = Path.Combine(dir.FullName, "credentials");
        // AWSSDK.Core reads AWS_CONFIG_FILE once per process, so the profiles (endpoint_url included) go in the
        // credentials file that AWSConfigs.AWSProfilesLocation names; the STS client looks up AWS_PROFILE there.
        await File.WriteAllTextAsync(credentials, $"""
            [source]
            aws_access_key_id = {EmulatorFixture.AccessKey}
            aws_secret_access_key = {EmulatorFixture.SecretKey}

            [automation]
            role_arn = {RoleArn}
            source_profile = source
            endpoint_url = {emu.Url}
            """);
        var names = new[] { "AWS_PROFILE", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL" };
        var previous = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        var previousLocation = Amazon.AWSConfigs.AWSProfilesLocation;
        Environment.SetEnvironmentVariable("AWS_PROFILE", "automation");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", null);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", null);
        Amazon.AWSConfigs.AWSProfilesLocation = credentials;
        try
        {
            Assert.True(new CredentialProfileStoreChain(credentials).TryGetAWSCredentials("automation", out var roleCredentials));
            var session = new AwsSession(roleCredentials, "us-east-1", emu.Url, "profile automation", "test", emu.Clock);

            Assert.Equal(3, (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None)).Items.Count);

            var log = await emu.Admin.GetRequestsAsync();
            Assert.Equal(new[] { ("STS", "AssumeRole", 200), ("DirectConnect", "DescribeVirtualInterfaces", 200) }, log.Select(e => (e.Service, e.Action, e.Status)));
            Assert.StartsWith("ASIA", log[1].AccessKeyId, StringComparison.Ordinal);
        }
        finally
        {
            Amazon.AWSConfigs.AWSProfilesLocation = previousLocation;
            foreach (var (name, value) in previous) Environment.SetEnvironmentVariable(name, value);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AssumeRole_refuses_a_denied_key_and_invalid_input_with_sts_error_codes()
    {
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            o.Keys.Add(new EmulatorKey(EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey));
            o.Keys.Add(new EmulatorKey("AKIDNOROLES", "no-roles-secret", new[] { "sts:AssumeRole" }));
        });
        using var denied = Sts(emu, new BasicAWSCredentials("AKIDNOROLES", "no-roles-secret"));
        var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => denied.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "x1" }, None));
        Assert.Equal(("AccessDenied", 403), (refused.ErrorCode, (int)refused.StatusCode));
        Assert.Contains("sts:AssumeRole on resource: " + RoleArn, refused.Message, StringComparison.Ordinal);

        using var sts = Sts(emu);
        var badArn = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123:user/bob", RoleSessionName = "x1" }, None));
        Assert.Equal("ValidationError", badArn.ErrorCode);
        // The SDK checks these two client-side, so they go raw (signed by the SDK's signer all the same).
        const string assume = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fnetwork-automation";
        using var shortDuration = await emu.SendSignedAsync("sts", assume + "&RoleSessionName=x1&DurationSeconds=60", "application/x-www-form-urlencoded");
        var durationText = await shortDuration.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)shortDuration.StatusCode);
        Assert.Contains("<Code>ValidationError</Code>", durationText, StringComparison.Ordinal);
        Assert.Contains("between 900 and 43200", durationText, StringComparison.Ordinal);
        using var badName = await emu.SendSignedAsync("sts", assume + "&RoleSessionName=has%20space", "application/x-www-form-urlencoded");
        Assert.Contains("<Code>ValidationError</Code>", await badName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await emu.Admin.HealthAsync()).TemporaryCredentials);
    }
}
