using System.Globalization;

namespace BgpPeering.Engine.Model;

/// <summary>
/// The input of DeleteBGPPeer: either <see cref="BgpPeerId"/>, or <see cref="VirtualInterfaceId"/> with an ASN
/// (<see cref="Asn"/> or <see cref="AsnLong"/>) and <see cref="CustomerAddress"/>.
/// </summary>
public sealed class DxBgpPeerDeleteRequest
{
    public string? BgpPeerId { get; set; }

    public string? VirtualInterfaceId { get; set; }

    public long? Asn { get; set; }

    public long? AsnLong { get; set; }

    public string? CustomerAddress { get; set; }

    public long? EffectiveAsn => AsnLong ?? Asn;

    public static DxBgpPeerDeleteRequest ById(string bgpPeerId) => new() { BgpPeerId = bgpPeerId };

    public override string ToString()
    {
        if (!string.IsNullOrEmpty(BgpPeerId)) return BgpPeerId!;
        var asn = EffectiveAsn is long a ? a.ToString(CultureInfo.InvariantCulture) : "?";
        return "BGP peer ASN " + asn + " at " + CustomerAddress + " on " + VirtualInterfaceId;
    }
}
