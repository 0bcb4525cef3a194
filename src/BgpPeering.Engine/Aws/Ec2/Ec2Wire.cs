using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.Ec2
{
    /// <summary>
    /// Our typed inputs to EC2 query parameters, flattened as the official SDKs do: lists as
    /// <c>Singular.N</c> (1-based, no <c>.member.</c>), structures with dots, booleans lowercase, empty lists left out.
    /// </summary>
    internal static class Ec2Requests
    {
        public const string CreateRouteServerPeer = "CreateRouteServerPeer";
        public const string DescribeRouteServerPeers = "DescribeRouteServerPeers";
        public const string DeleteRouteServerPeer = "DeleteRouteServerPeer";
        public const string DescribeRouteServerEndpoints = "DescribeRouteServerEndpoints";

        public static List<KeyValuePair<string, string>> ForCreatePeer(NewRouteServerPeerRequest input, bool? dryRun)
        {
            var p = new List<KeyValuePair<string, string>>();
            Add(p, "RouteServerEndpointId", input.RouteServerEndpointId);
            Add(p, "PeerAddress", input.PeerAddress);
            if (input.PeerAsn is long asn) Add(p, "BgpOptions.PeerAsn", asn.ToString(CultureInfo.InvariantCulture));
            if (input.PeerLivenessDetection is PeerLivenessDetection l) Add(p, "BgpOptions.PeerLivenessDetection", WireNames.ToWire(l));
            AddDryRun(p, dryRun);
            if (input.Tags.Count > 0)
            {
                Add(p, "TagSpecification.1.ResourceType", "route-server-peer");
                var i = 0;
                foreach (var tag in input.Tags)
                {
                    i++;
                    Add(p, "TagSpecification.1.Tag." + i + ".Key", tag.Key);
                    Add(p, "TagSpecification.1.Tag." + i + ".Value", tag.Value);
                }
            }
            return p;
        }

        public static List<KeyValuePair<string, string>> ForDescribePeers(RouteServerPeerQuery query, string? nextToken, bool? dryRun)
        {
            var p = new List<KeyValuePair<string, string>>();
            AddList(p, "RouteServerPeerId", query.RouteServerPeerIds);
            AddFilters(p, query.Filters);
            AddPaging(p, nextToken, query.MaxResults);
            AddDryRun(p, dryRun);
            return p;
        }

        public static List<KeyValuePair<string, string>> ForDescribeEndpoints(RouteServerEndpointQuery query, string? nextToken, bool? dryRun)
        {
            var p = new List<KeyValuePair<string, string>>();
            AddList(p, "RouteServerEndpointId", query.RouteServerEndpointIds);
            AddFilters(p, query.Filters);
            AddPaging(p, nextToken, query.MaxResults);
            AddDryRun(p, dryRun);
            return p;
        }

        public static List<KeyValuePair<string, string>> ForDeletePeer(string routeServerPeerId, bool? dryRun)
        {
            var p = new List<KeyValuePair<string, string>>();
            Add(p, "RouteServerPeerId", routeServerPeerId);
            AddDryRun(p, dryRun);
            return p;
        }

        private static void Add(List<KeyValuePair<string, string>> p, string key, string value) => p.Add(new(key, value));

        private static void AddDryRun(List<KeyValuePair<string, string>> p, bool? dryRun)
        {
            if (dryRun is bool b) Add(p, "DryRun", b ? "true" : "false");
        }

        private static void AddPaging(List<KeyValuePair<string, string>> p, string? nextToken, int? maxResults)
        {
            if (!string.IsNullOrEmpty(nextToken)) Add(p, "NextToken", nextToken!);
            if (maxResults is int m) Add(p, "MaxResults", m.ToString(CultureInfo.InvariantCulture));
        }

        private static void AddList(List<KeyValuePair<string, string>> p, string singular, IEnumerable<string> values)
        {
            var i = 0;
            foreach (var v in values) Add(p, singular + "." + (++i), v);
        }

        private static void AddFilters(List<KeyValuePair<string, string>> p, IEnumerable<Filter> filters)
        {
            var i = 0;
            foreach (var f in filters)
            {
                i++;
                Add(p, "Filter." + i + ".Name", f.Name);
                AddList(p, "Filter." + i + ".Value", f.Values);
            }
        }
    }

    /// <summary>EC2 response XML to our flat model. Names are matched by local name, so the namespace never matters.</summary>
    internal static class Ec2Responses
    {
        public static RouteServerPeer ParsePeer(XElement item, in ReadContext ctx)
        {
            var bgp = Child(item, "bgpOptions");
            return new RouteServerPeer
            {
                RouteServerPeerId = Text(item, "routeServerPeerId") ?? string.Empty,
                RouteServerEndpointId = Text(item, "routeServerEndpointId"),
                RouteServerId = Text(item, "routeServerId"),
                VpcId = Text(item, "vpcId"),
                SubnetId = Text(item, "subnetId"),
                State = WireNames.ParseRouteServerState(Text(item, "state")),
                FailureReason = Text(item, "failureReason"),
                EndpointEniId = Text(item, "endpointEniId"),
                EndpointEniAddress = Text(item, "endpointEniAddress"),
                PeerAddress = Text(item, "peerAddress"),
                PeerAsn = bgp is null ? 0 : ParseLong(Text(bgp, "peerAsn")),
                PeerLivenessDetection = WireNames.ParseLiveness(Text(bgp, "peerLivenessDetection")) ?? PeerLivenessDetection.BgpKeepalive,
                BgpStatus = WireNames.ParseBgpStatus(Text(Child(item, "bgpStatus"), "status")),
                BfdStatus = WireNames.ParseBgpStatus(Text(Child(item, "bfdStatus"), "status")),
                Tags = ParseTags(item),
                Region = ctx.Region,
                EndpointUrl = ctx.EndpointUrl,
                RetrievedAt = ctx.RetrievedAt,
            };
        }

        public static RouteServerEndpoint ParseEndpoint(XElement item, in ReadContext ctx) => new()
        {
            RouteServerEndpointId = Text(item, "routeServerEndpointId") ?? string.Empty,
            RouteServerId = Text(item, "routeServerId"),
            VpcId = Text(item, "vpcId"),
            SubnetId = Text(item, "subnetId"),
            EniId = Text(item, "eniId"),
            EniAddress = Text(item, "eniAddress"),
            State = WireNames.ParseRouteServerState(Text(item, "state")),
            FailureReason = Text(item, "failureReason"),
            Tags = ParseTags(item),
            Region = ctx.Region,
            EndpointUrl = ctx.EndpointUrl,
            RetrievedAt = ctx.RetrievedAt,
        };

        public static Page<RouteServerPeer> ParsePeerPage(XElement root, in ReadContext ctx)
        {
            var items = new List<RouteServerPeer>();
            foreach (var item in Items(Child(root, "routeServerPeerSet"))) items.Add(ParsePeer(item, ctx));
            return new Page<RouteServerPeer>(items, Text(root, "nextToken"));
        }

        public static Page<RouteServerEndpoint> ParseEndpointPage(XElement root, in ReadContext ctx)
        {
            var items = new List<RouteServerEndpoint>();
            foreach (var item in Items(Child(root, "routeServerEndpointSet"))) items.Add(ParseEndpoint(item, ctx));
            return new Page<RouteServerEndpoint>(items, Text(root, "nextToken"));
        }

        /// <summary>The single <c>&lt;routeServerPeer&gt;</c> of a Create or Delete response.</summary>
        public static RouteServerPeer ParseSinglePeer(XElement root, in ReadContext ctx, string action)
        {
            var peer = Child(root, "routeServerPeer")
                ?? throw new FormatException(action + " returned no routeServerPeer element.");
            return ParsePeer(peer, ctx);
        }

        private static IReadOnlyDictionary<string, string> ParseTags(XElement item)
        {
            var set = Child(item, "tagSet");
            if (set is null) return Tags.Empty;
            return Tags.From(Items(set).Select(t => new KeyValuePair<string, string>(Text(t, "key") ?? string.Empty, Text(t, "value") ?? string.Empty)));
        }

        private static IEnumerable<XElement> Items(XElement? set) =>
            set is null ? Enumerable.Empty<XElement>() : set.Elements().Where(e => e.Name.LocalName == "item");

        private static XElement? Child(XElement? parent, string localName) =>
            parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

        private static string? Text(XElement? parent, string localName) => Child(parent, localName)?.Value;

        private static long ParseLong(string? text) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
