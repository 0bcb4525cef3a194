using System.Globalization;
using System.Text;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// A safe reader for PowerShell data files (.psd1): the restricted language Import-PowerShellDataFile accepts,
/// without running anything. Supported: hashtables <c>@{ }</c> with bare or quoted keys, entries separated by
/// new lines or <c>;</c>; arrays <c>@( )</c> and comma lists; single-quoted strings (<c>''</c> escapes a quote),
/// double-quoted strings with backtick escapes but no <c>$</c> expansion; here-strings; integers and decimals;
/// <c>$true</c>, <c>$false</c> and <c>$null</c>; <c>#</c> and <c>&lt;# #&gt;</c> comments. Anything else (a
/// variable, a sub-expression, a command) is a <see cref="FormatException"/> with the line number.
/// Hashtables become case-insensitive dictionaries, arrays become lists.
/// </summary>
public sealed class PowerShellDataFile
{
    private readonly string _s;
    private int _i;

    private PowerShellDataFile(string text) => _s = text.Replace("\r\n", "\n", StringComparison.Ordinal);

    public static Dictionary<string, object?> ReadFile(string path) => Parse(File.ReadAllText(path));

    public static Dictionary<string, object?> Parse(string text)
    {
        var reader = new PowerShellDataFile(text);
        reader.SkipTrivia(newLines: true);
        if (!reader.StartsWith("@{")) throw reader.Error("a data file must be one hashtable, @{ ... }");
        var result = reader.ReadHashtable();
        reader.SkipTrivia(newLines: true);
        if (reader._i < reader._s.Length) throw reader.Error("unexpected text after the hashtable");
        return result;
    }

    private FormatException Error(string message)
    {
        var line = 1 + _s.Take(Math.Min(_i, _s.Length)).Count(c => c == '\n');
        return new FormatException("line " + line.ToString(CultureInfo.InvariantCulture) + ": " + message + ".");
    }

    private bool StartsWith(string token) => string.CompareOrdinal(_s, _i, token, 0, token.Length) == 0;

    private char Peek => _i < _s.Length ? _s[_i] : '\0';

    private void SkipTrivia(bool newLines)
    {
        while (_i < _s.Length)
        {
            var c = _s[_i];
            if (c == '\n' && !newLines) return;
            if (c is ' ' or '\t' or '\r' or '\n' || c == '\uFEFF') { _i++; continue; }
            if (c == '`' && _i + 1 < _s.Length && _s[_i + 1] == '\n') { _i += 2; continue; }
            if (c == '#') { while (_i < _s.Length && _s[_i] != '\n') _i++; continue; }
            if (StartsWith("<#"))
            {
                var end = _s.IndexOf("#>", _i + 2, StringComparison.Ordinal);
                if (end < 0) throw Error("unterminated <# comment");
                _i = end + 2;
                continue;
            }
            return;
        }
    }

