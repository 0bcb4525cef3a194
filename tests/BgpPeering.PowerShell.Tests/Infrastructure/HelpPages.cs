using System.Text.RegularExpressions;
using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>A cmdlet's help page, docs/en-US/&lt;cmdlet&gt;.md, as the tests read its sections.</summary>
public static class HelpPages
{
    /// <summary>One section (OUTPUTS, INPUTS, ...): the type names of its ### headings, and its whole text.</summary>
    public static (List<string> Types, string Text) Section(string cmdlet, string section)
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.DocsFolder, cmdlet + ".md")).ReplaceLineEndings("\n");
        var start = page.IndexOf("\n## " + section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, cmdlet + ".md has no " + section + " section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var text = end < 0 ? page[start..] : page[start..end];
        var types = Regex.Matches(text, @"^### (?<type>\S+)[ \t]*$", RegexOptions.Multiline).Select(m => m.Groups["type"].Value).ToList();
        return (types, text);
    }

    /// <summary>The types a cmdlet writes, as its page's OUTPUTS lists them ("None", where it may write nothing, left out).</summary>
    public static List<string> Outputs(string cmdlet) => Section(cmdlet, "OUTPUTS").Types.Where(t => t != "None").ToList();

    /// <summary>
    /// Every type the module's cmdlets write, in full (BgpPeering.Engine.Model.X): the OUTPUTS of every cmdlet's page,
    /// which CommandContractTests proves equal to the cmdlets' OutputType.
    /// </summary>
    public static IReadOnlyList<string> AllOutputs() =>
        Cmdlets.All.SelectMany(Outputs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
