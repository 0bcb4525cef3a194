using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace BgpPeering.Loader;

/// <summary>
/// What the module's <c>IModuleAssemblyInitializer</c> installs at import and removes at <c>Remove-Module</c>:
/// one process-wide <see cref="AppDomain.AssemblyResolve"/> handler that answers binds the runtime could not
/// make from the module's own files, following <see cref="DependencyResolver"/>.
/// <list type="bullet">
///   <item><description>PowerShell 7 (.NET): isolating. <c>isolated/</c> (<c>BgpPeering.Engine</c> and AWSSDK)
///   goes into the engine's own load context on first use; the default context's request for
///   <c>BgpPeering.Engine</c> (made by the cmdlets) is answered from there. Where <c>isolated/&lt;rid&gt;/</c>
///   holds ReadyToRun images for this process's runtime identifier, those are loaded instead of the IL copies
///   (<see cref="NativeImages"/>).</description></item>
///   <item><description>Windows PowerShell 5.1 (.NET Framework 4.7.2, no binding redirects): sharing. Binds
///   that fail on a version mismatch (System.Memory, System.Runtime.CompilerServices.Unsafe, System.Text.Json…)
///   are answered with an equal-or-higher copy, already loaded or shipped; AWSSDK.Core 4.0.0.0 is shared with
///   whoever loaded it first.</description></item>
/// </list>
/// </summary>
public sealed class ModuleAssemblyLoader
{
    /// <summary>The sub-folder of the module folder that holds the isolated files.</summary>
    public const string IsolatedFolderName = "isolated";

    /// <summary>The name of the engine's own load context.</summary>
    private const string ContextName = "BgpPeering";

    /// <summary>The type in BgpPeering.Engine that prepares an isolated engine (see IsolatedStartup there).</summary>
    private const string IsolatedStartupType = "BgpPeering.Engine.IsolatedStartup";

    private static readonly object Gate = new();
    private static ModuleAssemblyLoader? s_current;
    private static IsolatedLoadContext? s_context; // One per process: a context cannot be replaced once the default context has bound to it.
    private static IReadOnlyList<Assembly>? s_isolated;

    private readonly object _resolveGate = new();
    private readonly string _moduleFolder;
    private readonly string? _imageFolder;
    private DependencyResolver? _resolver;

    [ThreadStatic] private static bool t_resolving;

