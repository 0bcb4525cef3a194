using System.IO.Compression;
using System.Xml.Linq;
using BgpPeering.HelpBuilder;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// The PowerShell Gallery package: `dotnet pack tools/packaging` (run once for the class, into a temporary folder)
/// makes the .nupkg Publish-Module would publish, with the Gallery's nuspec conventions and the module files at
/// the package root.
/// </summary>
public sealed class PackageTests : IClassFixture<PackedModule>
{
    private static readonly XNamespace Nuspec = ModuleNuspec.Ns;

    private readonly PackedModule _packed;

    public PackageTests(PackedModule packed)
    {
        _packed = packed;
        Assert.True(packed.ExitCode == 0 && packed.PackagePath is not null, "dotnet pack tools/packaging failed (exit " + packed.ExitCode + "):\n" + packed.Output);
    }

    private ZipArchive Open() => ZipFile.OpenRead(_packed.PackagePath!);

    private XElement Metadata()
    {
        using var zip = Open();
        using var stream = zip.GetEntry("BgpPeering.nuspec")!.Open();
        var doc = XDocument.Load(stream);
        // NuGet may rewrite the namespace to an older schema version; compare by local name.
        return doc.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Field(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [Fact]
    public void The_package_is_named_after_the_module_and_its_version()
    {
        Assert.Equal("BgpPeering." + new DirectoryInfo(_packed.ModuleFolder).Name + ".nupkg", Path.GetFileName(_packed.PackagePath));
    }

    [Fact]
    public void The_nuspec_has_the_Gallery_metadata_from_the_manifest()
    {
        var metadata = Metadata();
        var manifest = PowerShellDataFile.ReadFile(Path.Combine(_packed.ModuleFolder, "BgpPeering.psd1"));
        Assert.Equal("BgpPeering", Field(metadata, "id"));
        Assert.Equal(PowerShellDataFile.GetString(manifest, "ModuleVersion"), Field(metadata, "version"));
        Assert.Equal(PowerShellDataFile.GetString(manifest, "Author"), Field(metadata, "authors"));
        Assert.Equal(PowerShellDataFile.GetString(manifest, "Description"), Field(metadata, "description"));
        Assert.Equal(PowerShellDataFile.GetString(manifest, "PrivateData.PSData.ProjectUri"), Field(metadata, "projectUrl"));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.StartsWith("MIT License", File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "LICENSE")), StringComparison.Ordinal);
        Assert.Equal(ReleaseNotes.Latest(File.ReadAllText(SurfacePaths.Changelog)), Field(metadata, "releaseNotes")!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("false", Field(metadata, "requireLicenseAcceptance"));
    }

    [Fact]
    public void The_tags_are_the_ones_Publish_Module_writes()
    {
        var tags = Field(Metadata(), "tags")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var t in new[] { "PSModule", "PSEdition_Desktop", "PSEdition_Core", "PSIncludes_Cmdlet" }) Assert.Contains(t, tags);
        foreach (var cmdlet in SurfacePaths.ExportedCmdlets)
        {
            Assert.Contains("PSCmdlet_" + cmdlet, tags);
            Assert.Contains("PSCommand_" + cmdlet, tags);
        }
        var manifest = PowerShellDataFile.ReadFile(SurfacePaths.Manifest);
        Assert.All(PowerShellDataFile.GetStrings(manifest, "PrivateData.PSData.Tags"), t => Assert.Contains(t, tags));
    }

    [Fact]
    public void The_module_files_are_at_the_package_root_and_nothing_else_is_added()
    {
        using var zip = Open();
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || e.StartsWith("content/", StringComparison.OrdinalIgnoreCase) || e.StartsWith("tools/", StringComparison.OrdinalIgnoreCase));
        var moduleFiles = Directory.GetFiles(_packed.ModuleFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_packed.ModuleFolder, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();
        // NuGet's own parts: the nuspec, the OPC content types and relationships, and the core properties.
        var packaging = entries.Where(e => e == "BgpPeering.nuspec" || e == "[Content_Types].xml" || e.StartsWith("_rels/", StringComparison.Ordinal) || e.StartsWith("package/services/metadata/", StringComparison.Ordinal)).ToList();
        Assert.Equal(moduleFiles, entries.Except(packaging).OrderBy(f => f, StringComparer.Ordinal).ToList());
        foreach (var required in new[] { "BgpPeering.psd1", "BgpPeering.dll", "BgpPeering.Engine.Model.dll", "BgpPeering.Format.ps1xml", "en-US/BgpPeering.dll-Help.xml", "en-US/about_BgpPeering.help.txt" })
            Assert.Contains(required, entries);
    }

    [Fact]
    public void The_packaged_files_are_the_laid_out_files()
    {
        using var zip = Open();
        foreach (var entry in zip.Entries.Where(e => e.FullName is "BgpPeering.psd1" or "BgpPeering.dll" or "BgpPeering.Format.ps1xml"))
        {
            using var packed = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(packed);
            Assert.Equal(File.ReadAllBytes(Path.Combine(_packed.ModuleFolder, entry.FullName)), packed.ToArray());
        }
    }
}
