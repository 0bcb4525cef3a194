using System.Xml.Linq;
using BgpPeering.HelpBuilder;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// The markdown-to-MAML step (tools/BgpPeering.HelpBuilder): its MAML validates against the PSMaml schemas, it
/// carries each cmdlet's parameter sets faithfully, the about topic becomes Get-Help text, malformed pages fail
/// with the file's name, and the laid-out module ships the help beside BgpPeering.dll.
/// </summary>
public sealed class HelpBuildTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;


    private static XDocument BuildMaml() => MamlWriter.Write(MarkdownDocs.ReadCommands(SurfacePaths.DocsDir));

    private static List<string> ValidateMaml(XDocument maml, string what)
    {
        var schema = SchemaValidation.Load(SurfacePaths.Schema(Path.Combine("PSMaml", "Maml.xsd")));
        var problems = new List<string>();
        Assert.Equal(MamlWriter.Msh + "helpItems", maml.Root!.Name);
        Assert.Equal("maml", (string?)maml.Root.Attribute("schema"));
        // helpItems is PowerShell's wrapper (namespace http://msh), not part of MAML; each command is a MAML document.
        foreach (var command in maml.Root.Elements())
        {
            if (command.Name != Command + "command") { problems.Add(what + ": unexpected element " + command.Name); continue; }
            // Get-Help reads a parameter's aliases from an "aliases" attribute (PlatyPS writes it too) that the 2004
            // PSMaml schema predates: check its form here, then validate everything else against the schema.
            var copy = new XElement(command);
            foreach (var parameter in copy.Descendants(Command + "parameter"))
            {
                var aliases = parameter.Attribute(MamlWriter.AliasesAttribute);
                if (aliases is null || !System.Text.RegularExpressions.Regex.IsMatch(aliases.Value, @"^(none|[A-Za-z][A-Za-z0-9]*(, [A-Za-z][A-Za-z0-9]*)*)$"))
                    problems.Add(what + ": -" + parameter.Element(Maml + "name")?.Value + " has no well-formed aliases attribute: " + aliases);
                aliases?.Remove();
            }
            problems.AddRange(SchemaValidation.Validate(schema, copy, what + " " + command.Element(Command + "details")?.Element(Command + "name")?.Value));
        }
        return problems;
    }

    [SharedSchemaFact("PSMaml/Maml.xsd")]
    public void The_generated_MAML_validates_against_the_PSMaml_schemas()
    {
        var problems = ValidateMaml(BuildMaml(), "generated MAML");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [SharedSchemaFact("PSMaml/Maml.xsd")]
    public void The_schema_check_catches_a_broken_command()
    {
        // Proves the validation above can fail: a command without its syntax is not valid MAML.
        var maml = BuildMaml();
        maml.Root!.Elements().First().Element(Command + "syntax")!.Remove();
        Assert.NotEmpty(ValidateMaml(maml, "broken MAML"));
    }

    [Fact]
    public void The_MAML_has_one_command_per_cmdlet_with_verb_noun_and_synopsis()
    {
        var commands = BuildMaml().Root!.Elements(Command + "command").ToList();
        Assert.Equal(SurfacePaths.ExportedCmdlets,
            commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var c in commands)
        {
            var details = c.Element(Command + "details")!;
            Assert.Equal(details.Element(Command + "name")!.Value, details.Element(Command + "verb")!.Value + "-" + details.Element(Command + "noun")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(details.Element(Maml + "description")!.Value));
            Assert.True(c.Element(Command + "examples")!.Elements(Command + "example").Count() >= 2);
        }
    }

    // Each syntax item's mandatory flags, positions, types and pipeline input against the real cmdlets: proved from
    // Get-Help and Get-Command in a runspace (tests/BgpPeering.PowerShell.Tests, HelpContractTests and HelpTests).

    [Theory]
    [InlineData("## DESCRIPTION", "missing section(s): ## DESCRIPTION")]
    [InlineData("Accept pipeline input: True (ByPropertyName)", "Accept pipeline input must be")]
    [InlineData("Position: 0", "Position must be Named or a number")]
    [InlineData("Required: True", "Required must be True or False")]
    public void A_malformed_page_fails_with_the_file_and_the_problem(string original, string expectedMessage)
    {
        var path = Path.Combine(SurfacePaths.DocsDir, "Remove-RouteServerPeer.md");
        var text = File.ReadAllText(path);
        Assert.Contains(original, text, StringComparison.Ordinal);
        var broken = original switch
        {
            "## DESCRIPTION" => text.Replace("## DESCRIPTION", "## DESCRIPTON", StringComparison.Ordinal),
            "Accept pipeline input: True (ByPropertyName)" => text.Replace(original, "Accept pipeline input: yes", StringComparison.Ordinal),
            "Position: 0" => text.Replace(original, "Position: first", StringComparison.Ordinal),
            _ => text.Replace(original, "Required: yes", StringComparison.Ordinal),
        };
        var ex = Assert.Throws<DocFormatException>(() => MarkdownDocs.ParseCommand(broken, path));
        Assert.StartsWith("Remove-RouteServerPeer.md: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_line_naming_an_undocumented_parameter_fails()
    {
        var path = Path.Combine(SurfacePaths.DocsDir, "Remove-RouteServerPeer.md");
        var broken = File.ReadAllText(path).Replace("[-PassThru] [-Region", "[-PassThru] [-Bogus] [-Region", StringComparison.Ordinal);
        var doc = MarkdownDocs.ParseCommand(broken, path);
        var ex = Assert.Throws<DocFormatException>(() => MamlWriter.Write([doc]));
        Assert.Contains("-Bogus", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_writes_the_help_files_into_a_folder()
    {
        var output = Directory.CreateTempSubdirectory("bgppeering-help-").FullName;
        try
        {
            var written = HelpBuild.Run(SurfacePaths.DocsDir, output).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var about = Directory.GetFiles(SurfacePaths.DocsDir, "about_*.md").Select(f => Path.GetFileNameWithoutExtension(f) + ".help.txt");
            Assert.Equal(about.Append("BgpPeering.dll-Help.xml").OrderBy(f => f, StringComparer.Ordinal), written);
            Assert.Equal(SurfacePaths.ExportedCmdlets.Count, XDocument.Load(Path.Combine(output, "BgpPeering.dll-Help.xml")).Root!.Elements().Count());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [ModuleFolderFact]
    public void The_module_folder_has_the_help_in_its_en_US_folder()
    {
        Assert.True(File.Exists(Path.Combine(BuildPaths.ModuleFolder, "BgpPeering.dll")));
        var maml = Path.Combine(BuildPaths.ModuleFolder, "en-US", "BgpPeering.dll-Help.xml");
        Assert.True(File.Exists(maml), "The laid-out module has no BgpPeering.dll-Help.xml: `dotnet publish src/BgpPeering` did not build the help.");
        foreach (var about in Directory.GetFiles(SurfacePaths.DocsDir, "about_*.md"))
            Assert.True(File.Exists(Path.Combine(BuildPaths.ModuleFolder, "en-US", Path.GetFileNameWithoutExtension(about) + ".help.txt")), Path.GetFileName(about) + " is not in the module's en-US folder as a .help.txt.");
        Assert.False(File.Exists(Path.Combine(BuildPaths.ModuleFolder, "BgpPeering.dll-Help.xml")), "help is also at the module root");
        var names = XDocument.Load(maml).Root!.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value);
        Assert.Equal(SurfacePaths.ExportedCmdlets, names.OrderBy(n => n, StringComparer.Ordinal));
    }

    [ModuleFolderSchemaFact("PSMaml/Maml.xsd")]
    public void The_shipped_MAML_validates_against_the_PSMaml_schemas()
    {
        var problems = ValidateMaml(XDocument.Load(Path.Combine(BuildPaths.ModuleFolder, "en-US", "BgpPeering.dll-Help.xml")), "shipped MAML");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [Fact]
    public void MAML_is_never_committed()
    {
        var committed = Directory.EnumerateFiles(BuildPaths.RepoRoot, "*-Help.xml", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "artifacts" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "out" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(committed);
    }
}
