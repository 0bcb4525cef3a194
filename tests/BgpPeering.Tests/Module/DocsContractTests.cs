using BgpPeering.HelpBuilder;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// docs/en-US as documents: every exported cmdlet has a PlatyPS page with examples, remarks, synopsis, notes, inputs,
/// outputs and links, no page documents a common parameter, and -WhatIf is described honestly for each service.
/// That a page and its cmdlet agree on every parameter (name, type, aliases, mandatory flag, position, pipeline
/// input, parameter sets and the default set) is proved from Get-Help and Get-Command in a real runspace:
/// tests/BgpPeering.PowerShell.Tests (HelpTests, HelpContractTests), and every example runs (HelpExampleTests).
/// </summary>
public sealed class DocsContractTests
{
    /// <summary>PowerShell's common parameters: documented only through the CommonParameters entry.</summary>
    private static readonly string[] CommonParameters =
    [
        "Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable", "OutBuffer", "OutVariable",
        "PipelineVariable", "ProgressAction", "Verbose", "WarningAction", "WarningVariable",
    ];

    private readonly List<CommandDoc> _docs = MarkdownDocs.ReadCommands(SurfacePaths.DocsDir);

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var c in SurfacePaths.ExportedCmdlets) data.Add(c);
        return data;
    }

    private CommandDoc Doc(string cmdlet) =>
        _docs.SingleOrDefault(d => d.Name == cmdlet) ?? throw new Xunit.Sdk.XunitException("docs/en-US/" + cmdlet + ".md is missing.");

    [Fact]
    public void Every_exported_cmdlet_has_a_page_and_every_page_a_cmdlet()
    {
        Assert.Equal(SurfacePaths.ExportedCmdlets, _docs.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_never_documents_a_common_parameter(string name)
    {
        var doc = Doc(name);
        Assert.DoesNotContain(doc.Parameters, p => CommonParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain("ProgressAction", File.ReadAllText(doc.SourcePath), StringComparison.OrdinalIgnoreCase);
        Assert.True(doc.HasCommonParameters, name + ": ## PARAMETERS needs the standard '### CommonParameters' entry.");
        var documented = doc.Parameters.Select(p => p.Name).ToList();
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_page_has_examples_synopsis_notes_inputs_outputs_and_links(string name)
    {
        var doc = Doc(name);
        Assert.True(doc.Examples.Count >= 2, name + " needs at least two examples.");
        Assert.All(doc.Examples, e =>
        {
            Assert.Contains(name, string.Join("\n", e.Code), StringComparison.Ordinal);
            Assert.NotEmpty(e.Remarks);
        });
        Assert.NotEmpty(doc.Synopsis);
        Assert.NotEmpty(doc.Notes);
        Assert.NotEmpty(doc.RelatedLinks);
        Assert.NotEmpty(doc.Inputs);
        // "None" where a Remove-* writes nothing without -PassThru; that the cmdlet's declared output types are all
        // documented is proved in the runspace (HelpContractTests).
        Assert.Contains(doc.Outputs, o => o.TypeName.StartsWith("BgpPeering.Engine.Model.", StringComparison.Ordinal));
        foreach (var parameter in doc.Parameters) Assert.NotEmpty(parameter.Description);
        // Related links to sibling pages name real cmdlets or the about topic.
        foreach (var link in doc.RelatedLinks.Where(l => l.Uri.Length == 0))
            Assert.True(SurfacePaths.ExportedCmdlets.Contains(link.Text) || link.Text.StartsWith("about_", StringComparison.Ordinal), name + ": related link '" + link.Text + "' names nothing.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void WhatIf_is_documented_honestly_for_each_service(string name)
    {
        var doc = Doc(name);
        // Which cmdlets support ShouldProcess is proved from the cmdlets themselves in the runspace tests
        // (CommandContractTests); a page documents -WhatIf exactly when its cmdlet has it (HelpContractTests).
        if (!doc.Parameters.Any(p => p.Name == "WhatIf")) return;
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
