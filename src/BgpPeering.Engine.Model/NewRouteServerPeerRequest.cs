using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>The input of CreateRouteServerPeer.</summary>
    public sealed class NewRouteServerPeerRequest
    {
        public string RouteServerEndpointId { get; set; } = string.Empty;

        public string PeerAddress { get; set; } = string.Empty;

        /// <summary>1 to 4294967295. Null sends no ASN (AWS then rejects the request).</summary>
        public long? PeerAsn { get; set; }

        public PeerLivenessDetection? PeerLivenessDetection { get; set; }

        /// <summary>Tags, sent as one TagSpecification for <c>route-server-peer</c>, in the order given.</summary>
        public IList<KeyValuePair<string, string>> Tags { get; } = new List<KeyValuePair<string, string>>();

        public override string ToString() =>
            "peer " + PeerAddress + (PeerAsn is long asn ? " (ASN " + asn + ")" : string.Empty) + " on " + RouteServerEndpointId;
    }
}
