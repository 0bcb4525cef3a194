using System.IO.Compression;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// AWSSDK.EC2 is a test oracle and a benchmark baseline, never part of the product: no project under src/ restores
/// it, and no AWSSDK.EC2 file reaches the module folder (its isolated/ subfolder included) or the Gallery package.
/// </summary>
public sealed class ShippingTests : IClassFixture<PackedModule>
{
    private readonly PackedModule _packed;

    public ShippingTests(PackedModule packed) => _packed = packed;

    private static bool IsEc2File(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("AWSSDK.EC2", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_packed_module_folder_and_its_isolated_folder_hold_no_AWSSDK_EC2()
    {
        Assert.True(_packed.ExitCode == 0, "dotnet pack failed:\n" + _packed.Output);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(_packed.ModuleOutputRoot, "BgpPeering")));
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        // The folder is the real one: the AWSSDK assemblies the module does ship are there, in isolated/.
        Assert.Contains(files, f => Path.GetFileName(f) == "AWSSDK.Core.dll" && Path.GetFileName(Path.GetDirectoryName(f)) == "isolated");
        Assert.DoesNotContain(files, IsEc2File);
        foreach (var deps in files.Where(f => f.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)))
            Assert.DoesNotContain("AWSSDK.EC2", File.ReadAllText(deps), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_package_holds_no_AWSSDK_EC2_and_does_not_depend_on_it()
    {
        Assert.True(_packed.ExitCode == 0, "dotnet pack failed:\n" + _packed.Output);
        Assert.NotNull(_packed.PackagePath);
        using var zip = ZipFile.OpenRead(_packed.PackagePath!);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains(entries, e => e.EndsWith("AWSSDK.Core.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, IsEc2File);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspec.Open());
        // The package's dependencies (not its text: the release notes, from CHANGELOG.md, may well name the oracle).
        var document = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        var dependencies = document.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string?)e.Attribute("id") ?? string.Empty).ToList();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("AWSSDK.EC2", StringComparison.OrdinalIgnoreCase));
        var manifest = zip.Entries.Single(e => e.FullName.EndsWith("BgpPeering.psd1", StringComparison.Ordinal));
        using var psd1 = new StreamReader(manifest.Open());
        var required = System.Text.RegularExpressions.Regex.Match(psd1.ReadToEnd(), @"RequiredAssemblies\s*=\s*@\((?<list>[^)]*)\)");
        Assert.True(required.Success, "The packaged manifest has no RequiredAssemblies list.");
        Assert.DoesNotContain("AWSSDK.EC2", required.Groups["list"].Value, StringComparison.OrdinalIgnoreCase);
    }

    [ModuleFolderFact]
    public void The_laid_out_module_folder_holds_no_AWSSDK_EC2()
    {
        var folder = BuildPaths.ModuleFolder;
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => Path.GetFileName(f) == "BgpPeering.Engine.dll");
        Assert.DoesNotContain(files, IsEc2File);
    }

    [Fact]
    public void No_shipped_project_references_AWSSDK_EC2()
    {
        var src = Path.Combine(BuildPaths.RepoRoot, "src");
        var projects = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories).Append(Path.Combine(BuildPaths.RepoRoot, "tools", "packaging", "BgpPeering.Package.csproj")).ToList();
        Assert.True(projects.Count >= 4, string.Join(", ", projects));
        foreach (var project in projects)
            Assert.DoesNotContain("AWSSDK.EC2", File.ReadAllText(project), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("BgpPeering")]
    [InlineData("BgpPeering.Engine")]
    public void No_shipped_project_restores_AWSSDK_EC2_even_transitively(string project)
    {
        // Built before this project (it references the engine; the module is built by the solution and the pack above).
        var assets = Path.Combine(BuildPaths.Metadata("ArtifactsPath"), "obj", project, "project.assets.json");
        Assert.True(File.Exists(assets), "No restore output at " + assets);
        var text = File.ReadAllText(assets);
        // Restored packages are keyed "Name/Version" (the central version list names every package, used or not).
        Assert.Contains("\"AWSSDK.Core/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"AWSSDK.EC2/", text, StringComparison.OrdinalIgnoreCase);
    }
}
