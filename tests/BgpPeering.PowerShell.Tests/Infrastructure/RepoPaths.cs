using System.Reflection;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>Where the repository and the BUILT module are (the module is never loaded from this test folder).</summary>
public static class RepoPaths
{
    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("No " + key + " metadata.");

    /// <summary>The repository root, found by walking up from this test assembly (falls back to the build-time path).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string ModuleVersion => Metadata("ModuleVersion");

    /// <summary>out/BgpPeering/&lt;version&gt;/BgpPeering.psd1, laid out by <c>dotnet publish src/BgpPeering -c Release</c>.</summary>
    public static string ModuleManifest => Path.Combine(RepoRoot, "out", "BgpPeering", ModuleVersion, "BgpPeering.psd1");

    public static string DocsFolder => Path.Combine(RepoRoot, "docs", "en-US");

    /// <summary>The manifest path, or an exception saying how to build it: a missing module never passes silently.</summary>
    public static string RequireModule()
    {
        if (File.Exists(ModuleManifest)) return ModuleManifest;
        throw new InvalidOperationException(
            "The built module is missing: " + ModuleManifest + " does not exist. The runspace tests import the module exactly as a " +
            "user would, from out/. Lay it out first: `dotnet build BgpPeering.sln -c Release` then " +
            "`dotnet publish src/BgpPeering -c Release --no-build` (bash tools/test.sh does both).");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BgpPeering.sln"))) return dir.FullName;
            dir = dir.Parent;
        }
        return Path.GetFullPath(Metadata("RepoRoot"));
    }
}
