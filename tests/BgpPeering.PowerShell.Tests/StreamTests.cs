using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>-Verbose and -Debug content, and whether -Debug prompts, in a runspace whose host answers prompts.</summary>
public sealed class StreamTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public StreamTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    public static TheoryData<string> Commands => new()
    {
        "Get-RouteServerPeer @emu",
        "Get-RouteServerEndpoint @emu",
        "Get-DxBgpPeer @emu",
        "New-RouteServerPeer @emu rse-0123456789abcdef0 10.0.1.40 65040",
        "Remove-RouteServerPeer @emu rsp-0fedcba9876543210 -Force",
        "New-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65041 -AuthKey 'md5-secret-key-41'",
        "Remove-DxBgpPeer @emu dxpeer-fk3m7p2v -Force",
        "Get-RouteServerPeer @emu | Wait-BgpPeerUp @emu",
        "Sync-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.42 -PeerAsn 65042",
        "Sync-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65010 -AmazonAddress 169.254.100.1/29 -CustomerAddress 169.254.100.2/29 -AuthKey 'md5-secret-key-41' -Force",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Verbose_says_where_credentials_region_and_endpoint_came_from_and_never_a_secret(string command)
    {
        var r = _ps.Run(command + " -Verbose -Debug").AssertClean();
        var using_ = Assert.Single(r.Verbose, v => v.StartsWith("Using credentials from ", StringComparison.Ordinal));
        Assert.Equal("Using credentials from the -AccessKey and -SecretKey parameters, region us-east-1 (from the -Region parameter), endpoint " + _ps.Url + ".", using_);
        Assert.NotEmpty(r.Debug);
        var all = string.Join("\n", r.Verbose.Concat(r.Debug).Concat(r.Warnings).Concat(r.Information));
        Assert.DoesNotContain(PwshFixture.SecretKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain("md5-secret-key-41", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_tells_each_call_and_page()
    {
        var r = _ps.Run("Get-RouteServerPeer @emu -Verbose").AssertClean();
        Assert.Contains("DescribeRouteServerPeers page 1: 1 peer(s).", r.Verbose);
    }

    [Theory]
    [InlineData("$VerbosePreference = 'Continue'; Get-RouteServerPeer @emu", true)]
    [InlineData("function Get-Peers { [CmdletBinding()] param() Get-RouteServerPeer @emu }; Get-Peers -Verbose", true)]
    [InlineData("$VerbosePreference = 'Continue'; Get-RouteServerPeer @emu -Verbose:$false", false)]
    [InlineData("Get-RouteServerPeer @emu", false)]
    [InlineData("Get-RouteServerPeer @emu -Debug:$false", false)]
    public void Verbose_lines_follow_the_parameter_then_the_callers_preference(string command, bool shown)
    {
        // The engine builds its messages only for a stream that is wanted; what is wanted is what PowerShell would show.
        var r = _ps.Run(command + " | Out-Null").AssertClean();
        Assert.Equal(shown, r.Verbose.Contains("DescribeRouteServerPeers page 1: 1 peer(s)."));
        Assert.Equal(shown, r.Verbose.Any(v => v.StartsWith("Using credentials from ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Debug_alone_asks_at_every_verbose_line_in_this_PowerShell()
    {
        // PowerShell 7.6.10 maps -Debug to $DebugPreference = 'Continue', but a cmdlet's verbose and warning
        // preferences become 'Inquire' under -Debug unless -Verbose / -WarningAction say otherwise: every verbose
        // line asks "Continue with this operation?". Measured with a host that answers (and counts) prompts.
        var host = new TestHost();
        var r = _ps.Run("Get-RouteServerPeer @emu -Debug | Out-Null; function Get-DebugPreference { [CmdletBinding()] param() $DebugPreference }; Get-DebugPreference -Debug", host).AssertClean();
        Assert.Equal("Continue", r.Output.Single().ToString());
        Assert.NotEmpty(r.Verbose);
        Assert.Equal(r.Verbose.Count, host.Prompts.Asked.Count);
        Assert.All(host.Prompts.Asked, p => Assert.Equal("Continue with this operation?", p.Message));
    }

    [Theory]
    [InlineData("$DebugPreference = 'Continue'; Get-RouteServerPeer @conn")]
    [InlineData("Get-RouteServerPeer @conn -Debug -Verbose -WarningAction Continue")]
    public void What_about_BgpPeering_recommends_shows_the_search_without_any_prompt(string command)
    {
        // An unusable $StoredAWSRegion makes the region search warn (then the profile's region is used), so a
        // warning is written as well as verbose and debug lines.
        var file = Path.Combine(Path.GetTempPath(), "bgppeering-debug-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "[emu]\naws_access_key_id = " + PwshFixture.AccessKey + "\naws_secret_access_key = " + PwshFixture.SecretKey + "\nregion = us-east-1\n");
        try
        {
            var host = new TestHost();
            var r = _ps.Run("$conn = @{ ProfileName = 'emu'; ProfileLocation = $file; EndpointUrl = $EmulatorUrl }; $StoredAWSRegion = 'not a region'; " + command + " | Out-Null",
                host, new Dictionary<string, object?> { ["file"] = file }).AssertClean();
            Assert.Empty(host.Prompts.Asked);
            Assert.Contains(r.Warnings, w => w.StartsWith("$StoredAWSRegion holds", StringComparison.Ordinal));
            Assert.Contains(r.Debug, d => d.Contains("Credentials: ", StringComparison.Ordinal));
            Assert.Contains(r.Debug, d => d.Contains("Region: ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Debug_alone_also_asks_at_a_warning()
    {
        var file = Path.Combine(Path.GetTempPath(), "bgppeering-debug-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "[emu]\naws_access_key_id = " + PwshFixture.AccessKey + "\naws_secret_access_key = " + PwshFixture.SecretKey + "\nregion = us-east-1\n");
        try
        {
            var host = new TestHost();
            var r = _ps.Run("$StoredAWSRegion = 'not a region'; Get-RouteServerPeer -ProfileName emu -ProfileLocation $file -EndpointUrl $EmulatorUrl -Debug -Verbose | Out-Null",
                host, new Dictionary<string, object?> { ["file"] = file }).AssertClean();
            Assert.NotEmpty(r.Warnings);
            Assert.Equal(r.Warnings.Count, host.Prompts.Asked.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void DebugPreference_Inquire_prompts_at_each_debug_line()
    {
        var host = new TestHost();
        var r = _ps.Run("$DebugPreference = 'Inquire'; Get-RouteServerPeer @emu | Out-Null", host).AssertClean();
        Assert.NotEmpty(r.Debug);
        Assert.Equal(r.Debug.Count, host.Prompts.Asked.Count);
    }

    [Fact]
    public void Wait_writes_no_warning_for_peers_already_up()
    {
        var r = _ps.Run("Get-RouteServerPeer @emu | Wait-BgpPeerUp @emu").AssertClean();
        Assert.Empty(r.Warnings);
        Assert.Single(r.Output);
    }
}
