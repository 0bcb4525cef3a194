using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// A fact that needs a schema from the project's shared folder (../shared/schemas beside the repository). The
/// schemas are not part of the repository, so where they are absent the test is skipped and says why.
/// </summary>
public sealed class SharedSchemaFactAttribute : FactAttribute
{
    public SharedSchemaFactAttribute(string relativePath)
    {
        if (!File.Exists(SurfacePaths.Schema(relativePath)))
            Skip = "The schema " + SurfacePaths.Schema(relativePath) + " is not present (it lives in the project's shared folder beside the repository, and is never copied into it).";
    }
}

/// <summary>Like <see cref="ModuleFolderFactAttribute"/>, and also needs a shared schema.</summary>
public sealed class ModuleFolderSchemaFactAttribute : FactAttribute
{
    public ModuleFolderSchemaFactAttribute(string relativePath)
    {
        if (!File.Exists(Path.Combine(BuildPaths.ModuleFolder, "BgpPeering.psd1")))
            Skip = "The module folder " + BuildPaths.ModuleFolder + " has not been laid out: run `dotnet publish src/BgpPeering -c Release` first (tools/test.sh does).";
        else if (!File.Exists(SurfacePaths.Schema(relativePath)))
            Skip = "The schema " + SurfacePaths.Schema(relativePath) + " is not present (it lives in the project's shared folder beside the repository, and is never copied into it).";
    }
}

/// <summary>Paths the module tests (Module/) read, all derived from <see cref="BuildPaths"/>.</summary>
public static class SurfacePaths
{
    public static string Schema(string relativePath) => Path.Combine(BuildPaths.SharedDir, "schemas", relativePath);

    public static string FormatFile => Path.Combine(BuildPaths.RepoRoot, "src", "BgpPeering", "BgpPeering.Format.ps1xml");

    public static string DocsDir => Path.Combine(BuildPaths.RepoRoot, "docs", "en-US");

    public static string Manifest => Path.Combine(BuildPaths.RepoRoot, "BgpPeering.psd1");

    /// <summary>
    /// The cmdlets the manifest exports (CmdletsToExport). That they are exactly the module's cmdlet classes is proved
    /// in a real runspace (tests/BgpPeering.PowerShell.Tests, CommandContractTests).
    /// </summary>
    public static IReadOnlyList<string> ExportedCmdlets =>
        BgpPeering.HelpBuilder.PowerShellDataFile.GetStrings(BgpPeering.HelpBuilder.PowerShellDataFile.ReadFile(Manifest), "CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal).ToList();

    public static string Changelog => Path.Combine(BuildPaths.RepoRoot, "CHANGELOG.md");
}
