using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// The views as PowerShell loaded them (Get-FormatData): which controls each output type has, that every property
/// a view names exists on the type its entry applies to, that every script block parses, and how the age and the
/// down-session colour render. The output types are every type a cmdlet writes (<see cref="HelpPages.AllOutputs"/>),
/// so a new one is checked with no edit here.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class FormatDataTests : IClassFixture<PwshFixture>
{
    private const string Model = "BgpPeering.Engine.Model.";
    private static readonly Regex PropertyReference = new(@"\$_\.(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<call>\()?", RegexOptions.Compiled);

    private readonly PwshFixture _ps;

    public FormatDataTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    private sealed record Entry(string Type, string ViewTypes, string View, string Control, string SelectedBy, string Label, string ValueType, string Value);

    private const string FormatDataScript = @"
foreach ($full in $types) {
  foreach ($d in Get-FormatData -TypeName $full -PowerShellVersion $PSVersionTable.PSVersion) {
    foreach ($v in $d.FormatViewDefinition) {
      $c = $v.Control
      $kind = $c.GetType().Name
      $entries = switch ($kind) { 'TableControl' { $c.Rows } 'ListControl' { $c.Entries } 'WideControl' { $c.Entries } }
      foreach ($e in $entries) {
        $by = if ($e.PSObject.Properties['EntrySelectedBy']) { $e.EntrySelectedBy } else { $e.SelectedBy }
        $sel = @($by.TypeNames | Where-Object { $_ }) -join ','
        switch ($kind) {
          'TableControl' { for ($i = 0; $i -lt $e.Columns.Count; $i++) { [pscustomobject]@{ Type = $full; ViewTypes = $d.TypeNames -join ','; View = $v.Name; Control = $kind; SelectedBy = $sel; Label = $c.Headers[$i].Label; ValueType = [string]$e.Columns[$i].DisplayEntry.ValueType; Value = $e.Columns[$i].DisplayEntry.Value } } }
          'ListControl' { foreach ($item in $e.Items) { [pscustomobject]@{ Type = $full; ViewTypes = $d.TypeNames -join ','; View = $v.Name; Control = $kind; SelectedBy = $sel; Label = $item.Label; ValueType = [string]$item.DisplayEntry.ValueType; Value = $item.DisplayEntry.Value } } }
          'WideControl' { [pscustomobject]@{ Type = $full; ViewTypes = $d.TypeNames -join ','; View = $v.Name; Control = $kind; SelectedBy = $sel; Label = ''; ValueType = [string]$e.DisplayEntry.ValueType; Value = $e.DisplayEntry.Value } }
        }
      }
    }
  }
}";

    /// <summary>The script's input: the full names of the types to read the views of.</summary>
    private static Dictionary<string, object?> Types() => new() { ["types"] = HelpPages.AllOutputs().ToArray() };

    public static TheoryData<string> OutputTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in HelpPages.AllOutputs()) data.Add(type);
        return data;
    }

    private List<Entry> Entries()
    {
        var result = _ps.Run(FormatDataScript, variables: Types()).AssertClean();
        string P(System.Management.Automation.PSObject o, string n) => o.Properties[n].Value?.ToString() ?? string.Empty;
        var entries = result.Output.Select(o => new Entry(P(o, "Type"), P(o, "ViewTypes"), P(o, "View"), P(o, "Control"), P(o, "SelectedBy"), P(o, "Label"), P(o, "ValueType"), P(o, "Value"))).ToList();
        Assert.NotEmpty(entries);
        return entries;
    }

    /// <summary>The entries of each view that apply to <paramref name="type"/>: its own EntrySelectedBy, else the default entry.</summary>
    private static IEnumerable<Entry> For(List<Entry> entries, string type) =>
        entries.Where(e => e.Type == type).GroupBy(e => (e.View, e.Control)).SelectMany(g =>
            g.Any(e => e.SelectedBy.Split(',').Contains(type)) ? g.Where(e => e.SelectedBy.Split(',').Contains(type)) : g.Where(e => e.SelectedBy.Length == 0));

    [Fact]
    public void The_output_types_read_from_the_help_pages_include_the_three_with_views_and_are_all_model_types()
    {
        // The derived list cannot silently miss the types the views were written for.
        var types = HelpPages.AllOutputs();
        Assert.Subset(types.ToHashSet(), new HashSet<string> { Model + "RouteServerPeer", Model + "RouteServerEndpoint", Model + "DxBgpPeer" });
        Assert.All(types, t => Assert.StartsWith(Model, t, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OutputTypes))]
    public void Each_output_type_has_a_table_a_list_and_a_wide_view(string type)
    {
        var controls = For(Entries(), type).Select(e => e.Control).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.Equal(["ListControl", "TableControl", "WideControl"], controls);
    }

    [Fact]
    public void Both_peer_kinds_share_one_table_and_one_wide_view()
    {
        var entries = Entries();
        var rsp = For(entries, Model + "RouteServerPeer").Where(e => e.Control != "ListControl").Select(e => e.View).Distinct().ToList();
        var dx = For(entries, Model + "DxBgpPeer").Where(e => e.Control != "ListControl").Select(e => e.View).Distinct().ToList();
        Assert.Equal(["BgpPeer"], rsp);
        Assert.Equal(["BgpPeer"], dx);
    }

    [Fact]
    public void Every_property_a_view_names_exists_on_the_type_its_entry_applies_to()
    {
        var entries = Entries();
        var missing = new List<string>();
        foreach (var type in HelpPages.AllOutputs())
        {
            var props = _ps.Run("[" + type + "].GetProperties().Name").AssertClean().Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var methods = _ps.Run("[" + type + "].GetMethods().Name").AssertClean().Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Contains("Region", props);
            foreach (var e in For(entries, type))
            {
                if (e.ValueType == "Property" && !props.Contains(e.Value)) missing.Add(type + " " + e.View + " " + e.Control + ": " + e.Value);
                if (e.ValueType == "ScriptBlock")
                    foreach (Match m in PropertyReference.Matches(e.Value))
                        if (!(m.Groups["call"].Success ? methods : props).Contains(m.Groups["name"].Value))
                            missing.Add(type + " " + e.View + " " + e.Control + ": $_." + m.Groups["name"].Value + (m.Groups["call"].Success ? "()" : string.Empty));
            }
        }
        Assert.True(missing.Count == 0, "Views name properties their types do not have:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_script_block_parses_as_PowerShell()
    {
        var result = _ps.Run("& {" + FormatDataScript + @"} | Where-Object ValueType -eq 'ScriptBlock' | ForEach-Object {
  $tokens = $null; $errors = $null
  $null = [System.Management.Automation.Language.Parser]::ParseInput($_.Value, [ref]$tokens, [ref]$errors)
  [pscustomobject]@{ Script = $_.Value; Errors = @($errors).Count }
}", variables: Types()).AssertClean();
        Assert.True(result.Output.Count > 10, "Only " + result.Output.Count + " script blocks found");
        Assert.All(result.Output, o => Assert.True((int)o.Properties["Errors"].Value == 0, "Does not parse: " + o.Properties["Script"].Value));
    }

    [Fact]
    public void The_age_column_is_labelled_Retrieved_and_computed_from_RetrievedAt()
    {
        // AWS returns no creation time for these resources: "age" may only be computed from RetrievedAt, and it is
        // labelled Retrieved (values such as "12s ago"), never Age or Created.
        var tables = Entries().Where(e => e.Control == "TableControl").ToList();
        Assert.DoesNotContain(tables, e => Regex.IsMatch(e.Label, "^(Age|Created)", RegexOptions.IgnoreCase));
        foreach (var group in tables.GroupBy(e => (e.Type, e.View, e.SelectedBy)))
        {
            var age = Assert.Single(group, e => e.Label == "Retrieved");
            Assert.Contains("$_.RetrievedAt", age.Value, StringComparison.Ordinal);
            Assert.Contains("ago", age.Value, StringComparison.Ordinal);
        }
        foreach (var command in Cmdlets.All.Where(c => Cmdlets.Verb(c) == "Get").Select(c => c + " @emu"))
            Assert.Matches(@"\s(just now|\d+s ago)\s", _ps.Run(command + " | Out-String -Width 300").AssertClean().Text);
    }

    [Theory]
    [InlineData("Get-RouteServerPeer @emu -RouteServerPeerId rsp-0fedcba9876543210", "Format-Table")]
    [InlineData("Get-RouteServerPeer @emu -RouteServerPeerId rsp-0fedcba9876543210", "Format-List")]
    [InlineData("Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "Format-Table")]
    [InlineData("Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "Format-List")]
    public void A_down_session_is_red_with_ANSI_rendering_and_plain_text_otherwise(string command, string format)
    {
        var id = command.Split(' ')[^1];
        var result = _ps.Run(
            "$null = Invoke-RestMethod -Method Post -Uri ($EmulatorUrl + '/_emulator/peers/" + id + "/status') -ContentType 'application/json' -Body '{\"bgpStatus\":\"down\",\"bgpBehaviour\":\"never\"}'; " +
            "Set-StrictMode -Version Latest; $p = " + command + "; $p.BgpStatus; $saved = $PSStyle.OutputRendering; try { " +
            "$PSStyle.OutputRendering = 'Ansi'; $p | " + format + " | Out-String -Width 120; " +
            "$PSStyle.OutputRendering = 'PlainText'; $p | " + format + " | Out-String -Width 120; " +
            "$PSStyle.Foreground.BrightRed + 'Down' + $PSStyle.Reset } finally { $PSStyle.OutputRendering = $saved }").AssertClean();
        Assert.Equal("Down", result.Output[0].ToString());
        Assert.Contains(result.Output[3].ToString(), result.Output[1].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", result.Output[2].ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\bDown\b", result.Output[2].ToString());
    }

    [Fact]
    public void An_up_session_is_never_coloured()
    {
        var result = _ps.Run("$saved = $PSStyle.OutputRendering; try { $PSStyle.OutputRendering = 'Ansi'; Get-RouteServerPeer @emu | Out-String -Width 120; Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo | Out-String -Width 120 } finally { $PSStyle.OutputRendering = $saved }").AssertClean();
        Assert.All(result.Output, o => Assert.DoesNotContain("\u001b[91m", o.ToString(), StringComparison.Ordinal));
        Assert.All(result.Output, o => Assert.Matches(@"\bUp\b", o.ToString()));
    }

    [Fact]
    public void A_plans_markers_are_coloured_with_ANSI_rendering_and_plain_text_otherwise()
    {
        var result = _ps.Run(
            "$null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.20 65020; " +
            "$c = @([pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.10'; PeerAsn = 4200000001 }, [pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.11'; PeerAsn = 65011 }) | Sync-RouteServerPeer @emu -RemoveUnlisted -WhatIf -InformationAction SilentlyContinue; " +
            "Set-StrictMode -Version Latest; $saved = $PSStyle.OutputRendering; try { " +
            "$PSStyle.OutputRendering = 'Ansi'; $c | Out-String -Width 80; " +
            "$PSStyle.OutputRendering = 'PlainText'; $c | Out-String -Width 80; " +
            "$PSStyle.Foreground.BrightGreen + '+' + $PSStyle.Reset; $PSStyle.Foreground.BrightRed + '-' + $PSStyle.Reset } finally { $PSStyle.OutputRendering = $saved }").AssertClean();
        Assert.Contains(result.Output[2].ToString(), result.Output[0].ToString(), StringComparison.Ordinal);
        Assert.Contains(result.Output[3].ToString(), result.Output[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", result.Output[1].ToString(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\+\s+Create\s", result.Output[1].ToString());
        Assert.Matches(@"(?m)^=\s+Keep\s", result.Output[1].ToString());
        Assert.Matches(@"(?m)^-\s+Remove\s", result.Output[1].ToString());
    }
}
