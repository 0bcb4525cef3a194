using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>
/// One selection of Get-DxBgpPeer: the peers that match every member given. All null selects every peer.
/// </summary>
public sealed class DxBgpPeerSelector
{
    public DxBgpPeerSelector(string? virtualInterfaceId = null, string? connectionId = null, string? bgpPeerId = null)
    {
        VirtualInterfaceId = Empty(virtualInterfaceId);
        ConnectionId = Empty(connectionId);
        BgpPeerId = Empty(bgpPeerId);
    }

    public string? VirtualInterfaceId { get; }

    public string? ConnectionId { get; }

    public string? BgpPeerId { get; }

    public bool Matches(DxBgpPeer peer) =>
        (VirtualInterfaceId is null || peer.VirtualInterfaceId == VirtualInterfaceId)
        && (ConnectionId is null || peer.ConnectionId == ConnectionId)
        && (BgpPeerId is null || peer.BgpPeerId == BgpPeerId);

    /// <summary>The selectors for one set of parameter values: every combination of the values given.</summary>
    public static List<DxBgpPeerSelector> Combine(IReadOnlyList<string>? virtualInterfaceIds, IReadOnlyList<string>? connectionIds, IReadOnlyList<string>? bgpPeerIds)
    {
        var result = new List<DxBgpPeerSelector>();
        foreach (var vif in OrNone(virtualInterfaceIds))
            foreach (var con in OrNone(connectionIds))
                foreach (var peer in OrNone(bgpPeerIds))
                    result.Add(new DxBgpPeerSelector(vif, con, peer));
        return result;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (BgpPeerId is not null) parts.Add(BgpPeerId);
        if (VirtualInterfaceId is not null) parts.Add("on " + VirtualInterfaceId);
        if (ConnectionId is not null) parts.Add("on " + ConnectionId);
        return parts.Count == 0 ? "all BGP peers" : string.Join(" ", parts);
    }

    private static IEnumerable<string?> OrNone(IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 })
        {
            yield return null;
            yield break;
        }
        foreach (var v in values) yield return v;
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
