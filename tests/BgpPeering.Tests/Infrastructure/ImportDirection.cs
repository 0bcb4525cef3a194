using System.Text;
using System.Text.RegularExpressions;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>One import from a folder of a project into another: where it is and what it says.</summary>
/// <param name="File">The file, relative to the project folder, with <c>/</c> separators.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="From">The importing file's folder (its first folder under the project; empty for the project's root).</param>
/// <param name="To">The imported folder.</param>
/// <param name="Text">The source line, trimmed.</param>
public sealed record FolderImport(string File, int Line, string From, string To, string Text)
{
    public override string ToString() => File + ":" + Line + ": " + Text;
}

/// <summary>
/// The direction of the imports between a project's folders (each folder is a namespace: the root namespace plus
/// the folder). A rule names, for every folder, the folders below it that its files may import; a file may always
/// use its own folder. An import is any mention in code of a folder's namespace — a <c>using</c> (plain, static or
/// alias) or a qualified name, with or without <c>global::</c> — or a name qualified by a sibling folder alone
/// (<c>Api.Ec2Api</c> inside <c>Root.State</c>, which C# resolves through the parent namespace) that names a type
/// declared in that folder. Comments and string literals are not code. A <c>global using</c> of the project's own
/// namespaces, in source or as a <c>&lt;Using&gt;</c> item of the project file, reaches every folder and is refused.
/// Types declared in the root namespace itself are visible to every folder by C#'s rules and are not checked.
/// </summary>
public sealed class ImportDirection
{
    private readonly string _project;
    private readonly string _root;
    private readonly IReadOnlyDictionary<string, string[]> _rule;
    private readonly List<(string File, string From, string Source, string Code)> _files = new();

