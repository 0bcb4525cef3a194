using System;
using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model;

/// <summary>An EC2 filter: a name such as <c>vpc-id</c> or <c>tag:env</c>, and the values any of which may match.</summary>
public sealed class Filter
{
    public Filter(string name, IEnumerable<string> values)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A filter needs a name.", nameof(name));
        Name = name;
        Values = values?.ToArray() ?? throw new ArgumentNullException(nameof(values));
    }

    public Filter(string name, params string[] values) : this(name, (IEnumerable<string>)values)
    {
    }

    public string Name { get; }

    public IReadOnlyList<string> Values { get; }

    public override string ToString() => Name + "=" + string.Join(",", Values);

    /// <summary>EC2's filter on a tag: <c>tag:&lt;key&gt;</c>.</summary>
    public static Filter Tag(string key, IEnumerable<string> values) => new("tag:" + key, values);

    /// <summary>Adds the filter <paramref name="name"/> when there are values to filter on.</summary>
    internal static void AddIfAny(IList<Filter> filters, string name, IEnumerable<string>? values)
    {
        var list = values?.ToList();
        if (list is { Count: > 0 }) filters.Add(new Filter(name, list));
    }
}
