using System;
using System.Reflection;

namespace BgpPeering.Loader;

/// <summary>
/// The engine's own <c>System.Runtime.Loader.AssemblyLoadContext</c> on .NET (PowerShell 7), reached through
/// reflection because this assembly targets netstandard2.0, where the type does not exist. Every isolated file
/// is loaded into it up front with <c>LoadFromAssemblyPath</c>: a context looks in its own cache before it
/// falls back to the default context, so the engine's references to AWSSDK bind to these copies whatever the
/// default context already holds. Everything else (System.*, BgpPeering.Engine.Model with the output types, the
/// TimeProvider polyfill) is not loaded here and so comes from the default context, shared with PowerShell.
/// </summary>
public sealed class IsolatedLoadContext
{
    private const string AlcTypeName = "System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader";
    private static readonly Type? AlcType = Type.GetType(AlcTypeName, throwOnError: false);

    private readonly object _context;
    private readonly MethodInfo _loadFromAssemblyPath;

    private IsolatedLoadContext(object context, MethodInfo loadFromAssemblyPath)
    {
        _context = context;
        _loadFromAssemblyPath = loadFromAssemblyPath;
    }

    /// <summary>True on .NET Core 3.0 and later (PowerShell 7), false on .NET Framework (Windows PowerShell 5.1).</summary>
    public static bool IsSupported => AlcType?.GetConstructor(new[] { typeof(string), typeof(bool) }) is not null;

    /// <summary>Creates a new, non-collectible context with this name.</summary>
    public static IsolatedLoadContext Create(string name)
    {
        if (AlcType is null) throw new PlatformNotSupportedException("AssemblyLoadContext is not available on this runtime (.NET Framework).");
        var ctor = AlcType.GetConstructor(new[] { typeof(string), typeof(bool) })
            ?? throw new PlatformNotSupportedException("AssemblyLoadContext(string, bool) is not available on this runtime.");
        var load = AlcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })
            ?? throw new PlatformNotSupportedException("AssemblyLoadContext.LoadFromAssemblyPath is not available on this runtime.");
        return new IsolatedLoadContext(ctor.Invoke(new object[] { name, false }), load);
    }

    /// <summary>Loads (or returns the already loaded) assembly at this path into this context.</summary>
    public Assembly LoadFromAssemblyPath(string path)
    {
        try
        {
            return (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path })!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>True when <paramref name="assembly"/> is in the default context (always true on .NET Framework).</summary>
    public static bool IsInDefaultContext(Assembly assembly)
    {
        if (AlcType is null) return true;
        var context = ContextOf(assembly);
        var defaultContext = AlcType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return context is null || ReferenceEquals(context, defaultContext);
    }

    private static object? ContextOf(Assembly assembly) =>
        AlcType?.GetMethod("GetLoadContext", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(Assembly) }, null)
               ?.Invoke(null, new object[] { assembly });
}
