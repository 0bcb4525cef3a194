using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator;

/// <summary>
/// The emulator's folders point one way: the state at the bottom, the HTTP face on top (docs/emulator.md, "Where
/// things go"). A file may import its own folder and the folders below it, never one above.
/// </summary>
public sealed class ImportDirectionTests
{
    /// <summary>Each folder of src/BgpPeering.Emulator with the folders below it; the root holds Program.cs.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Rule = new Dictionary<string, string[]>
    {
        ["State"] = [],
        ["Auth"] = ["State"],
        ["Api"] = ["State", "Auth"],
        ["Admin"] = ["State", "Auth", "Api"],
        ["Pipeline"] = ["State", "Auth", "Api", "Admin"],
        ["Hosting"] = ["State", "Auth", "Api", "Admin", "Pipeline"],
        [""] = ["Hosting"],
    };

    [Fact]
    public void Each_emulator_folder_imports_only_the_folders_below_it()
    {
        var check = new ImportDirection(Path.Combine(BuildPaths.RepoRoot, "src", "BgpPeering.Emulator"), "BgpPeering.Emulator", Rule);

        var violations = check.Violations();

        Assert.True(violations.Count == 0, "The emulator's imports break its direction:\n" + string.Join("\n", violations));
        // The scan sees the imports the layers are built on, so an empty list above means something.
        foreach (var (from, to) in new[] { ("Api", "State"), ("Api", "Auth"), ("Admin", "State"), ("Pipeline", "Api"), ("Pipeline", "Admin"), ("Hosting", "Pipeline"), ("", "Hosting") })
            Assert.Contains(check.Imports, i => i.From == from && i.To == to);
    }
}