    /// <param name="projectDirectory">The project's folder, such as <c>src/BgpPeering.Emulator</c>.</param>
    /// <param name="rootNamespace">Its root namespace, such as <c>BgpPeering.Emulator</c>.</param>
    /// <param name="rule">Every folder (empty string for the root), with the folders it may import.</param>
    public ImportDirection(string projectDirectory, string rootNamespace, IReadOnlyDictionary<string, string[]> rule)
    {
        _project = projectDirectory;
        _root = rootNamespace;
        _rule = rule;
        foreach (var path in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(projectDirectory, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            var slash = relative.IndexOf('/');
            var source = File.ReadAllText(path);
            _files.Add((relative, slash < 0 ? string.Empty : relative[..slash], source, CodeText.Of(source)));
        }
        Folders = _files.Select(f => f.From).Distinct().Order(StringComparer.Ordinal).ToList();
        Imports = FindImports();
    }

    /// <summary>The folders that hold source files (empty string for the root).</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Every import from one folder into another, in file and line order.</summary>
    public IReadOnlyList<FolderImport> Imports { get; }

    /// <summary>
    /// What breaks the rule, one line each: a folder the rule does not list (or lists but that has no source), a rule
    /// that does not point one way, an import of a folder that is not below, and a global using of the project's own
    /// namespaces. Empty when the project follows its rule.
    /// </summary>
    public IReadOnlyList<string> Violations()
    {
        var found = new List<string>();
        foreach (var folder in Folders.Where(f => !_rule.ContainsKey(f)))
            found.Add("The folder '" + folder + "' is not in the rule: add it with the folders below it that it may import.");
        foreach (var folder in _rule.Keys.Where(f => !Folders.Contains(f)))
            found.Add("The rule names the folder '" + folder + "', which holds no source file.");
        foreach (var (folder, lower) in _rule)
        {
            if (Reaches(lower, folder, new HashSet<string>(StringComparer.Ordinal)))
                found.Add("The rule does not point one way: '" + folder + "' may import a folder that may import '" + folder + "'.");
        }
        foreach (var import in Imports)
        {
            if (!_rule.TryGetValue(import.From, out var allowed) || allowed.Contains(import.To, StringComparer.Ordinal)) continue;
            found.Add(import + "  ('" + Name(import.From) + "' imports '" + import.To + "'; it may import only "
                + (allowed.Length == 0 ? "nothing of the project" : string.Join(", ", allowed.Select(a => "'" + a + "'"))) + ")");
        }
        var globalUsing = new Regex(@"\bglobal\s+using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?" + Regex.Escape(_root) + @"\.");
        foreach (var file in _files)
        {
            foreach (Match m in globalUsing.Matches(file.Code))
                found.Add(file.File + ":" + LineOf(file.Code, m.Index) + ": a global using of the project's own namespace reaches every folder.");
        }
        foreach (var csproj in Directory.EnumerateFiles(_project, "*.csproj"))
        {
            if (File.ReadAllText(csproj).Contains("<Using Include=\"" + _root + ".", StringComparison.Ordinal))
                found.Add(Path.GetFileName(csproj) + ": a <Using> item of the project's own namespace reaches every folder.");
        }
        return found;
    }

    private static string Name(string folder) => folder.Length == 0 ? "(root)" : folder;

    private bool Reaches(IEnumerable<string> from, string target, HashSet<string> seen)
    {
        foreach (var folder in from)
        {
            if (folder == target) return true;
            if (seen.Add(folder) && _rule.TryGetValue(folder, out var lower) && Reaches(lower, target, seen)) return true;
        }
        return false;
    }

    private List<FolderImport> FindImports()
    {
        var folders = Folders.Where(f => f.Length > 0).ToList();
        // The types each folder declares: what a name qualified by the folder alone can reach.
        var declared = folders.ToDictionary(f => f, f => _files.Where(x => x.From == f)
            .SelectMany(x => Declaration.Matches(x.Code).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var qualified = new Regex(@"(?<![\w.])(?:global::)?" + Regex.Escape(_root) + @"\s*\.\s*(\w+)");
        var partial = folders.Count == 0 ? null : new Regex(@"(?<![\w.:])(" + string.Join("|", folders.Select(Regex.Escape)) + @")\s*\.\s*(\w+)");
        var imports = new List<FolderImport>();
        foreach (var (file, from, source, code) in _files)
        {
            var lines = source.Split('\n');
            var hits = new SortedDictionary<int, HashSet<string>>();
            foreach (Match m in qualified.Matches(code))
            {
                if (folders.Contains(m.Groups[1].Value)) Hit(hits, LineOf(code, m.Index), m.Groups[1].Value);
            }
            if (partial is not null)
            {
                foreach (Match m in partial.Matches(code))
                {
                    if (declared[m.Groups[1].Value].Contains(m.Groups[2].Value)) Hit(hits, LineOf(code, m.Index), m.Groups[1].Value);
                }
            }
            foreach (var (line, targets) in hits)
            {
                foreach (var to in targets.Where(t => t != from).Order(StringComparer.Ordinal))
                    imports.Add(new FolderImport(file, line, from, to, lines[line - 1].Trim()));
            }
        }
        return imports;
    }

    private static readonly Regex Declaration = new(@"\b(?:class|struct|interface|enum|record)\s+(?:class\s+|struct\s+)?([A-Za-z_]\w*)");

    private static void Hit(SortedDictionary<int, HashSet<string>> hits, int line, string folder)
    {
        if (!hits.TryGetValue(line, out var set)) hits[line] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(folder);
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    /// <summary>
    /// C# source with its comments and the text of its string and character literals blanked (newlines kept, so lines
    /// and columns stay), and the code inside interpolation holes kept.
    /// </summary>
    internal sealed class CodeText
    {
        private readonly string _s;
        private readonly char[] _out;
        private int _i;

        private CodeText(string s)
        {
            _s = s;
            _out = s.ToCharArray();
        }

        public static string Of(string source)
        {
            var lexer = new CodeText(source);
            lexer.Code(hole: false);
            return new string(lexer._out);
        }

        private char Peek(int ahead) => _i + ahead < _s.Length ? _s[_i + ahead] : '\0';

        private void Blank()
        {
            if (_s[_i] != '\n' && _s[_i] != '\r') _out[_i] = ' ';
            _i++;
        }

        /// <summary>Code up to the end, or (in an interpolation hole) up to its closing brace, which is left unread.</summary>
        private void Code(bool hole)
        {
            var depth = 0;
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (c == '/' && Peek(1) == '/')
                {
                    while (_i < _s.Length && _s[_i] != '\n') Blank();
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    Blank();
                    Blank();
                    while (_i < _s.Length && !(_s[_i] == '*' && Peek(1) == '/')) Blank();
                    if (_i < _s.Length)
                    {
                        Blank();
                        Blank();
                    }
                }
                else if (c == '\'')
                {
                    Blank();
                    while (_i < _s.Length && _s[_i] != '\'' && _s[_i] != '\n')
                    {
                        if (_s[_i] == '\\') Blank();
                        if (_i < _s.Length) Blank();
                    }
                    if (_i < _s.Length && _s[_i] == '\'') Blank();
                }
                else if (c == '"' || ((c == '$' || c == '@') && StringStarts()))
                {
                    StringLiteral();
                }
                else
                {
                    if (hole && c == '{') depth++;
                    if (hole && c == '}' && depth-- == 0) return;
                    _i++;
                }
            }
        }

        /// <summary>True when the <c>$</c>/<c>@</c> run at the cursor opens a string (and is not a verbatim identifier).</summary>
        private bool StringStarts()
        {
            var j = _i;
            while (j < _s.Length && (_s[j] == '$' || _s[j] == '@')) j++;
            return j < _s.Length && _s[j] == '"';
        }

        private void StringLiteral()
        {
            var interpolated = false;
            var verbatim = false;
            while (_s[_i] is '$' or '@')
            {
                if (_s[_i] == '$') interpolated = true;
                else verbatim = true;
                Blank();
            }
            var quotes = 0;
            while (_i + quotes < _s.Length && _s[_i + quotes] == '"') quotes++;
            if (quotes >= 3)
            {
                // A raw string: it ends at the same run of quotes; its interpolation holes are blanked with it.
                for (var q = 0; q < quotes; q++) Blank();
                while (_i < _s.Length)
                {
                    var run = 0;
                    while (_i + run < _s.Length && _s[_i + run] == '"') run++;
                    if (run >= quotes)
                    {
                        for (var q = 0; q < run; q++) Blank();
                        return;
                    }
                    Blank();
                }
                return;
            }
            Blank();
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (!verbatim && c == '\\')
                {
                    Blank();
                    if (_i < _s.Length) Blank();
                }
                else if (c == '"')
                {
                    Blank();
                    if (!(verbatim && _i < _s.Length && _s[_i] == '"')) return;
                    Blank();
                }
                else if (interpolated && (c == '{' || c == '}') && Peek(1) == c)
                {
                    Blank();
                    Blank();
                }
                else if (interpolated && c == '{')
                {
                    Blank();
                    Code(hole: true);
                    if (_i < _s.Length) Blank();
                }
                else if (c == '\n' && !verbatim)
                {
                    return;
                }
                else
                {
                    Blank();
                }
            }
        }
    }
}
