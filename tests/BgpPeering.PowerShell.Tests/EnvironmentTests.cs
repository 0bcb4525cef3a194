using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>What the cmdlets take from the environment (AWS_ENDPOINT_URL*), in the process-wide collection.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class EnvironmentTests : IClassFixture<PwshFixture>, IDisposable
{
    private static readonly string[] Names = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT"];

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
}
