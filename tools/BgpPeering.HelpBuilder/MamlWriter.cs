using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// Writes PowerShell's MAML command help (&lt;Assembly&gt;.dll-Help.xml) from <see cref="CommandDoc"/>s. The layout
/// is the one Get-Help reads, and every command element validates against the PSMaml schemas (developerCommand.xsd):
/// details carry copyright and version, related links are maml:relatedLinks. The one addition is each parameter's
/// <c>aliases</c> attribute (<see cref="AliasesAttribute"/>): Get-Help reads a parameter's aliases from it (its
/// "Aliases" line, and <c>(Get-Help X -Parameter Y).aliases</c>), as PlatyPS writes it, but the 2004 schema predates
/// it; the schema tests validate everything else and check the attribute's form themselves.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The parameter attribute Get-Help reads aliases from: "none", or the aliases joined by ", " (PlatyPS's form).</summary>
    public const string AliasesAttribute = "aliases";

    public static XDocument Write(IEnumerable<CommandDoc> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

    public static void Save(XDocument maml, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var writer = XmlWriter.Create(path, settings);
        maml.Save(writer);
    }

    public static XElement CommandElement(CommandDoc doc)
    {
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                Description(doc.Synopsis),
                new XElement(Maml + "copyright", new XElement(Maml + "para")),
                new XElement(Command + "verb", doc.Verb),
                new XElement(Command + "noun", doc.Noun),
                new XElement(Dev + "version")),
            Description(doc.Description),
            new XElement(Command + "syntax", doc.Syntax.Select(s => SyntaxItem(doc, s))),
            doc.Parameters.Count == 0 ? null : new XElement(Command + "parameters", doc.Parameters.Select(p => Parameter(p, p.Metadata[0]))),
            new XElement(Command + "inputTypes", Types(doc.Inputs).Select(t => new XElement(Command + "inputType", t))),
            new XElement(Command + "returnValues", Types(doc.Outputs).Select(t => new XElement(Command + "returnValue", t))),
            new XElement(Command + "terminatingErrors"),
            new XElement(Command + "nonTerminatingErrors"),
            doc.Notes.Count == 0 ? null : new XElement(Maml + "alertSet",
                new XElement(Maml + "title"),
                new XElement(Maml + "alert", Paras(doc.Notes))),
            doc.Examples.Count == 0 ? null : new XElement(Command + "examples", doc.Examples.Select((e, i) => Example(e, i + 1))),
            new XElement(Maml + "relatedLinks", Links(doc)));
    }

    private static XElement SyntaxItem(CommandDoc doc, SyntaxBlock block)
    {
        var parameters = new List<XElement>();
        foreach (var sp in block.Parameters)
        {
            var parameter = doc.Parameters.FirstOrDefault(p => p.Name == sp.Name)
                ?? throw new DocFormatException(doc.SourcePath, "the syntax of set '" + block.SetName + "' names -" + sp.Name + ", which ## PARAMETERS does not describe.");
            var metadata = MetadataFor(parameter, block.SetName)
                ?? throw new DocFormatException(doc.SourcePath, "-" + sp.Name + " appears in the syntax of set '" + block.SetName + "' but its yaml does not list that set.");
            parameters.Add(Parameter(parameter, metadata, inSyntax: true));
        }
        return new XElement(Command + "syntaxItem", new XElement(Maml + "name", doc.Name), parameters);
    }

    /// <summary>The yaml block of a parameter that applies to a set: the one naming it, else the "(All)" one.</summary>
    public static ParameterMetadataDoc? MetadataFor(ParameterDoc parameter, string setName) =>
        parameter.Metadata.FirstOrDefault(m => m.ParameterSets.Contains(setName))
        ?? parameter.Metadata.FirstOrDefault(m => m.AllSets);

    private static XElement Parameter(ParameterDoc parameter, ParameterMetadataDoc m, bool inSyntax = false)
    {
        var isSwitch = m.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        var description = new List<string>(parameter.Description);
        return new XElement(Command + "parameter",
            new XAttribute("required", m.Required ? "true" : "false"),
            new XAttribute("variableLength", m.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", m.AcceptWildcard ? "true" : "false"),
            new XAttribute("pipelineInput", m.PipelineInput),
            new XAttribute("position", m.Position == "Named" ? "named" : m.Position),
            new XAttribute(AliasesAttribute, m.Aliases.Count == 0 ? "none" : string.Join(", ", m.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(description),
            isSwitch && inSyntax ? null : new XElement(Command + "parameterValue",
                new XAttribute("required", isSwitch ? "false" : "true"),
                new XAttribute("variableLength", "false"),
                m.Type),
            new XElement(Dev + "type", new XElement(Maml + "name", m.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", m.DefaultValue));
    }

    private static IEnumerable<XElement[]> Types(IEnumerable<TypeDoc> types) =>
        types.Select(t => new[]
        {
            new XElement(Dev + "type", new XElement(Maml + "name", t.TypeName), new XElement(Maml + "uri")),
            Description(t.Description),
        });

    private static XElement Example(ExampleDoc example, int number)
    {
        var title = example.Title.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? example.Title : "Example " + number + ": " + example.Title;
        return new XElement(Command + "example",
            new XElement(Maml + "title", "-------------------------- " + title + " --------------------------"),
            new XElement(Dev + "code", string.Join("\n\n", example.Code)),
            new XElement(Dev + "remarks", Paras(example.Remarks.Count == 0 ? new List<string> { string.Empty } : example.Remarks)));
    }

    private static IEnumerable<XElement> Links(CommandDoc doc)
    {
        var links = doc.RelatedLinks.ToList();
        if (doc.FrontMatter.TryGetValue("online version", out var online) && online.Length > 0)
            links.Insert(0, new LinkDoc("Online Version:", online));
        if (links.Count == 0) links.Add(new LinkDoc(string.Empty, string.Empty));
        return links.Select(l => new XElement(Maml + "navigationLink",
            new XElement(Maml + "linkText", l.Text),
            new XElement(Maml + "uri", l.Uri)));
    }

    private static XElement Description(IReadOnlyList<string> paragraphs) =>
        new(Maml + "description", Paras(paragraphs.Count == 0 ? new List<string> { string.Empty } : paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));
}
