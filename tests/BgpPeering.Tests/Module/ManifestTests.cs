using BgpPeering.HelpBuilder;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// BgpPeering.psd1, read with a safe data-file reader (nothing is executed): Gallery-ready metadata in the
/// repository, and in the laid-out module folder every file it names exists, the version is stamped and the
/// release notes are CHANGELOG.md's latest section.
/// </summary>
public sealed class ManifestTests
{
    private static Dictionary<string, object?> Repository => PowerShellDataFile.ReadFile(SurfacePaths.Manifest);

    private static string LaidOutPath => Path.Combine(BuildPaths.ModuleFolder, "BgpPeering.psd1");

    [Fact]
    public void The_manifest_is_a_data_file_with_the_Gallery_metadata()
    {
        var manifest = Repository;
        Assert.Equal("BgpPeering.dll", PowerShellDataFile.GetString(manifest, "RootModule"));
        Assert.True(Guid.TryParse(PowerShellDataFile.GetString(manifest, "GUID"), out var guid) && guid != Guid.Empty);
        Assert.False(string.IsNullOrWhiteSpace(PowerShellDataFile.GetString(manifest, "Author")));
        Assert.True(PowerShellDataFile.GetString(manifest, "Description")!.Length >= 50, "The Gallery shows the description; make it say what the module does.");
        Assert.Equal("5.1", PowerShellDataFile.GetString(manifest, "PowerShellVersion"));
        Assert.Equal(["Core", "Desktop"], PowerShellDataFile.GetStrings(manifest, "CompatiblePSEditions").OrderBy(e => e, StringComparer.Ordinal));
        Assert.NotEmpty(PowerShellDataFile.GetStrings(manifest, "RequiredAssemblies"));
        Assert.Equal(["BgpPeering.Format.ps1xml"], PowerShellDataFile.GetStrings(manifest, "FormatsToProcess"));
        foreach (var empty in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
            Assert.True(PowerShellDataFile.Get(manifest, empty) is List<object?> { Count: 0 }, empty + " must be an explicit empty array, @().");
    }

    [Fact]
    public void The_manifest_exports_every_cmdlet_explicitly()
    {
        var exported = PowerShellDataFile.GetStrings(Repository, "CmdletsToExport");
        Assert.DoesNotContain("*", exported);
        Assert.Equal(exported.Count, exported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // That these are exactly the module's cmdlet classes is proved where PowerShell imports the module:
        // tests/BgpPeering.PowerShell.Tests, CommandContractTests.The_module_exports_its_cmdlet_classes_and_nothing_else.
        Assert.Equal(11, exported.Count);
    }

    [Fact]
    public void PSData_has_tags_license_project_and_release_notes()
    {
        var manifest = Repository;
        var tags = PowerShellDataFile.GetStrings(manifest, "PrivateData.PSData.Tags");
        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.DoesNotContain(' ', t));
        foreach (var key in new[] { "LicenseUri", "ProjectUri" })
        {
            var value = PowerShellDataFile.GetString(manifest, "PrivateData.PSData." + key);
            Assert.True(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, key + " must be an absolute https URL, not '" + value + "'.");
        }
        Assert.False(string.IsNullOrWhiteSpace(PowerShellDataFile.GetString(manifest, "PrivateData.PSData.ReleaseNotes")));
    }

    [ModuleFolderFact]
    public void The_laid_out_manifest_names_only_files_that_exist_in_the_module_folder()
    {
        var manifest = PowerShellDataFile.ReadFile(LaidOutPath);
        var named = new List<string>();
        named.Add(PowerShellDataFile.GetString(manifest, "RootModule")!);
        foreach (var key in new[] { "RequiredAssemblies", "FormatsToProcess", "TypesToProcess", "NestedModules", "ScriptsToProcess", "FileList" })
            named.AddRange(PowerShellDataFile.GetStrings(manifest, key));
        // Get-Help finds a binary module's help by the root module's name, in the module's culture folder.
        named.Add(Path.Combine("en-US", PowerShellDataFile.GetString(manifest, "RootModule") + "-Help.xml"));
        Assert.True(named.Count >= 4);
        Assert.All(named, file => Assert.True(File.Exists(Path.Combine(BuildPaths.ModuleFolder, file)), file + " is named by the manifest but missing from " + BuildPaths.ModuleFolder + "."));
    }

    [ModuleFolderFact]
    public void The_laid_out_manifest_has_the_build_version_and_the_changelogs_release_notes()
    {
        var manifest = PowerShellDataFile.ReadFile(LaidOutPath);
        var version = PowerShellDataFile.GetString(manifest, "ModuleVersion");
        Assert.Equal(new DirectoryInfo(BuildPaths.ModuleFolder).Name, version);
        Assert.True(Version.TryParse(version, out _), "ModuleVersion '" + version + "' is not a version PowerShell accepts.");
        var notes = PowerShellDataFile.GetString(manifest, "PrivateData.PSData.ReleaseNotes");
        Assert.Equal(ReleaseNotes.Latest(File.ReadAllText(SurfacePaths.Changelog)), notes);
        // Everything else is the repository manifest's.
        var repository = Repository;
        foreach (var key in new[] { "GUID", "RootModule", "Author", "Description", "PowerShellVersion" })
            Assert.Equal(PowerShellDataFile.GetString(repository, key), PowerShellDataFile.GetString(manifest, key));
        Assert.Equal(PowerShellDataFile.GetStrings(repository, "CmdletsToExport"), PowerShellDataFile.GetStrings(manifest, "CmdletsToExport"));
    }

    [Fact]
    public void Release_notes_are_the_latest_changelog_section_with_content()
    {
        const string changelog = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [1.2.0] - 2026-01-02\n\n### Added\n- The user's \"thing\".\n\n## [1.1.0] - 2025-12-01\n\n- Older.\n";
        Assert.Equal("[1.2.0] - 2026-01-02\n\n### Added\n- The user's \"thing\".", ReleaseNotes.Latest(changelog));
        Assert.Throws<InvalidOperationException>(() => ReleaseNotes.Latest("# Changelog\n\n## [Unreleased]\n"));
    }

    [Fact]
    public void Stamping_release_notes_quotes_them_for_PowerShell_and_keeps_the_rest()
    {
        var manifest = File.ReadAllText(SurfacePaths.Manifest);
        var stamped = ReleaseNotes.Stamp(manifest, "It's new.\nLine two.");
        Assert.Contains("ReleaseNotes = 'It''s new.\nLine two.'", stamped.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var reread = PowerShellDataFile.Parse(stamped);
        Assert.Equal("It's new.\nLine two.", PowerShellDataFile.GetString(reread, "PrivateData.PSData.ReleaseNotes"));
        Assert.Equal(PowerShellDataFile.GetStrings(Repository, "CmdletsToExport"), PowerShellDataFile.GetStrings(reread, "CmdletsToExport"));
        Assert.Throws<InvalidOperationException>(() => ReleaseNotes.Stamp("@{ ModuleVersion = '1.0' }", "x"));
    }
}
