using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// Reads PlatyPS-format markdown (schema 2.0.0) with Markdig: the cmdlet files and the about_ topic. Anything
/// that PlatyPS's New-ExternalHelp would reject (a missing section, a parameter without its yaml block) is a
/// <see cref="DocFormatException"/> naming the file.
/// </summary>
public static class MarkdownDocs
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private static readonly string[] RequiredSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    /// <summary>Reads every cmdlet file (Verb-Noun.md) of a folder, sorted by name.</summary>
    public static List<CommandDoc> ReadCommands(string folder) =>
        Directory.GetFiles(folder, "*-*.md").OrderBy(f => f, StringComparer.Ordinal).Select(ReadCommand).ToList();

    public static CommandDoc ReadCommand(string path) => ParseCommand(File.ReadAllText(path), path);

    public static CommandDoc ParseCommand(string markdown, string path)
    {
        var document = Markdown.Parse(Normalize(markdown), Pipeline);
        var doc = new CommandDoc { SourcePath = path };
        var blocks = document.ToList();

        if (blocks.FirstOrDefault() is YamlFrontMatterBlock yaml)
        {
            foreach (var line in yaml.Lines.Lines.Select(l => l.ToString()))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) doc.FrontMatter[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            blocks.RemoveAt(0);
        }
        else
        {
            throw new DocFormatException(path, "the file must start with PlatyPS front matter (---, external help file, Module Name, schema: 2.0.0, ---).");
        }

        if (blocks.FirstOrDefault() is not HeadingBlock { Level: 1 } title)
            throw new DocFormatException(path, "the first heading must be '# <Cmdlet-Name>'.");
        doc.Name = InlineText(title.Inline).Trim();
        blocks.RemoveAt(0);
        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(doc.Name, expectedName, StringComparison.Ordinal))
            throw new DocFormatException(path, "the title '" + doc.Name + "' does not match the file name '" + expectedName + "'.");

        var sections = SplitByHeading(blocks, 2, path);
        var missing = RequiredSections.Where(r => !sections.Any(s => s.Title == r)).ToList();
        if (missing.Count > 0) throw new DocFormatException(path, "missing section(s): " + string.Join(", ", missing.Select(m => "## " + m)) + ".");
        var unknown = sections.Where(s => !RequiredSections.Contains(s.Title)).Select(s => s.Title).ToList();
        if (unknown.Count > 0) throw new DocFormatException(path, "unknown section(s): " + string.Join(", ", unknown) + ".");

        foreach (var (name, body) in sections)
        {
            switch (name)
            {
                case "SYNOPSIS": doc.Synopsis.AddRange(Paragraphs(body)); break;
                case "SYNTAX": ReadSyntax(doc, body, path); break;
                case "DESCRIPTION": doc.Description.AddRange(Paragraphs(body)); break;
                case "EXAMPLES": ReadExamples(doc, body, path); break;
                case "PARAMETERS": ReadParameters(doc, body, path); break;
                case "INPUTS": doc.Inputs.AddRange(ReadTypes(body, path, "INPUTS")); break;
                case "OUTPUTS": doc.Outputs.AddRange(ReadTypes(body, path, "OUTPUTS")); break;
                case "NOTES": doc.Notes.AddRange(Paragraphs(body)); break;
                case "RELATED LINKS": doc.RelatedLinks.AddRange(ReadLinks(body)); break;
            }
        }
        if (doc.Synopsis.Count == 0) throw new DocFormatException(path, "## SYNOPSIS is empty.");
        if (doc.Description.Count == 0) throw new DocFormatException(path, "## DESCRIPTION is empty.");
        return doc;
    }

    /// <summary>Reads an about_ topic: '# about_Name', then '## SHORT DESCRIPTION', '## LONG DESCRIPTION' and so on.</summary>
    public static AboutDoc ReadAbout(string path)
    {
        var document = Markdown.Parse(Normalize(File.ReadAllText(path)), Pipeline);
        var about = new AboutDoc { SourcePath = path };
        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    break;
                case HeadingBlock { Level: 1 } h when about.Name.Length == 0:
                    about.Name = InlineText(h.Inline).Trim();
                    break;
                case HeadingBlock h:
                    about.Blocks.Add((h.Level, InlineText(h.Inline).Trim(), false));
                    break;
                case FencedCodeBlock code:
                    about.Blocks.Add((0, CodeText(code), true));
                    break;
                default:
                    foreach (var p in Paragraphs(new[] { block })) about.Blocks.Add((0, p, false));
                    break;
            }
        }
        if (!about.Name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            throw new DocFormatException(path, "an about topic's first heading must be '# about_<Name>'.");
        if (!about.Blocks.Any(b => b.Level == 2 && b.Text.Equals("SHORT DESCRIPTION", StringComparison.OrdinalIgnoreCase)))
            throw new DocFormatException(path, "an about topic needs a '## SHORT DESCRIPTION' section.");
        return about;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static List<(string Title, List<Block> Body)> SplitByHeading(IEnumerable<Block> blocks, int level, string path)
    {
        var result = new List<(string, List<Block>)>();
        foreach (var block in blocks)
        {
            if (block is HeadingBlock h && h.Level == level)
            {
                result.Add((InlineText(h.Inline).Trim(), new List<Block>()));
                continue;
            }
            if (block is HeadingBlock h2 && h2.Level < level)
                throw new DocFormatException(path, "unexpected heading level " + h2.Level + ": '" + InlineText(h2.Inline) + "'.");
            if (result.Count == 0)
            {
                if (block is LinkReferenceDefinitionGroup) continue;
                throw new DocFormatException(path, "text before the first level-" + level + " heading.");
            }
            result[^1].Item2.Add(block);
        }
        return result;
    }

    private static void ReadSyntax(CommandDoc doc, List<Block> body, string path)
    {
        if (body.Any(b => b is HeadingBlock { Level: 3 }))
        {
            foreach (var (title, blocks) in SplitByHeading(body, 3, path))
            {
                var isDefault = title.EndsWith("(Default)", StringComparison.Ordinal);
                var name = isDefault ? title[..^"(Default)".Length].Trim() : title;
                doc.Syntax.Add(SyntaxFrom(name, isDefault, blocks, doc.Name, path));
            }
        }
        else
        {
            doc.Syntax.Add(SyntaxFrom(SyntaxBlock.AllSets, true, body, doc.Name, path));
        }
        if (doc.Syntax.Count > 1 && doc.Syntax.Count(s => s.IsDefault) > 1)
            throw new DocFormatException(path, "more than one parameter set is marked (Default).");
    }

    private static SyntaxBlock SyntaxFrom(string setName, bool isDefault, List<Block> blocks, string command, string path)
    {
        var code = blocks.OfType<FencedCodeBlock>().ToList();
        if (code.Count != 1) throw new DocFormatException(path, "the syntax of set '" + setName + "' must be one fenced code block.");
        var text = CodeText(code[0]).Trim();
        if (!text.StartsWith(command + " ", StringComparison.Ordinal) && text != command)
            throw new DocFormatException(path, "the syntax of set '" + setName + "' must start with " + command + ".");
        var block = new SyntaxBlock { SetName = setName, IsDefault = isDefault, Text = text };
        var rest = text[command.Length..].Replace("[<CommonParameters>]", string.Empty, StringComparison.Ordinal);
        // Tokens: -Name <T> (mandatory named), [-Name <T>] (optional named), [-Name] <T> (mandatory positional),
        // [[-Name] <T>] (optional positional), [-Switch] (optional switch), -Switch (mandatory switch).
        foreach (Match m in Regex.Matches(rest, @"\[\[-[A-Za-z0-9]+\]\s+<[^>]+>\]|\[-[A-Za-z0-9]+\]\s+<[^>]+>|\[-[A-Za-z0-9]+(\s+<[^>]+>)?\]|-[A-Za-z0-9]+(\s+<[^>]+>)?"))
        {
            var token = m.Value;
            var name = Regex.Match(token, @"-([A-Za-z0-9]+)").Groups[1].Value;
            var type = Regex.Match(token, @"<([^>]+)>") is { Success: true } t ? t.Groups[1].Value : null;
            bool required, positional;
            if (token.StartsWith("[[-", StringComparison.Ordinal)) { required = false; positional = true; }
            else if (Regex.IsMatch(token, @"^\[-[A-Za-z0-9]+\]\s+<")) { required = true; positional = true; }
            else if (token.StartsWith("[", StringComparison.Ordinal)) { required = false; positional = false; }
            else { required = true; positional = false; }
            block.Parameters.Add(new SyntaxParameter(name, required, positional, type));
        }
        return block;
    }

    private static void ReadExamples(CommandDoc doc, List<Block> body, string path)
    {
        foreach (var (title, blocks) in SplitByHeading(body, 3, path))
        {
            var example = new ExampleDoc { Title = title };
            foreach (var block in blocks)
            {
                if (block is FencedCodeBlock code) example.Code.Add(CodeText(code));
                else example.Remarks.AddRange(Paragraphs(new[] { block }));
            }
            if (example.Code.Count == 0) throw new DocFormatException(path, "example '" + title + "' has no code block.");
            doc.Examples.Add(example);
        }
    }

    private static void ReadParameters(CommandDoc doc, List<Block> body, string path)
    {
        foreach (var (title, blocks) in SplitByHeading(body, 3, path))
        {
            if (title == "CommonParameters")
            {
                doc.HasCommonParameters = true;
                continue;
            }
            if (!title.StartsWith('-')) throw new DocFormatException(path, "parameter heading '" + title + "' must be '### -Name'.");
            var parameter = new ParameterDoc { Name = title[1..].Trim() };
            foreach (var block in blocks)
            {
                if (block is FencedCodeBlock code && (code.Info ?? string.Empty).Trim().Equals("yaml", StringComparison.OrdinalIgnoreCase))
                    parameter.Metadata.Add(ReadParameterYaml(CodeText(code), parameter.Name, path));
                else parameter.Description.AddRange(Paragraphs(new[] { block }));
            }
            if (parameter.Metadata.Count == 0) throw new DocFormatException(path, "-" + parameter.Name + " has no ```yaml block.");
            if (parameter.Description.Count == 0) throw new DocFormatException(path, "-" + parameter.Name + " has no description.");
            doc.Parameters.Add(parameter);
        }
    }

    private static readonly string[] YamlKeys = ["Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters"];

    private static ParameterMetadataDoc ReadParameterYaml(string yaml, string parameter, string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new DocFormatException(path, "-" + parameter + ": yaml line '" + line + "' is not 'Key: value'.");
            var key = line[..colon].Trim();
            if (!YamlKeys.Contains(key)) throw new DocFormatException(path, "-" + parameter + ": unknown yaml key '" + key + "'.");
            fields[key] = line[(colon + 1)..].Trim();
        }
        var absent = YamlKeys.Where(k => !fields.ContainsKey(k)).ToList();
        if (absent.Count > 0) throw new DocFormatException(path, "-" + parameter + ": the yaml block lacks " + string.Join(", ", absent) + ".");
        static IReadOnlyList<string> List(string value) =>
            value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        bool Bool(string key) => fields[key] switch
        {
            "True" => true,
            "False" => false,
            var other => throw new DocFormatException(path, "-" + parameter + ": " + key + " must be True or False, not '" + other + "'."),
        };
        var pipeline = fields["Accept pipeline input"];
        if (!Regex.IsMatch(pipeline, @"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue)\))$"))
            throw new DocFormatException(path, "-" + parameter + ": Accept pipeline input must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue), not '" + pipeline + "'.");
        var position = fields["Position"];
        if (position != "Named" && !Regex.IsMatch(position, "^[0-9]+$"))
            throw new DocFormatException(path, "-" + parameter + ": Position must be Named or a number, not '" + position + "'.");
        return new ParameterMetadataDoc
        {
            Type = fields["Type"],
            ParameterSets = List(fields["Parameter Sets"]),
            Aliases = List(fields["Aliases"]),
            Required = Bool("Required"),
            Position = position,
            DefaultValue = fields["Default value"],
            PipelineInput = pipeline,
            AcceptWildcard = Bool("Accept wildcard characters"),
        };
    }

    private static IEnumerable<TypeDoc> ReadTypes(List<Block> body, string path, string section)
    {
        var types = SplitByHeading(body, 3, path);
        if (types.Count == 0) throw new DocFormatException(path, "## " + section + " needs at least one '### TypeName' (or '### None').");
        return types.Select(t => new TypeDoc(t.Title, Paragraphs(t.Body).ToList()));
    }

    private static IEnumerable<LinkDoc> ReadLinks(List<Block> body)
    {
        foreach (var block in body)
        {
            if (block is not LeafBlock { Inline: not null } leaf)
            {
                if (block is ContainerBlock container)
                    foreach (var link in ReadLinks(container.Descendants<ParagraphBlock>().Cast<Block>().ToList())) yield return link;
                continue;
            }
            var links = leaf.Inline.Descendants<LinkInline>().Where(l => !l.IsImage).ToList();
            if (links.Count == 0)
            {
                var text = InlineText(leaf.Inline).Trim();
                if (text.Length > 0) yield return new LinkDoc(text, string.Empty);
            }
            foreach (var link in links)
            {
                var url = link.Url ?? string.Empty;
                // Links to sibling cmdlet pages become plain names, which Get-Help resolves itself.
                if (url.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !url.Contains("://", StringComparison.Ordinal)) url = string.Empty;
                yield return new LinkDoc(InlineText(link).Trim(), url);
            }
        }
    }

    /// <summary>The blocks as plain-text paragraphs: list items get a "- " mark, code blocks keep their lines.</summary>
    internal static IEnumerable<string> Paragraphs(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    yield return InlineText(p.Inline).Trim();
                    break;
                case FencedCodeBlock code:
                    yield return CodeText(code);
                    break;
                case CodeBlock code:
                    yield return CodeText(code);
                    break;
                case ListBlock list:
                    var n = 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var mark = list.IsOrdered ? (n++).ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " : "- ";
                        var inner = Paragraphs(item).ToList();
                        if (inner.Count == 0) continue;
                        yield return mark + inner[0];
                        foreach (var more in inner.Skip(1)) yield return "  " + more;
                    }
                    break;
                case QuoteBlock quote:
                    foreach (var inner in Paragraphs(quote)) yield return inner;
                    break;
                case HeadingBlock h:
                    yield return InlineText(h.Inline).Trim();
                    break;
                case Markdig.Extensions.Tables.Table:
                    break;
                case LinkReferenceDefinitionGroup:
                case ThematicBreakBlock:
                case BlankLineBlock:
                    break;
                case ContainerBlock container:
                    foreach (var inner in Paragraphs(container)) yield return inner;
                    break;
            }
        }
    }

    internal static string CodeText(LeafBlock code) =>
        string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())).TrimEnd();

    /// <summary>Inline markdown as plain text: emphasis and code marks dropped, links as their text plus an absolute URL.</summary>
    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null) return string.Empty;
        var sb = new StringBuilder();
        Append(inline, sb);
        return sb.ToString();
    }

    private static void Append(Inline inline, StringBuilder sb)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case LineBreakInline br:
                sb.Append(br.IsHard ? "\n" : " ");
                break;
            case AutolinkInline auto:
                sb.Append(auto.Url);
                break;
            case LinkInline link:
                var before = sb.Length;
                foreach (var child in link) Append(child, sb);
                var url = link.Url ?? string.Empty;
                if (url.Contains("://", StringComparison.Ordinal) && sb.ToString(before, sb.Length - before) != url) sb.Append(" (").Append(url).Append(')');
                break;
            case HtmlEntityInline entity:
                sb.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                sb.Append(html.Tag);
                break;
            case ContainerInline container:
                foreach (var child in container) Append(child, sb);
                break;
        }
    }
}
