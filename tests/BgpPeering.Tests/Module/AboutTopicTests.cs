using BgpPeering.HelpBuilder;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>docs/en-US/about_BgpPeering.md: the sections the module promises, and its Get-Help text form.</summary>
public sealed class AboutTopicTests
{
    private static readonly string Path_ = Path.Combine(SurfacePaths.DocsDir, "about_BgpPeering.md");

    [Fact]
    public void The_about_topic_covers_credentials_the_emulator_WhatIf_and_waiting()
    {
        Assert.True(File.Exists(Path_), "docs/en-US/about_BgpPeering.md is missing.");
        var about = MarkdownDocs.ReadAbout(Path_);
        Assert.Equal("about_BgpPeering", about.Name);
        var headings = about.Blocks.Where(b => b.Level > 0).Select(b => b.Text).ToList();
        foreach (var topic in new[] { "Credentials", "emulator", "WhatIf", "Waiting" })
            Assert.True(headings.Any(h => h.Contains(topic, StringComparison.OrdinalIgnoreCase)), "about_BgpPeering has no section about " + topic + ". Headings: " + string.Join(" | ", headings));
        var text = File.ReadAllText(Path_);
        Assert.Contains("Direct Connect has no DryRun", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ProgressAction", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_about_topic_becomes_Get_Help_text()
    {
        var text = AboutTopicWriter.Write(MarkdownDocs.ReadAbout(Path_));
        Assert.StartsWith("TOPIC\n    about_BgpPeering\n", text, StringComparison.Ordinal);
        Assert.Contains("\nSHORT DESCRIPTION\n", text, StringComparison.Ordinal);
        Assert.Contains("\nLONG DESCRIPTION\n", text, StringComparison.Ordinal);
        // Prose is wrapped at 80 columns; only code lines (indented 8) may be longer.
        Assert.All(text.Split('\n').Where(l => l.Length > 80), l => Assert.StartsWith("        ", l, StringComparison.Ordinal));
    }

    // Every PowerShell block of the topic RUNS against the emulator: tests/BgpPeering.PowerShell.Tests, HelpExampleTests.
}
