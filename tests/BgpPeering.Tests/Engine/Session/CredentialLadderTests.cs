using Amazon.Runtime;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Engine.Session.AwsTools;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>
/// Every rung of the credential search, each shown to win over the rungs below it, and the error when none has
/// anything. Each test has its own fake machine: temporary credentials/config files and its own variables.
/// </summary>
public sealed class CredentialLadderTests : IDisposable
{
    private readonly FakeAwsEnvironment _env = new();

    public CredentialLadderTests()
    {
        // Every lower rung has something, so a test shows its rung wins over all of them.
        _env.WriteCredentials("""
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = secret-default-0001

            [dev]
            aws_access_key_id = AKIDDEV
            aws_secret_access_key = secret-dev-0002

            [fromenv]
            aws_access_key_id = AKIDFROMENV
            aws_secret_access_key = secret-fromenv-0003
            """);
        _env.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        _env.Variables["AWS_SECRET_ACCESS_KEY"] = "secret-env-0004";
        _env.Variables["AWS_PROFILE"] = "fromenv";
        _env.Machine = new MachineCredentials(new BasicAWSCredentials("AKIDMACHINE", "secret-machine-0005"), "the fake instance role", "instance:fake");
    }

    public void Dispose() => _env.Dispose();

    private AwsSession Resolve(ConnectionParameters p, ResolutionMessages? messages = null)
    {
        p.Region ??= "us-east-1";
        return _env.Factory().Resolve(p, messages);
    }