    private ModuleAssemblyLoader(string moduleFolder, bool isolate)
    {
        _moduleFolder = Path.GetFullPath(moduleFolder);
        Isolate = isolate;
        var isolated = Path.Combine(_moduleFolder, IsolatedFolderName);
        var folders = isolate && Directory.Exists(isolated)
            ? Directory.GetDirectories(isolated).Select(Path.GetFileName).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!)
            : Enumerable.Empty<string>();
        _imageFolder = NativeImages.ChooseFolder(isolate, NativeImages.CurrentRuntimeIdentifiers(), folders);
    }

    /// <summary>True when the engine runs in its own load context (PowerShell 7); false when it shares the default one.</summary>
    public bool Isolate { get; }

    /// <summary>
    /// The runtime identifier whose ReadyToRun images in <c>isolated/&lt;rid&gt;/</c> the engine's context loads, or null
    /// when it loads the IL copies (always when not isolating).
    /// </summary>
    public string? NativeImageFolder => _imageFolder;

    /// <summary>
    /// Installs the handler for the module in <paramref name="moduleFolder"/>. Isolates when the runtime has
    /// AssemblyLoadContext and the folder has an <c>isolated/</c> sub-folder, unless <paramref name="isolate"/>
    /// says otherwise. Calling it again (a re-import) replaces the handler; the isolated context is kept.
    /// </summary>
    public static ModuleAssemblyLoader Install(string moduleFolder, bool? isolate = null)
    {
        if (string.IsNullOrEmpty(moduleFolder)) throw new ArgumentException("The module folder is required.", nameof(moduleFolder));
        var canIsolate = IsolatedLoadContext.IsSupported && Directory.Exists(Path.Combine(moduleFolder, IsolatedFolderName));
        if (isolate == true && !canIsolate)
            throw new PlatformNotSupportedException("Isolation needs AssemblyLoadContext (PowerShell 7) and " + Path.Combine(moduleFolder, IsolatedFolderName) + ".");
        var loader = new ModuleAssemblyLoader(moduleFolder, isolate ?? canIsolate);
        lock (Gate)
        {
            if (s_current is not null) AppDomain.CurrentDomain.AssemblyResolve -= s_current.OnAssemblyResolve;
            s_current = loader;
            AppDomain.CurrentDomain.AssemblyResolve += loader.OnAssemblyResolve;
        }
        return loader;
    }

    /// <summary>Removes the handler (Remove-Module). Assemblies already loaded stay loaded: .NET cannot unload them.</summary>
    public static void Uninstall()
    {
        lock (Gate)
        {
            if (s_current is null) return;
            AppDomain.CurrentDomain.AssemblyResolve -= s_current.OnAssemblyResolve;
            s_current = null;
        }
    }

    /// <summary>The files the module ships: *.dll in the module folder and in <c>isolated/</c>, with their identities.</summary>
    public static IReadOnlyList<ShippedAssembly> ScanModuleFolder(string moduleFolder) => ScanModuleFolder(moduleFolder, null);

    /// <summary>
    /// The files the module ships, as <see cref="ScanModuleFolder(string)"/>; with <paramref name="imageFolder"/> (a
    /// runtime identifier from <see cref="NativeImages.ChooseFolder"/>), each isolated file that has a ReadyToRun image
    /// of the same identity in <c>isolated/&lt;imageFolder&gt;/</c> is that image instead. Sub-folders are never
    /// scanned otherwise.
    /// </summary>
    public static IReadOnlyList<ShippedAssembly> ScanModuleFolder(string moduleFolder, string? imageFolder)
    {
        var result = new List<ShippedAssembly>();
        void Scan(string folder, bool isolated)
        {
            if (!Directory.Exists(folder)) return;
            foreach (var path in Directory.GetFiles(folder, "*.dll"))
            {
                try
                {
                    result.Add(new ShippedAssembly(AssemblyName.GetAssemblyName(path), path, isolated));
                }
                catch (BadImageFormatException)
                {
                    // Not a managed assembly: never a candidate.
                }
            }
        }
        Scan(moduleFolder, isolated: false);
        Scan(Path.Combine(moduleFolder, IsolatedFolderName), isolated: true);
        var images = string.IsNullOrEmpty(imageFolder) ? null : Path.Combine(moduleFolder, IsolatedFolderName, imageFolder!);
        if (images is null || !Directory.Exists(images)) return result;
        for (var i = 0; i < result.Count; i++)
        {
            if (!result[i].Isolated) continue;
            var image = Path.Combine(images, Path.GetFileName(result[i].Path));
            if (!File.Exists(image)) continue;
            try
            {
                var name = AssemblyName.GetAssemblyName(image);
                // Only a precompiled copy of the very same assembly stands in for it.
                if (string.Equals(name.FullName, result[i].Name.FullName, StringComparison.OrdinalIgnoreCase))
                    result[i] = new ShippedAssembly(name, image, isolated: true);
            }
            catch (BadImageFormatException)
            {
            }
        }
        return result;
    }

    private DependencyResolver Resolver()
    {
        lock (_resolveGate)
            return _resolver ??= new DependencyResolver(ScanModuleFolder(_moduleFolder, _imageFolder), Isolate);
    }

    private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        if (t_resolving) return null; // A load below raised a nested request: let the runtime report it.
        t_resolving = true;
        try
        {
            var requested = new AssemblyName(args.Name);
            var loaded = AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && IsolatedLoadContext.IsInDefaultContext(a))
                .ToList();
            var decision = Resolver().Decide(requested, loaded.Select(a => a.GetName()));
            switch (decision.Action)
            {
                case ResolveAction.UseLoaded:
                    return loaded.FirstOrDefault(a => a.GetName().FullName == decision.LoadedName!.FullName);
                case ResolveAction.Load:
                    return Assembly.LoadFrom(decision.Path!);
                case ResolveAction.LoadIsolated:
                    return EnsureIsolated().FirstOrDefault(a => PathEquals(a.Location, decision.Path!));
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            // Never throw from a resolve handler: the runtime reports the original bind failure instead.
            return null;
        }
        finally
        {
            t_resolving = false;
        }
    }

    /// <summary>Loads every isolated file into the engine's context (once per process) and prepares the engine there.</summary>
    private IReadOnlyList<Assembly> EnsureIsolated()
    {
        lock (Gate)
        {
            if (s_isolated is not null) return s_isolated;
            s_context ??= IsolatedLoadContext.Create(ContextName);
            var assemblies = Resolver().ShippedIsolated().Select(f => s_context.LoadFromAssemblyPath(f.Path)).ToList();
            var engine = assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, "BgpPeering.Engine", StringComparison.OrdinalIgnoreCase));
            try
            {
                engine?.GetType(IsolatedStartupType, throwOnError: false)?.GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)?.Invoke(null, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new InvalidOperationException("Preparing the isolated engine failed: " + ex.InnerException.Message, ex.InnerException);
            }
            s_isolated = assemblies;
            return assemblies;
        }
    }

    private static bool PathEquals(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.OrdinalIgnoreCase);
}
