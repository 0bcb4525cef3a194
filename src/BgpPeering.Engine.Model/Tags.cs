using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>Helpers for the read-only, case-sensitive tag dictionaries our output types carry.</summary>
    public static class Tags
    {
        public static readonly IReadOnlyDictionary<string, string> Empty =
            new TagSet(new Dictionary<string, string>(0, StringComparer.Ordinal));

        public static IReadOnlyDictionary<string, string> From(IEnumerable<KeyValuePair<string, string>>? pairs)
        {
            if (pairs is null) return Empty;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in pairs) d[kv.Key] = kv.Value;
            return d.Count == 0 ? Empty : new TagSet(d);
        }
    }
}
