using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BgpPeering.Loader;

/// <summary>
/// Which images the engine's load context takes: the ReadyToRun copies in <c>isolated/&lt;rid&gt;/</c>, precompiled
/// for one runtime identifier, or the IL copies in <c>isolated/</c>. Only an isolating load (PowerShell 7, .NET)
/// ever takes a ReadyToRun image: .NET Framework (Windows PowerShell 5.1) never isolates, so it is never handed one,
/// and neither is a process whose runtime identifier has no folder. <see cref="ChooseFolder"/> is pure.
/// </summary>
public static class NativeImages
{
    /// <summary>
    /// The runtime identifiers of this process, most specific first: the runtime's own
    /// (<c>RuntimeInformation.RuntimeIdentifier</c>, .NET 5 and later, such as <c>linux-musl-x64</c>), then the
    /// portable one from the operating system and the process architecture (<c>linux-x64</c>, <c>win-x64</c>,
    /// <c>osx-arm64</c>). Empty where neither is known.
    /// </summary>
    public static IReadOnlyList<string> CurrentRuntimeIdentifiers()
    {
        var result = new List<string>();
        try
        {
            // Read by reflection: netstandard2.0 does not have the property, .NET 5 and later do.
            if (typeof(RuntimeInformation).GetProperty("RuntimeIdentifier", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is string own && own.Length > 0)
                result.Add(own);
        }
        catch (TargetInvocationException)
        {
        }
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : null;
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        if (os is not null && architecture is not null && !result.Contains(os + "-" + architecture, StringComparer.OrdinalIgnoreCase))
            result.Add(os + "-" + architecture);
        return result;
    }

    /// <summary>
    /// The sub-folder of <c>isolated/</c> whose images to load, or null for the IL images: the first of
    /// <paramref name="runtimeIdentifiers"/> that is one of <paramref name="folders"/>, and only when
    /// <paramref name="isolate"/> (the engine gets its own load context, which only .NET has).
    /// </summary>
    public static string? ChooseFolder(bool isolate, IEnumerable<string> runtimeIdentifiers, IEnumerable<string> folders)
    {
        if (runtimeIdentifiers is null) throw new ArgumentNullException(nameof(runtimeIdentifiers));
        if (folders is null) throw new ArgumentNullException(nameof(folders));
        if (!isolate) return null;
        var available = folders.ToList();
        foreach (var rid in runtimeIdentifiers)
        {
            var match = available.FirstOrDefault(f => string.Equals(f, rid, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match;
        }
        return null;
    }
}
