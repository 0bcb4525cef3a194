using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// The cmdlets' contract as PowerShell itself reads it (Get-Command on the imported module): output types,
/// ShouldProcess and impact, parameter sets, pipeline binding, validation, aliases and completers. The cmdlets are the
/// manifest's (<see cref="Cmdlets"/>), and what holds for all of them is a rule (by verb, or against the cmdlet's help
/// page), so a new cmdlet is checked with no edit here; what the binding DOES with real input is proved in BindingTests.
/// </summary>
public sealed class CommandContractTests : IClassFixture<PwshFixture>
{
    private const string Model = "BgpPeering.Engine.Model.";

    private static readonly object Gate = new();
    private static List<Row>? s_rows;

    private readonly PwshFixture _ps;

    public CommandContractTests(PwshFixture ps) => _ps = ps;

    /// <summary>Read once for the class (xunit makes a new instance per test); the module is the same every time.</summary>
    private List<Row> Rows
    {
        get
        {
            lock (Gate) return s_rows ??= Read();
        }
    }

    /// <summary>One parameter of one cmdlet in one parameter set.</summary>
    private sealed record Row(string Cmdlet, string ClassName, bool Sealed, bool ShouldProcess, string Impact, string DefaultSet, string[] Outputs,
        string Parameter, string ParameterType, string[] Aliases, string[] Attributes, string Set, bool Mandatory, int Position, bool ByValue, bool ByName,
        string? RangeMin, string? RangeMax, string? Completer);

