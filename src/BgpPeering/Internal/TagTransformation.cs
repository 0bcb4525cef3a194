using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Internal;

/// <summary>
/// Lets -Tag take text as well as a hashtable, so that a CSV column such as <c>Name=fw-a;env=prod</c> binds.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class TagTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is string text)
        {
            try
            {
                var table = new Hashtable(StringComparer.Ordinal);
                foreach (var pair in RouteServerRules.ParseTagText(text)) table[pair.Key] = pair.Value;
                return table;
            }
            catch (ValidationException ex)
            {
                throw new ArgumentTransformationMetadataException(ex.Reason, ex);
            }
        }
        if (value is IDictionary dictionary and not Hashtable)
        {
            // A piped object's Tags (a read-only dictionary) binds as a hashtable.
            var table = new Hashtable(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in dictionary) table[entry.Key] = entry.Value;
            return table;
        }
        return inputData;
    }
}

/// <summary>Hashtable tags to ordered pairs (sorted by key, so the request is the same every time).</summary>
internal static class TagInput
{
    public static List<KeyValuePair<string, string>>? FromHashtable(Hashtable? table, string parameterName)
    {
        if (table is null) return null;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in table)
        {
            var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString() ?? string.Empty;
            var raw = entry.Value is PSObject v ? v.BaseObject : entry.Value;
            pairs.Add(new KeyValuePair<string, string>(key, raw?.ToString() ?? string.Empty));
        }
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return pairs;
    }
}
