using Amazon.Runtime;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>Every kind of profile AWSSDK.Core supports, and the ways a profile can be wrong.</summary>
public sealed class ProfileKindTests : IDisposable
{
    private readonly FakeAwsEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    private AwsSession Resolve(string profile, string region = "us-east-1", string? endpoint = null) =>
        _env.Factory().Resolve(new ConnectionParameters { ProfileName = profile, Region = region, EndpointUrl = endpoint });

    [Fact]
    public void Static_keys()
    {
        _env.WriteCredentials("[keys]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = secret-static-0201\n");

        var credentials = Resolve("keys").Credentials;

        Assert.IsType<BasicAWSCredentials>(credentials);
        Assert.Equal("secret-static-0201", credentials.GetCredentials().SecretKey);
    }

    [Fact]
    public void Session_token()
    {
        _env.WriteCredentials("[temp]\naws_access_key_id = ASIATEMP\naws_secret_access_key = secret-temp-0202\naws_session_token = token-temp-0203\n");

        var keys = Resolve("temp").Credentials.GetCredentials();

        Assert.Equal("ASIATEMP", keys.AccessKey);
        Assert.Equal("token-temp-0203", keys.Token);
    }

    [Fact]
    public void Config_file_profile_and_credentials_file_values_win_over_config_values()
    {
        _env.WriteConfig("""
            [profile split]
            aws_access_key_id = AKIDFROMCONFIG
            aws_secret_access_key = secret-config-0204
            region = eu-west-1

            [split]
            aws_access_key_id = AKIDIGNORED
            aws_secret_access_key = secret-ignored-0205
            """);
        _env.WriteCredentials("[split]\naws_access_key_id = AKIDFROMCREDENTIALS\n");

        var session = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "split" });

        Assert.Equal("AKIDFROMCREDENTIALS", session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("secret-config-0204", session.Credentials.GetCredentials().SecretKey);
        Assert.Equal("eu-west-1", session.Region);
    }

    [Fact]
    public void Comments_blank_lines_spaces_and_key_case_are_read_as_Core_reads_them()
    {
        _env.WriteCredentials("""
            # a comment
            ; another
              [ spaced ]
            AWS_Access_Key_ID=AKIDSPACED
               aws_secret_access_key   =   secret-spaced-0206

            """);

        Assert.Equal("AKIDSPACED", Resolve("spaced").Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public async Task Credential_process_runs_the_command_and_its_keys_sign_requests()
    {
        var script = _env.WriteFile("creds.sh", """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "secret-process-0207", "SessionToken": "token-process-0208", "Expiration": "2099-01-01T00:00:00Z"}'
            """);
        _env.WriteConfig("[profile proc]\ncredential_process = sh " + script + "\n");
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.empty.xml"));

        var session = Resolve("proc", endpoint: server.Url);
        Assert.IsType<ProcessAWSCredentials>(session.Credentials);
        Assert.StartsWith("profile 'proc' (credential_process, the config file", session.CredentialSource, StringComparison.Ordinal);
        var page = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);

        Assert.Empty(page.Items);
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDPROCESS/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("token-process-0208", request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public void Credential_process_that_fails_is_reported_when_the_credentials_are_first_needed()
    {
        _env.WriteConfig("[profile broken]\ncredential_process = sh -c 'echo nope >&2; exit 3'\n");

        var session = Resolve("broken");
        var ex = Assert.Throws<ProcessAWSCredentialException>(() => session.Credentials.GetCredentials());

        Assert.Contains("non-zero exit value 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_with_source_profile_calls_STS_with_the_source_keys_in_the_session_region()
    {
        await using var sts = new FixtureServer(_ => StsAssumeRoleAnswer("ASIAROLE", "secret-role-0209", "token-role-0210"));
        _env.WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base-0211\n");
        _env.WriteConfig($"""
            [profile admin]
            role_arn = arn:aws:iam::111122223333:role/admin
            source_profile = base
            external_id = ext-1
            role_session_name = me
            duration_seconds = 900
            services = local

            [services local]
            sts =
              endpoint_url = {sts.Url}
            """);

        var session = Resolve("admin", region: "eu-west-1");
        var role = Assert.IsType<RoleCredentials>(session.Credentials);
        Assert.Equal(sts.Url, role.StsEndpoint);
        Assert.Equal("eu-west-1", role.StsRegion);
        var keys = await session.Credentials.GetCredentialsAsync();

        Assert.Equal("ASIAROLE", keys.AccessKey);
        Assert.Equal("secret-role-0209", keys.SecretKey);
        Assert.Equal("token-role-0210", keys.Token);
        var request = Assert.Single(sts.Requests);
        var form = WireFixtures.DecodeForm(request.BodyText).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal("arn:aws:iam::111122223333:role/admin", form["RoleArn"]);
        Assert.Equal("me", form["RoleSessionName"]);
        Assert.Equal("ext-1", form["ExternalId"]);
        Assert.Equal("900", form["DurationSeconds"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDBASE/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sts/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("profile 'admin' (AssumeRole arn:aws:iam::111122223333:role/admin from profile 'base'", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_chains_through_a_source_profile_that_is_itself_a_role()
    {
        var calls = 0;
        await using var sts = new FixtureServer(_ => Interlocked.Increment(ref calls) == 1
            ? StsAssumeRoleAnswer("ASIAFIRST", "secret-first-0212", "token-first-0213")
            : StsAssumeRoleAnswer("ASIASECOND", "secret-second-0214", "token-second-0215"));
        _env.Variables["AWS_ENDPOINT_URL_STS"] = sts.Url;
        _env.WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base-0211\n");
        _env.WriteConfig("""
            [profile first]
            role_arn = arn:aws:iam::111122223333:role/first
            source_profile = base

            [profile second]
            role_arn = arn:aws:iam::444455556666:role/second
            source_profile = first
            """);

        var keys = await Resolve("second").Credentials.GetCredentialsAsync();

        Assert.Equal("ASIASECOND", keys.AccessKey);
        var requests = sts.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDBASE/", requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAFIRST/", requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("role%2Fsecond", requests[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_refused_by_STS_is_a_credential_error_not_a_service_error()
    {
        await using var sts = new FixtureServer(_ => new CannedResponse(403, "text/xml", """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed to assume</Message></Error>
              <RequestId>req-1</RequestId>
            </ErrorResponse>
            """));
        _env.Variables["AWS_ENDPOINT_URL_STS"] = sts.Url;
        _env.WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base-0211\n");
        _env.WriteConfig("[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = base\n");

        var session = Resolve("admin");
        var ex = await Assert.ThrowsAsync<CredentialResolutionException>(() => session.Credentials.GetCredentialsAsync());

        Assert.StartsWith("STS refused the AssumeRole for profile 'admin' (AccessDenied): not allowed to assume", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRole_with_credential_source_Environment()
    {
        _env.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENVSOURCE";
        _env.Variables["AWS_SECRET_ACCESS_KEY"] = "secret-envsource-0216";
        _env.WriteConfig("[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\ncredential_source = Environment\n");

        var session = Resolve("ci");

        var role = Assert.IsType<RoleCredentials>(session.Credentials);
        Assert.Equal("arn:aws:iam::111122223333:role/ci", role.RoleArn);
        Assert.Contains("from credential_source Environment", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRole_with_credential_source_Ec2InstanceMetadata_uses_the_machine_step()
    {
        _env.Machine = new MachineCredentials(new BasicAWSCredentials("AKIDMACHINE", "secret-machine-0217"), "the fake instance role", "instance:fake");
        _env.WriteConfig("[profile box]\nrole_arn = arn:aws:iam::111122223333:role/box\ncredential_source = Ec2InstanceMetadata\n");

        Assert.IsType<RoleCredentials>(Resolve("box").Credentials);
        Assert.Equal(1, _env.MachineProbes);
    }

    [Fact]
    public void AssumeRole_with_a_missing_source_profile_is_an_error()
    {
        _env.WriteConfig("[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = nowhere\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("admin"));

        Assert.Equal(CredentialFailure.ProfileInvalid, ex.Failure);
        Assert.StartsWith("The source_profile 'nowhere' of the profile 'admin'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRole_source_profiles_in_a_loop_are_an_error()
    {
        _env.WriteConfig("""
            [profile a]
            role_arn = arn:aws:iam::111122223333:role/a
            source_profile = b

            [profile b]
            role_arn = arn:aws:iam::111122223333:role/b
            source_profile = a
            """);

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("a"));

        Assert.Equal("The profiles 'a' -> 'b' -> 'a' name each other as source_profile in a loop.", ex.Message);
    }

    [Fact]
    public void AssumeRole_with_MFA_says_how_to_get_the_code_in()
    {
        _env.WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base-0211\n");
        _env.WriteConfig("[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("mfa"));

        Assert.Equal(CredentialFailure.ProfileInvalid, ex.Failure);
        Assert.Contains("MFA code", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Set-AWSCredential -ProfileName 'mfa'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_identity_profile()
    {
        var token = _env.WriteFile("web-token", "eyJ-web");
        _env.WriteConfig($"[profile web]\nrole_arn = arn:aws:iam::111122223333:role/web\nweb_identity_token_file = {token}\n");

        var role = Assert.IsType<RoleCredentials>(Resolve("web", region: "ap-south-1").Credentials);

        Assert.Equal("arn:aws:iam::111122223333:role/web", role.RoleArn);
        Assert.Equal("ap-south-1", role.StsRegion);
    }

    [Fact]
    public void SSO_profile_with_an_sso_session_section_is_built_by_Core_with_the_session_s_settings()
    {
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

        var sso = Assert.IsType<SSOAWSCredentials>(session.Credentials);
        Assert.Equal("111122223333", sso.AccountId);
        Assert.Equal("NetworkAdmin", sso.RoleName);
        Assert.Equal("https://corp.awsapps.com/start", sso.StartUrl);
        Assert.Equal("eu-central-1", sso.Region);
        Assert.Equal("corp", sso.Options.SessionName);
        Assert.Equal("eu-west-1", session.Region);
        Assert.StartsWith("profile 'sso' (SSO (sso_session corp)", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_SSO_profile_without_a_session()
    {
        _env.WriteConfig("""
            [profile legacy]
            sso_start_url = https://legacy.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = ReadOnly
            """);

        var sso = Assert.IsType<SSOAWSCredentials>(Resolve("legacy").Credentials);

        Assert.Equal("https://legacy.awsapps.com/start", sso.StartUrl);
        Assert.Null(sso.Options.SessionName);
    }

    [Fact]
    public void SSO_profile_naming_a_missing_sso_session_is_an_error()
    {
        _env.WriteConfig("[profile sso]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("sso"));

        Assert.Contains("names sso_session 'gone', but there is no [sso-session gone] section", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_with_settings_but_no_credentials_says_what_it_sets_and_what_it_needs()
    {
        _env.WriteConfig("[profile settings]\nregion = eu-west-1\noutput = json\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("settings"));

        Assert.Equal(CredentialFailure.ProfileInvalid, ex.Failure);
        Assert.Contains("it sets output, region. A profile needs one of:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_set_twice_makes_the_profile_unusable_without_showing_either_value()
    {
        _env.WriteCredentials("[twice]\naws_access_key_id = AKIDTWICE\naws_secret_access_key = secret-one-0218\naws_secret_access_key = secret-two-0219\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("twice"));

        Assert.Contains("the key 'aws_secret_access_key' is set twice in [twice] (line 4)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-one-0218", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-two-0219", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_file_is_named_with_the_line_number_but_never_the_line()
    {
        _env.WriteCredentials("[bad]\naws_access_key_id = AKIDBAD\naws_secret_access_key: secret-colon-0220\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve("bad"));

        Assert.Equal(CredentialFailure.ProfileNotFound, ex.Failure);
        Assert.Contains("The credentials file " + _env.CredentialsPath + " cannot be used: line 3 is neither a [section], a key = value line nor a comment.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-colon-0220", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SDK_store_profiles_are_found_first_when_no_ProfileLocation_is_given()
    {
        var sdk = new FakeSdkStore();
        sdk.Profiles["dev"] = new Amazon.Runtime.CredentialManagement.CredentialProfile("dev",
            new Amazon.Runtime.CredentialManagement.CredentialProfileOptions { AccessKey = "AKIDSDK", SecretKey = "secret-sdk-0221" })
        { Region = Amazon.RegionEndpoint.USWest1 };
        _env.SdkStore = sdk;
        _env.WriteCredentials("[dev]\naws_access_key_id = AKIDSHARED\naws_secret_access_key = secret-shared-0222\n");

        var session = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "dev" });
        var shared = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "dev", ProfileLocation = _env.CredentialsPath, Region = "us-east-1" });

        Assert.Equal("AKIDSDK", session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("us-west-1", session.Region);
        Assert.Equal("AKIDSHARED", shared.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Tab_completion_lists_the_profiles_that_hold_credentials()
    {
        _env.WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev-0223\n[half]\naws_access_key_id = AKIDHALF\n");
        _env.WriteConfig("[default]\nregion = eu-west-1\n[profile proc]\ncredential_process = sh x\n[sso-session corp]\nsso_region = us-east-1\n[profile settings]\nregion = us-east-1\n");

        var names = KnownNames.Profiles(null, _env, new IniFileCache());

        Assert.Equal(new[] { "dev", "proc" }, names);
    }

    internal static CannedResponse StsAssumeRoleAnswer(string accessKey, string secretKey, string token) => new(200, "text/xml", $"""
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>{accessKey}</AccessKeyId>
              <SecretAccessKey>{secretKey}</SecretAccessKey>
              <SessionToken>{token}</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <AssumedRoleId>AROAEXAMPLE:me</AssumedRoleId>
              <Arn>arn:aws:sts::111122223333:assumed-role/admin/me</Arn>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """);
}
