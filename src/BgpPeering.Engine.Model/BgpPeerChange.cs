using System;
using System.Globalization;
using System.Text;

namespace BgpPeering.Engine.Model;

/// <summary>What Sync-RouteServerPeer and Sync-DxBgpPeer do to one peer.</summary>
public enum BgpPeerChangeAction
{
    /// <summary>No live peer has the row's key: one is created (<c>+</c>).</summary>
    Create,

    /// <summary>The peer is as the row says: nothing is sent (<c>=</c>).</summary>
    Keep,

    /// <summary>Only the peer's tags differ: CreateTags/DeleteTags on the peer, which keeps its BGP session (<c>~</c>).</summary>
    Update,

    /// <summary>The peer differs in what AWS cannot modify (ASN, liveness detection, auth key…): deleted, then created again (<c>-/+</c>).</summary>
    Replace,

    /// <summary>A peer in scope that no row names, with -RemoveUnlisted: deleted (<c>-</c>).</summary>
    Remove,
}

/// <summary>The two kinds of BGP peer a change can be about.</summary>
public enum BgpPeerKind
{
    RouteServer,
    DirectConnect,
}

/// <summary>
/// One peer's change in a sync: the plan (with -WhatIf, or before it is made) and then the result. The row's key
/// fields are flat (the Route Server ones or the Direct Connect ones, by <see cref="Kind"/>), <see cref="Reason"/>
/// says what differs, and <see cref="Peer"/> is the peer as AWS reported it after the change (or, in a plan, as it is
/// now). It is an <see cref="IBgpPeer"/>, so it pipes into Wait-BgpPeerUp, which waits for the peer of every change
/// but a Remove.
/// </summary>
public sealed class BgpPeerChange : IBgpPeer
{
    public BgpPeerChangeAction Action { get; internal set; }

    public BgpPeerKind Kind { get; internal set; }

    /// <summary>
    /// The peer the change ends with: the new peer of a Create or Replace once made, else the existing peer. Null for
    /// a Create not made (a plan).
    /// </summary>
    public string? PeerId { get; internal set; }

    /// <summary>The peer a Replace deleted (or, in a plan, will delete); null for every other action.</summary>
    public string? ReplacedPeerId { get; internal set; }

    /// <summary>Route Server: the endpoint (rse-…).</summary>
    public string? RouteServerEndpointId { get; internal set; }

    /// <summary>Route Server: the peer's address.</summary>
    public string? PeerAddress { get; internal set; }

    /// <summary>Route Server: the row's ASN (for a Remove, the peer's).</summary>
    public long? PeerAsn { get; internal set; }

    /// <summary>Direct Connect: the virtual interface (dxvif-…).</summary>
    public string? VirtualInterfaceId { get; internal set; }

    /// <summary>Direct Connect: IPv4 or IPv6.</summary>
    public AddressFamily? AddressFamily { get; internal set; }

    /// <summary>Direct Connect: the row's ASN (for a Remove, the peer's).</summary>
    public long? Asn { get; internal set; }

    /// <summary>Direct Connect: the customer address the row names (or the peer has); null where AWS assigns it.</summary>
    public string? CustomerAddress { get; internal set; }

    /// <summary>
    /// What differs, such as "PeerAsn 65001 → 65011; replaced (delete and create)". Never holds an auth key: a
    /// different key reads "AuthKey differs".
    /// </summary>
    public string Reason { get; internal set; } = string.Empty;

    /// <summary>
    /// The peer as AWS reported it after the change (a <see cref="RouteServerPeer"/> or a <see cref="DxBgpPeer"/>); in
    /// a plan, the peer as it is now; null for a Create not made.
    /// </summary>
    public IBgpPeer? Peer { get; internal set; }

    /// <summary>True once the change is made (a Keep needs nothing); false in a -WhatIf plan.</summary>
    public bool Applied { get; internal set; }

    /// <summary>The BGP status of <see cref="Peer"/> (Unknown without one).</summary>
    public BgpStatus BgpStatus => Peer?.BgpStatus ?? BgpStatus.Unknown;

    /// <summary>The region the sync ran in.</summary>
    public string Region { get; internal set; } = string.Empty;

    /// <summary>The service URL the sync called, when it was not the region's default (the emulator, say).</summary>
    public string? EndpointUrl { get; internal set; }

    /// <summary>When <see cref="Peer"/> was read from AWS (UTC); MinValue without a peer.</summary>
    public DateTimeOffset RetrievedAt => Peer switch
    {
        RouteServerPeer r => r.RetrievedAt,
        DxBgpPeer d => d.RetrievedAt,
        _ => DateTimeOffset.MinValue,
    };

    /// <summary>The endpoint or virtual interface the peer is on.</summary>
    public string? Parent => Kind == BgpPeerKind.RouteServer ? RouteServerEndpointId : VirtualInterfaceId;

    /// <summary>The plan's marker for the action, as Terraform writes it: <c>+</c>, <c>=</c>, <c>~</c>, <c>-/+</c>, <c>-</c>.</summary>
    public string Marker => Action switch
    {
        BgpPeerChangeAction.Create => "+",
        BgpPeerChangeAction.Update => "~",
        BgpPeerChangeAction.Replace => "-/+",
        BgpPeerChangeAction.Remove => "-",
        _ => "=",
    };

    /// <summary>The peer in a few words: "10.0.1.10 AS65001", or "IPv4 AS65000 169.254.255.2/30".</summary>
    public string Describe()
    {
        if (Kind == BgpPeerKind.RouteServer)
            return PeerAddress + (PeerAsn is long a ? " AS" + a.ToString(CultureInfo.InvariantCulture) : string.Empty);
        var text = (AddressFamily == Model.AddressFamily.IPv6 ? "IPv6" : "IPv4") + (Asn is long asn ? " AS" + asn.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return string.IsNullOrEmpty(CustomerAddress) ? text : text + " " + CustomerAddress;
    }

    /// <summary>
    /// The text in lines of at most <paramref name="width"/> characters, broken at spaces (a word longer than the width
    /// stands on a line of its own): the plan table wraps its Peer and Reason columns whole words at a time.
    /// </summary>
    public static string Fold(string? text, int width)
    {
        if (string.IsNullOrEmpty(text) || text!.Length <= width) return text ?? string.Empty;
        var lines = new StringBuilder(text.Length + 8);
        var line = 0;
        foreach (var word in text.Split(' '))
        {
            if (line > 0 && line + 1 + word.Length > width)
            {
                lines.Append('\n');
                line = 0;
            }
            else if (line > 0)
            {
                lines.Append(' ');
                line++;
            }
            lines.Append(word);
            line += word.Length;
        }
        return lines.ToString();
    }

    /// <summary>Such as "Create peer 10.0.1.10 AS65001 on rse-0123456789abcdef0": the row, for error targets and messages.</summary>
    public override string ToString() => Action + " " + (Kind == BgpPeerKind.RouteServer ? "peer " : "BGP peer ") + Describe() + " on " + Parent;

    string IBgpPeer.PeerId => PeerId ?? string.Empty;

    internal BgpPeerChange Copy() => (BgpPeerChange)MemberwiseClone();
}
