using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>What a paged EC2 listing asked for, read and checked; <see cref="NextToken"/> binds a cursor to it.</summary>
internal sealed record Ec2Listing(IReadOnlyList<FilterSpec> Filters, int? MaxResults, long? After, bool DryRun, string Kind, string Fingerprint)
{
    /// <summary>The token that resumes this query after the item with sequence <paramref name="after"/>.</summary>
    public string NextToken(long after, int epoch) => PageToken.Encode(Kind, epoch, after, Fingerprint);
}

/// <summary>EC2's structured inputs on the query protocol: a paged listing's parameters, and tag specifications.</summary>
internal static class Ec2Input
{
    /// <summary>
    /// <c>Filter.N</c> (each name one of <paramref name="filterNames"/> or <c>tag:&lt;key&gt;</c>), <c>MaxResults</c>
    /// 5–1000, <c>DryRun</c> and <c>NextToken</c>, checked in that order. A token is valid only for the same
    /// <paramref name="action"/>, IDs and filters, in the same <paramref name="epoch"/>.
    /// </summary>
    public static Ec2Listing Listing(this QueryParameters p, string action, HashSet<string> filterNames, IReadOnlyList<string> ids, string kind, int epoch)
    {
        var filters = p.Filters();
        foreach (var f in filters)
        {
            if (f.Name.StartsWith("tag:", StringComparison.Ordinal) && f.Name.Length > 4) continue;
            if (!filterNames.Contains(f.Name)) throw ServiceException.InvalidFilter(f.Name);
        }
        var max = p.MaxResults(5, 1000);
        var token = p.Get("NextToken");
        var dryRun = p.DryRun();
        var fingerprint = PageToken.Fingerprint(new[] { action }.Concat(ids).Concat(filters.SelectMany(f => new[] { "F:" + f.Name }.Concat(f.Values))));
        long? after = null;
        if (!string.IsNullOrEmpty(token))
        {
            if (!PageToken.TryDecode(token, kind, epoch, fingerprint, out var a)) throw Ec2Errors.InvalidPaginationToken();
            after = a;
        }
        return new Ec2Listing(filters, max, after, dryRun, kind, fingerprint);
    }

    /// <summary>
    /// <c>TagSpecification.N</c>: only <paramref name="resourceType"/>, within EC2's tag limits (50 tags, keys 1–128,
    /// values up to 256, no <c>aws:</c> prefix, no key twice).
    /// </summary>
    public static List<KeyValuePair<string, string>> Tags(this QueryParameters p, string resourceType)
    {
        var tags = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in p.Indexes("TagSpecification"))
        {
            var prefix = "TagSpecification." + i;
            var type = p.Get(prefix + ".ResourceType");
            if (type is null) throw Ec2Errors.MissingParameter(prefix + ".ResourceType");
            if (type != resourceType)
                throw new ServiceException("InvalidParameterValue", "'" + type + "' is not a valid taggable resource type for this operation.", 400);
            foreach (var j in p.Indexes(prefix + ".Tag"))
            {
                var key = p.Get(prefix + ".Tag." + j + ".Key");
                var value = p.Get(prefix + ".Tag." + j + ".Value") ?? string.Empty;
                if (string.IsNullOrEmpty(key)) throw Ec2Errors.MissingParameter(prefix + ".Tag." + j + ".Key");
                if (key.Length > 128) throw Ec2Errors.InvalidValue(prefix + ".Tag." + j + ".Key", key, "Tag keys must be 1 to 128 characters long.");
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    throw new ServiceException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use", 400);
                if (value.Length > 256) throw Ec2Errors.InvalidValue(prefix + ".Tag." + j + ".Value", value, "Tag values must be at most 256 characters long.");
                if (!seen.Add(key)) throw new ServiceException("InvalidParameterValue", "Duplicate tag key '" + key + "' specified.", 400);
                tags.Add(new KeyValuePair<string, string>(key, value));
            }
        }
        if (tags.Count > 50) throw new ServiceException("TagLimitExceeded", "The maximum number of tags (50) for a resource has been exceeded.", 400);
        return tags;
    }

    /// <summary>
    /// <c>Tag.N.Key</c> and <c>Tag.N.Value</c> of CreateTags and DeleteTags. A key is required for each entry; a value is
    /// kept as given (null when the entry has none: for DeleteTags, "whatever its value"). Keys are checked against
    /// EC2's limits (1–127 characters, no <c>aws:</c> prefix, no key twice), values up to 256 characters.
    /// </summary>
    public static List<KeyValuePair<string, string?>> TagList(this QueryParameters p)
    {
        var tags = new List<KeyValuePair<string, string?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in p.Indexes("Tag"))
        {
            var key = p.Get("Tag." + i + ".Key");
            var value = p.Get("Tag." + i + ".Value");
            if (string.IsNullOrEmpty(key)) throw Ec2Errors.MissingParameter("Tag." + i + ".Key");
            if (key.Length > 127) throw Ec2Errors.InvalidValue("Tag." + i + ".Key", key, "Tag keys must be 1 to 127 characters long.");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw new ServiceException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use", 400);
            if (value is { Length: > 256 }) throw Ec2Errors.InvalidValue("Tag." + i + ".Value", value, "Tag values must be at most 256 characters long.");
            if (!seen.Add(key)) throw new ServiceException("InvalidParameterValue", "Duplicate tag key '" + key + "' specified.", 400);
            tags.Add(new KeyValuePair<string, string?>(key, value));
        }
        return tags;
    }
}
