using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Engine.Session.AwsTools;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>Every rung of the region search, each shown to win over the rungs below it, and the error when none has one.</summary>
public sealed class RegionLadderTests : IDisposable
{
    private readonly FakeAwsEnvironment _env = new();

    public RegionLadderTests()
    {
        _env.WriteCredentials("""
            [dev]
            aws_access_key_id = AKIDDEV
            aws_secret_access_key = secret-dev-0101

            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = secret-default-0102
            """);
        _env.WriteConfig("""
            [profile dev]
            region = ap-southeast-2

            [default]
            region = sa-east-1

            [profile other]
            region = ca-central-1
            """);
        _env.Variables["AWS_REGION"] = "eu-north-1";
        _env.Variables["AWS_DEFAULT_REGION"] = "eu-south-1";
        _env.InstanceRegion = "me-south-1";
    }

    public void Dispose() => _env.Dispose();

    private AwsSession Resolve(ConnectionParameters p, ResolutionMessages? messages = null) => _env.Factory().Resolve(p, messages);

    [Fact]
    public void Rung1_Region_parameter_wins()
    {
        var session = Resolve(new ConnectionParameters { Region = "us-west-2", ProfileName = "dev", StoredRegion = "eu-west-3" });

        Assert.Equal("us-west-2", session.Region);
        Assert.Equal("the -Region parameter", session.RegionSource);
    }

    [Fact]
    public void Rung1_a_region_in_capitals_is_lower_cased()
    {
        Assert.Equal("us-west-2", Resolve(new ConnectionParameters { Region = " US-West-2 ", ProfileName = "dev" }).Region);
    }

