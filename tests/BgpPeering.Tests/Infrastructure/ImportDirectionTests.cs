using Xunit;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// The import-direction check itself, on a small project written to a temporary folder: every way C# can reach a
/// higher folder is found with its file and line, and comments, strings and members that merely share a folder's
/// name are not imports.
/// </summary>
public sealed class ImportDirectionTests : IDisposable
{
    private static readonly Dictionary<string, string[]> Rule = new()
    {
        ["Low"] = [],
        ["High"] = ["Low"],
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("import-direction-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string file, string text)
    {
        var path = Path.Combine(_dir, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private ImportDirection Check() => new(_dir, "Demo.Project", Rule);

    private void WriteHigh() => Write("High/Top.cs", """
        using Demo.Project.Low;

        namespace Demo.Project.High;

        public sealed class Top { public Bottom B = new(); }
        """);

    [Fact]
    public void A_project_that_imports_only_downward_has_no_violations_and_its_imports_are_seen()
    {
        WriteHigh();
        Write("Low/Bottom.cs", """"
            namespace Demo.Project.Low;

            // using Demo.Project.High; (a comment, not an import)
            /* Demo.Project.High.Top in a block comment */
            public sealed class Bottom
            {
                public string Text = "using Demo.Project.High; Demo.Project.High.Top";
                public string Verbatim = @"Demo.Project.High.Top ""quoted""";
                public string Raw = """
                    High.Top and Demo.Project.High.Top
                    """;
                public char Quote = '"';
                public string High = "a member named like the folder";
                public int Length => High.Length;
            }
            """");

        var check = Check();

        Assert.Empty(check.Violations());
        var import = Assert.Single(check.Imports);
        Assert.Equal(("High/Top.cs", 1, "High", "Low", "using Demo.Project.Low;"), (import.File, import.Line, import.From, import.To, import.Text));
    }

    [Theory]
    [InlineData("using Demo.Project.High;", 1)]
    [InlineData("using static Demo.Project.High.Top;", 1)]
    [InlineData("using Alias = global::Demo.Project.High.Top;", 1)]
    [InlineData("namespace Demo.Project.Low;\n\nclass Bottom { object T = new Demo.Project.High.Top(); }", 3)]
    [InlineData("namespace Demo.Project.Low;\n\nclass Bottom { object T = new High.Top(); }", 3)]
    [InlineData("namespace Demo.Project.Low;\n\nclass Bottom { string S = $\"{new High.Top()}\"; }", 3)]
    public void An_upward_import_is_a_violation_naming_its_file_line_and_text(string code, int line)
    {
        WriteHigh();
        Write("Low/Bottom.cs", code.Contains("namespace", StringComparison.Ordinal) ? code : code + "\n\nnamespace Demo.Project.Low;\n\nclass Bottom { }\n");

        var violation = Assert.Single(Check().Violations());

        Assert.StartsWith("Low/Bottom.cs:" + line + ": ", violation, StringComparison.Ordinal);
        Assert.Contains("'Low' imports 'High'; it may import only nothing of the project", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_using_of_the_project_and_a_folder_missing_from_the_rule_are_violations()
    {
        WriteHigh();
        Write("Low/Bottom.cs", "global using Demo.Project.Low;\n\nnamespace Demo.Project.Low;\n\nclass Bottom { }\n");
        Write("Side/Other.cs", "namespace Demo.Project.Side;\n\nclass Other { }\n");

        var violations = Check().Violations();

        Assert.Contains(violations, v => v.StartsWith("Low/Bottom.cs:1: a global using", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'Side' is not in the rule", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_that_goes_round_in_a_circle_is_a_violation()
    {
        WriteHigh();
        Write("Low/Bottom.cs", "namespace Demo.Project.Low;\n\nclass Bottom { }\n");

        var check = new ImportDirection(_dir, "Demo.Project", new Dictionary<string, string[]> { ["Low"] = ["High"], ["High"] = ["Low"] });

        Assert.Contains(check.Violations(), v => v.Contains("does not point one way", StringComparison.Ordinal));
    }
}
