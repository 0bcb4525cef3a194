// The safe .psd1 reader of tools/BgpPeering.HelpBuilder, which the manifest and package tests read the manifest with.
using BgpPeering.HelpBuilder;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>The safe .psd1 reader: the data-file language in, anything executable rejected with its line.</summary>
public sealed class PowerShellDataFileTests
{
    [Fact]
    public void It_reads_the_syntax_manifests_use()
    {
        const string text = """
            # A comment
            @{
                RootModule = 'Mod.dll'   # trailing comment
                'Quoted Key' = "double `"quoted`"`tvalue"
                Count = 42; Negative = -7
                Ratio = 1.5
                Yes = $true
                No = $False
                Nothing = $null
                <# block
                   comment #>
                Lines = @(
                    'a'
                    'b', 'c'
                )
                Bare = 'x', 'y'
                Empty = @()
                Escaped = 'it''s'
                Here = @'
            first
            second
            '@
                Nested = @{ Inner = @{ Deep = 'yes' } }
            }
            """;
        var data = PowerShellDataFile.Parse(text);
        Assert.Equal("Mod.dll", PowerShellDataFile.GetString(data, "rootmodule"));
        Assert.Equal("double \"quoted\"\tvalue", PowerShellDataFile.GetString(data, "Quoted Key"));
        Assert.Equal(42L, data["Count"]);
        Assert.Equal(-7L, data["Negative"]);
        Assert.Equal(1.5m, data["Ratio"]);
        Assert.Equal(true, data["Yes"]);
        Assert.Equal(false, data["No"]);
        Assert.Null(data["Nothing"]);
        Assert.Equal(["a", "b", "c"], PowerShellDataFile.GetStrings(data, "Lines"));
        Assert.Equal(["x", "y"], PowerShellDataFile.GetStrings(data, "Bare"));
        Assert.Empty(PowerShellDataFile.GetStrings(data, "Empty"));
        Assert.Equal("it's", PowerShellDataFile.GetString(data, "Escaped"));
        Assert.Equal("first\nsecond", PowerShellDataFile.GetString(data, "Here"));
        Assert.Equal("yes", PowerShellDataFile.GetString(data, "Nested.Inner.Deep"));
        Assert.Null(PowerShellDataFile.Get(data, "Nested.Missing.Deep"));
    }

    [Theory]
    [InlineData("@{ A = $env:USERNAME }", "variables are not allowed")]
    [InlineData("@{ A = \"$(Get-Date)\" }", "not allowed in a data file string")]
    [InlineData("@{ A = Get-Date }", "unexpected 'G'")]
    [InlineData("@{ A = 'x' B = 'y' }", "expected a new line")]
    [InlineData("@{ A = 'x'", "unterminated hashtable")]
    [InlineData("@{ A = 'x'\n A = 'y' }", "appears twice")]
    [InlineData("@{ A = 'x' } extra", "unexpected text after")]
    [InlineData("Remove-Item x", "must be one hashtable")]
    public void It_rejects_anything_executable_or_malformed(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PowerShellDataFile.Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("line ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_reads_the_repository_manifest_the_way_a_regex_would()
    {
        var text = File.ReadAllText(SurfacePaths.Manifest);
        var data = PowerShellDataFile.Parse(text);
        var block = System.Text.RegularExpressions.Regex.Match(text, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
        var byRegex = System.Text.RegularExpressions.Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(byRegex, PowerShellDataFile.GetStrings(data, "CmdletsToExport"));
    }
}
