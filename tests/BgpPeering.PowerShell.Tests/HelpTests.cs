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
    public void The_module_exports_exactly_the_manifests_cmdlets()
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

/// <summary>
/// The help pages agree with the cmdlets in every parameter set, as PowerShell itself reads both.
/// </summary>
public sealed class HelpContractTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public HelpContractTests(PwshFixture ps) => _ps = ps;

    public static TheoryData<string> CmdletNames => Cmdlets.Names();

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_documents_exactly_the_cmdlets_parameters_with_a_description_each(string cmdlet)
    {
        var r = _ps.Run(@"
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
$actual = @((Get-Command " + cmdlet + @").Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
$help = (Get-Help " + cmdlet + @" -Full).parameters.parameter
[pscustomobject]@{ Actual = [string[]]$actual; Documented = [string[]]@($help.name | Sort-Object); Undescribed = [string[]]@($help | Where-Object { -not ($_.description | Out-String).Trim() } | ForEach-Object name) }").AssertClean();
        var o = r.Output.Single();
        Assert.Equal((string[])o.Properties["Actual"].Value, (string[])o.Properties["Documented"].Value);
        Assert.Empty((string[])o.Properties["Undescribed"].Value);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_syntax_line_shows_each_parameters_type_requiredness_and_position_as_the_cmdlet_has_them(string cmdlet)
    {
        var r = _ps.Run(@"
$c = Get-Command " + cmdlet + @"
$h = Get-Help " + cmdlet + @" -Full
foreach ($item in @($h.syntax.syntaxItem)) {
  $names = @($item.parameter.name)
  # The parameter set whose parameters the syntax line lists.
  $set = $c.ParameterSets | Where-Object { $s = $_; @($names | Where-Object { $s.Parameters.Name -notcontains $_ }).Count -eq 0 -and @($s.Parameters | Where-Object { $_.IsMandatory -and $names -notcontains $_.Name }).Count -eq 0 } | Select-Object -First 1
  foreach ($p in $item.parameter) {
    $m = $set.Parameters | Where-Object Name -eq $p.name
    $type = $m.ParameterType
    $short = if ($type.IsArray) { $type.GetElementType().Name + '[]' } else { $type.Name }
    [pscustomobject]@{
      Where = [string]$set.Name + ' -' + $p.name
      Required = [string]$p.required; RealRequired = ([string]$m.IsMandatory).ToLowerInvariant()
      Position = [string]$p.position; RealPosition = if ($m.Position -lt 0) { 'named' } else { [string]$m.Position }
      Type = if ($short -eq 'SwitchParameter') { 'SwitchParameter' } else { [string]$p.parameterValue }; RealType = $short
    }
  }
}").AssertClean();
        Assert.NotEmpty(r.Output);
        var problems = new List<string>();
        foreach (var o in r.Output)
        {
            string V(string n) => o.Properties[n].Value?.ToString() ?? string.Empty;
            if (V("Required") != V("RealRequired")) problems.Add(V("Where") + ": required " + V("Required") + ", really " + V("RealRequired"));
            if (V("Position") != V("RealPosition")) problems.Add(V("Where") + ": position " + V("Position") + ", really " + V("RealPosition"));
            if (V("Type") != V("RealType")) problems.Add(V("Where") + ": type " + V("Type") + ", really " + V("RealType"));
        }
        Assert.True(problems.Count == 0, cmdlet + ":\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_page_marks_the_cmdlets_default_parameter_set(string cmdlet)
    {
        var r = _ps.Run("$c = Get-Command " + cmdlet + "; $c.ParameterSets.Count; [string]$c.DefaultParameterSet").AssertClean();
        var sets = (int)r.Output[0].BaseObject;
        var text = File.ReadAllText(Path.Combine(RepoPaths.DocsFolder, cmdlet + ".md"));
        var syntax = text[text.IndexOf("\n## SYNTAX", StringComparison.Ordinal)..text.IndexOf("\n## DESCRIPTION", StringComparison.Ordinal)];
        var marked = System.Text.RegularExpressions.Regex.Matches(syntax, @"^### (?<set>\w+) \(Default\)", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups["set"].Value).ToList();
        if (sets > 1) Assert.Equal([r.Output[1].ToString()], marked);
        else Assert.All(marked, m => Assert.Equal(r.Output[1].ToString(), m));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_names_the_output_types_the_cmdlet_declares_and_links_real_topics(string cmdlet)
    {
        var r = _ps.Run(@"
$h = Get-Help " + cmdlet + @" -Full
$names = (Get-Module BgpPeering).ExportedCommands.Keys
[pscustomobject]@{
  Declared = [string[]]@((Get-Command " + cmdlet + @").OutputType.Name)
  Documented = [string[]]@($h.returnValues.returnValue.type.name)
  BadLinks = [string[]]@($h.relatedLinks.navigationLink | Where-Object { -not $_.uri -and $_.linkText -and $names -notcontains $_.linkText -and $_.linkText -notlike 'about_*' } | ForEach-Object linkText)
  Inputs = @($h.inputTypes.inputType).Count
  Examples = [string[]]@($h.examples.example.code)
}").AssertClean();
        var o = r.Output.Single();
        var documented = (string[])o.Properties["Documented"].Value;
        Assert.All((string[])o.Properties["Declared"].Value, t => Assert.Contains(t, documented));
        Assert.Empty((string[])o.Properties["BadLinks"].Value);
        Assert.True((int)o.Properties["Inputs"].Value > 0, cmdlet + " documents no input type");
        var examples = (string[])o.Properties["Examples"].Value;
        Assert.True(examples.Length >= 2, cmdlet + " needs at least two examples");
        Assert.All(examples, code => Assert.Contains(cmdlet, code, StringComparison.Ordinal));
    }
}
