using System.Text;
using System.Text.RegularExpressions;

namespace BgpPeering.Tests.Surface;

/// <summary>
/// A small PowerShell scanner for a machine without pwsh: it checks that brackets, braces, parentheses, quotes,
/// here-strings, sub-expressions and block comments balance, and lists the Verb-Noun commands a script calls.
/// It is not a parser: it catches the mistakes that make a file fail to load, not every syntax error.
/// </summary>
public static class PowerShellLint
{
    private static readonly Regex VerbNoun = new(@"^[A-Z][a-z]+-[A-Za-z][A-Za-z0-9]*$", RegexOptions.Compiled);

    /// <summary>The problems found (empty when balanced), each with a line number.</summary>
    public static List<string> CheckBalanced(string script) => Scan(script).Problems;

    /// <summary>Every bareword of the form Verb-Noun outside strings and comments (command names).</summary>
    public static SortedSet<string> Commands(string script) => Scan(script).Commands;

    /// <summary>The script with comments removed and string contents blanked (quotes kept), for searching code only.</summary>
    public static string CodeOnly(string script) => Scan(script).Code;

    private sealed class Result
    {
        public List<string> Problems { get; } = new();
        public SortedSet<string> Commands { get; } = new(StringComparer.OrdinalIgnoreCase);
        public string Code { get; set; } = string.Empty;
    }

    private static Result Scan(string s)
    {
        var result = new Result();
        var code = new StringBuilder(s.Length);
        var line = 1;

        void Problem(string message) => result.Problems.Add("line " + line + ": " + message);

        bool AtTokenStart(int at) => at == 0 || char.IsWhiteSpace(s[at - 1]) || ";({[|=,".IndexOf(s[at - 1]) >= 0;

        // Scans a double-quoted string body starting after the opening quote; returns the index after the closing quote.
        int DoubleQuoted(int at, bool here)
        {
            while (at < s.Length)
            {
                var c = s[at];
                if (c == '\n') line++;
                if (c == '`' && at + 1 < s.Length) { if (s[at + 1] == '\n') line++; at += 2; continue; }
                if (c == '$' && at + 1 < s.Length && s[at + 1] == '(')
                {
                    at = Code(at + 2, ')', insideString: true);
                    continue;
                }
                if (!here && c == '"')
                {
                    if (at + 1 < s.Length && s[at + 1] == '"') { at += 2; continue; }
                    return at + 1;
                }
                if (here && c == '\n' && at + 2 < s.Length && s[at + 1] == '"' && s[at + 2] == '@') { line++; return at + 3; }
                at++;
            }
            Problem(here ? "unterminated @\" here-string" : "unterminated double-quoted string");
            return at;
        }

        int SingleQuoted(int at, bool here)
        {
            while (at < s.Length)
            {
                var c = s[at];
                if (c == '\n') line++;
                if (!here && c == '\'')
                {
                    if (at + 1 < s.Length && s[at + 1] == '\'') { at += 2; continue; }
                    return at + 1;
                }
                if (here && c == '\n' && at + 2 < s.Length && s[at + 1] == '\'' && s[at + 2] == '@') { line++; return at + 3; }
                at++;
            }
            Problem(here ? "unterminated @' here-string" : "unterminated single-quoted string");
            return at;
        }

        // Scans code until the closing bracket `close` (or the end when close is '\0'); returns the index after it.
        int Code(int at, char close, bool insideString)
        {
            var depth = new Stack<(char Open, int Line)>();
            while (at < s.Length)
            {
                var c = s[at];
                if (c == '\n') { line++; code.Append('\n'); at++; continue; }
                if (c == '`' && at + 1 < s.Length) { if (s[at + 1] == '\n') { line++; code.Append('\n'); } at += 2; continue; }
                if (c == '<' && at + 1 < s.Length && s[at + 1] == '#')
                {
                    var end = s.IndexOf("#>", at + 2, StringComparison.Ordinal);
                    if (end < 0) { Problem("unterminated <# block comment"); return s.Length; }
                    for (var k = at; k < end; k++) if (s[k] == '\n') { line++; code.Append('\n'); }
                    at = end + 2;
                    continue;
                }
                if (c == '#' && AtTokenStart(at))
                {
                    while (at < s.Length && s[at] != '\n') at++;
                    continue;
                }
                if (c == '@' && at + 1 < s.Length && (s[at + 1] == '"' || s[at + 1] == '\''))
                {
                    // A here-string opens with @" or @' at the end of a line.
                    var j = at + 2;
                    while (j < s.Length && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
                    if (j < s.Length && s[j] == '\n')
                    {
                        line++;
                        code.Append("@\"\"@");
                        at = s[at + 1] == '"' ? DoubleQuoted(j + 1, here: true) : SingleQuoted(j + 1, here: true);
                        continue;
                    }
                }
                if (c == '"' || c == '\u201C' || c == '\u201D')
                {
                    code.Append("\"\"");
                    at = DoubleQuoted(at + 1, here: false);
                    continue;
                }
                if (c == '\'' || c == '\u2018' || c == '\u2019')
                {
                    code.Append("''");
                    at = SingleQuoted(at + 1, here: false);
                    continue;
                }
                if (c is '(' or '{' or '[')
                {
                    depth.Push((c, line));
                    code.Append(c);
                    at++;
                    continue;
                }
                if (c is ')' or '}' or ']')
                {
                    if (depth.Count == 0)
                    {
                        if (c == close) { code.Append(c); return at + 1; }
                        Problem("unexpected '" + c + "'" + (close == '\0' ? string.Empty : " (expected '" + close + "')"));
                        code.Append(c);
                        at++;
                        continue;
                    }
                    var (open, openLine) = depth.Pop();
                    var expected = open switch { '(' => ')', '{' => '}', _ => ']' };
                    if (c != expected) Problem("'" + c + "' closes '" + open + "' opened on line " + openLine);
                    code.Append(c);
                    at++;
                    continue;
                }
                if (char.IsLetter(c) && (at == 0 || !(char.IsLetterOrDigit(s[at - 1]) || s[at - 1] is '-' or '$' or '.' or ':' or '_' or '\\' or '/')))
                {
                    var j = at;
                    while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '-' || s[j] == '_')) j++;
                    var word = s.Substring(at, j - at);
                    if (VerbNoun.IsMatch(word) && (j >= s.Length || s[j] != ':')) result.Commands.Add(word);
                    code.Append(word);
                    at = j;
                    continue;
                }
                code.Append(c);
                at++;
            }
            foreach (var (open, openLine) in depth) Problem("'" + open + "' opened on line " + openLine + " is never closed");
            if (close != '\0') Problem(insideString ? "unterminated $( sub-expression in a string" : "missing '" + close + "'");
            return at;
        }

        Code(0, '\0', insideString: false);
        result.Code = code.ToString();
        return result;
    }
}