    [Theory]
    [InlineData("us-east1")]
    [InlineData("virginia")]
    [InlineData("us east 1")]
    public void Rung1_a_malformed_Region_is_an_error_naming_the_parameter(string region)
    {
        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { Region = region, ProfileName = "dev" }));

        Assert.Equal(CredentialFailure.InvalidParameter, ex.Failure);
        Assert.StartsWith("-Region is '" + region + "', which is not a region name. A region name looks like us-east-1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-northwest-1")]
    [InlineData("eu-isoe-west-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("fips-us-east-1")]
    public void Rung1_every_partition_s_region_names_are_accepted(string region)
    {
        Assert.Equal(region, Resolve(new ConnectionParameters { Region = region, ProfileName = "dev" }).Region);
    }

    [Fact]
    public void Rung2_StoredAWSRegion_string_wins_over_the_profile_and_environment()
    {
        var session = Resolve(new ConnectionParameters { ProfileName = "dev", StoredRegion = "eu-west-3" });

        Assert.Equal("eu-west-3", session.Region);
        Assert.Equal("$StoredAWSRegion (Set-DefaultAWSRegion)", session.RegionSource);
    }

    [Fact]
    public void Rung2_StoredAWSRegion_object_with_a_Region_property()
    {
        var session = Resolve(new ConnectionParameters { ProfileName = "dev", StoredRegion = new AWSRegion("eu-west-3", "Europe (Paris)") });

        Assert.Equal("eu-west-3", session.Region);
    }

    [Theory]
    [InlineData(17, "a System.Int32")]
    [InlineData("Europe (Paris)", "a string")]
    public void Rung2_something_unexpected_is_a_warning_naming_the_variable_and_the_search_goes_on(object value, string shape)
    {
        var messages = new ResolutionMessages();

        var session = Resolve(new ConnectionParameters { ProfileName = "dev", StoredRegion = value }, messages);

        Assert.Equal("ap-southeast-2", session.Region);
        var warning = (string)Assert.Single(messages.Events, e => e.Kind == PumpEventKind.Warning).Payload!;
        Assert.StartsWith("$StoredAWSRegion holds " + shape + " that is not a region name", warning, StringComparison.Ordinal);
        Assert.Contains("Set-DefaultAWSRegion", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung3_the_region_of_the_profile_in_use_wins_over_the_environment()
    {
        var session = Resolve(new ConnectionParameters { ProfileName = "dev" });

        Assert.Equal("ap-southeast-2", session.Region);
        Assert.Equal("the profile 'dev' (the credentials file " + _env.CredentialsPath + " and the config file " + _env.ConfigPath + ")", session.RegionSource);
    }

    [Fact]
    public void Rung3_the_profile_named_by_StoredAWSCredentials_is_the_profile_in_use()
    {
        var stored = new AWSPSCredentials(new Amazon.Runtime.BasicAWSCredentials("AKIDSTORED", "secret-stored-0103"), "dev", CredentialsSource.Profile);

        var session = Resolve(new ConnectionParameters { StoredCredentials = stored });

        Assert.Equal("ap-southeast-2", session.Region);
    }

    [Fact]
    public void Rung3_a_malformed_profile_region_is_an_error_naming_the_profile()
    {
        _env.WriteConfig("""
            [profile dev]
            region = Sydney
            """);

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { ProfileName = "dev" }));

        Assert.StartsWith("The region of the profile 'dev' (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is 'Sydney', which is not a region name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung4_AWS_REGION_wins_over_AWS_DEFAULT_REGION()
    {
        var session = Resolve(new ConnectionParameters { AccessKey = "AKIDP", SecretKey = "secret-param-0104" });

        Assert.Equal("eu-north-1", session.Region);
        Assert.Equal("the AWS_REGION environment variable", session.RegionSource);
    }

    [Fact]
    public void Rung4_AWS_DEFAULT_REGION()
    {
        _env.Variables.Remove("AWS_REGION");

        var session = Resolve(new ConnectionParameters { AccessKey = "AKIDP", SecretKey = "secret-param-0104" });

        Assert.Equal("eu-south-1", session.Region);
        Assert.Equal("the AWS_DEFAULT_REGION environment variable", session.RegionSource);
    }

    [Fact]
    public void Rung5_AWS_PROFILE_s_region_when_the_credentials_did_not_come_from_a_profile()
    {
        RemoveEnvironmentRegions();
        _env.Variables["AWS_PROFILE"] = "other";

        var session = Resolve(new ConnectionParameters { AccessKey = "AKIDP", SecretKey = "secret-param-0104" });

        Assert.Equal("ca-central-1", session.Region);
    }

    [Fact]
    public void Rung5_the_default_profile_s_region()
    {
        RemoveEnvironmentRegions();

        var session = Resolve(new ConnectionParameters { AccessKey = "AKIDP", SecretKey = "secret-param-0104" });

        Assert.Equal("sa-east-1", session.Region);
        Assert.StartsWith("the profile 'default' (", session.RegionSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Rung6_instance_metadata()
    {
        RemoveEnvironmentRegions();
        File.Delete(_env.ConfigPath);

        var session = Resolve(new ConnectionParameters { AccessKey = "AKIDP", SecretKey = "secret-param-0104" });

        Assert.Equal("me-south-1", session.Region);
        Assert.Equal("EC2 instance metadata", session.RegionSource);
        Assert.Equal(1, _env.RegionProbes);
    }

    [Fact]
    public void Instance_metadata_is_not_asked_when_a_higher_rung_answers()
    {
        Resolve(new ConnectionParameters { ProfileName = "dev" });

        Assert.Equal(0, _env.RegionProbes);
    }

    [Fact]
    public void Nothing_found_lists_every_place_searched_in_order_and_how_to_fix_it()
    {
        RemoveEnvironmentRegions();
        File.Delete(_env.ConfigPath);
        _env.InstanceRegion = null;

        var ex = Assert.Throws<CredentialResolutionException>(() => Resolve(new ConnectionParameters { ProfileName = "dev" }));

        Assert.Equal(CredentialFailure.RegionNotFound, ex.Failure);
        Assert.Equal("RegionNotResolved", ErrorClassifier.Classify(ex, null).ErrorId);
        var lines = ex.Message.Split('\n');
        Assert.Equal("No AWS region was found. BgpPeering looked, in order, at:", lines[0]);
        Assert.Equal("  1. -Region: not given.", lines[1]);
        Assert.Equal("  2. $StoredAWSRegion (Set-DefaultAWSRegion): not set.", lines[2]);
        Assert.Equal("  3. The profile 'dev' the credentials came from: sets no region.", lines[3]);
        Assert.Equal("  4. AWS_REGION and AWS_DEFAULT_REGION: not set.", lines[4]);
        Assert.StartsWith("  5. The region of the profile 'default' and 'AWS PS Default' in the credentials file", lines[5], StringComparison.Ordinal);
        Assert.Equal("  6. EC2 instance metadata: not an EC2 instance (fake).", lines[6]);
        Assert.Equal("To fix it, do one of these:", lines[7]);
        Assert.Contains(lines, l => l.Contains("-Region us-east-1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Set-DefaultAWSRegion", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("AWS_REGION", StringComparison.Ordinal) && l.StartsWith("  - ", StringComparison.Ordinal));
    }

    private void RemoveEnvironmentRegions()
    {
        _env.Variables.Remove("AWS_REGION");
        _env.Variables.Remove("AWS_DEFAULT_REGION");
    }
}
