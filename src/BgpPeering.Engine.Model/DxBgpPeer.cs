using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>A Direct Connect BGP peer, flattened together with its virtual interface's context.</summary>
    public sealed class DxBgpPeer : IBgpPeer
    {
        public string BgpPeerId { get; internal set; } = string.Empty;
        public string VirtualInterfaceId { get; internal set; } = string.Empty;
        public AddressFamily? AddressFamily { get; internal set; }
        /// <summary>From <c>asnLong</c> where AWS sent it, else <c>asn</c>.</summary>
        public long Asn { get; internal set; }
        public string? AmazonAddress { get; internal set; }
        public string? CustomerAddress { get; internal set; }
        public DxBgpPeerState State { get; internal set; }
        public BgpStatus BgpStatus { get; internal set; }
        public string? AwsDeviceV2 { get; internal set; }
        public string? AwsLogicalDeviceId { get; internal set; }
        /// <summary>The MD5 key; masked in every display. Use <c>.AuthKey.Reveal()</c> to read it.</summary>
        public MaskedString? AuthKey { get; internal set; }

        public string? VirtualInterfaceName { get; internal set; }
        public string? VirtualInterfaceType { get; internal set; }
        public string? VirtualInterfaceState { get; internal set; }
        public string? ConnectionId { get; internal set; }
        public int? Vlan { get; internal set; }
        public long? AmazonSideAsn { get; internal set; }
        public string? Location { get; internal set; }
        public string? OwnerAccount { get; internal set; }
        public string? DirectConnectGatewayId { get; internal set; }
        public string? VirtualGatewayId { get; internal set; }
        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Model.Tags.Empty;

        /// <summary>The region of the virtual interface (and of the call that read it).</summary>
        public string Region { get; internal set; } = string.Empty;
        public string? EndpointUrl { get; internal set; }
        public DateTimeOffset RetrievedAt { get; internal set; }

        /// <summary>The <c>asn</c> member exactly as received (null when absent); for wire round-trips.</summary>
        internal long? WireAsn { get; set; }

        /// <summary>The <c>asnLong</c> member exactly as received (null when absent).</summary>
        internal long? WireAsnLong { get; set; }

        string IBgpPeer.PeerId => BgpPeerId;

        public override string ToString() => BgpPeerId;
    }
}
