namespace BgpPeering.Emulator.State;

/// <summary>One EC2 filter: a name and the values (with <c>*</c> and <c>?</c> wildcards) any of which may match.</summary>
internal sealed class FilterSpec
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _patterns = new();

    public FilterSpec(string name, IReadOnlyList<string> values)
    {
        Name = name;
        Values = values;
        foreach (var v in values)
        {
            if (v.AsSpan().IndexOfAny('*', '?') < 0) _exact.Add(v);
            else _patterns.Add(v);
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> Values { get; }

    public bool Matches(string? value)
    {
        if (value is null) return false;
        if (_exact.Contains(value)) return true;
        foreach (var pattern in _patterns)
        {
            if (Glob(pattern, value)) return true;
        }
        return false;
    }

    private static bool Glob(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v])) { p++; v++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
            else if (star >= 0) { p = star + 1; v = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
