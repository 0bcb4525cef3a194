using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Model;

namespace BgpPeering.Internal;

/// <summary>Turns -Filter and -Tag hashtables into filters; the engine's queries give them their wire names.</summary>
internal static class QueryFilters
{
    /// <summary>
    /// One filter per hashtable key, named as the key; a value may be one item or a list. A null, empty or
    /// non-text key, or a key without values, throws with the parameter's name.
    /// </summary>
    public static List<Filter> FromHashtable(Hashtable? table, string parameterName)
    {
        var filters = new List<Filter>();
        if (table is null) return filters;
        foreach (DictionaryEntry entry in table)
        {
            var key = Unwrap(entry.Key) as string;
            if (string.IsNullOrWhiteSpace(key))
                throw new PSArgumentException("Every -" + parameterName + " key must be a non-empty string, such as @{ 'vpc-id' = 'vpc-0123456789abcdef0' }.", parameterName);
            var values = Values(entry.Value);
            if (values.Count == 0)
                throw new PSArgumentException("-" + parameterName + " '" + key + "' has no value. Give one or more values, such as @{ '" + key + "' = 'a','b' }.", parameterName);
            filters.Add(new Filter(key!, values));
        }
        return filters;
    }

    /// <summary>
    /// Checks one -Filter name against the API's list for <paramref name="operation"/> (<see cref="Engine.Model.Validation.FilterNames"/>):
    /// a name that is not text, is empty, or is not on the list throws a ValidationException naming the parameter and listing the valid names.
    /// </summary>
    public static void CheckName(string operation, string? name, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new Engine.Model.Validation.ValidationException(parameterName,
                "Every -" + parameterName + " key must be a non-empty string naming a filter, such as @{ 'vpc-id' = 'vpc-0123456789abcdef0' }. Valid names (case-sensitive): " +
                string.Join(", ", Engine.Model.Validation.FilterNames.For(operation)) + ", and tag:<key>.");
        Engine.Model.Validation.FilterNames.Check(operation, name, parameterName);
    }

    private static List<string> Values(object? value)
    {
        value = Unwrap(value);
        if (value is null) return new List<string>();
        if (value is string s) return new List<string> { s };
        if (value is IEnumerable e) return e.Cast<object?>().Select(Unwrap).Where(v => v is not null).Select(v => v!.ToString()!).ToList();
        return new List<string> { value.ToString()! };
    }

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
}
