using System.Text.RegularExpressions;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Tests.Module;
using Xunit;

namespace BgpPeering.Tests.Engine.Errors;

/// <summary>
/// The error catalogue is the one list of the module's error IDs: about_BgpPeering's table says the same, every
/// entry is usable, and each cmdlet's help names only IDs the catalogue has.
/// </summary>
public sealed class ErrorCatalogueTests
{
    private static readonly string AboutPath = Path.Combine(SurfacePaths.DocsDir, "about_BgpPeering.md");

    /// <summary>The rows of the "Error ID / Category / Ends the call" block in about_BgpPeering.md.</summary>
    private static List<(string Id, string Category, bool EndsTheCall)> DocumentedRows()
    {
        var text = File.ReadAllText(AboutPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        var table = Regex.Match(text, "```text\n(Error ID +Category +Ends the call\n-[- ]+\n(?<rows>(?:.+\n)+?))```");
        Assert.True(table.Success, "about_BgpPeering.md has no error table (a ```text block headed 'Error ID  Category  Ends the call').");
        return table.Groups["rows"].Value.TrimEnd('\n').Split('\n').Select(line =>
        {
            var cells = Regex.Split(line.Trim(), " {2,}");
            Assert.True(cells.Length == 3, "Not a row of three columns: '" + line + "'");
            Assert.True(cells[2] is "yes" or "no", "Ends the call must be yes or no: '" + line + "'");
            return (cells[0], cells[1], cells[2] == "yes");
        }).ToList();
    }

    [Fact]
    public void About_BgpPeering_lists_every_catalogue_entry_with_its_category_and_scope_and_nothing_else()
    {
        var documented = DocumentedRows();
        var catalogue = ErrorCatalogue.All.Select(d => (d.Id, d.Kind.ToString(), d.Scope == ErrorScope.Call)).ToList();

        Assert.Equal(catalogue.Count, documented.Count);
        Assert.Equal(catalogue, documented);
    }

    [Fact]
    public void Entries_are_unique_PascalCase_never_an_exception_type_and_make_errors_of_their_own()
    {
        var all = ErrorCatalogue.All;
        Assert.True(all.Count >= 20, "the catalogue was not read: " + all.Count);
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var d in all)
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", d.Id);
            Assert.DoesNotContain("Exception", d.Id, StringComparison.Ordinal);
            var error = d.For("what happened", "the item");
            Assert.Equal(d.Id, error.ErrorId);
            Assert.Equal(d.Kind, error.Kind);
            Assert.Equal("the item", error.Target);
            Assert.Equal(d.Scope == ErrorScope.Call, error.DoomsTheCall);
        }
        // Only credentials the call cannot do without end it.
        Assert.All(all.Where(d => d.Scope == ErrorScope.Call), d => Assert.Contains(d.Kind, new[] { ErrorKind.AuthenticationError, ErrorKind.InvalidArgument, ErrorKind.ObjectNotFound }));
    }

    [Fact]
    public void Every_error_ID_a_cmdlet_help_page_lists_is_in_the_catalogue()
    {
        var ids = ErrorCatalogue.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var named = 0;
        foreach (var page in Directory.GetFiles(SurfacePaths.DocsDir, "*-*.md"))
        {
            foreach (var line in File.ReadAllLines(page))
            {
                // "Errors: A, B (when), C; D stops the cmdlet ...": the first word of each item of the first sentence.
                var list = Regex.Match(line, "^(Errors|Error IDs): (?<list>.*?)(\\. |$)");
                if (!list.Success) continue;
                var items = Regex.Replace(list.Groups["list"].Value, "\\([^)]*\\)", string.Empty).Split(',', ';');
                foreach (var item in items)
                {
                    var id = item.Trim().Split(' ')[0].TrimEnd('.');
                    named++;
                    Assert.True(ids.Contains(id), Path.GetFileName(page) + " lists the error ID '" + id + "', which the catalogue does not have.");
                }
            }
        }
        Assert.True(named >= 20, "the help pages' error lists were not read: " + named + " IDs");
    }
}
