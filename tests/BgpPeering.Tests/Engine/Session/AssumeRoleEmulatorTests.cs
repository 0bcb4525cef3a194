using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>
/// An AssumeRole profile resolved end to end: the profile's source keys call the emulator's STS, and the temporary
/// credentials it returns (with their session token) sign the EC2 calls, which the emulator verifies.
/// </summary>
public sealed class AssumeRoleEmulatorTests : IDisposable
{
    private readonly FakeAwsEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    /// <summary>
    /// AWSSDK.Core checks a role's expiry against the real clock, so the emulator's simulated clock (which stamps the
    /// expiry) starts at the real time here; nothing in these tests advances it.
    /// </summary>
    private static Task<EmulatorFixture> StartEmulator() =>
        EmulatorFixture.StartAsync(o => o.TimeProvider = new ManualTimeProvider(TimeProvider.System.GetUtcNow()));

    [Fact]
    public async Task AssumeRole_profile_gets_temporary_credentials_from_the_emulator_STS_and_they_sign_EC2_calls()
    {
        await using var emu = await StartEmulator();
        _env.WriteCredentials($"""
            [base]
            aws_access_key_id = {EmulatorFixture.AccessKey}
            aws_secret_access_key = {EmulatorFixture.SecretKey}
            """);
        _env.WriteConfig($"""
            [profile netops]
            role_arn = arn:aws:iam::123456789012:role/netops
            source_profile = base
            role_session_name = bgp-test
            region = {EmulatorFixture.Region}
            services = emulator

            [services emulator]
            sts =
              endpoint_url = {emu.Url}
            """);
        var factory = _env.Factory();

        var session = factory.Resolve(new ConnectionParameters { ProfileName = "netops", EndpointUrl = emu.Url });
        var first = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);
        // The same parameters again: the same session, the same credentials, no second AssumeRole.
        var again = factory.Resolve(new ConnectionParameters { ProfileName = "netops", EndpointUrl = emu.Url });
        await again.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, CancellationToken.None);

        Assert.NotNull(first.Items);
        Assert.Same(session, again);
        var log = await emu.Admin.GetRequestsAsync();
        var assume = Assert.Single(log, e => e.Action == "AssumeRole");
        Assert.Equal("sts", assume.Service, ignoreCase: true);
        Assert.Equal(200, assume.Status);
        Assert.Equal(EmulatorFixture.AccessKey, assume.AccessKeyId);
        var ec2 = log.Where(e => e.Action is "DescribeRouteServerPeers" or "DescribeRouteServerEndpoints").ToList();
        Assert.Equal(2, ec2.Count);
        Assert.All(ec2, e =>
        {
            Assert.Equal(200, e.Status);
            Assert.NotNull(e.AccessKeyId);
            Assert.NotEqual(EmulatorFixture.AccessKey, e.AccessKeyId);
        });
        var temporaryKey = (await session.Credentials.GetCredentialsAsync()).AccessKey;
        Assert.All(ec2, e => Assert.Equal(temporaryKey, e.AccessKeyId));
        Assert.True(assume.Sequence < ec2[0].Sequence);
        Assert.StartsWith("profile 'netops' (AssumeRole arn:aws:iam::123456789012:role/netops from profile 'base'", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_denied_by_the_emulator_is_a_credential_error_naming_the_profile()
    {
        await using var emu = await EmulatorFixture.StartAsync(o =>
        {
            o.TimeProvider = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
            o.Keys.Add(new BgpPeering.Emulator.Hosting.EmulatorKey(EmulatorFixture.AccessKey, EmulatorFixture.SecretKey, new[] { "sts:AssumeRole" }));
        });
        _env.Variables["AWS_ENDPOINT_URL_STS"] = emu.Url;
        _env.WriteCredentials($"[base]\naws_access_key_id = {EmulatorFixture.AccessKey}\naws_secret_access_key = {EmulatorFixture.SecretKey}\n");
        _env.WriteConfig("[profile netops]\nrole_arn = arn:aws:iam::123456789012:role/netops\nsource_profile = base\n");

        var session = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "netops", Region = EmulatorFixture.Region, EndpointUrl = emu.Url });
        var ex = await Assert.ThrowsAsync<CredentialResolutionException>(() =>
            session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None));

        Assert.StartsWith("STS refused the AssumeRole for profile 'netops' (AccessDenied)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorFixture.SecretKey, ex.ToString(), StringComparison.Ordinal);
    }
}
