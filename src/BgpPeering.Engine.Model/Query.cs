using System;
using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model
{
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
    }

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

    /// <summary>What to ask DescribeRouteServerPeers for.</summary>
    public sealed class RouteServerPeerQuery
    {
        public IList<string> RouteServerPeerIds { get; } = new List<string>();

        public IList<Filter> Filters { get; } = new List<Filter>();

        /// <summary>Page size, 5 to 1000. Null lets AWS choose (and then AWS may not page at all).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>What to ask DescribeRouteServerEndpoints for.</summary>
    public sealed class RouteServerEndpointQuery
    {
        public IList<string> RouteServerEndpointIds { get; } = new List<string>();

        public IList<Filter> Filters { get; } = new List<Filter>();

        public int? MaxResults { get; set; }
    }
}
