using System.Security.Cryptography;
using System.Text;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SsoEndToEndTests : IDisposable
{
    private const string AccessToken = "sso-access-token-SECRET-4f9e";
    private readonly FakeAwsEnvironment _env = new();
    private readonly ScopedProcessEnvironment _process = new();

    public void Dispose()
    {
        _process.Dispose();
        _env.Dispose();
    }

    [Fact]
    public async Task SSO_profile_with_a_cached_token_gets_role_credentials_from_the_SSO_portal()
    {
        await using var portal = new FixtureServer(r => r.Path == "/federation/credentials"
            ? new CannedResponse(200, "application/json",
                """{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"secret-sso-0401","sessionToken":"token-sso-0402","expiration":4102444800000}}""")
            : new CannedResponse(404, "application/json", """{"message":"unexpected"}"""));
        _process.Set("HOME", _env.HomeDirectory);
        _process.Set("USERPROFILE", _env.HomeDirectory);
        _process.Set("AWS_ENDPOINT_URL_SSO", portal.Url);
        _process.Set("AWS_ENDPOINT_URL", null);
        _process.Set("AWS_PROFILE", null);
        // The token 'aws sso login' would have cached for the session 'corp': the file is named by the SHA-1 of the name.
        var cacheFile = Path.Combine(_env.HomeDirectory!, ".aws", "sso", "cache",
            Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes("corp"))).ToLowerInvariant() + ".json");
        FakeAwsEnvironment.Write(cacheFile, $$"""
            {"startUrl": "https://corp.awsapps.com/start", "region": "eu-central-1", "accessToken": "{{AccessToken}}", "expiresAt": "2099-01-01T00:00:00Z"}
            """);
        _env.WriteConfig("""
            [profile sso]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = NetworkAdmin
            region = eu-west-1

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-central-1
            sso_registration_scopes = sso:account:access
            """);

        var session = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "sso" });
        var keys = await session.Credentials.GetCredentialsAsync();

        Assert.Equal("ASIASSO", keys.AccessKey);
        Assert.Equal("secret-sso-0401", keys.SecretKey);
        Assert.Equal("token-sso-0402", keys.Token);
        var request = Assert.Single(portal.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/federation/credentials", request.Path); // GetRoleCredentials (the fixture server keeps no query string)
        Assert.Equal(AccessToken, request.Header("x-amz-sso_bearer_token"));
        Assert.DoesNotContain(AccessToken, session.ToString(), StringComparison.Ordinal);
    }
}
