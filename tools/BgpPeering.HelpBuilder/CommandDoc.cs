namespace BgpPeering.HelpBuilder;

/// <summary>One cmdlet's help, as read from its PlatyPS-format markdown file.</summary>
public sealed class CommandDoc
{
    public string SourcePath { get; init; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public IDictionary<string, string> FrontMatter { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public List<string> Synopsis { get; } = new();
    public List<SyntaxBlock> Syntax { get; } = new();
    public List<string> Description { get; } = new();
    public List<ExampleDoc> Examples { get; } = new();
    public List<ParameterDoc> Parameters { get; } = new();
    /// <summary>True when the PARAMETERS section has the standard "### CommonParameters" entry.</summary>
    public bool HasCommonParameters { get; set; }
    public List<TypeDoc> Inputs { get; } = new();
    public List<TypeDoc> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<LinkDoc> RelatedLinks { get; } = new();

    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : Name;
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : string.Empty;

    /// <summary>The parameter-set names of the SYNTAX section ("__AllParameterSets" when it has no set headings).</summary>
    public IEnumerable<string> ParameterSetNames => Syntax.Select(s => s.SetName);

    public override string ToString() => Name;
}

/// <summary>One parameter set's syntax: its name, whether it is the default, and the syntax line.</summary>
public sealed class SyntaxBlock
{
    public const string AllSets = "__AllParameterSets";

    public string SetName { get; init; } = AllSets;
    public bool IsDefault { get; init; }
    public string Text { get; init; } = string.Empty;

    /// <summary>The parameters of the syntax line, in order, as written there.</summary>
    public List<SyntaxParameter> Parameters { get; } = new();
}

/// <summary>A parameter as a syntax line shows it: [-Name] is positional, [... ] optional, no value for a switch.</summary>
public sealed record SyntaxParameter(string Name, bool Required, bool Positional, string? ValueType);

public sealed class ExampleDoc
{
    public string Title { get; init; } = string.Empty;
    public List<string> Code { get; } = new();
    public List<string> Remarks { get; } = new();
}

public sealed class ParameterDoc
{
    public string Name { get; init; } = string.Empty;
    public List<string> Description { get; } = new();
    /// <summary>One entry per yaml block; PlatyPS writes several when a parameter differs between sets.</summary>
    public List<ParameterMetadataDoc> Metadata { get; } = new();
}

/// <summary>The fields of one PlatyPS parameter yaml block.</summary>
public sealed class ParameterMetadataDoc
{
    public string Type { get; init; } = string.Empty;
    /// <summary>The set names, or the single entry "(All)".</summary>
    public IReadOnlyList<string> ParameterSets { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();
    public bool Required { get; init; }
    /// <summary>"Named" or a zero-based number.</summary>
    public string Position { get; init; } = "Named";
    public string DefaultValue { get; init; } = "None";
    /// <summary>As written: "False", "True (ByValue)", "True (ByPropertyName)" or "True (ByPropertyName, ByValue)".</summary>
    public string PipelineInput { get; init; } = "False";
    public bool AcceptWildcard { get; init; }

    public bool ByValue => PipelineInput.Contains("ByValue", StringComparison.OrdinalIgnoreCase);
    public bool ByPropertyName => PipelineInput.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase);
    public bool AllSets => ParameterSets.Count == 1 && ParameterSets[0] == "(All)";
}

public sealed record TypeDoc(string TypeName, IReadOnlyList<string> Description);

public sealed record LinkDoc(string Text, string Uri);

/// <summary>An about_ topic: its title and its body as plain-text paragraphs with their heading levels.</summary>
public sealed class AboutDoc
{
    public string SourcePath { get; init; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public List<(int Level, string Text, bool IsCode)> Blocks { get; } = new();
}

/// <summary>A markdown file that does not follow the PlatyPS layout; the message names the file and the problem.</summary>
public sealed class DocFormatException : Exception
{
    public DocFormatException(string path, string problem) : base(Path.GetFileName(path) + ": " + problem)
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
