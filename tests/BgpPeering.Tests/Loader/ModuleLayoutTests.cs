using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using BgpPeering.Loader;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Loader;

/// <summary>The laid-out module folder is what the resolver and the loader expect.</summary>
public sealed class ModuleLayoutTests
{
    private static string Folder => BuildPaths.ModuleFolder;

    [ModuleFolderFact]
    public void The_AWSSDK_half_and_AWSSDK_are_in_isolated_and_nowhere_else()
    {
        var isolated = Directory.GetFiles(Path.Combine(Folder, ModuleAssemblyLoader.IsolatedFolderName), "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var root = Directory.GetFiles(Folder, "*.dll").Select(Path.GetFileName).ToList();

        Assert.Equal(new[] { "AWSSDK.Core.dll", "AWSSDK.SSO.dll", "AWSSDK.SSOOIDC.dll", "AWSSDK.SecurityToken.dll", "BgpPeering.Engine.dll" }, isolated);
        Assert.DoesNotContain(root, f => f!.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("BgpPeering.Engine.dll", root);
        Assert.Contains("BgpPeering.Engine.Model.dll", root);
        Assert.DoesNotContain("System.Management.Automation.dll", root);
    }

    /// <summary>
    /// Windows PowerShell 5.1 loads the root and isolated/ only, and .NET Framework must never be handed a ReadyToRun
    /// image: every file there is IL only. The images are in isolated/&lt;rid&gt;/, one precompiled copy of each
    /// isolated file with the same identity, so the resolver decides exactly as for the IL copies.
    /// </summary>
    [ModuleFolderFact]
    public void ReadyToRun_images_are_only_in_isolated_rid_folders_as_copies_of_the_isolated_files()
    {
        var isolatedFolder = Path.Combine(Folder, ModuleAssemblyLoader.IsolatedFolderName);
        foreach (var file in Directory.GetFiles(Folder, "*.dll").Concat(Directory.GetFiles(isolatedFolder, "*.dll")))
            Assert.False(NativeImagesTests.IsReadyToRun(file), file + " is a ReadyToRun image where Windows PowerShell 5.1 loads it.");

        var ridFolders = Directory.GetDirectories(isolatedFolder);
        Assert.NotEmpty(ridFolders);
        var il = Directory.GetFiles(isolatedFolder, "*.dll").ToDictionary(f => Path.GetFileName(f), f => AssemblyName.GetAssemblyName(f).FullName, StringComparer.Ordinal);
        foreach (var ridFolder in ridFolders)
        {
            Assert.Empty(Directory.GetDirectories(ridFolder));
            var images = Directory.GetFiles(ridFolder, "*.dll");
            Assert.Equal(il.Keys.Order(StringComparer.Ordinal), images.Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var image in images)
            {
                Assert.True(NativeImagesTests.IsReadyToRun(image), image + " is not a ReadyToRun image.");
                Assert.Equal(il[Path.GetFileName(image)], AssemblyName.GetAssemblyName(image).FullName);
                // Made from this very build of the file (crossgen2 keeps the module's MVID), not an earlier one.
                Assert.True(Mvid(image) == Mvid(Path.Combine(isolatedFolder, Path.GetFileName(image))), image + " was made from another build of " + Path.GetFileName(image) + ".");
            }
        }
        // No ReadyToRun image anywhere else in the module folder.
        var elsewhere = Directory.GetFiles(Folder, "*.dll", SearchOption.AllDirectories)
            .Where(f => !ridFolders.Contains(Path.GetDirectoryName(f)!) && NativeImagesTests.IsReadyToRun(f));
        Assert.Empty(elsewhere);
    }

    private static Guid Mvid(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        var metadata = reader.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    [ModuleFolderFact]
    public void The_manifest_preloads_only_the_output_types_and_every_required_assembly_is_in_the_root()
    {
        var manifest = File.ReadAllText(Path.Combine(Folder, "BgpPeering.psd1"));
        var block = Regex.Match(manifest, @"RequiredAssemblies\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
        var required = Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(new[] { "BgpPeering.Engine.Model.dll" }, required);
        Assert.All(required, r => Assert.True(File.Exists(Path.Combine(Folder, r)), r + " is listed in RequiredAssemblies but not in the module folder."));
    }

    [ModuleFolderFact]
    public void The_output_types_assembly_references_no_AWSSDK_and_no_isolated_assembly()
    {
        var references = ReferencesOf(Path.Combine(Folder, "BgpPeering.Engine.Model.dll"));

        Assert.DoesNotContain(references, r => r.Name!.StartsWith("AWSSDK.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Name == "BgpPeering.Engine");
    }

    [ModuleFolderFact]
    public void The_cmdlet_assembly_reaches_AWSSDK_only_through_the_isolated_engine()
    {
        var references = ReferencesOf(Path.Combine(Folder, "BgpPeering.dll"));

        Assert.DoesNotContain(references, r => r.Name!.StartsWith("AWSSDK.", StringComparison.Ordinal));
        Assert.Contains(references, r => r.Name == "BgpPeering.Engine");
    }

    /// <summary>
    /// Windows PowerShell 5.1 has no binding redirects for a module: every reference between the module's own
    /// files that the runtime cannot bind as written must be answerable by the resolver, and none may be refused.
    /// </summary>
    [ModuleFolderFact]
    public void Without_binding_redirects_every_reference_between_shipped_files_is_answered()
    {
        var shipped = ModuleAssemblyLoader.ScanModuleFolder(Folder);
        var sharing = new DependencyResolver(shipped, isolate: false);
        var names = new HashSet<string>(shipped.Select(s => s.Name.Name!), StringComparer.OrdinalIgnoreCase);
        var checkedCount = 0;

        foreach (var file in shipped)
        {
            foreach (var reference in ReferencesOf(file.Path).Where(r => names.Contains(r.Name!)))
            {
                var decision = sharing.Decide(reference, Array.Empty<AssemblyName>());
                Assert.True(decision.Action == ResolveAction.Load,
                    Path.GetFileName(file.Path) + " references " + reference.FullName + ": " + decision);
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 10, "Too few references checked (" + checkedCount + "): the folder scan is wrong.");
    }

    [ModuleFolderFact]
    public void On_PowerShell_7_the_cmdlets_reference_to_the_isolated_engine_is_answered_from_the_modules_own_context()
    {
        var isolating = new DependencyResolver(ModuleAssemblyLoader.ScanModuleFolder(Folder), isolate: true);
        var reference = ReferencesOf(Path.Combine(Folder, "BgpPeering.dll")).Single(r => r.Name == "BgpPeering.Engine");

        var decision = isolating.Decide(reference, Array.Empty<AssemblyName>());

        Assert.Equal(ResolveAction.LoadIsolated, decision.Action);
        Assert.Equal(Path.Combine(Folder, "isolated", "BgpPeering.Engine.dll"), decision.Path);

        // With this platform's images chosen, as the loader does on PowerShell 7, the same request gets the image.
        var rid = NativeImages.ChooseFolder(true, NativeImages.CurrentRuntimeIdentifiers(), Directory.GetDirectories(Path.Combine(Folder, "isolated")).Select(Path.GetFileName)!);
        var withImages = new DependencyResolver(ModuleAssemblyLoader.ScanModuleFolder(Folder, rid), isolate: true).Decide(reference, Array.Empty<AssemblyName>());
        Assert.Equal(ResolveAction.LoadIsolated, withImages.Action);
        Assert.Equal(Path.Combine(Folder, "isolated", rid!, "BgpPeering.Engine.dll"), withImages.Path);
    }

    // The initializer (IModuleAssemblyInitializer with IModuleAssemblyCleanup) is found in the imported module:
    // tests/BgpPeering.PowerShell.Tests, ScriptTests.The_module_assembly_has_one_initializer_that_also_cleans_up.

    /// <summary>
    /// PowerShell enumerates the root module's exported types (cmdlets, their parameters and base types) before it
    /// runs the module's initializer. None of that may need <c>isolated/</c>, which only the initializer can reach.
    /// </summary>
    [ModuleFolderFact]
    public void The_exported_cmdlet_surface_loads_without_the_isolated_folder()
    {
        var paths = Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(Folder, "*.dll"))
            .Append(BuildPaths.PowerShellReference)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var module = context.LoadFromAssemblyPath(Path.Combine(Folder, "BgpPeering.dll"));
        var touched = 0;

        foreach (var type in module.GetExportedTypes())
        {
            for (var t = type; t is not null; t = t.BaseType) touched++;
            touched += type.GetInterfaces().Length;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                _ = property.PropertyType.FullName;
                _ = property.GetCustomAttributesData().Select(a => a.ConstructorArguments.Count).Sum();
                touched++;
            }
            _ = type.GetCustomAttributesData().Select(a => a.ConstructorArguments.Count).Sum();
        }
        Assert.True(touched > 50, "Too little of the surface was read (" + touched + ").");
    }

    private static List<AssemblyName> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }
}
