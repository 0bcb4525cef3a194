using System.Globalization;

namespace BgpPeering.Engine.Model;

/// <summary>
/// The input of CreateBGPPeer. <see cref="Asn"/> and <see cref="AsnLong"/> are the API's two independent
/// members; the cmdlets send only <see cref="AsnLong"/>, which takes 2-byte and 4-byte ASNs alike.
/// </summary>
public sealed class NewDxBgpPeerRequest
{
    public string VirtualInterfaceId { get; set; } = string.Empty;

    public AddressFamily AddressFamily { get; set; }

    /// <summary>The legacy 32-bit signed member <c>asn</c> (1 to 2147483646). Null sends nothing.</summary>
    public long? Asn { get; set; }

    /// <summary>The member <c>asnLong</c> (1 to 4294967294). Null sends nothing.</summary>
    public long? AsnLong { get; set; }

    /// <summary>The BGP MD5 key; null lets AWS generate one.</summary>
    public MaskedString? AuthKey { get; set; }

    /// <summary>The Amazon side's address in CIDR notation; IPv4 only (AWS assigns IPv6).</summary>
    public string? AmazonAddress { get; set; }

    /// <summary>The customer side's address in CIDR notation; IPv4 only (AWS assigns IPv6).</summary>
    public string? CustomerAddress { get; set; }

    /// <summary>The ASN the peer will have: <see cref="AsnLong"/> when set, else <see cref="Asn"/>.</summary>
    public long? EffectiveAsn => AsnLong ?? Asn;

    /// <summary>A description for messages; never contains the auth key.</summary>
    public override string ToString()
    {
        var text = (AddressFamily == AddressFamily.IPv6 ? "IPv6" : "IPv4") + " BGP peer";
        if (EffectiveAsn is long asn) text += " ASN " + asn.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(CustomerAddress)) text += " at " + CustomerAddress + " (Amazon " + AmazonAddress + ")";
        else text += " with AWS-assigned addresses";
        return text + " on " + VirtualInterfaceId;
    }
}
