using System.Collections.Generic;
using System.Linq;
using BgpPeering.Engine.Session;

namespace BgpPeering.Internal;

/// <summary>
/// The cmdlets' one way of batching pipeline input: items kept with the session of the record they came with, so
/// that EndProcessing asks for them together (one call per batch and session) rather than one call per record.
/// Get-RouteServerPeer and Get-RouteServerEndpoint batch IDs, Get-DxBgpPeer its selectors, Wait-BgpPeerUp its
/// targets.
/// </summary>
internal sealed class SessionBatches<T>
{
    private readonly List<KeyValuePair<AwsSession, T>> _items = new();

    public void Add(AwsSession session, IEnumerable<T> items)
    {
        foreach (var item in items) _items.Add(new KeyValuePair<AwsSession, T>(session, item));
    }

    /// <summary>Every item, in the order it arrived.</summary>
    public List<T> All() => _items.Select(i => i.Value).ToList();

    /// <summary>The items grouped by the session they are to be asked of, sessions in the order first seen.</summary>
    public List<KeyValuePair<AwsSession, List<T>>> BySession()
    {
        var groups = new List<KeyValuePair<AwsSession, List<T>>>();
        foreach (var item in _items)
        {
            var i = groups.FindIndex(g => ReferenceEquals(g.Key, item.Key));
            if (i < 0) groups.Add(new(item.Key, new List<T> { item.Value }));
            else groups[i].Value.Add(item.Value);
        }
        return groups;
    }
}
