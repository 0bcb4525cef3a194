using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// Get-Help as a user sees it, read from the module's generated MAML (en-US/BgpPeering.dll-Help.xml), checked
/// against the cmdlets' real metadata (Get-Command): synopsis, parameter sets, aliases, pipeline input, examples.
/// </summary>
public sealed class HelpTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public HelpTests(PwshFixture ps) => _ps = ps;

    public static TheoryData<string> CmdletNames => Cmdlets.Names();

    [Fact]
    public void The_module_exports_exactly_its_eight_cmdlets()
    {
        var names = _ps.Run("(Get-Module BgpPeering).ExportedCommands.Keys; (Get-Module BgpPeering).ExportedCommands.Values.CommandType | Sort-Object -Unique").AssertClean().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(Cmdlets.All.Order(StringComparer.Ordinal), names.Take(names.Count - 1).Order(StringComparer.Ordinal));
        Assert.Equal("Cmdlet", names[^1]);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Full_help_has_a_written_synopsis_a_description_and_examples(string cmdlet)
    {
        var r = _ps.Run("$h = Get-Help " + cmdlet + " -Full; $h.Synopsis; ($h.description | Out-String).Trim(); @($h.examples.example).Count; ($h | Out-String -Width 120)").AssertClean();
        var synopsis = r.Output[0].ToString();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        // PowerShell's generated help (no MAML found) uses the syntax as the synopsis.
        Assert.DoesNotContain("[-", synopsis, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(r.Output[1].ToString()), cmdlet + " has no description");
        Assert.True((int)r.Output[2].BaseObject >= 1, cmdlet + " has no example");
        var text = r.Output[3].ToString();
        Assert.Contains("SYNOPSIS", text, StringComparison.Ordinal);
        Assert.Contains("EXAMPLE 1", text.ToUpperInvariant(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_syntax_lists_every_parameter_set_with_its_parameters(string cmdlet)
    {
        // -WhatIf and -Confirm are documented in the syntax (as Get-Help does for every ShouldProcess cmdlet).
        var r = _ps.Run(@"
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
$c = Get-Command " + cmdlet + @"
$h = Get-Help " + cmdlet + @" -Full
$actual = foreach ($s in $c.ParameterSets) { (@($s.Parameters.Name | Where-Object { $common -notcontains $_ } | Sort-Object) -join ',') }
$documented = foreach ($i in @($h.syntax.syntaxItem)) { (@($i.parameter.name | Sort-Object) -join ',') }
[pscustomobject]@{ Actual = @($actual | Sort-Object); Documented = @($documented | Sort-Object) }").AssertClean();
        var o = Assert.Single(r.Output);
        var actual = ((object[])o.Properties["Actual"].Value).Select(x => x.ToString()).ToList();
        var documented = ((object[])o.Properties["Documented"].Value).Select(x => x.ToString()).ToList();
        Assert.NotEmpty(actual);
        Assert.Equal(actual, documented);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Get_Help_Parameter_shows_each_parameters_real_aliases_and_pipeline_input(string cmdlet)
    {
        var r = _ps.Run(@"
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$c = Get-Command " + cmdlet + @"
foreach ($p in $c.Parameters.Values | Where-Object { $common -notcontains $_.Name }) {
  $h = Get-Help " + cmdlet + @" -Parameter $p.Name
  $byValue = @($p.ParameterSets.Values | Where-Object ValueFromPipeline).Count -gt 0
  $byName = @($p.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
  $kinds = @(if ($byName) { 'ByPropertyName' }; if ($byValue) { 'ByValue' })
  [pscustomobject]@{
    Name = $p.Name
    Aliases = if ($p.Aliases.Count) { ($p.Aliases | Sort-Object) -join ', ' } else { 'none' }
    HelpAliases = (@(([string]$h.aliases) -split ',\s*' | Sort-Object) -join ', ')
    Pipeline = if ($kinds.Count) { 'True (' + ($kinds -join ', ') + ')' } else { 'False' }
    HelpPipeline = [string]$h.pipelineInput
    Text = ($h | Out-String -Width 200)
  }
}").AssertClean();
        Assert.NotEmpty(r.Output);
        foreach (var p in r.Output)
        {
            string V(string n) => p.Properties[n].Value?.ToString() ?? string.Empty;
            Assert.True(V("Aliases") == V("HelpAliases"), cmdlet + " -" + V("Name") + ": aliases " + V("Aliases") + ", help says " + V("HelpAliases"));
            Assert.True(V("Pipeline") == V("HelpPipeline"), cmdlet + " -" + V("Name") + ": pipeline input " + V("Pipeline") + ", help says " + V("HelpPipeline"));
            if (V("Aliases") != "none") Assert.Matches(@"Aliases\s+[^\n]*\b" + System.Text.RegularExpressions.Regex.Escape(V("HelpAliases").Split(", ")[0]) + @"\b", V("Text"));
        }
    }

    [Fact]
    public void Region_help_names_its_alias()
    {
        var text = _ps.Run("Get-Help Get-RouteServerPeer -Parameter Region | Out-String -Width 120").AssertClean().Text;
        Assert.Matches(@"Aliases\s+RegionToCall", text);
    }

    [Fact]
    public void The_about_topic_is_found_by_Get_Help()
    {
        var r = _ps.Run("Get-Help about_BgpPeering | Out-String -Width 120").AssertClean();
        Assert.Contains("about_BgpPeering", r.Text, StringComparison.Ordinal);
        Assert.Contains("Get-RouteServerPeer", r.Text, StringComparison.Ordinal);
    }
}
