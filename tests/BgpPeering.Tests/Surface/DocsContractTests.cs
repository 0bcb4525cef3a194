using System.Text.RegularExpressions;
using BgpPeering.HelpBuilder;
using Xunit;

namespace BgpPeering.Tests.Surface;

/// <summary>
/// docs/en-US against BgpPeering.dll: every cmdlet has a PlatyPS page, and a page and its cmdlet agree on every
/// parameter's name, type, aliases, mandatory flag, position, pipeline input and parameter sets, both ways.
/// </summary>
public sealed class DocsContractTests : IClassFixture<CmdletContractTests.Metadata>
{
    /// <summary>PowerShell's common parameters: documented only through the CommonParameters entry.</summary>
    private static readonly string[] CommonParameters =
    [
        "Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable", "OutBuffer", "OutVariable",
        "PipelineVariable", "ProgressAction", "Verbose", "WarningAction", "WarningVariable",
    ];

    private readonly ModuleMetadata _m;
    private readonly List<CommandDoc> _docs = MarkdownDocs.ReadCommands(SurfacePaths.DocsDir);

    public DocsContractTests(CmdletContractTests.Metadata metadata) => _m = metadata.Module;

    public static TheoryData<string> Cmdlets()
    {
        using var m = new ModuleMetadata();
        var data = new TheoryData<string>();
        foreach (var c in m.Cmdlets) data.Add(c.Name);
        return data;
    }

    private CommandDoc Doc(string cmdlet) =>
        _docs.SingleOrDefault(d => d.Name == cmdlet) ?? throw new Xunit.Sdk.XunitException("docs/en-US/" + cmdlet + ".md is missing.");

    /// <summary>The cmdlet's parameter sets: its named sets, or __AllParameterSets when it has none.</summary>
    internal static List<string> SetsOf(CmdletInfo cmdlet)
    {
        var named = cmdlet.Parameters.Select(p => p.ParameterSet).Where(s => s != SyntaxBlock.AllSets).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        return named.Count > 0 ? named : [SyntaxBlock.AllSets];
    }

    internal static ParameterInfo? InSet(CmdletInfo cmdlet, string parameter, string set) =>
        cmdlet.Parameter(parameter).FirstOrDefault(p => p.ParameterSet == set) ?? cmdlet.Parameter(parameter).FirstOrDefault(p => p.ParameterSet == SyntaxBlock.AllSets);

    /// <summary>A type as PlatyPS and Get-Command -Syntax write it: the short name, [] for arrays, T for Nullable&lt;T&gt;.</summary>
    internal static string ShortName(Type t)
    {
        if (t.IsArray) return ShortName(t.GetElementType()!) + "[]";
        if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1") return ShortName(t.GetGenericArguments()[0]);
        return t.Name;
    }