    private Dictionary<string, object?> ReadHashtable()
    {
        _i += 2; // @{
        var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia(newLines: true);
            while (Peek == ';') { _i++; SkipTrivia(newLines: true); }
            if (Peek == '}') { _i++; return table; }
            if (_i >= _s.Length) throw Error("unterminated hashtable: missing }");
            var key = ReadKey();
            SkipTrivia(newLines: false);
            if (Peek != '=') throw Error("expected '=' after the key '" + key + "'");
            _i++;
            SkipTrivia(newLines: true);
            if (table.ContainsKey(key)) throw Error("the key '" + key + "' appears twice");
            table[key] = ReadValue(inArray: false);
            SkipTrivia(newLines: false);
            if (Peek is not ('\n' or ';' or '}') && _i < _s.Length) throw Error("expected a new line, ';' or '}' after the value of '" + key + "'");
        }
    }

    private string ReadKey()
    {
        if (Peek is '\'' or '"') return ReadString();
        var start = _i;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] is '_' or '-' or '.')) _i++;
        if (_i == start) throw Error("expected a key");
        return _s[start.._i];
    }

    /// <summary>A value; a comma after it makes a list (as in <c>Tags = 'a', 'b'</c>).</summary>
    private object? ReadValue(bool inArray)
    {
        var first = ReadSingle();
        if (inArray) return first;
        SkipTrivia(newLines: false);
        if (Peek != ',') return first;
        var list = new List<object?> { first };
        while (Peek == ',')
        {
            _i++;
            SkipTrivia(newLines: true);
            list.Add(ReadSingle());
            SkipTrivia(newLines: false);
        }
        return list;
    }

    private object? ReadSingle()
    {
        if (StartsWith("@{")) return ReadHashtable();
        if (StartsWith("@(")) return ReadArray();
        if (StartsWith("@'") || StartsWith("@\"")) return ReadHereString();
        if (Peek is '\'' or '"') return ReadString();
        if (Peek == '$')
        {
            foreach (var (word, value) in new (string, object?)[] { ("$true", true), ("$false", false), ("$null", null) })
            {
                if (string.Compare(_s, _i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 && !IsWordChar(_i + word.Length))
                {
                    _i += word.Length;
                    return value;
                }
            }
            throw Error("variables are not allowed in a data file");
        }
        if (char.IsDigit(Peek) || (Peek is '-' or '+' && _i + 1 < _s.Length && char.IsDigit(_s[_i + 1]))) return ReadNumber();
        throw Error("unexpected '" + Peek + "': only strings, numbers, $true, $false, $null, @( ) and @{ } are allowed");
    }

    private bool IsWordChar(int at) => at < _s.Length && (char.IsLetterOrDigit(_s[at]) || _s[at] == '_');

    private List<object?> ReadArray()
    {
        _i += 2; // @(
        var list = new List<object?>();
        while (true)
        {
            SkipTrivia(newLines: true);
            while (Peek is ',' or ';') { _i++; SkipTrivia(newLines: true); }
            if (Peek == ')') { _i++; return list; }
            if (_i >= _s.Length) throw Error("unterminated array: missing )");
            var value = ReadValue(inArray: true);
            list.Add(value);
            SkipTrivia(newLines: false);
            if (Peek is not (',' or '\n' or ';' or ')')) throw Error("expected ',', a new line or ')' in an array");
        }
    }

    private object ReadNumber()
    {
        var start = _i;
        _i++;
        while (_i < _s.Length && (char.IsDigit(_s[_i]) || _s[_i] == '.')) _i++;
        var text = _s[start.._i];
        if (IsWordChar(_i)) throw Error("'" + text + _s[_i] + "...' is not a number this reader accepts");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
        throw Error("'" + text + "' is not a number");
    }

    private string ReadString()
    {
        var quote = _s[_i++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_i >= _s.Length) throw Error("unterminated string");
            var c = _s[_i];
            if (IsQuote(c, quote))
            {
                if (_i + 1 < _s.Length && IsQuote(_s[_i + 1], quote)) { sb.Append(c); _i += 2; continue; }
                _i++;
                return sb.ToString();
            }
            if (quote == '"')
            {
                if (c == '$' && _i + 1 < _s.Length && (char.IsLetter(_s[_i + 1]) || _s[_i + 1] is '(' or '{' or '_'))
                    throw Error("variables and sub-expressions are not allowed in a data file string; use single quotes");
                if (c == '`' && _i + 1 < _s.Length)
                {
                    sb.Append(_s[_i + 1] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', var other => other });
                    _i += 2;
                    continue;
                }
            }
            sb.Append(c);
            _i++;
        }
    }

    private static bool IsQuote(char c, char quote) =>
        quote == '\'' ? c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B' : c is '"' or '\u201C' or '\u201D' or '\u201E';

    private string ReadHereString()
    {
        var quote = _s[_i + 1];
        _i += 2;
        while (_i < _s.Length && _s[_i] is ' ' or '\t') _i++;
        if (Peek != '\n') throw Error("a here-string's text must start on the next line");
        _i++;
        var end = _s.IndexOf("\n" + quote + "@", _i - 1, StringComparison.Ordinal);
        if (end < 0) throw Error("unterminated here-string");
        var text = end < _i ? string.Empty : _s[_i..end];
        if (quote == '"' && text.Contains('$', StringComparison.Ordinal)) throw Error("variables are not allowed in a data file here-string; use @' '@");
        _i = end + 3;
        return text;
    }

    // ---------------------------------------------------------------- typed access

    /// <summary>A value at a path such as <c>PrivateData.PSData.Tags</c>; null when any part is absent.</summary>
    public static object? Get(IReadOnlyDictionary<string, object?> data, string path)
    {
        object? current = data;
        foreach (var part in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object?> table || !table.TryGetValue(part, out current)) return null;
        }
        return current;
    }

    public static object? Get(Dictionary<string, object?> data, string path) => Get((IReadOnlyDictionary<string, object?>)data, path);

    public static string? GetString(Dictionary<string, object?> data, string path) => Get(data, path) switch
    {
        null => null,
        string s => s,
        var other => throw new FormatException(path + " is a " + other.GetType().Name + ", not a string."),
    };

    /// <summary>A string list: an array of strings, or a single string as a list of one.</summary>
    public static List<string> GetStrings(Dictionary<string, object?> data, string path) => Get(data, path) switch
    {
        null => new List<string>(),
        string s => new List<string> { s },
        List<object?> list => list.Select(v => v as string ?? throw new FormatException(path + " must hold only strings.")).ToList(),
        var other => throw new FormatException(path + " is a " + other.GetType().Name + ", not a list of strings."),
    };
}
