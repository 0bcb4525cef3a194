using System.Reflection;
using System.Reflection.PortableExecutable;
using BgpPeering.Loader;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Loader;

/// <summary>
/// Which images the engine's load context takes: ReadyToRun images from isolated/&lt;rid&gt;/ only where the engine is
/// isolated (PowerShell 7) and the process's runtime identifier has a folder; the IL copies everywhere else, and always
/// on .NET Framework (Windows PowerShell 5.1), which never isolates.
/// </summary>
public sealed class NativeImagesTests
{
    private static readonly string[] Folders = ["linux-x64", "win-x64", "osx-arm64"];

    [Theory]
    [InlineData("win-x64")]
    [InlineData("win-x86")]
    [InlineData("linux-x64")]
    public void Without_isolation_no_ReadyToRun_folder_is_ever_chosen(string rid)
    {
        // Windows PowerShell 5.1: .NET Framework has no AssemblyLoadContext, so the loader never isolates there.
        Assert.Null(NativeImages.ChooseFolder(isolate: false, [rid], Folders));
        Assert.Null(NativeImages.ChooseFolder(isolate: false, [rid, "win-x64", "linux-x64"], Folders));
    }

    [Fact]
    public void Isolating_takes_the_first_runtime_identifier_that_has_a_folder()
    {
        Assert.Equal("linux-x64", NativeImages.ChooseFolder(true, ["linux-musl-x64", "linux-x64"], Folders));
        Assert.Equal("win-x64", NativeImages.ChooseFolder(true, ["win-x64"], Folders));
        Assert.Equal("osx-arm64", NativeImages.ChooseFolder(true, ["OSX-ARM64"], Folders));
    }

    [Fact]
    public void A_platform_without_images_keeps_the_IL_copies()
    {
        Assert.Null(NativeImages.ChooseFolder(true, ["linux-arm64"], Folders));
        Assert.Null(NativeImages.ChooseFolder(true, ["win-x64"], []));
        Assert.Null(NativeImages.ChooseFolder(true, [], Folders));
    }

    [Fact]
    public void This_process_knows_its_runtime_identifier_and_the_portable_one()
    {
        var rids = NativeImages.CurrentRuntimeIdentifiers();

        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, rids[0]);
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        Assert.Contains(os + "-" + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), rids);
    }

    [ModuleFolderFact]
    public void The_scan_for_a_chosen_folder_swaps_in_its_images_of_the_same_identity_and_nothing_else()
    {
        var rid = NativeImages.ChooseFolder(true, NativeImages.CurrentRuntimeIdentifiers(), Directory.GetDirectories(Isolated).Select(Path.GetFileName)!);
        Assert.NotNull(rid); // the suite's platform has images: the build lays them out for linux-x64, win-x64 and osx-arm64

        var il = ModuleAssemblyLoader.ScanModuleFolder(BuildPaths.ModuleFolder);
        var images = ModuleAssemblyLoader.ScanModuleFolder(BuildPaths.ModuleFolder, rid);

        Assert.Equal(il.Select(f => f.Name.FullName), images.Select(f => f.Name.FullName));
        foreach (var (before, after) in il.Zip(images))
        {
            Assert.Equal(before.Isolated, after.Isolated);
            if (before.Isolated)
            {
                Assert.Equal(Path.Combine(Isolated, rid, Path.GetFileName(before.Path)), after.Path);
                Assert.True(IsReadyToRun(after.Path), after.Path);
            }
            else
            {
                Assert.Equal(before.Path, after.Path);
            }
        }
    }

    [ModuleFolderFact]
    public void The_sharing_resolver_of_Windows_PowerShell_5_1_answers_every_shipped_name_with_an_IL_image()
    {
        // The 5.1 load path, as the loader builds it there: isolate is false, so no image folder, so the plain scan.
        var folder = NativeImages.ChooseFolder(isolate: false, NativeImages.CurrentRuntimeIdentifiers(), Directory.GetDirectories(Isolated).Select(Path.GetFileName)!);
        var shipped = ModuleAssemblyLoader.ScanModuleFolder(BuildPaths.ModuleFolder, folder);
        var sharing = new DependencyResolver(shipped, isolate: false);

        Assert.Null(folder);
        foreach (var file in shipped)
        {
            var decision = sharing.Decide(file.Name, Array.Empty<AssemblyName>());
            Assert.Equal(ResolveAction.Load, decision.Action);
            Assert.False(IsReadyToRun(decision.Path!), decision.Path + " is a ReadyToRun image");
            Assert.DoesNotContain(Path.DirectorySeparatorChar + "isolated" + Path.DirectorySeparatorChar + "linux-x64", decision.Path!, StringComparison.Ordinal);
        }
    }

    private static string Isolated => Path.Combine(BuildPaths.ModuleFolder, ModuleAssemblyLoader.IsolatedFolderName);

    /// <summary>True for an image with native code (a ReadyToRun header), false for IL only.</summary>
    internal static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        var cor = reader.PEHeaders.CorHeader!;
        return cor.ManagedNativeHeaderDirectory.Size > 0 || (cor.Flags & CorFlags.ILLibrary) != 0;
    }
}
