using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>A VPC Route Server peer, flat: <c>Get-RouteServerPeer | Where BgpStatus -eq Down</c> works.</summary>
    public sealed class RouteServerPeer : IBgpPeer
    {
        public string RouteServerPeerId { get; internal set; } = string.Empty;
        public string? RouteServerEndpointId { get; internal set; }
        public string? RouteServerId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? SubnetId { get; internal set; }
        public RouteServerState State { get; internal set; }
        public string? FailureReason { get; internal set; }
        public string? EndpointEniId { get; internal set; }
        public string? EndpointEniAddress { get; internal set; }
        public string? PeerAddress { get; internal set; }
        /// <summary>The peer's ASN; a long, because 32-bit ASNs go up to 4294967295.</summary>
        public long PeerAsn { get; internal set; }
        /// <summary>BgpKeepalive when AWS sent none (its default).</summary>
        public PeerLivenessDetection PeerLivenessDetection { get; internal set; }
        public BgpStatus BgpStatus { get; internal set; }
        public BgpStatus BfdStatus { get; internal set; }
        /// <summary>The value of the <c>Name</c> tag, when there is one.</summary>
        public string? Name => Tags.TryGetValue("Name", out var n) ? n : null;
        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Model.Tags.Empty;
        public string Region { get; internal set; } = string.Empty;
        public string? EndpointUrl { get; internal set; }
        /// <summary>When this copy was read from AWS (UTC).</summary>
        public DateTimeOffset RetrievedAt { get; internal set; }

        string IBgpPeer.PeerId => RouteServerPeerId;

        public override string ToString() => RouteServerPeerId;
    }
}
