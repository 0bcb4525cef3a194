using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model
{
    /// <summary>A Route Server endpoint; pipes into <c>New-RouteServerPeer</c> by <c>RouteServerEndpointId</c>.</summary>
    public sealed class RouteServerEndpoint
    {
        public string RouteServerEndpointId { get; internal set; } = string.Empty;
        public string? RouteServerId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? SubnetId { get; internal set; }
        public string? EniId { get; internal set; }
        public string? EniAddress { get; internal set; }
        public RouteServerState State { get; internal set; }
        public string? FailureReason { get; internal set; }
        public string? Name => Tags.TryGetValue("Name", out var n) ? n : null;
        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Model.Tags.Empty;
        public string Region { get; internal set; } = string.Empty;
        public string? EndpointUrl { get; internal set; }
        public DateTimeOffset RetrievedAt { get; internal set; }

        public override string ToString() => RouteServerEndpointId;
    }
}
