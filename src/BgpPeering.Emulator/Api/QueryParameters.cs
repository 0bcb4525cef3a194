using System.Globalization;
using System.Text;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// The parameters of an AWS query-protocol request (form body, or query string for GET), percent-decoded.
/// Lists are flattened as <c>Name.1</c>, <c>Name.2</c>; structures use dots.
/// </summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IEnumerable<string> Keys => _values.Keys;

    public static QueryParameters Parse(string text)
    {
        var result = new QueryParameters();
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var key = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Decode(part[(eq + 1)..]);
            result._values.TryAdd(key, value);
        }
        return result;
    }

    public static QueryParameters Parse(ReadOnlySpan<byte> body) => Parse(Encoding.UTF8.GetString(body));

    private static string Decode(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return s;
        }
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => Get(name) is { Length: > 0 } v ? v : throw Ec2Errors.MissingParameter(name);

    /// <summary><c>Name.1</c>, <c>Name.2</c>… in index order; an empty list when none is present.</summary>
    public List<string> List(string singular)
    {
        var indexed = new SortedDictionary<int, string>();
        var prefix = singular + ".";
        foreach (var (key, value) in _values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            if (int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0) indexed[i] = value;
        }
        return indexed.Values.ToList();
    }

    /// <summary>The indexes N present under <c>prefix.N.</c>, in order.</summary>
    public List<int> Indexes(string prefix)
    {
        var set = new SortedSet<int>();
        var p = prefix + ".";
        foreach (var key in _values.Keys)
        {
            if (!key.StartsWith(p, StringComparison.Ordinal)) continue;
            var rest = key[p.Length..];
            var dot = rest.IndexOf('.');
            var number = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0) set.Add(i);
        }
        return set.ToList();
    }

    /// <summary><c>Filter.N.Name</c> and <c>Filter.N.Value.M</c>.</summary>
    public List<FilterSpec> Filters()
    {
        var filters = new List<FilterSpec>();
        foreach (var i in Indexes("Filter"))
        {
            var name = Get("Filter." + i + ".Name");
            if (string.IsNullOrEmpty(name)) throw Ec2Errors.MissingParameter("Filter." + i + ".Name");
            filters.Add(new FilterSpec(name, List("Filter." + i + ".Value")));
        }
        return filters;
    }

    /// <summary><c>DryRun=true</c>; anything but <c>true</c>/<c>false</c> is an invalid value.</summary>
    public bool DryRun()
    {
        var v = Get("DryRun");
        return v switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw Ec2Errors.InvalidValue("DryRun", v, "Expected true or false."),
        };
    }

    /// <summary>MaxResults, which EC2 bounds to 5–1000 for these actions.</summary>
    public int? MaxResults(int min, int max)
    {
        var text = Get("MaxResults");
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Ec2Errors.InvalidValue("MaxResults", text, "Expected a value between " + min + " and " + max + ".");
        return value;
    }

    /// <summary>Rejects keys that match none of <paramref name="allowed"/> (each a literal key, or a pattern with <c>N</c> for an index).</summary>
    public void RejectUnknown(IReadOnlyCollection<string> allowed)
    {
        foreach (var key in _values.Keys)
        {
            if (key is "Action" or "Version" || key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)) continue;
            if (!allowed.Any(pattern => Fits(pattern, key))) throw Ec2Errors.UnknownParameter(key);
        }
    }

    private static bool Fits(string pattern, string key)
    {
        var p = pattern.Split('.');
        var k = key.Split('.');
        if (p.Length != k.Length) return false;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == "N")
            {
                if (!int.TryParse(k[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) return false;
            }
            else if (!string.Equals(p[i], k[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
