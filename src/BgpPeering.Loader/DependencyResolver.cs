using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace BgpPeering.Loader;

/// <summary>
/// Decides, for one assembly request that the runtime could not bind, which of the module's shipped files
/// answers it, or whether an already-loaded assembly does, or nothing. Pure: it sees assembly names and
/// file paths only, never loads anything, and knows nothing of PowerShell.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
///   <item><description>A name the module does not ship is never answered (and neither are satellite
///   <c>.resources</c> assemblies): the handler is process-wide and other modules' binds are not ours.</description></item>
///   <item><description>Culture and public key token must be equal: a different token is a different
///   assembly, whatever its name. A request that names no token (a by-name load) accepts any.</description></item>
///   <item><description>Isolating (PowerShell 7): AWSSDK and the engine's AWSSDK half live in the engine's own
///   context. A request for the engine's AWSSDK half (<c>BgpPeering.*</c>) is answered from there; a request for
///   an AWSSDK assembly that reaches this handler came from the default context, that is from someone else,
///   and is refused so our copy never leaks into it.</description></item>
///   <item><description>An already-loaded assembly of the same name, culture and token, whose version is equal
///   or higher, is preferred over loading a second copy (on Windows PowerShell 5.1 this is how AWS.Tools and
///   BgpPeering share AWSSDK.Core 4.0.0.0, and how two modules avoid two System.Memory copies).</description></item>
///   <item><description>Otherwise the highest shipped version that is equal or higher than the request is
///   loaded. A shipped version lower than the request is refused: it would fail later with a missing member.</description></item>
/// </list>
/// A request without a version accepts any version.
/// </remarks>
public sealed class DependencyResolver
{
    /// <summary>The prefix of our own assemblies; in isolating mode only these are handed out from the engine's context.</summary>
    private const string OwnAssemblyPrefix = "BgpPeering.";

    private readonly Dictionary<string, List<ShippedAssembly>> _byName;

    public DependencyResolver(IEnumerable<ShippedAssembly> shipped, bool isolate)
    {
        if (shipped is null) throw new ArgumentNullException(nameof(shipped));
        Isolate = isolate;
        _byName = new Dictionary<string, List<ShippedAssembly>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in shipped)
        {
            if (!_byName.TryGetValue(file.Name.Name!, out var list)) _byName[file.Name.Name!] = list = new List<ShippedAssembly>();
            list.Add(file);
        }
    }

    /// <summary>True on PowerShell 7 (.NET), where the AWSSDK half of the engine runs in its own load context.</summary>
    public bool Isolate { get; }

    /// <summary>The shipped files that belong to the engine's own load context.</summary>
    public IEnumerable<ShippedAssembly> ShippedIsolated() => _byName.Values.SelectMany(l => l).Where(f => f.Isolated);

    /// <summary>Decides what answers <paramref name="requested"/>, given the assemblies already loaded in the requesting context.</summary>
    public ResolveDecision Decide(AssemblyName requested, IEnumerable<AssemblyName> loaded)
    {
        if (requested is null) throw new ArgumentNullException(nameof(requested));
        if (loaded is null) throw new ArgumentNullException(nameof(loaded));
        var name = requested.Name;
        if (string.IsNullOrEmpty(name)) return ResolveDecision.None("the request has no simple name");
        if (name!.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
            return ResolveDecision.None("satellite resource assemblies are not shipped");
        if (!_byName.TryGetValue(name, out var files))
            return ResolveDecision.None(name + " is not shipped by BgpPeering");

        var sameCulture = files.Where(f => SameCulture(f.Name, requested)).ToList();
        if (sameCulture.Count == 0)
            return ResolveDecision.None("no shipped " + name + " has culture '" + CultureOf(requested) + "'");
        var sameToken = sameCulture.Where(f => SameToken(f.Name, requested)).ToList();
        if (sameToken.Count == 0)
            return ResolveDecision.None("the shipped " + name + " has public key token " + TokenOf(sameCulture[0].Name) +
                ", the request wants " + TokenOf(requested) + ": a different assembly");

        var best = sameToken.Where(f => Satisfies(f.Name.Version, requested.Version))
                            .OrderByDescending(f => f.Name.Version ?? new Version(0, 0))
                            .FirstOrDefault();
        var highest = sameToken.Max(f => f.Name.Version ?? new Version(0, 0));

        if (Isolate && sameToken.Any(f => f.Isolated))
        {
            if (!name.StartsWith(OwnAssemblyPrefix, StringComparison.OrdinalIgnoreCase))
                return ResolveDecision.None(name + " lives in the engine's own load context; a request for it from the default context is another module's, and ours is not handed out");
            if (best is null)
                return ResolveDecision.None("the shipped " + name + " " + highest + " is older than the requested " + requested.Version);
            return ResolveDecision.Load(best, isolated: true, "from the engine's own load context: " + name + " " + best.Name.Version);
        }

        var loadedMatch = loaded
            .Where(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase) &&
                        SameCulture(l, requested) && SameToken(l, requested) && Satisfies(l.Version, requested.Version))
            .OrderByDescending(l => l.Version ?? new Version(0, 0))
            .FirstOrDefault();
        if (loadedMatch is not null)
            return ResolveDecision.UseLoaded(loadedMatch, "an equal or higher " + name + " (" + loadedMatch.Version + ") is already loaded; sharing it");

        if (best is null)
            return ResolveDecision.None("the shipped " + name + " " + highest + " is older than the requested " + requested.Version);
        return ResolveDecision.Load(best, isolated: false, "shipped: " + name + " " + best.Name.Version +
            (requested.Version is null ? string.Empty : " for the requested " + requested.Version));
    }

    private static bool Satisfies(Version? available, Version? requested) =>
        requested is null || (available is not null && available >= requested);

    private static string CultureOf(AssemblyName n) => string.IsNullOrEmpty(n.CultureName) ? "neutral" : n.CultureName!;

    private static bool SameCulture(AssemblyName a, AssemblyName b) =>
        string.Equals(CultureOf(a), CultureOf(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Equal tokens. A request that names no token at all (<c>Assembly.Load("AWSSDK.SSO")</c>, as AWSSDK.Core does for
    /// its optional packages) accepts any; <c>PublicKeyToken=null</c> is a token too, meaning "not signed".
    /// </summary>
    private static bool SameToken(AssemblyName candidate, AssemblyName requested)
    {
        var wanted = requested.GetPublicKeyToken();
        if (wanted is null) return true;
        return (candidate.GetPublicKeyToken() ?? Array.Empty<byte>()).SequenceEqual(wanted);
    }

    private static string TokenOf(AssemblyName n)
    {
        var t = n.GetPublicKeyToken();
        return t is null || t.Length == 0 ? "null" : string.Concat(t.Select(b => b.ToString("x2")));
    }
}
