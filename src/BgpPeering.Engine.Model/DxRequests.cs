using System.Collections.Generic;
using System.Globalization;

namespace BgpPeering.Engine.Model
{
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

    /// <summary>What to ask DescribeVirtualInterfaces for. Both IDs null lists every interface in the region.</summary>
    public sealed class DxVirtualInterfaceQuery
    {
        public string? VirtualInterfaceId { get; set; }

        public string? ConnectionId { get; set; }

        /// <summary>Page size (AWS returns at most 100). Null sends nothing, and AWS chooses.</summary>
        public int? MaxResults { get; set; }

        public override string ToString() =>
            VirtualInterfaceId ?? (ConnectionId is null ? "all virtual interfaces" : "virtual interfaces on " + ConnectionId);
    }

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

        public bool IsAll => VirtualInterfaceId is null && ConnectionId is null && BgpPeerId is null;

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
}
