using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>Tab completion through TabExpansion2 (CommandCompletion.CompleteInput), as PSReadLine asks for it.</summary>
public sealed class CompletionTests : IClassFixture<PwshFixture>, IDisposable
{
    private readonly PwshFixture _ps;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bgppeering-completion-" + Guid.NewGuid().ToString("N"));

    public CompletionTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The completion texts for <paramref name="line"/> with the cursor at its end.</summary>
    private List<string> Complete(string line, IDictionary<string, object?>? variables = null)
    {
        var vars = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>()) { ["line"] = line };
        var r = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", variables: vars).AssertClean();
        return r.Output.Where(o => o is not null).Select(o => o.ToString()).ToList();
    }

    [Fact]
    public void Region_completes_the_regions_the_module_accepts_and_no_pseudo_region()
    {
        var regions = Complete("Get-RouteServerPeer -Region ");
        Assert.Contains("us-east-1", regions);
        Assert.Contains("eu-west-2", regions);
        Assert.DoesNotContain("us-east-1-regional", regions);
        Assert.DoesNotContain("aws-global", regions);
        Assert.Equal(["us-east-1", "us-east-2"], Complete("Get-RouteServerPeer -Region us-east-"));
        // Every region offered is one the module takes: a call with each goes through.
        var r = _ps.Run("foreach ($region in $regions) { $null = Get-RouteServerEndpoint -EndpointUrl $EmulatorUrl -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY -Region $region }; 'done'",
            variables: new Dictionary<string, object?> { ["regions"] = regions.ToArray() });
        r.AssertClean();
        Assert.Equal(regions.Count, _ps.Requests.Count(q => q.Action == "DescribeRouteServerEndpoints"));
    }

    [Theory]
    [InlineData("Get-RouteServerPeer")]
    [InlineData("New-DxBgpPeer")]
    [InlineData("Wait-BgpPeerUp")]
    public void Region_completes_on_every_cmdlet(string cmdlet) =>
        Assert.Equal(["eu-west-1", "eu-west-2", "eu-west-3"], Complete(cmdlet + " -Region eu-west-"));

    [Fact]
    public void ProfileName_completes_the_profiles_of_the_ProfileLocation_file_that_hold_credentials()
    {
        var file = Path.Combine(_dir, "credentials");
        File.WriteAllText(file, "[alpha]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n\n" +
            "[beta prod]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n\n[regiononly]\nregion = us-east-1\n");
        var all = Complete("Get-RouteServerPeer -ProfileLocation '" + file + "' -ProfileName ");
        Assert.Contains("alpha", all);
        Assert.Contains("'beta prod'", all);
        Assert.DoesNotContain("regiononly", all);
        Assert.Equal(["alpha"], Complete("Get-DxBgpPeer -ProfileLocation '" + file + "' -ProfileName al"));
    }

    public static TheoryData<string, string, string> IdCases => new()
    {
        { "Get-RouteServerPeer", "RouteServerPeerId", "rsp-0fedcba9876543210" },
        { "Remove-RouteServerPeer", "RouteServerPeerId", "rsp-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "RouteServerEndpointId", "rse-0123456789abcdef0" },
        { "New-RouteServerPeer", "RouteServerEndpointId", "rse-0fedcba9876543210" },
        { "Get-DxBgpPeer", "BgpPeerId", "dxpeer-fgq9j6xo" },
        { "Remove-DxBgpPeer", "BgpPeerId", "dxpeer-fk3m7p2v" },
        { "Get-DxBgpPeer", "VirtualInterfaceId", "dxvif-ffabc123" },
        { "Wait-BgpPeerUp", "RouteServerPeerId", "rsp-0fedcba9876543210" },
        { "Start-DxBgpFailoverTest", "BgpPeerId", "dxpeer-fk3m7p2v" },
        { "Stop-DxBgpFailoverTest", "VirtualInterfaceId", "dxvif-fgt4k8wq" },
    };

    [Theory]
    [MemberData(nameof(IdCases))]
    public void IDs_complete_from_the_connection_typed_on_the_line(string cmdlet, string parameter, string expected)
    {
        var ids = Complete(cmdlet + " -EndpointUrl " + _ps.Url + " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY -" + parameter + " ");
        Assert.Contains(expected, ids);
    }

    [Theory]
    [InlineData("Start-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq", "dxpeer-fk3m7p2v,dxpeer-fq8d2n5t")]
    [InlineData("Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123", "dxpeer-fgq9j6xo")]
    [InlineData("Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123, dxvif-fgh0hcrk", "dxpeer-fgq9j6xo,dxpeer-fz1y2x3w")]
    [InlineData("Wait-BgpPeerUp -VirtualInterfaceId dxvif-fgt4k8wq", "dxpeer-fk3m7p2v,dxpeer-fq8d2n5t")]
    public void A_Direct_Connect_peer_ID_completes_from_the_interface_already_on_the_line(string typed, string expected)
    {
        const string Connection = " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        var everywhere = Complete(typed.Split(' ')[0] + " -EndpointUrl " + _ps.Url + Connection + " -BgpPeerId ");
        var scoped = Complete(typed + " -EndpointUrl " + _ps.Url + Connection + " -BgpPeerId ");
        Assert.Equal(expected.Split(','), scoped);
        Assert.Equal(["dxpeer-fgq9j6xo", "dxpeer-fk3m7p2v", "dxpeer-fq8d2n5t", "dxpeer-fz1y2x3w"], everywhere);
    }

    [Fact]
    public void IDs_complete_from_a_splat_in_the_line()
    {
        var ids = Complete("$emu = @{ EndpointUrl = '" + _ps.Url + "'; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }; Get-RouteServerPeer @emu -RouteServerPeerId rsp-");
        Assert.Equal(["rsp-0fedcba9876543210"], ids);
    }

    [Fact]
    public void ID_completion_without_any_connection_offers_no_ID_and_never_throws()
    {
        var ids = Complete("Get-RouteServerPeer -ProfileName nosuchprofile -ProfileLocation /nonexistent/credentials -RouteServerPeerId rsp-");
        Assert.DoesNotContain(ids, i => System.Text.RegularExpressions.Regex.IsMatch(i, "^rsp-[0-9a-f]{17}$"));
    }
}
