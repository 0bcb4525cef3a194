using System.Collections;
using System.Management.Automation.Language;
using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>
/// The module's cmdlets, for data-driven theories: the manifest's CmdletsToExport (BgpPeering.psd1 at the repository
/// root), read with PowerShell's own parser as Import-PowerShellDataFile reads it. A new cmdlet is listed there and
/// nowhere else; CommandContractTests proves that the list is exactly the assembly's cmdlet classes and what the
/// imported module exports.
/// </summary>
public static class Cmdlets
{
    public static readonly IReadOnlyList<string> All = Read(Path.Combine(RepoPaths.RepoRoot, "BgpPeering.psd1"));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All) data.Add(name);
        return data;
    }

    /// <summary>The verb of a cmdlet name, such as "Get" for Get-RouteServerPeer.</summary>
    public static string Verb(string cmdlet) => cmdlet[..cmdlet.IndexOf('-', StringComparison.Ordinal)];

    private static string[] Read(string manifest)
    {
        var ast = Parser.ParseFile(manifest, out _, out var errors);
        if (errors.Length > 0) throw new InvalidOperationException(manifest + " does not parse: " + errors[0].Message);
        var data = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new InvalidOperationException(manifest + " holds no hashtable.");
        var table = (Hashtable)data.SafeGetValue();
        var key = table.Keys.Cast<string>().SingleOrDefault(k => string.Equals(k, "CmdletsToExport", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(manifest + " has no CmdletsToExport.");
        var names = table[key] switch
        {
            string one => [one],
            object[] many => many.Select(o => (string)o).ToArray(),
            var other => throw new InvalidOperationException(manifest + ": CmdletsToExport is a " + other?.GetType().Name + "."),
        };
        if (names.Length == 0 || names.Any(n => n.Contains('*', StringComparison.Ordinal) || !n.Contains('-', StringComparison.Ordinal)))
            throw new InvalidOperationException(manifest + ": CmdletsToExport must name each cmdlet (Verb-Noun, no wildcard).");
        return names;
    }
}