    private static string Pipeline(ParameterInfo p) => (p.FromPipelineByPropertyName, p.FromPipeline) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    [Fact]
    public void Every_cmdlet_has_a_page_and_every_page_a_cmdlet()
    {
        Assert.Equal(_m.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), _docs.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_documents_exactly_the_cmdlets_parameters(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        var doc = Doc(name);
        var expected = cmdlet.ParameterNames.ToList();
        if (cmdlet.SupportsShouldProcess) expected.AddRange(["WhatIf", "Confirm"]);
        var documented = doc.Parameters.Select(p => p.Name).ToList();
        var undocumented = expected.Except(documented).ToList();
        var unknown = documented.Except(expected).ToList();
        Assert.True(undocumented.Count == 0 && unknown.Count == 0,
            name + ": parameters without documentation: [" + string.Join(", ", undocumented) + "]; documented parameters the cmdlet does not have: [" + string.Join(", ", unknown) + "].");
        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.True(doc.HasCommonParameters, name + ": ## PARAMETERS needs the standard '### CommonParameters' entry.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_never_documents_a_common_parameter(string name)
    {
        var doc = Doc(name);
        Assert.DoesNotContain(doc.Parameters, p => CommonParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain("ProgressAction", File.ReadAllText(doc.SourcePath), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_has_the_cmdlets_parameter_sets_and_default(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        var doc = Doc(name);
        var sets = SetsOf(cmdlet);
        Assert.Equal(sets, doc.ParameterSetNames.OrderBy(s => s, StringComparer.Ordinal).ToList());
        if (sets.Count > 1)
        {
            var marked = doc.Syntax.Where(s => s.IsDefault).Select(s => s.SetName).ToList();
            Assert.Equal(cmdlet.DefaultParameterSet is null ? [] : new List<string> { cmdlet.DefaultParameterSet }, marked);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_agrees_with_its_yaml_in_every_set(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        var doc = Doc(name);
        var sets = SetsOf(cmdlet);
        var problems = new List<string>();
        foreach (var parameter in doc.Parameters.Where(p => p.Name is not ("WhatIf" or "Confirm")))
        {
            var where = name + " -" + parameter.Name;
            var setsHere = sets.Where(s => InSet(cmdlet, parameter.Name, s) is not null).ToList();
            foreach (var block in parameter.Metadata)
            {
                if (block.AllSets)
                {
                    if (setsHere.Count != sets.Count) problems.Add(where + ": yaml says (All), but the parameter is only in " + string.Join(", ", setsHere) + ".");
                }
                else
                {
                    foreach (var s in block.ParameterSets.Where(s => !setsHere.Contains(s)))
                        problems.Add(where + ": yaml names parameter set '" + s + "', which the parameter is not in.");
                    if (setsHere.Count == sets.Count && sets.Count > 1 && parameter.Metadata.Count == 1)
                        problems.Add(where + ": the parameter is in every set; write 'Parameter Sets: (All)'.");
                }
            }
            foreach (var set in setsHere)
            {
                var actual = InSet(cmdlet, parameter.Name, set)!;
                var yaml = MamlWriter.MetadataFor(parameter, set);
                if (yaml is null)
                {
                    problems.Add(where + ": no yaml block covers parameter set '" + set + "'.");
                    continue;
                }
                var position = actual.Position == int.MinValue ? "Named" : actual.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
                void Check(string field, string documented, string real)
                {
                    if (documented != real) problems.Add(where + " [" + set + "]: " + field + " is '" + documented + "' in the doc but '" + real + "' in the cmdlet.");
                }
                Check("Type", yaml.Type, ShortName(actual.Type));
                Check("Required", yaml.Required.ToString(), actual.Mandatory.ToString());
                Check("Position", yaml.Position, position);
                Check("Accept pipeline input", yaml.PipelineInput, Pipeline(actual));
                Check("Aliases", string.Join(", ", yaml.Aliases.OrderBy(a => a, StringComparer.Ordinal)), string.Join(", ", actual.Aliases.OrderBy(a => a, StringComparer.Ordinal)));
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_syntax_line_matches_its_parameter_set(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        var doc = Doc(name);
        var problems = new List<string>();
        foreach (var block in doc.Syntax)
        {
            var expected = cmdlet.ParameterNames.Where(p => InSet(cmdlet, p, block.SetName) is not null).ToList();
            if (cmdlet.SupportsShouldProcess) expected.AddRange(["WhatIf", "Confirm"]);
            var listed = block.Parameters.Select(p => p.Name).ToList();
            foreach (var missing in expected.Except(listed)) problems.Add(name + " [" + block.SetName + "]: the syntax line lacks -" + missing + ".");
            foreach (var extra in listed.Except(expected)) problems.Add(name + " [" + block.SetName + "]: the syntax line has -" + extra + ", which is not in this set.");
            if (!block.Text.EndsWith("[<CommonParameters>]", StringComparison.Ordinal)) problems.Add(name + " [" + block.SetName + "]: the syntax line must end with [<CommonParameters>].");
            foreach (var sp in block.Parameters.Where(p => p.Name is not ("WhatIf" or "Confirm")))
            {
                var actual = InSet(cmdlet, sp.Name, block.SetName);
                if (actual is null) continue;
                var isSwitch = actual.Type.FullName == "System.Management.Automation.SwitchParameter";
                if (sp.Required != actual.Mandatory) problems.Add(name + " [" + block.SetName + "]: -" + sp.Name + " is shown as " + (sp.Required ? "mandatory" : "optional") + ".");
                if (sp.Positional != (actual.Position != int.MinValue)) problems.Add(name + " [" + block.SetName + "]: -" + sp.Name + " is shown as " + (sp.Positional ? "positional" : "named") + ".");
                if (!isSwitch && sp.ValueType != ShortName(actual.Type)) problems.Add(name + " [" + block.SetName + "]: -" + sp.Name + " shows <" + sp.ValueType + ">, the type is " + ShortName(actual.Type) + ".");
                if (isSwitch && sp.ValueType is not null) problems.Add(name + " [" + block.SetName + "]: switch -" + sp.Name + " shows a value.");
            }
            var positions = block.Parameters.Where(p => p.Positional).Select(p => InSet(cmdlet, p.Name, block.SetName)?.Position ?? -1).ToList();
            if (!positions.SequenceEqual(positions.OrderBy(p => p))) problems.Add(name + " [" + block.SetName + "]: positional parameters are not in position order.");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_has_real_examples_synopsis_outputs_and_links(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        var doc = Doc(name);
        Assert.True(doc.Examples.Count >= 2, name + " needs at least two examples.");
        Assert.All(doc.Examples, e =>
        {
            var code = string.Join("\n", e.Code);
            Assert.Contains(name, code, StringComparison.Ordinal);
            Assert.NotEmpty(e.Remarks);
            var problems = PowerShellLint.CheckBalanced(code);
            Assert.True(problems.Count == 0, name + " example '" + e.Title + "': " + string.Join("; ", problems));
            var ours = PowerShellLint.Commands(code).Where(IsOurNoun).ToList();
            Assert.All(ours, c => Assert.Contains(c, _m.Cmdlets.Select(x => x.Name)));
        });
        Assert.NotEmpty(doc.Synopsis);
        Assert.NotEmpty(doc.Notes);
        Assert.NotEmpty(doc.RelatedLinks);
        Assert.NotEmpty(doc.Inputs);
        var outputs = doc.Outputs.Select(o => o.TypeName).ToList();
        Assert.All(cmdlet.OutputTypes, t => Assert.Contains(t, outputs));
        foreach (var parameter in doc.Parameters) Assert.NotEmpty(parameter.Description);
        // Related links to sibling pages name real cmdlets or the about topic.
        foreach (var link in doc.RelatedLinks.Where(l => l.Uri.Length == 0))
            Assert.True(_m.Cmdlets.Any(c => c.Name == link.Text) || link.Text.StartsWith("about_", StringComparison.Ordinal), name + ": related link '" + link.Text + "' names nothing.");
    }

    internal static bool IsOurNoun(string command) =>
        Regex.IsMatch(command, @"^[A-Za-z]+-(RouteServer|DxBgp|BgpPeer|Bgp)", RegexOptions.IgnoreCase);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void WhatIf_is_documented_honestly_for_each_service(string name)
    {
        var cmdlet = _m.Cmdlet(name);
        if (!cmdlet.SupportsShouldProcess) return;
        var doc = Doc(name);
        var whatIf = string.Join(" ", doc.Parameters.Single(p => p.Name == "WhatIf").Description);
        var all = string.Join(" ", doc.Description) + " " + whatIf;
        if (name.Contains("-Dx", StringComparison.Ordinal))
        {
            // Direct Connect has no DryRun: say so plainly, and never promise an AWS permission check.
            Assert.Contains("Direct Connect has no DryRun", all, StringComparison.Ordinal);
            Assert.Contains("read-only", whatIf, StringComparison.Ordinal);
            Assert.DoesNotContain("DryRun=true", all, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("DryRun=true", whatIf, StringComparison.Ordinal);
            Assert.Contains("DryRunOperation", whatIf, StringComparison.Ordinal);
            Assert.Contains("UnauthorizedOperation", whatIf, StringComparison.Ordinal);
        }
    }
}
