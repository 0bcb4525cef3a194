using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>What the cmdlets take from the environment (AWS_ENDPOINT_URL*), in the process-wide collection.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class EnvironmentTests : IClassFixture<PwshFixture>, IDisposable
{
    private static readonly string[] Names =
    [
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_EC2_METADATA_DISABLED", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ];

    private readonly PwshFixture _ps;
    private readonly Dictionary<string, string?> _saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);

    public EnvironmentTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
        foreach (var n in Names) Environment.SetEnvironmentVariable(n, null);
    }

    public void Dispose()
    {
        foreach (var (n, v) in _saved) Environment.SetEnvironmentVariable(n, v);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_EC2", "Get-RouteServerPeer")]
    [InlineData("AWS_ENDPOINT_URL", "Get-RouteServerPeer")]
    [InlineData("AWS_ENDPOINT_URL_DIRECT_CONNECT", "Get-DxBgpPeer")]
    public void Verbose_names_an_endpoint_taken_from_the_environment(string variable, string cmdlet)
    {
        Environment.SetEnvironmentVariable(variable, _ps.Url);
        var r = _ps.Run(cmdlet + " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY -Verbose").AssertClean();
        Assert.NotEmpty(r.Output);
        Assert.NotEmpty(_ps.Requests);
        var line = Assert.Single(r.Verbose, v => v.StartsWith("Using credentials from ", StringComparison.Ordinal));
        Assert.Contains(_ps.Url, line, StringComparison.Ordinal);
    }

    public static TheoryData<ErrorTests.Call> Calls() => ErrorTests.AllCalls();

    [Theory]
    [MemberData(nameof(Calls))]
    public void No_credentials_anywhere_is_CredentialsNotResolved_terminating_before_any_request(ErrorTests.Call c)
    {
        // Nothing to find: no key variables, profile files that do not exist, no instance metadata.
        var missing = Path.Combine(Path.GetTempPath(), "bgppeering-none-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(missing, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(missing, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        // A cmdlet's terminating error stops its statement; try/catch tells it from a non-terminating one.
        var r = _ps.Run("try { " + c.Command + " " + c.Parameters + " -Region us-east-1 -EndpointUrl $EmulatorUrl -ErrorAction SilentlyContinue; 'not stopped' } catch { $_ }");
        Assert.True(r.Terminating is null && r.Errors.Count == 0, r.Describe());
        var e = Assert.IsType<System.Management.Automation.ErrorRecord>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("CredentialsNotResolved,BgpPeering.Commands." + c.Class, e.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.Null(e.TargetObject);
        Assert.Contains("-AccessKey and -SecretKey", e.ToString(), StringComparison.Ordinal);
        Assert.Empty(_ps.Requests);
    }
}
