using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>One page of a paged Describe call.</summary>
public sealed class Page<T>
{
    public Page(IReadOnlyList<T> items, string? nextToken)
    {
        Items = items;
        NextToken = string.IsNullOrEmpty(nextToken) ? null : nextToken;
    }

    public IReadOnlyList<T> Items { get; }

    /// <summary>The token for the next page; null on the last one.</summary>
    public string? NextToken { get; }
}
