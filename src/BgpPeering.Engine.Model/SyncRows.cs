using System;
using System.Collections.Generic;
using System.Globalization;

namespace BgpPeering.Engine.Model;

/// <summary>
/// One row of Sync-RouteServerPeer: the peer New-RouteServerPeer would create from it, and whether it manages the
/// peer's tags. It is the target of the errors about the row (a duplicate, an endpoint that does not exist), and it
/// names the row by its endpoint and address.
/// </summary>
public sealed class RouteServerSyncRow
{
    public RouteServerSyncRow(NewRouteServerPeerRequest request, bool tagsManaged)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        TagsManaged = tagsManaged;
    }

    /// <summary>The CreateRouteServerPeer input the row stands for (its tags are the row's when <see cref="TagsManaged"/>).</summary>
    public NewRouteServerPeerRequest Request { get; }

    /// <summary>True when the row names tags: the peer must have exactly those (aws: tags aside). False leaves its tags alone.</summary>
    public bool TagsManaged { get; }

    public string RouteServerEndpointId => Request.RouteServerEndpointId;

    public string PeerAddress => Request.PeerAddress;

    public long? PeerAsn => Request.PeerAsn;

    /// <summary>The row's liveness detection; BgpKeepalive (AWS's default) when the row names none.</summary>
    public PeerLivenessDetection PeerLivenessDetection => Request.PeerLivenessDetection ?? PeerLivenessDetection.BgpKeepalive;

    public override string ToString() =>
        "row: peer " + PeerAddress + (PeerAsn is long asn ? " AS" + asn.ToString(CultureInfo.InvariantCulture) : string.Empty) + " on " + RouteServerEndpointId;
}

/// <summary>
/// One row of Sync-DxBgpPeer: the peer New-DxBgpPeer would create from it. A peer is known by its interface, family,
/// ASN and customer address (a row without addresses, as every IPv6 row is, by interface, family and ASN). The row
/// never shows its auth key: <see cref="HasAuthKey"/> says only whether it names one.
/// </summary>
public sealed class DxSyncRow
{
    public DxSyncRow(NewDxBgpPeerRequest request)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
    }

    /// <summary>The CreateBGPPeer input the row stands for.</summary>
    public NewDxBgpPeerRequest Request { get; }

    public string VirtualInterfaceId => Request.VirtualInterfaceId;

    public AddressFamily AddressFamily => Request.AddressFamily;

    public long? Asn => Request.EffectiveAsn;

    public string? AmazonAddress => Request.AmazonAddress;

    public string? CustomerAddress => Request.CustomerAddress;

    /// <summary>True when the row names an auth key, which the peer's must then equal; false leaves the key alone.</summary>
    public bool HasAuthKey => Request.AuthKey is not null;

    public override string ToString() => "row: " + Request;
}
