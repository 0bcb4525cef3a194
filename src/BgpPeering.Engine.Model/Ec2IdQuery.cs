using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>What to ask an EC2 Describe call for: a list of IDs, filters, and a page size.</summary>
public abstract class Ec2IdQuery<TSelf> where TSelf : Ec2IdQuery<TSelf>, new()
{
    /// <summary>The IDs asked for; the subclass names them (RouteServerPeerIds…).</summary>
    private protected IList<string> Ids { get; } = new List<string>();

    public IList<Filter> Filters { get; } = new List<Filter>();

    /// <summary>Page size (for peers, 5 to 1000). Null lets AWS choose (and then AWS may not page at all).</summary>
    public int? MaxResults { get; set; }

    /// <summary>
    /// This query for <paramref name="ids"/>: the same filters, and no page size beside an ID list (many EC2 Describe
    /// calls refuse MaxResults there, and an ID list needs no paging). With no IDs, a copy of the query as it is.
    /// </summary>
    public TSelf ForIds(IEnumerable<string> ids)
    {
        var query = new TSelf { MaxResults = MaxResults };
        foreach (var f in Filters) query.Filters.Add(f);
        foreach (var id in ids) query.Ids.Add(id);
        if (query.Ids.Count > 0) query.MaxResults = null;
        return query;
    }
}
