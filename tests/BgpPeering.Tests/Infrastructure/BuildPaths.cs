using System.Reflection;
using Xunit;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// Paths the build stamps into this assembly (see BgpPeering.Tests.csproj). BgpPeering.Oracle.Tests compiles this file
/// too (a linked source) and stamps the keys it reads there.
/// </summary>
public static class BuildPaths
{
    /// <summary>The value the project stamped under <paramref name="key"/> (an AssemblyMetadata attribute).</summary>
    public static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException("No build metadata " + key + " in " + typeof(BuildPaths).Assembly.GetName().Name);

    /// <summary>The build configuration these tests were built in (Release or Debug).</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>The module project's build output (BgpPeering.dll and its dependencies).</summary>
    public static string ModuleBuildDir => Path.GetFullPath(Metadata("ModuleBuildDir"));

    /// <summary>The importable module folder that <c>dotnet publish src/BgpPeering</c> lays out.</summary>
    public static string ModuleFolder => Path.GetFullPath(Metadata("ModuleFolder"));

    public static string RepoRoot => Path.GetFullPath(Metadata("RepoRoot"));

    /// <summary>System.Management.Automation from PowerShellStandard.Library (a reference assembly).</summary>
    public static string PowerShellReference => Path.GetFullPath(Metadata("PowerShellReference"));

    /// <summary>The project's shared folder beside the repository, which tests must not require.</summary>
    public static string SharedDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
}

/// <summary>A fact that needs the laid-out module folder; skipped, with the reason, where it has not been built.</summary>
public sealed class ModuleFolderFactAttribute : FactAttribute
{
    public ModuleFolderFactAttribute() => Skip = NoModuleFolder();

    /// <summary>Why a test that needs the laid-out module folder cannot run, or null when it can.</summary>
    internal static string? NoModuleFolder() =>
        File.Exists(Path.Combine(BuildPaths.ModuleFolder, "BgpPeering.psd1"))
            ? null
            : "The module folder " + BuildPaths.ModuleFolder + " has not been laid out: run `dotnet publish src/BgpPeering -c Release` first (tools/test.sh does).";
}

/// <summary>A theory that needs the laid-out module folder; skipped, with the reason, where it has not been built.</summary>
public sealed class ModuleFolderTheoryAttribute : TheoryAttribute
{
    public ModuleFolderTheoryAttribute() => Skip = ModuleFolderFactAttribute.NoModuleFolder();
}