    [Fact]
    public void Rung1_key_parameters_win_over_everything()
    {
        var session = Resolve(new ConnectionParameters
        {
            AccessKey = "AKIDPARAM", SecretKey = "secret-param-0006", ProfileName = "dev",
            StoredCredentials = new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "secret-stored-0007"), "dev", CredentialsSource.Profile),
        });

        Assert.Equal("AKIDPARAM", SessionAssert.Keys(session).AccessKey);
        Assert.Equal("the -AccessKey and -SecretKey parameters", session.CredentialSource);
        Assert.False(SessionAssert.Keys(session).UseToken);
    }

    [Fact]
    public void Rung1_with_a_session_token_makes_session_credentials()
    {
        var session = Resolve(new ConnectionParameters { AccessKey = "ASIAPARAM", SecretKey = "secret-param-0008", SessionToken = "token-param-0009" });

        var keys = SessionAssert.Keys(session);
        Assert.Equal("token-param-0009", keys.Token);
        Assert.Contains("-SessionToken", session.CredentialSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIDONLY", null, null, "-AccessKey was given without -SecretKey")]
    [InlineData(null, "secret-alone-0010", null, "-SecretKey was given without -AccessKey")]
    [InlineData(null, null, "token-alone-0011", "-SessionToken was given without -AccessKey and -SecretKey")]
    public void Rung1_half_a_key_pair_is_an_error_not_a_fall_through(string? ak, string? sk, string? token, string expected)
    {
        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { AccessKey = ak, SecretKey = sk, SessionToken = token }));

        Assert.Equal(CredentialFailure.InvalidParameter, ex.Failure);
        Assert.Equal("InvalidConnectionParameter", ErrorClassifier.Classify(ex, null).ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ErrorClassifier.Classify(ex, null).Kind);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung2_ProfileName_wins_over_stored_environment_and_default()
    {
        var session = Resolve(new ConnectionParameters
        {
            ProfileName = "dev",
            StoredCredentials = new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "secret-stored-0007"), "default", CredentialsSource.Profile),
        });

        Assert.Equal("AKIDDEV", SessionAssert.Keys(session).AccessKey);
        Assert.StartsWith("profile 'dev' (static keys, the credentials file " + _env.CredentialsPath, session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung2_a_missing_named_profile_is_an_error_and_does_not_fall_through()
    {
        var messages = new ResolutionMessages();
        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { ProfileName = "prod" }, messages));

        Assert.Equal(CredentialFailure.ProfileNotFound, ex.Failure);
        Assert.Equal("ProfileNotFound", ErrorClassifier.Classify(ex, null).ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, ErrorClassifier.Classify(ex, null).Kind);
        Assert.Contains("The profile 'prod' (named by -ProfileName) was not found in the credentials file " + _env.CredentialsPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("the config file " + _env.ConfigPath + " (not found)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The profiles there are: 'default', 'dev', 'fromenv'.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not fall back", ex.Message, StringComparison.Ordinal);
        // Environment keys, AWS_PROFILE, 'default' and the machine all had credentials: none was used or even probed.
        Assert.Equal(0, _env.MachineProbes);
    }

    [Fact]
    public void Rung2_ProfileLocation_reads_that_file_and_the_config_beside_it()
    {
        var dir = Path.Combine(_env.Root, "elsewhere");
        FakeAwsEnvironment.Write(Path.Combine(dir, "creds"), """
            [ops]
            aws_access_key_id = AKIDOPS
            aws_secret_access_key = secret-ops-0012
            """);
        FakeAwsEnvironment.Write(Path.Combine(dir, "config"), """
            [profile ops]
            region = eu-central-1
            """);
        _env.Variables.Remove("AWS_CONFIG_FILE");

        var session = _env.Factory().Resolve(new ConnectionParameters { ProfileName = "ops", ProfileLocation = Path.Combine(dir, "creds") });

        Assert.Equal("AKIDOPS", SessionAssert.Keys(session).AccessKey);
        Assert.Equal("eu-central-1", session.Region);
        Assert.Contains("the credentials file " + Path.Combine(dir, "creds") + " and the config file " + Path.Combine(dir, "config"), session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung2_ProfileLocation_alone_means_the_default_profile_of_that_file()
    {
        var file = _env.WriteFile("other-credentials", """
            [default]
            aws_access_key_id = AKIDOTHERDEFAULT
            aws_secret_access_key = secret-other-0013
            """);

        var session = Resolve(new ConnectionParameters { ProfileLocation = file });

        Assert.Equal("AKIDOTHERDEFAULT", SessionAssert.Keys(session).AccessKey);
    }

    [Fact]
    public void Rung2_a_ProfileLocation_without_the_profile_is_an_error_too()
    {
        var file = _env.WriteFile("empty-credentials", "# nothing here\n");

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { ProfileName = "dev", ProfileLocation = file }));

        Assert.Equal(CredentialFailure.ProfileNotFound, ex.Failure);
        Assert.Contains("There are no profiles there.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung3_StoredAWSCredentials_stand_in_is_read_through_its_internal_properties()
    {
        var inner = new BasicAWSCredentials("AKIDSTORED", "secret-stored-0007");
        var stored = new AWSPSCredentials(inner, "dev", CredentialsSource.Profile);

        var session = Resolve(new ConnectionParameters { StoredCredentials = stored });

        Assert.Same(inner, session.Credentials);
        Assert.Equal("$StoredAWSCredentials (Set-AWSCredential, profile 'dev')", session.CredentialSource);
    }

    [Fact]
    public void Rung3_StoredAWSCredentials_from_keys_has_no_profile_name()
    {
        var inner = new BasicAWSCredentials("AKIDSTOREDKEYS", "secret-stored-0014");
        var stored = new AWSPSCredentials(inner, null, CredentialsSource.Strings);

        var session = Resolve(new ConnectionParameters { StoredCredentials = stored });

        Assert.Same(inner, session.Credentials);
        Assert.Equal("$StoredAWSCredentials (Set-AWSCredential)", session.CredentialSource);
    }

    [Fact]
    public void Rung3_StoredAWSCredentials_with_unreadable_credentials_falls_back_to_its_profile_name()
    {
        // As if AWS.Tools' internals changed: no credentials to reach, only ToString() = the profile name.
        var stored = new AWSPSCredentials(null, "dev", CredentialsSource.Profile);

        var session = Resolve(new ConnectionParameters { StoredCredentials = stored });

        Assert.Equal("AKIDDEV", SessionAssert.Keys(session).AccessKey);
        Assert.StartsWith("profile 'dev'", session.CredentialSource, StringComparison.Ordinal);
        Assert.EndsWith("named by $StoredAWSCredentials)", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung3_StoredAWSCredentials_from_another_AWSSDK_Core_is_adapted_by_its_public_members()
    {
        var foreign = new ForeignCredentials("AKIDFOREIGN", "secret-foreign-0015", "token-foreign-0016");
        var stored = new AWSPSForeignCredentials(foreign, null);

        var session = Resolve(new ConnectionParameters { StoredCredentials = stored });
        var keys = SessionAssert.Keys(session);

        Assert.Equal("AKIDFOREIGN", keys.AccessKey);
        Assert.Equal("secret-foreign-0015", keys.SecretKey);
        Assert.Equal("token-foreign-0016", keys.Token);
        Assert.Equal(1, foreign.Calls);
        Assert.DoesNotContain("secret", session.Credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rung3_a_string_naming_a_profile_is_used_as_that_profile()
    {
        var session = Resolve(new ConnectionParameters { StoredCredentials = "dev" });

        Assert.Equal("AKIDDEV", SessionAssert.Keys(session).AccessKey);
    }

    [Theory]
    [MemberData(nameof(UnexpectedStoredValues))]
    public void Rung3_something_unexpected_is_a_warning_naming_the_variable_and_the_search_goes_on(object value, string shape)
    {
        var messages = new ResolutionMessages();

        var session = Resolve(new ConnectionParameters { StoredCredentials = value }, messages);

        // The next rung (environment keys) answered.
        Assert.Equal("AKIDENV", SessionAssert.Keys(session).AccessKey);
        var warning = Assert.Single(messages.Events, e => e.Kind == PumpEventKind.Warning);
        var text = (string)warning.Payload!;
        Assert.StartsWith("$StoredAWSCredentials holds " + shape + " that BgpPeering cannot use", text, StringComparison.Ordinal);
        Assert.Contains("the search went on", text, StringComparison.Ordinal);
        Assert.Contains("Set-AWSCredential", text, StringComparison.Ordinal);
    }

    public static TheoryData<object, string> UnexpectedStoredValues() => new()
    {
        { 42, "a System.Int32" },
        { "no-such-profile", "a string" },
        { new AWSPSCredentials(null, "no-such-profile", CredentialsSource.Profile), "a " + typeof(AWSPSCredentials).FullName },
        { new AWSPSCredentials(null, null, CredentialsSource.Unknown), "a " + typeof(AWSPSCredentials).FullName },
        { new System.Collections.Hashtable { ["AccessKey"] = "AKIDHASH" }, "a System.Collections.Hashtable" },
    };

    [Fact]
    public void Rung3_a_warning_never_echoes_the_unexpected_value()
    {
        var messages = new ResolutionMessages();

        Resolve(new ConnectionParameters { StoredCredentials = "secret-pasted-by-mistake-0017" }, messages);

        Assert.All(messages.Events, e => Assert.DoesNotContain("secret-pasted-by-mistake-0017", (string)e.Payload!, StringComparison.Ordinal));
    }

    [Fact]
    public void Rung4_environment_keys_win_over_AWS_PROFILE_and_default()
    {
        _env.Variables["AWS_SESSION_TOKEN"] = "token-env-0018";

        var session = Resolve(new ConnectionParameters());
        var keys = SessionAssert.Keys(session);

        Assert.Equal("AKIDENV", keys.AccessKey);
        Assert.Equal("token-env-0018", keys.Token);
        Assert.Equal("the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN environment variables", session.CredentialSource);
    }

    [Fact]
    public void Rung4_the_legacy_AWS_SECRET_KEY_name_is_read_as_Core_does()
    {
        _env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
        _env.Variables["AWS_SECRET_KEY"] = "secret-legacy-0019";

        var session = Resolve(new ConnectionParameters());

        Assert.Equal("secret-legacy-0019", SessionAssert.Keys(session).SecretKey);
    }

    [Fact]
    public void Rung4_half_set_environment_keys_are_a_warning_and_the_search_goes_on()
    {
        _env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
        var messages = new ResolutionMessages();

        var session = Resolve(new ConnectionParameters(), messages);

        Assert.Equal("AKIDFROMENV", SessionAssert.Keys(session).AccessKey);
        var warning = (string)Assert.Single(messages.Events, e => e.Kind == PumpEventKind.Warning).Payload!;
        Assert.StartsWith("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung5_AWS_PROFILE_wins_over_default()
    {
        RemoveEnvironmentKeys();

        var session = Resolve(new ConnectionParameters());

        Assert.Equal("AKIDFROMENV", SessionAssert.Keys(session).AccessKey);
        Assert.EndsWith("named by AWS_PROFILE)", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung5_a_missing_AWS_PROFILE_profile_is_an_error_and_does_not_fall_through()
    {
        RemoveEnvironmentKeys();
        _env.Variables["AWS_PROFILE"] = "gone";

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters()));

        Assert.Equal(CredentialFailure.ProfileNotFound, ex.Failure);
        Assert.StartsWith("The profile 'gone' (named by the AWS_PROFILE environment variable) was not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _env.MachineProbes);
    }

    [Fact]
    public void Rung6_the_default_profile()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");

        var session = Resolve(new ConnectionParameters());

        Assert.Equal("AKIDDEFAULT", SessionAssert.Keys(session).AccessKey);
        Assert.EndsWith("named by the default profile)", session.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung6_AWS_PS_Default_when_default_has_only_settings_and_no_warning_for_that()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        _env.WriteCredentials("""
            [AWS PS Default]
            aws_access_key_id = AKIDPSDEFAULT
            aws_secret_access_key = secret-psdefault-0020
            """);
        _env.WriteConfig("""
            [default]
            region = eu-west-1
            output = json
            """);
        var messages = new ResolutionMessages();

        var session = _env.Factory().Resolve(new ConnectionParameters(), messages);

        Assert.Equal("AKIDPSDEFAULT", SessionAssert.Keys(session).AccessKey);
        Assert.DoesNotContain(messages.Events, e => e.Kind == PumpEventKind.Warning);
        Assert.Contains(messages.Events, e => e.Kind == PumpEventKind.Debug && ((string)e.Payload!).Contains("The profile 'default' in the config file", StringComparison.Ordinal));
        // The default profile's region still counts (region rung 5), as in AWS.Tools.
        Assert.Equal("eu-west-1", session.Region);
    }

    [Fact]
    public void Rung6_a_default_profile_with_half_its_keys_is_a_warning_and_the_search_goes_on()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        _env.WriteCredentials("""
            [default]
            aws_access_key_id = AKIDHALF
            """);
        var messages = new ResolutionMessages();

        var session = Resolve(new ConnectionParameters(), messages);

        Assert.Equal("AKIDMACHINE", SessionAssert.Keys(session).AccessKey);
        var warning = (string)Assert.Single(messages.Events, e => e.Kind == PumpEventKind.Warning).Payload!;
        Assert.StartsWith("The profile 'default' in the credentials file " + _env.CredentialsPath + " holds no credentials BgpPeering can use: it sets aws_access_key_id.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung7_web_identity_from_the_environment()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        File.Delete(_env.CredentialsPath);
        _env.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _env.WriteFile("token", "eyJ-not-a-real-token");
        _env.Variables["AWS_ROLE_ARN"] = "arn:aws:iam::111122223333:role/pod";
        _env.Variables["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9/";

        var session = Resolve(new ConnectionParameters { Region = "eu-west-1" });

        var role = Assert.IsType<RoleCredentials>(session.Credentials);
        Assert.Equal("arn:aws:iam::111122223333:role/pod", role.RoleArn);
        Assert.Equal("eu-west-1", role.StsRegion);
        Assert.Equal("http://127.0.0.1:9/", role.StsEndpoint);
        Assert.StartsWith("web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN)", session.CredentialSource, StringComparison.Ordinal);
        Assert.Equal(0, _env.MachineProbes);
    }

    [Fact]
    public void Rung7_container_or_instance_role()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        File.Delete(_env.CredentialsPath);

        var session = Resolve(new ConnectionParameters());

        Assert.Equal("AKIDMACHINE", SessionAssert.Keys(session).AccessKey);
        Assert.Equal("the fake instance role", session.CredentialSource);
        Assert.Equal(1, _env.MachineProbes);
    }

    [Fact]
    public void Nothing_found_lists_every_place_searched_in_order_and_how_to_fix_it()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        File.Delete(_env.CredentialsPath);
        _env.Machine = null;

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters()));

        Assert.Equal(CredentialFailure.CredentialsNotFound, ex.Failure);
        Assert.Equal("CredentialsNotResolved", ErrorClassifier.Classify(ex, null).ErrorId);
        Assert.Equal(ErrorKind.AuthenticationError, ErrorClassifier.Classify(ex, null).Kind);
        var lines = ex.Message.Split('\n');
        Assert.Equal("No AWS credentials were found. BgpPeering looked, in order, at:", lines[0]);
        Assert.Equal("  1. -AccessKey and -SecretKey: not given.", lines[1]);
        Assert.Equal("  2. -ProfileName: not given.", lines[2]);
        Assert.Equal("  3. $StoredAWSCredentials (Set-AWSCredential): not set.", lines[3]);
        Assert.Equal("  4. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set.", lines[4]);
        Assert.Equal("  5. AWS_PROFILE: not set.", lines[5]);
        Assert.Equal("  6. The profile 'default': not found in the credentials file " + _env.CredentialsPath + " (not found) and the config file " + _env.ConfigPath + " (not found).", lines[6]);
        Assert.StartsWith("  7. The profile 'AWS PS Default': not found in", lines[7], StringComparison.Ordinal);
        Assert.Equal("  8. Web identity, container and EC2 instance-role credentials: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set; no container endpoint and no EC2 instance role (fake).", lines[8]);
        Assert.Equal("To fix it, do one of these:", lines[9]);
        Assert.Contains(lines, l => l.Contains("-ProfileName <profile>", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Set-AWSCredential -ProfileName", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", StringComparison.Ordinal) && l.StartsWith("  - ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("aws configure", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_found_for_both_names_both_searches_in_one_error()
    {
        RemoveEnvironmentKeys();
        _env.Variables.Remove("AWS_PROFILE");
        File.Delete(_env.CredentialsPath);
        _env.Machine = null;

        var ex = Assert.Throws<CredentialResolutionException>(() => _env.Factory().Resolve(new ConnectionParameters()));

        Assert.Contains("No AWS credentials were found.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\n\nNo AWS region was found.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(CredentialFailure.CredentialsNotFound, ex.Failure);
    }

    private void RemoveEnvironmentKeys()
    {
        _env.Variables.Remove("AWS_ACCESS_KEY_ID");
        _env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
    }
}
