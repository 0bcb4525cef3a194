using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine;

/// <summary>
/// The engine's folders point one way (docs/design.md, "How it is built"): Aws ← Session ← Errors ← Planning ←
/// Operations ← Waiting (the waiter is work a front door hands out: it returns Operations' EngineWork and reads by ID through
/// ByIdReads), and Pipeline, which only runs work, over the model alone. BgpPeering.Engine.Model is another assembly
/// and outside the rule.
/// </summary>
public sealed class ImportDirectionTests
{
    /// <summary>Each folder of src/BgpPeering.Engine with the folders below it; the root holds EngineInfo and IsolatedStartup.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Rule = new Dictionary<string, string[]>
    {
        ["Aws"] = [],
        ["Session"] = ["Aws"],
        ["Errors"] = ["Aws", "Session"],
        ["Planning"] = ["Errors"],
        ["Operations"] = ["Aws", "Session", "Errors", "Planning"],
        ["Waiting"] = ["Aws", "Session", "Errors", "Planning", "Operations"],
        ["Pipeline"] = [],
        [""] = [],
    };

    [Fact]
    public void Each_engine_folder_imports_only_the_folders_below_it()
    {
        var check = new ImportDirection(Path.Combine(BuildPaths.RepoRoot, "src", "BgpPeering.Engine"), "BgpPeering.Engine", Rule);

        var violations = check.Violations();

        Assert.True(violations.Count == 0, "The engine's imports break its direction:\n" + string.Join("\n", violations));
        foreach (var (from, to) in new[] { ("Session", "Aws"), ("Errors", "Session"), ("Operations", "Errors"), ("Planning", "Errors"), ("Operations", "Planning"), ("Waiting", "Operations") })
            Assert.Contains(check.Imports, i => i.From == from && i.To == to);
    }
}
