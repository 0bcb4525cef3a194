using System.Diagnostics;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// `dotnet pack tools/packaging` run once for a test class, into a temporary folder: a module folder and the Gallery
/// package, so nothing else is disturbed. The fixture of Module/PackageTests here and of ShippingTests in
/// BgpPeering.Oracle.Tests (a linked source).
/// </summary>
public sealed class PackedModule : IDisposable
{
    public PackedModule()
    {
        Root = Directory.CreateTempSubdirectory("bgppeering-pack-").FullName;
        ModuleOutputRoot = Path.Combine(Root, "out");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BuildPaths.RepoRoot,
        };
        foreach (var arg in new[]
                 {
                     "pack", Path.Combine(BuildPaths.RepoRoot, "tools", "packaging", "BgpPeering.Package.csproj"), "-c", BuildPaths.Configuration, "-nologo",
                     "-o", Path.Combine(Root, "pkg"), "-p:ModuleOutputRoot=" + ModuleOutputRoot,
                 })
            start.ArgumentList.Add(arg);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: this only rules out a hang.
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        Output = stdout.Result + stderr.Result;
        ExitCode = process.HasExited ? process.ExitCode : -1;
        PackagePath = Directory.Exists(Path.Combine(Root, "pkg")) ? Directory.GetFiles(Path.Combine(Root, "pkg"), "*.nupkg").SingleOrDefault() : null;
    }

    public string Root { get; }
    public string ModuleOutputRoot { get; }
    public string Output { get; }
    public int ExitCode { get; }
    public string? PackagePath { get; }

    /// <summary>The module folder the pack laid out (out/BgpPeering/&lt;version&gt; in the temporary folder).</summary>
    public string ModuleFolder => Directory.GetDirectories(Path.Combine(ModuleOutputRoot, "BgpPeering")).Single();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
