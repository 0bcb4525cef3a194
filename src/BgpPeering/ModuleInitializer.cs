using System.IO;
using System.Management.Automation;
using BgpPeering.Loader;

namespace BgpPeering;

/// <summary>
/// Runs when the module is imported and removed. It only installs, and removes, the assembly resolver; the
/// decisions live in <see cref="DependencyResolver"/> (BgpPeering.Loader, tested in xunit).
/// PowerShell 7: BgpPeering.Engine and AWSSDK load into the module's own AssemblyLoadContext on
/// first use. Windows PowerShell 5.1: version-mismatched binds (System.Memory and friends, AWSSDK) are
/// answered with equal-or-higher copies, since .NET Framework has no binding redirects for a module.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => ModuleAssemblyLoader.Install(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);

    public void OnRemove(PSModuleInfo psModuleInfo) => ModuleAssemblyLoader.Uninstall();
}
