using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>
    /// A Direct Connect virtual interface as DescribeVirtualInterfaces, CreateBGPPeer and DeleteBGPPeer return it,
    /// with its BGP peers already flattened into <see cref="DxBgpPeer"/> objects that carry its context.
    /// Every member the API returns is kept.
    /// </summary>
    public sealed class DxVirtualInterface
    {
        public string VirtualInterfaceId { get; internal set; } = string.Empty;
        public string? VirtualInterfaceName { get; internal set; }
        /// <summary><c>private</c>, <c>public</c> or <c>transit</c>.</summary>
        public string? VirtualInterfaceType { get; internal set; }
        /// <summary><c>confirming</c>, <c>verifying</c>, <c>pending</c>, <c>available</c>, <c>down</c>, <c>testing</c>, <c>deleting</c>, <c>deleted</c>, <c>rejected</c>…</summary>
        public string? VirtualInterfaceState { get; internal set; }
        public string? OwnerAccount { get; internal set; }
        /// <summary>The connection or LAG the interface runs on (<c>dxcon-…</c> or <c>dxlag-…</c>).</summary>
        public string? ConnectionId { get; internal set; }
        public string? Location { get; internal set; }
        public int? Vlan { get; internal set; }
        /// <summary>The interface's customer ASN: <c>asnLong</c> where AWS sent a non-zero one, else <c>asn</c>.</summary>
        public long Asn { get; internal set; }
        public long? AmazonSideAsn { get; internal set; }
        /// <summary>The first peer's MD5 key, as AWS repeats it on the interface; masked.</summary>
        public MaskedString? AuthKey { get; internal set; }
        public string? AmazonAddress { get; internal set; }
        public string? CustomerAddress { get; internal set; }
        public AddressFamily? AddressFamily { get; internal set; }
        /// <summary>The router configuration AWS generated; masked, because it contains the BGP key.</summary>
        public MaskedString? CustomerRouterConfig { get; internal set; }
        public int? Mtu { get; internal set; }
        public bool? JumboFrameCapable { get; internal set; }
        public bool? SiteLinkEnabled { get; internal set; }
        public string? VirtualGatewayId { get; internal set; }
        public string? DirectConnectGatewayId { get; internal set; }
        /// <summary>The prefixes a public interface advertises (CIDRs).</summary>
        public IReadOnlyList<string> RouteFilterPrefixes { get; internal set; } = Array.Empty<string>();
        public string? AwsDeviceV2 { get; internal set; }
        public string? AwsLogicalDeviceId { get; internal set; }
        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Model.Tags.Empty;
        /// <summary>The interface's BGP peers, each flattened with this interface's context.</summary>
        public IReadOnlyList<DxBgpPeer> BgpPeers { get; internal set; } = Array.Empty<DxBgpPeer>();

        /// <summary>The region of the interface (as AWS reports it, else the region of the call that read it).</summary>
        public string Region { get; internal set; } = string.Empty;
        public string? EndpointUrl { get; internal set; }
        public DateTimeOffset RetrievedAt { get; internal set; }

        /// <summary>The <c>asn</c> member exactly as received (null when absent); for wire round-trips.</summary>
        internal long? WireAsn { get; set; }

        /// <summary>The <c>asnLong</c> member exactly as received (null when absent).</summary>
        internal long? WireAsnLong { get; set; }

        public override string ToString() => VirtualInterfaceId;
    }
}
