using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// BgpPeering.Format.ps1xml, read as a file: it is schema-valid, and nothing in it can reach an auth key or a bare
/// $PSStyle. What the views SHOW (columns at 80 and 120, the properties they name, ANSI and plain rendering, no key
/// in any rendering) is proved in a real runspace by tests/BgpPeering.PowerShell.Tests (ViewTests, FormatDataTests).
/// </summary>
public sealed class FormatFileTests
{
    private readonly XDocument _format = XDocument.Load(SurfacePaths.FormatFile);

    [SharedSchemaFact("Format.xsd")]
    public void The_format_file_validates_against_Format_xsd()
    {
        var schema = SchemaValidation.Load(SurfacePaths.Schema("Format.xsd"));
        var problems = SchemaValidation.Validate(schema, _format.Root!, "BgpPeering.Format.ps1xml");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Script_blocks_never_rebind_the_viewed_object()
    {
        // The runspace property check relies on $_ always being the viewed object: no ForEach-Object/Where-Object
        // script block inside a view's script block.
        var offenders = _format.Descendants("ScriptBlock").Select(e => e.Value)
            .Where(s => Regex.IsMatch(s, @"(ForEach-Object|Where-Object|\|\s*%|\|\s*\?)\s*\{", RegexOptions.IgnoreCase)).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Down_sessions_stand_out_only_through_PSStyle_read_safely()
    {
        var scripts = _format.Descendants("ScriptBlock").Select(e => e.Value).ToList();
        var styled = scripts.Where(s => s.Contains("PSStyle", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(styled);
        Assert.All(styled, s =>
        {
            // $PSStyle does not exist before PowerShell 7.2: read it with Get-Variable (never a bare $PSStyle,
            // which fails under Set-StrictMode in Windows PowerShell 5.1, where no test here can run), fall back to
            // the plain text, and respect PlainText rendering.
            Assert.DoesNotContain("$PSStyle", s, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Get-Variable -Name PSStyle -ValueOnly -ErrorAction Ignore", s, StringComparison.Ordinal);
            Assert.Contains("$null -ne $style", s, StringComparison.Ordinal);
            Assert.Contains("'PlainText'", s, StringComparison.Ordinal);
            Assert.Contains("$style.Reset", s, StringComparison.Ordinal);
            Assert.Matches(@"else \{ ""\$v"" \}", s);
        });
    }

    [Fact]
    public void No_view_reaches_into_an_auth_key()
    {
        // Nothing executable (script blocks, property names) may reach into a secret.
        var executable = string.Join("\n", _format.Descendants().Where(e => e.Name == "ScriptBlock" || e.Name == "PropertyName").Select(e => e.Value));
        Assert.DoesNotContain("Reveal", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NonPublic", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("_value", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("GetField", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_format.Descendants("PropertyName"), e => string.Equals(e.Value.Trim(), "AuthKey", StringComparison.OrdinalIgnoreCase));
        // The only use allowed: testing whether a key is set, then printing the fixed mask.
        foreach (var script in _format.Descendants("ScriptBlock").Select(e => e.Value))
        {
            var uses = Regex.Matches(script, @"\$_\.AuthKey\b", RegexOptions.IgnoreCase).Count;
            var nullChecks = Regex.Matches(script, @"\$null -ne \$_\.AuthKey\)", RegexOptions.IgnoreCase).Count;
            Assert.True(uses == nullChecks, "A script block uses $_.AuthKey other than to test for null: " + script);
            if (uses > 0) Assert.Contains("[BgpPeering.Engine.Model.MaskedString]::Mask", script, StringComparison.Ordinal);
        }
    }
}