    private List<Row> Read()
    {
        var r = _ps.Run(@"
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
foreach ($c in Get-Command -Module BgpPeering) {
  $attr = $c.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
  foreach ($p in $c.Parameters.Values | Where-Object { $common -notcontains $_.Name }) {
    $range = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] } | Select-Object -First 1
    $completer = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Select-Object -First 1
    foreach ($set in $p.ParameterSets.GetEnumerator()) {
      [pscustomobject]@{
        Cmdlet = $c.Name; ClassName = $c.ImplementingType.FullName; Sealed = $c.ImplementingType.IsSealed
        ShouldProcess = $attr.SupportsShouldProcess; Impact = [string]$attr.ConfirmImpact; DefaultSet = [string]$c.DefaultParameterSet
        Outputs = [string[]]@($c.OutputType | ForEach-Object { $_.Name })
        Parameter = $p.Name; ParameterType = $p.ParameterType.FullName; Aliases = [string[]]@($p.Aliases)
        Attributes = [string[]]@($p.Attributes | ForEach-Object { $_.GetType().Name })
        Set = $set.Key; Mandatory = $set.Value.IsMandatory; Position = $set.Value.Position
        ByValue = $set.Value.ValueFromPipeline; ByName = $set.Value.ValueFromPipelineByPropertyName
        RangeMin = if ($range) { [string]$range.MinRange } else { $null }; RangeMax = if ($range) { [string]$range.MaxRange } else { $null }
        Completer = if ($completer -and $completer.Type) { $completer.Type.Name } else { $null }
      }
    }
  }
}").AssertClean();
        string S(System.Management.Automation.PSObject o, string n) => o.Properties[n].Value?.ToString() ?? string.Empty;
        string? N(System.Management.Automation.PSObject o, string n) => o.Properties[n].Value?.ToString();
        bool B(System.Management.Automation.PSObject o, string n) => (bool)o.Properties[n].Value;
        string[] A(System.Management.Automation.PSObject o, string n) => o.Properties[n].Value switch
        {
            null => [],
            System.Management.Automation.PSObject p => ((object[])p.BaseObject).Select(x => x.ToString()!).ToArray(),
            string[] a => a,
            object[] a => a.Select(x => x.ToString()!).ToArray(),
            var x => [x.ToString()!],
        };
        var rows = r.Output.Select(o => new Row(S(o, "Cmdlet"), S(o, "ClassName"), B(o, "Sealed"), B(o, "ShouldProcess"), S(o, "Impact"), S(o, "DefaultSet"), A(o, "Outputs"),
            S(o, "Parameter"), S(o, "ParameterType"), A(o, "Aliases"), A(o, "Attributes"), S(o, "Set"), B(o, "Mandatory"), (int)o.Properties["Position"].Value,
            B(o, "ByValue"), B(o, "ByName"), N(o, "RangeMin"), N(o, "RangeMax"), N(o, "Completer"))).ToList();
        Assert.Equal(Cmdlets.All.Order(StringComparer.Ordinal), rows.Select(x => x.Cmdlet).Distinct().Order(StringComparer.Ordinal));
        return rows;
    }

    private IEnumerable<Row> Of(string cmdlet) => Rows.Where(r => r.Cmdlet == cmdlet);

    private IEnumerable<Row> Of(string cmdlet, string parameter)
    {
        var rows = Of(cmdlet).Where(r => r.Parameter == parameter).ToList();
        Assert.True(rows.Count > 0, cmdlet + " has no -" + parameter);
        return rows;
    }

    private Row Cmdlet(string cmdlet) => Of(cmdlet).First();

    private HashSet<string> PropertiesOf(params string[] types) =>
        _ps.Run(string.Join("; ", types.Select(t => "[" + t + "].GetProperties().Name"))).AssertClean().Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static TheoryData<string> CmdletNames => Cmdlets.Names();

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_cmdlet_is_a_sealed_class_named_after_it_that_declares_output_types_of_ours(string cmdlet)
    {
        var c = Cmdlet(cmdlet);
        Assert.True(c.Sealed, cmdlet + " is not sealed");
        Assert.Equal("BgpPeering.Commands." + cmdlet.Replace("-", string.Empty, StringComparison.Ordinal) + "Command", c.ClassName);
        Assert.NotEmpty(c.Outputs);
        Assert.All(c.Outputs, t => Assert.StartsWith(Model, t, StringComparison.Ordinal));
    }

    /// <summary>
    /// What each verb promises, for every cmdlet of that verb: a verb that only reads (Get, Wait) never asks
    /// ShouldProcess; one that makes something asks at Medium impact; one that takes something away or disturbs
    /// live BGP sessions (Remove; Start and Stop of a failover test) asks at High, where -Confirm is on by default, and
    /// takes -Force to skip it. Sync declares Medium, so that its creates do not ask, and asks its Replace and Remove
    /// changes as High would (ShouldContinue after ShouldProcess; ShouldProcessTests), so it takes -Force too. A cmdlet
    /// whose verb is not listed fails until its rule is written here.
    /// </summary>
    private static readonly Dictionary<string, string?> ImpactByVerb = new(StringComparer.Ordinal)
    {
        ["Get"] = null,
        ["Wait"] = null,
        ["New"] = "Medium",
        ["Remove"] = "High",
        ["Start"] = "High",
        ["Stop"] = "High",
        ["Sync"] = "Medium",
    };

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void ShouldProcess_and_its_impact_follow_the_verb(string cmdlet)
    {
        var verb = Cmdlets.Verb(cmdlet);
        Assert.True(ImpactByVerb.TryGetValue(verb, out var impact), cmdlet + ": no ShouldProcess rule for the verb " + verb + " (add one to ImpactByVerb).");
        var c = Cmdlet(cmdlet);
        var shouldProcess = impact is not null;
        Assert.True(shouldProcess == c.ShouldProcess, cmdlet + (shouldProcess ? " does not support" : " supports") + " ShouldProcess");
        if (shouldProcess) Assert.True(impact == c.Impact, cmdlet + " is ConfirmImpact " + c.Impact + ", not " + impact);
        var r = _ps.Run("$c = Get-Command " + cmdlet + "; $c.Parameters.ContainsKey('WhatIf'); $c.Parameters.ContainsKey('Confirm'); " +
            "$c.Parameters.ContainsKey('Force') -and $c.Parameters['Force'].SwitchParameter").AssertClean();
        Assert.Equal(shouldProcess, r.Output[0].BaseObject is true);
        Assert.Equal(shouldProcess, r.Output[1].BaseObject is true);
        if (impact == "High" || verb == "Sync") Assert.True(r.Output[2].BaseObject is true, cmdlet + " asks at High impact but has no -Force switch");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_declared_output_types_are_the_ones_the_help_page_lists(string cmdlet)
    {
        // One OUTPUTS heading per type the cmdlet writes ("None" where it may write nothing).
        var documented = HelpPages.Outputs(cmdlet).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(documented);
        Assert.Equal(documented, Cmdlet(cmdlet).Outputs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_by_property_name_parameter_binds_from_what_the_help_page_says_flows_in(string cmdlet)
    {
        // INPUTS lists the module's types that pipe in (as headings) and names the columns that bind by name (in its
        // text, as a CSV header has them). Region and EndpointUrl bind from every object the module writes: the last
        // assertion proves each output type carries them.
        var (types, text) = HelpPages.Section(cmdlet, "INPUTS");
        var models = types.Where(t => t.StartsWith(Model, StringComparison.Ordinal)).ToArray();
        var properties = models.Length == 0 ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : PropertiesOf(models);
        bool Named(string name) => Regex.IsMatch(text, @"\b" + Regex.Escape(name) + @"\b");
        var byName = Of(cmdlet).Where(r => r.ByName && r.Parameter is not ("Region" or "EndpointUrl")).ToList();
        Assert.All(byName, p => Assert.True(properties.Contains(p.Parameter) || p.Aliases.Any(properties.Contains) || Named(p.Parameter),
            cmdlet + " -" + p.Parameter + " binds by property name, but no type its help page's INPUTS lists has such a property, and the page does not name it."));
        Assert.All(Rows.Where(r => r.Cmdlet == cmdlet).SelectMany(r => r.Outputs).Distinct(), output =>
        {
            var carried = PropertiesOf(output);
            Assert.True(carried.Contains("Region") && carried.Contains("EndpointUrl"), output + " does not carry Region and EndpointUrl");
        });
    }

    [Fact]
    public void Piping_an_endpoint_into_New_RouteServerPeer_binds_its_ID_and_nothing_that_would_copy_its_identity()
    {
        // An endpoint's Tags (its Name) and Name must not become the new peer's: only the ID, region and URL bind.
        var endpoint = PropertiesOf(Model + "RouteServerEndpoint");
        var bound = Of("New-RouteServerPeer").Where(r => r.ByName && (endpoint.Contains(r.Parameter) || r.Aliases.Any(endpoint.Contains))).Select(r => r.Parameter).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["EndpointUrl", "Region", "RouteServerEndpointId"], bound);
    }

    [Theory]
    [InlineData("Region")]
    [InlineData("EndpointUrl")]
    public void Connection_parameters_that_bind_from_piped_objects_accept_null_and_empty(string name)
    {
        // Objects read from AWS itself carry EndpointUrl = null; a blank CSV cell is empty. Neither may fail the record.
        foreach (var cmdlet in Cmdlets.All)
            Assert.All(Of(cmdlet, name), p =>
            {
                Assert.True(p.ByName, cmdlet + " -" + name);
                Assert.Contains("AllowNullAttribute", p.Attributes);
                Assert.Contains("AllowEmptyStringAttribute", p.Attributes);
                Assert.DoesNotContain("ValidateNotNullOrEmptyAttribute", p.Attributes);
            });
    }

    [Theory]
    [InlineData("New-RouteServerPeer", new[] { "RouteServerEndpointId", "PeerAddress", "PeerAsn", "PeerLivenessDetection", "Tag" }, new[] { "PeerAddress", "PeerAsn", "RouteServerEndpointId" })]
    [InlineData("New-DxBgpPeer", new[] { "VirtualInterfaceId", "AddressFamily", "Asn", "AmazonAddress", "CustomerAddress" }, new[] { "AddressFamily", "Asn", "VirtualInterfaceId" })]
    public void A_csv_with_the_obvious_headers_binds_every_input(string cmdlet, string[] header, string[] mandatory)
    {
        Assert.All(header, column => Assert.Contains(Of(cmdlet, column), p => p.ByName));
        Assert.Equal(mandatory, Of(cmdlet).Where(p => p.Mandatory).Select(p => p.Parameter).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("New-RouteServerPeer", "PeerAsn", "System.Int64", "1", "4294967295")]
    [InlineData("Get-RouteServerPeer", "PageSize", null, "5", "1000")]
    [InlineData("New-DxBgpPeer", "Asn", "System.Int64", "1", "4294967294")]
    [InlineData("Remove-DxBgpPeer", "Asn", "System.Int64", "1", "4294967294")]
    public void Numbers_have_the_documented_ranges_and_are_wide_enough_for_32_bit_ASNs(string cmdlet, string parameter, string? type, string min, string max)
    {
        var p = Of(cmdlet, parameter).First();
        if (type is not null) Assert.Equal(type, p.ParameterType);
        Assert.Equal(min, p.RangeMin);
        Assert.Equal(max, p.RangeMax);
    }

    [Theory]
    [InlineData("New-RouteServerPeer", "PeerAddress", "ValidateIPv4Attribute")]
    [InlineData("New-RouteServerPeer", "RouteServerEndpointId", "ValidateAwsIdAttribute")]
    [InlineData("Remove-RouteServerPeer", "RouteServerPeerId", "ValidateAwsIdAttribute")]
    [InlineData("Get-RouteServerPeer", "RouteServerPeerId", "ValidateAwsIdAttribute")]
    [InlineData("Wait-BgpPeerUp", "RouteServerPeerId", "ValidateAwsIdAttribute")]
    [InlineData("New-DxBgpPeer", "VirtualInterfaceId", "ValidateAwsIdAttribute")]
    [InlineData("Get-DxBgpPeer", "VirtualInterfaceId", "ValidateAwsIdAttribute")]
    [InlineData("Get-DxBgpPeer", "BgpPeerId", "ValidateAwsIdAttribute")]
    [InlineData("Remove-DxBgpPeer", "BgpPeerId", "ValidateAwsIdAttribute")]
    [InlineData("Remove-DxBgpPeer", "VirtualInterfaceId", "ValidateAwsIdAttribute")]
    public void Addresses_and_IDs_are_validated_by_their_form(string cmdlet, string parameter, string attribute) =>
        Assert.All(Of(cmdlet, parameter), p => Assert.Contains(attribute, p.Attributes));

    [Theory]
    [InlineData("Region", new[] { "RegionToCall" })]
    [InlineData("ProfileName", new[] { "StoredCredentials", "AWSProfileName" })]
    [InlineData("ProfileLocation", new[] { "AWSProfilesLocation", "ProfilesLocation" })]
    [InlineData("AccessKey", new[] { "AK" })]
    [InlineData("SecretKey", new[] { "SK", "SecretAccessKey" })]
    [InlineData("SessionToken", new[] { "ST" })]
    [InlineData("EndpointUrl", new string[0])]
    public void Every_cmdlet_takes_the_AWS_Tools_common_parameters(string name, string[] aliases)
    {
        foreach (var cmdlet in Cmdlets.All)
            Assert.Equal(aliases.Order(StringComparer.Ordinal), Of(cmdlet, name).First().Aliases.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("RouteServerPeerId", "RouteServerPeerIdCompleter")]
    [InlineData("RouteServerEndpointId", "RouteServerEndpointIdCompleter")]
    [InlineData("VirtualInterfaceId", "VirtualInterfaceIdCompleter")]
    [InlineData("BgpPeerId", "DxBgpPeerIdCompleter")]
    [InlineData("Region", "RegionCompleter")]
    [InlineData("ProfileName", "ProfileCompleter")]
    public void ID_region_and_profile_parameters_tab_complete(string parameter, string completer)
    {
        var uses = Rows.Where(r => r.Parameter == parameter && !(r.Cmdlet == "Get-RouteServerPeer" && parameter == "RouteServerEndpointId")).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.True(u.Completer == completer, u.Cmdlet + " -" + parameter + " has no " + completer));
    }

    [Fact]
    public void Secret_parameters_never_bind_from_the_pipeline()
    {
        // Sync-DxBgpPeer's AuthKey is the one exception, on purpose: a sync row is the peer's whole desired state,
        // key included (a CSV column named AuthKey); Sync_DxBgpPeer_takes_its_AuthKey_from_the_row_and_never_shows_it.
        var secrets = Rows.Where(r => r.Parameter is "SecretKey" or "SessionToken" or "AccessKey" or "AuthKey" && !(r.Cmdlet == "Sync-DxBgpPeer" && r.Parameter == "AuthKey")).ToList();
        Assert.Contains(secrets, r => r.Parameter == "AuthKey");
        Assert.All(secrets, p => Assert.False(p.ByName || p.ByValue, p.Cmdlet + " -" + p.Parameter));
        var key = Of("New-DxBgpPeer", "AuthKey").Single();
        Assert.Equal("System.Object", key.ParameterType);
        Assert.False(key.Mandatory);
    }

    [Fact]
    public void Sync_DxBgpPeer_takes_its_AuthKey_from_the_row_and_never_shows_it()
    {
        var key = Of("Sync-DxBgpPeer", "AuthKey").Single();
        Assert.True(key.ByName);
        Assert.False(key.ByValue);
        Assert.Equal("System.Object", key.ParameterType);
        Assert.Contains("AuthKeyTransformationAttribute", key.Attributes);
        var r = _ps.Run(@"
$row = [pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65010; AmazonAddress = '169.254.100.1/29'; CustomerAddress = '169.254.100.2/29'; AuthKey = 'a-row-key-never-shown' }
$out = $row | Sync-DxBgpPeer @emu -WhatIf -Verbose 4>&1 6>&1 3>&1
$out | Format-List -Force * | Out-String -Width 300
$out | Out-String -Width 300").AssertClean();
        var text = string.Join("\n", r.Output.Select(o => o.ToString()));
        Assert.Contains("AuthKey differs; replaced (delete and create)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a-row-key-never-shown", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0xT7r4nS1tKeyV4example", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Wait_BgpPeerUp_takes_both_peer_kinds_by_value_and_IDs_by_property_name()
    {
        var input = Of("Wait-BgpPeerUp", "InputObject").Single();
        Assert.True(input.ByValue);
        Assert.True(input.Mandatory);
        Assert.Equal(Model + "IBgpPeer[]", input.ParameterType);
        Assert.Equal("InputObject", input.DefaultSet);
        var implements = _ps.Run("[" + Model + "IBgpPeer].IsAssignableFrom([" + Model + "RouteServerPeer]); [" + Model + "IBgpPeer].IsAssignableFrom([" + Model + "DxBgpPeer])").AssertClean();
        Assert.All(implements.Output, o => Assert.True((bool)o.BaseObject));
        Assert.True(Of("Wait-BgpPeerUp", "RouteServerPeerId").Single().ByName);
        Assert.All(Of("Wait-BgpPeerUp", "BgpPeerId").Concat(Of("Wait-BgpPeerUp", "VirtualInterfaceId")), p =>
        {
            Assert.True(p.ByName);
            Assert.True(p.Mandatory);
            Assert.Equal("DxBgpPeerId", p.Set);
        });
        Assert.Equal("System.TimeSpan", Of("Wait-BgpPeerUp", "Timeout").First().ParameterType);
        Assert.Equal("System.TimeSpan", Of("Wait-BgpPeerUp", "PollInterval").First().ParameterType);
    }

    [Fact]
    public void Get_DxBgpPeer_lists_everything_with_no_parameters_and_takes_IDs_only_by_property_name()
    {
        Assert.Equal("Filter", Cmdlet("Get-DxBgpPeer").DefaultSet);
        Assert.DoesNotContain(Of("Get-DxBgpPeer"), p => p.Mandatory);
        // By property name only: an ID taken "by value" would swallow any other piped object as its ToString().
        Assert.DoesNotContain(Of("Get-DxBgpPeer"), p => p.ByValue);
        foreach (var name in new[] { "BgpPeerId", "VirtualInterfaceId", "ConnectionId" }) Assert.True(Of("Get-DxBgpPeer", name).Single().ByName, name);
    }

    [Fact]
    public void Remove_DxBgpPeer_takes_an_ID_or_the_interface_ASN_and_address()
    {
        Assert.Equal("ById", Cmdlet("Remove-DxBgpPeer").DefaultSet);
        var id = Of("Remove-DxBgpPeer", "BgpPeerId").Single();
        Assert.True(id.Mandatory && id.ByValue && id.ByName);
        Assert.Equal("ById", id.Set);
        foreach (var name in new[] { "VirtualInterfaceId", "Asn", "CustomerAddress" })
        {
            var p = Of("Remove-DxBgpPeer", name).Single();
            Assert.True(p.Mandatory && p.ByName, name);
            Assert.Equal("ByInterface", p.Set);
        }
    }

    [Fact]
    public void Every_Remove_cmdlet_takes_Force_and_PassThru_switches()
    {
        // A Remove- cmdlet writes nothing unless asked (-PassThru), and -Force skips its High-impact confirmation.
        var removes = Cmdlets.All.Where(c => Cmdlets.Verb(c) == "Remove").ToList();
        Assert.NotEmpty(removes);
        foreach (var cmdlet in removes)
        {
            Assert.Equal("System.Management.Automation.SwitchParameter", Of(cmdlet, "Force").Single().ParameterType);
            Assert.Equal("System.Management.Automation.SwitchParameter", Of(cmdlet, "PassThru").Single().ParameterType);
        }
    }

    [Fact]
    public void The_module_exports_its_cmdlet_classes_and_nothing_else()
    {
        var r = _ps.Run(@"
$m = Get-Module BgpPeering
$classes = $m.ImplementingAssembly.GetTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } |
  ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; $a.VerbName + '-' + $a.NounName }
[pscustomobject]@{ Classes = [string[]]@($classes | Sort-Object); Exported = [string[]]@($m.ExportedCmdlets.Keys | Sort-Object); Other = $m.ExportedFunctions.Count + $m.ExportedVariables.Count + $m.ExportedAliases.Count }").AssertClean();
        var o = r.Output.Single();
        Assert.Equal(Cmdlets.All.Order(StringComparer.OrdinalIgnoreCase), ((string[])o.Properties["Classes"].Value).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal((string[])o.Properties["Classes"].Value, (string[])o.Properties["Exported"].Value);
        Assert.Equal(0, (int)o.Properties["Other"].Value);
    }
}
