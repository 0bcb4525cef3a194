using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace BgpPeering.Tests.Surface;

/// <summary>
/// BgpPeering.Format.ps1xml: it is schema-valid, every property a view names exists on the viewed type, the
/// operator's columns are there, down sessions are highlighted in a way Windows PowerShell 5.1 survives, and no
/// view can show an auth key in clear.
/// </summary>
public sealed class FormatFileTests : IClassFixture<CmdletContractTests.Metadata>
{
    private const string Model = "BgpPeering.Engine.Model.";
    private static readonly Regex PropertyReference = new(@"\$_\.(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);

    private readonly ModuleMetadata _m;
    private readonly XDocument _format = XDocument.Load(SurfacePaths.FormatFile);

    public FormatFileTests(CmdletContractTests.Metadata metadata) => _m = metadata.Module;

    private sealed record ViewInfo(string Name, string TypeName, string Kind, XElement Element);

    private IEnumerable<ViewInfo> Views() =>
        _format.Descendants("View").Select(v => new ViewInfo(
            (string)v.Element("Name")!,
            (string)v.Element("ViewSelectedBy")!.Element("TypeName")!,
            v.Element("TableControl") is not null ? "Table" : v.Element("ListControl") is not null ? "List" : v.Elements().Last().Name.LocalName,
            v));

    [SharedSchemaFact("Format.xsd")]
    public void The_format_file_validates_against_Format_xsd()
    {
        var schema = SchemaValidation.Load(SurfacePaths.Schema("Format.xsd"));
        var problems = SchemaValidation.Validate(schema, _format.Root!, "BgpPeering.Format.ps1xml");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(Model + "RouteServerPeer")]
    [InlineData(Model + "RouteServerEndpoint")]
    [InlineData(Model + "DxBgpPeer")]
    public void Each_output_type_has_a_table_view_and_a_list_view(string typeName)
    {
        var kinds = Views().Where(v => v.TypeName == typeName).Select(v => v.Kind).OrderBy(k => k).ToList();
        Assert.Equal(["List", "Table"], kinds);
    }

    [Fact]
    public void Every_view_selects_an_engine_model_type()
    {
        var views = Views().ToList();
        Assert.NotEmpty(views);
        Assert.All(views, v => Assert.NotNull(_m.Engine.GetType(v.TypeName)));
    }

    [Fact]
    public void Every_property_a_view_names_exists_on_its_type()
    {
        var missing = new List<string>();
        foreach (var view in Views())
        {
            var properties = _m.EngineType(view.TypeName).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in view.Element.Descendants("PropertyName").Select(e => e.Value.Trim()))
                if (!properties.Contains(name)) missing.Add(view.Kind + " view of " + view.TypeName + ": PropertyName " + name);
            foreach (var script in view.Element.Descendants("ScriptBlock").Select(e => e.Value))
                foreach (Match m in PropertyReference.Matches(script))
                    if (!properties.Contains(m.Groups["name"].Value)) missing.Add(view.Kind + " view of " + view.TypeName + ": script block uses $_." + m.Groups["name"].Value);
        }
        Assert.True(missing.Count == 0, "Views name properties their types do not have:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Script_blocks_never_rebind_the_viewed_object()
    {
        // The property check above relies on $_ always being the viewed object: no ForEach-Object/Where-Object
        // script block inside a view's script block.
        var offenders = _format.Descendants("ScriptBlock").Select(e => e.Value)
            .Where(s => Regex.IsMatch(s, @"(ForEach-Object|Where-Object|\|\s*%|\|\s*\?)\s*\{", RegexOptions.IgnoreCase)).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_table_and_list_item_has_a_label_or_a_property()
    {
        foreach (var item in _format.Descendants("ListItem"))
            Assert.True(item.Element("PropertyName") is not null || item.Element("Label") is not null, item.ToString());
        foreach (var table in _format.Descendants("TableControl"))
        {
            var headers = table.Descendants("TableColumnHeader").ToList();
            var items = table.Descendants("TableColumnItem").ToList();
            Assert.Equal(headers.Count, items.Count);
            for (var i = 0; i < items.Count; i++)
                Assert.True(items[i].Element("PropertyName") is not null || headers[i].Element("Label") is not null, "A script-block column needs a label: " + items[i]);
        }
    }

    [Theory]
    [InlineData(Model + "RouteServerPeer", new[] { "RouteServerPeerId", "RouteServerEndpointId", "PeerAddress", "PeerAsn", "State", "BGP", "BFD", "Retrieved" })]
    [InlineData(Model + "DxBgpPeer", new[] { "BgpPeerId", "VirtualInterfaceId", "CustomerAddress", "Asn", "State", "BGP", "Retrieved" })]
    [InlineData(Model + "RouteServerEndpoint", new[] { "RouteServerEndpointId", "VpcId", "SubnetId", "EniAddress", "State", "Retrieved" })]
    public void Tables_show_the_columns_an_operator_scans(string typeName, string[] columns)
    {
        var table = Views().Single(v => v.TypeName == typeName && v.Kind == "Table").Element;
        var headers = table.Descendants("TableColumnHeader").Select(h => (string?)h.Element("Label")).ToList();
        var items = table.Descendants("TableColumnItem").Select(i => (string?)i.Element("PropertyName")).ToList();
        var labels = headers.Zip(items, (h, p) => h ?? p).ToList();
        Assert.All(columns, c => Assert.Contains(c, labels));
    }

    [Fact]
    public void The_age_column_is_how_old_the_reading_is_and_says_so()
    {
        // AWS returns no creation time for these resources: "age" may only be computed from RetrievedAt, and it
        // is labelled Retrieved (values such as "12s ago"), never Age or Created.
        foreach (var table in Views().Where(v => v.Kind == "Table"))
        {
            var headers = table.Element.Descendants("TableColumnHeader").ToList();
            var items = table.Element.Descendants("TableColumnItem").ToList();
            var i = headers.FindIndex(h => (string?)h.Element("Label") == "Retrieved");
            Assert.True(i >= 0, table.TypeName + " has no Retrieved column");
            var script = (string)items[i].Element("ScriptBlock")!;
            Assert.Contains("$_.RetrievedAt", script, StringComparison.Ordinal);
            Assert.Contains("ago", script, StringComparison.Ordinal);
            Assert.DoesNotContain(headers, h => Regex.IsMatch((string?)h.Element("Label") ?? string.Empty, "^(Age|Created)", RegexOptions.IgnoreCase));
        }
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
            // which fails under Set-StrictMode), fall back to the plain text, and respect PlainText rendering.
            Assert.DoesNotContain("$PSStyle", s, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Get-Variable -Name PSStyle -ValueOnly -ErrorAction Ignore", s, StringComparison.Ordinal);
            Assert.Contains("$null -ne $style", s, StringComparison.Ordinal);
            Assert.Contains("'PlainText'", s, StringComparison.Ordinal);
            Assert.Contains("$style.Reset", s, StringComparison.Ordinal);
            Assert.Matches(@"else \{ ""\$v"" \}", s);
        });
        // Every BGP column of both peer kinds is styled.
        foreach (var type in new[] { Model + "RouteServerPeer", Model + "DxBgpPeer" })
        {
            var table = Views().Single(v => v.TypeName == type && v.Kind == "Table").Element;
            var headers = table.Descendants("TableColumnHeader").ToList();
            var bgp = table.Descendants("TableColumnItem").ElementAt(headers.FindIndex(h => (string?)h.Element("Label") == "BGP"));
            Assert.Contains("$_.BgpStatus", (string)bgp.Element("ScriptBlock")!, StringComparison.Ordinal);
            Assert.Contains("'Down'", (string)bgp.Element("ScriptBlock")!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_view_shows_an_auth_key_in_clear()
    {
        // Nothing executable (script blocks, property names) may reach into a secret.
        var executable = string.Join("\n", _format.Descendants().Where(e => e.Name == "ScriptBlock" || e.Name == "PropertyName").Select(e => e.Value));
        Assert.DoesNotContain("Reveal", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NonPublic", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("_value", executable, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("GetField", executable, StringComparison.OrdinalIgnoreCase);
        var checkedSecrets = 0;
        foreach (var view in Views())
        {
            var secrets = _m.EngineType(view.TypeName).GetProperties()
                .Where(p => p.PropertyType.FullName == Model + "MaskedString").Select(p => p.Name).ToList();
            foreach (var secret in secrets)
            {
                checkedSecrets++;
                Assert.DoesNotContain(view.Element.Descendants("PropertyName"), e => string.Equals(e.Value.Trim(), secret, StringComparison.OrdinalIgnoreCase));
                foreach (var script in view.Element.Descendants("ScriptBlock").Select(e => e.Value))
                {
                    // The only use allowed: testing whether a key is set, then printing the fixed mask.
                    var uses = Regex.Matches(script, @"\$_\." + secret + @"\b", RegexOptions.IgnoreCase).Count;
                    var nullChecks = Regex.Matches(script, @"\$null -ne \$_\." + secret + @"\)", RegexOptions.IgnoreCase).Count;
                    Assert.True(uses == nullChecks, view.TypeName + " script block uses $_." + secret + " other than to test for null: " + script);
                    if (uses > 0) Assert.Contains("[BgpPeering.Engine.Model.MaskedString]::Mask", script, StringComparison.Ordinal);
                }
            }
        }
        Assert.True(checkedSecrets > 0, "No viewed type has a MaskedString property; the test would prove nothing.");
    }

    [Fact]
    public void Script_blocks_are_balanced_PowerShell()
    {
        foreach (var script in _format.Descendants("ScriptBlock").Select(e => e.Value))
        {
            var problems = PowerShellLint.CheckBalanced(script);
            Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nin: " + script);
        }
    }
}
