using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// Pipeline binding for every cmdlet and every input shape that reaches it: typed output objects, [pscustomobject],
/// Select-Object, Import-Csv rows, ConvertFrom-Json objects, plain strings and mixed streams. Which parameter set
/// ran is proved by what was asked for: a by-ID set returns (or, with -WhatIf, targets) exactly the piped item, where
/// a list set would return everything; the request log shows what was sent.
/// In each script, $second is a second Route Server peer (so a list set would return two), $keys has only the
/// example keys (Region and EndpointUrl then come from the piped object), and $csv is a scratch file.
/// </summary>
public sealed class BindingTests : IClassFixture<PwshFixture>, IDisposable
{
    private readonly PwshFixture _ps;
    private readonly string _csv = Path.Combine(Path.GetTempPath(), "bgppeering-binding-" + Guid.NewGuid().ToString("N") + ".csv");
    private readonly string _second;

    public BindingTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
        _second = _ps.Emulator.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1.50", 65050);
        _ps.ClearRequests();
    }

    public void Dispose()
    {
        if (File.Exists(_csv)) File.Delete(_csv);
    }

    private const string Json = "('{\"RouteServerPeerId\":\"' + $second + '\",\"Region\":\"us-east-1\",\"EndpointUrl\":\"' + $EmulatorUrl + '\"}' | ConvertFrom-Json)";

    /// <summary>Shape name → a script that writes the input, and the cmdlet (with what it needs) it is piped to.</summary>
    public static TheoryData<string, string, string, string> Reads => new()
    {
        // Get-RouteServerPeer: every shape selects the ById set, so exactly $second comes back (the list set would give two).
        { "Get-RouteServerPeer", "typed peer", "Get-RouteServerPeer @emu -RouteServerPeerId $second", "$second" },
        { "Get-RouteServerPeer", "[pscustomobject]", "[pscustomobject]@{ RouteServerPeerId = $second; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "$second" },
        { "Get-RouteServerPeer", "Select-Object", "Get-RouteServerPeer @emu | Where-Object RouteServerPeerId -eq $second | Select-Object RouteServerPeerId, Region, EndpointUrl", "$second" },
        { "Get-RouteServerPeer", "Import-Csv", "Get-RouteServerPeer @emu -RouteServerPeerId $second | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "$second" },
        { "Get-RouteServerPeer", "ConvertFrom-Json", Json, "$second" },
        { "Get-RouteServerPeer", "plain string", "$second", "$second" },
        { "Get-RouteServerPeer", "mixed", "$second; [pscustomobject]@{ RouteServerPeerId = 'rsp-0fedcba9876543210' }", "$second,rsp-0fedcba9876543210" },
        // Get-RouteServerEndpoint: a piped endpoint or peer selects the ById set (one endpoint, not the VPC's two).
        { "Get-RouteServerEndpoint", "typed endpoint", "Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0fedcba9876543210", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "typed peer", "Get-RouteServerPeer @emu -RouteServerPeerId rsp-0fedcba9876543210", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "[pscustomobject]", "[pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; VpcId = 'vpc-0a1b2c3d4e5f67890'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "Import-Csv", "Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0fedcba9876543210 | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "ConvertFrom-Json", "('{\"RouteServerEndpointId\":\"rse-0fedcba9876543210\",\"RouteServerId\":\"rs-0123456789abcdef0\",\"Region\":\"us-east-1\",\"EndpointUrl\":\"' + $EmulatorUrl + '\"}' | ConvertFrom-Json)", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "plain string", "'rse-0fedcba9876543210'", "rse-0fedcba9876543210" },
        { "Get-RouteServerEndpoint", "mixed", "'rse-0fedcba9876543210'; Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0123456789abcdef0", "rse-0fedcba9876543210,rse-0123456789abcdef0" },
        // Get-DxBgpPeer: one peer of four.
        { "Get-DxBgpPeer", "typed peer", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v", "dxpeer-fk3m7p2v" },
        { "Get-DxBgpPeer", "[pscustomobject]", "[pscustomobject]@{ BgpPeerId = 'dxpeer-fk3m7p2v'; VirtualInterfaceId = 'dxvif-fgt4k8wq'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "dxpeer-fk3m7p2v" },
        { "Get-DxBgpPeer", "Import-Csv", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "dxpeer-fk3m7p2v" },
        { "Get-DxBgpPeer", "ConvertFrom-Json", "('{\"BgpPeerId\":\"dxpeer-fk3m7p2v\",\"Region\":\"us-east-1\",\"EndpointUrl\":\"' + $EmulatorUrl + '\"}' | ConvertFrom-Json)", "dxpeer-fk3m7p2v" },
        { "Get-DxBgpPeer", "mixed", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v; [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "dxpeer-fk3m7p2v,dxpeer-fgq9j6xo" },
        // Wait-BgpPeerUp: typed peers bind InputObject; rows bind RouteServerPeerId, or BgpPeerId with VirtualInterfaceId.
        { "Wait-BgpPeerUp", "typed peer", "Get-RouteServerPeer @emu -RouteServerPeerId $second", "$second" },
        { "Wait-BgpPeerUp", "typed Direct Connect peer", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "dxpeer-fgq9j6xo" },
        { "Wait-BgpPeerUp", "mixed typed", "Get-RouteServerPeer @emu -RouteServerPeerId $second; Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "$second,dxpeer-fgq9j6xo" },
        { "Wait-BgpPeerUp", "[pscustomobject]", "[pscustomobject]@{ RouteServerPeerId = $second; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "$second" },
        { "Wait-BgpPeerUp", "[pscustomobject] Direct Connect", "[pscustomobject]@{ BgpPeerId = 'dxpeer-fgq9j6xo'; VirtualInterfaceId = 'dxvif-ffabc123'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "dxpeer-fgq9j6xo" },
        { "Wait-BgpPeerUp", "Import-Csv", "Get-RouteServerPeer @emu -RouteServerPeerId $second | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "$second" },
        { "Wait-BgpPeerUp", "ConvertFrom-Json", Json, "$second" },
    };

    private List<string> Expected(string expected) => expected.Split(',').Select(e => e == "$second" ? _second : e).ToList();

    [Theory]
    [MemberData(nameof(Reads))]
    public void A_read_binds_the_piped_items_by_ID(string cmdlet, string shape, string input, string expected)
    {
        var r = _ps.Run("$second = '" + _second + "'; $keys = @{ AccessKey = 'AKIDEXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }; " +
            "$in = @(" + input + "); $requests = @(Invoke-RestMethod ($EmulatorUrl + '/_emulator/requests') | ForEach-Object { $_ }).Count; " +
            "$in | " + cmdlet + " @keys " + (shape == "plain string" || shape == "mixed" ? "-Region us-east-1 -EndpointUrl $EmulatorUrl" : string.Empty) + " | ForEach-Object { \"$_\" }; $requests",
            variables: new Dictionary<string, object?> { ["csv"] = _csv });
        Assert.True(r.Terminating is null && r.Errors.Count == 0, shape + " into " + cmdlet + ":\n" + r.Describe());
        var before = Convert.ToInt32(r.Output[^1].BaseObject, System.Globalization.CultureInfo.InvariantCulture);
        var ids = r.Output.Take(r.Output.Count - 1).Select(o => o.ToString()).ToList();
        Assert.Equal(Expected(expected).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        // The cmdlet's own requests went to the emulator, signed with the example key.
        var own = _ps.Requests.Skip(before).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, q => Assert.Equal(PwshFixture.AccessKey, q.AccessKeyId));
    }

    public static TheoryData<string, string, string, string> Changes => new()
    {
        // The What if: target says which set bound and what would be sent.
        { "Remove-RouteServerPeer -WhatIf", "typed peer", "Get-RouteServerPeer @emu -RouteServerPeerId $second", "$second" },
        { "Remove-RouteServerPeer -WhatIf", "[pscustomobject]", "[pscustomobject]@{ RouteServerPeerId = $second; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "$second" },
        { "Remove-RouteServerPeer -WhatIf", "Import-Csv", "Get-RouteServerPeer @emu -RouteServerPeerId $second | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "$second" },
        { "Remove-RouteServerPeer -WhatIf", "ConvertFrom-Json", Json, "$second" },
        { "Remove-RouteServerPeer -WhatIf -Region us-east-1 -EndpointUrl $EmulatorUrl", "plain string", "$second", "$second" },
        { "Remove-DxBgpPeer -WhatIf", "typed peer", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v", "dxpeer-fk3m7p2v" },
        { "Remove-DxBgpPeer -WhatIf", "Import-Csv", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "dxpeer-fk3m7p2v" },
        { "Remove-DxBgpPeer -WhatIf -Region us-east-1 -EndpointUrl $EmulatorUrl", "plain string", "'dxpeer-fk3m7p2v'", "dxpeer-fk3m7p2v" },
        { "New-RouteServerPeer -WhatIf -PeerAddress 10.0.1.60 -PeerAsn 65060", "typed endpoint", "Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0123456789abcdef0", "peer 10.0.1.60 (ASN 65060) on rse-0123456789abcdef0" },
        { "New-RouteServerPeer -WhatIf", "[pscustomobject]", "[pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.61'; PeerAsn = 65061; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "peer 10.0.1.61 (ASN 65061) on rse-0123456789abcdef0" },
        { "New-RouteServerPeer -WhatIf", "Import-Csv", "[pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.62'; PeerAsn = '65062'; Tag = 'Name=fw-c'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl } | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "peer 10.0.1.62 (ASN 65062) on rse-0123456789abcdef0" },
        { "New-RouteServerPeer -WhatIf", "ConvertFrom-Json", "('{\"RouteServerEndpointId\":\"rse-0123456789abcdef0\",\"PeerAddress\":\"10.0.1.63\",\"PeerAsn\":65063,\"Region\":\"us-east-1\",\"EndpointUrl\":\"' + $EmulatorUrl + '\"}' | ConvertFrom-Json)", "peer 10.0.1.63 (ASN 65063) on rse-0123456789abcdef0" },
        { "New-DxBgpPeer -WhatIf", "[pscustomobject]", "[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65020; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "IPv4 BGP peer ASN 65020 with AWS-assigned addresses on dxvif-fgt4k8wq" },
        { "New-DxBgpPeer -WhatIf", "Import-Csv", "[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = '65021'; AmazonAddress = '169.254.100.9/29'; CustomerAddress = '169.254.100.10/29'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl } | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "IPv4 BGP peer ASN 65021 at 169.254.100.10/29 (Amazon 169.254.100.9/29) on dxvif-fgt4k8wq" },
        { "New-DxBgpPeer -WhatIf", "ConvertFrom-Json", "('{\"VirtualInterfaceId\":\"dxvif-fgt4k8wq\",\"AddressFamily\":\"IPv4\",\"Asn\":65022,\"Region\":\"us-east-1\",\"EndpointUrl\":\"' + $EmulatorUrl + '\"}' | ConvertFrom-Json)", "IPv4 BGP peer ASN 65022 with AWS-assigned addresses on dxvif-fgt4k8wq" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_binds_the_piped_items_and_says_so_in_What_if(string cmdlet, string shape, string input, string expected)
    {
        var host = new TestHost();
        var r = _ps.Run("$second = '" + _second + "'; $keys = @{ AccessKey = 'AKIDEXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }; " +
            "$in = @(" + input + "); $in | " + cmdlet + " @keys", host, new Dictionary<string, object?> { ["csv"] = _csv });
        Assert.True(r.Terminating is null && r.Errors.Count == 0, shape + " into " + cmdlet + ":\n" + r.Describe());
        var targets = host.Prompts.Lines.Select(l => Regex.Match(l, "^What if: Performing the operation \"[^\"]+\" on target \"(?<t>.*)\"\\.$"))
            .Where(m => m.Success).Select(m => m.Groups["t"].Value).ToList();
        Assert.Equal(Expected(expected), targets);
        Assert.DoesNotContain(_ps.Requests, q => q.Status == 200 && q.Action is "CreateRouteServerPeer" or "DeleteRouteServerPeer" or "CreateBGPPeer" or "DeleteBGPPeer");
    }

    // A row with VirtualInterfaceId, Asn and CustomerAddress but no BgpPeerId once bound as a whole to -BgpPeerId (ById,
    // ValueFromPipeline) and failed its validation instead of selecting the ByInterface set.
    [Fact]
    public void A_row_naming_the_interface_ASN_and_address_selects_Remove_DxBgpPeer_ByInterface()
    {
        var host = new TestHost();
        _ps.Run("[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; Asn = 65010; CustomerAddress = '169.254.100.2/29'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl } | " +
            "Remove-DxBgpPeer -WhatIf -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", host).AssertClean();
        Assert.Contains("What if: Performing the operation \"Delete Direct Connect BGP peer\" on target \"BGP peer ASN 65010 at 169.254.100.2/29 on dxvif-fgt4k8wq\".", host.Prompts.Lines);
    }

    [Theory]
    [InlineData("Get-DxBgpPeer")]
    [InlineData("Wait-BgpPeerUp")]
    public void A_plain_string_is_refused_where_no_parameter_takes_one_from_the_pipeline(string cmdlet)
    {
        var r = _ps.Run("'dxpeer-fgq9j6xo' | " + cmdlet + " @emu");
        var e = Assert.Single(r.AllErrors);
        Assert.Equal("InputObjectNotBound,BgpPeering.Commands." + cmdlet.Replace("-", string.Empty, StringComparison.Ordinal) + "Command", e.FullyQualifiedErrorId);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Piped_IDs_are_asked_for_together_in_one_call()
    {
        var r = _ps.Run("$second = '" + _second + "'; $second, 'rsp-0fedcba9876543210' | Get-RouteServerPeer @emu").AssertClean();
        Assert.Equal(2, r.Output.Count);
        Assert.Equal(1, _ps.Requests.Count(q => q.Action == "DescribeRouteServerPeers"));
    }

    [Fact]
    public void A_piped_endpoint_peers_only_itself_in_New_RouteServerPeer()
    {
        var r = _ps.Run("Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0123456789abcdef0 | Get-RouteServerEndpoint @emu | New-RouteServerPeer @emu -PeerAddress 10.0.1.70 -PeerAsn 65070").AssertClean();
        var peer = Assert.Single(r.Output);
        Assert.Equal("rse-0123456789abcdef0", peer.Properties["RouteServerEndpointId"].Value);
        Assert.Equal(1, _ps.Requests.Count(q => q.Action == "CreateRouteServerPeer" && q.Status == 200));
    }
}
