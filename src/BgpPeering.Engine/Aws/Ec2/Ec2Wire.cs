using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
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

    /// <summary>
    /// EC2 response XML to our flat model, read as a stream: one forward pass over an <see cref="XmlReader"/>, no
    /// document tree. Each peer is built straight from the reader; element names are compared by reference against
    /// the reader's name table (matched by local name, so the namespace never matters); text is read into one
    /// reusable buffer, and values that repeat across a page (IDs of endpoints, VPCs and subnets, states, ASNs, tag
    /// keys) come from a small per-response string cache. So a page allocates little beyond the objects it returns,
    /// and memory stays flat however many pages a listing has. The rules are those of the tree reader it replaced:
    /// the first of a repeated member wins, missing members are null, a member's text is all the text inside it.
    /// </summary>
    internal static class Ec2Responses
    {
        public static Page<RouteServerPeer> ReadPeerPage(Ec2XmlCursor x, ReadContext ctx)
        {
            var items = new List<RouteServerPeer>();
            string? nextToken = null;
            var n = x.Names;
            if (x.EnterRoot())
            {
                while (x.NextChild())
                {
                    var name = x.Name;
                    if (ReferenceEquals(name, n.RouteServerPeerSet) && !x.SeenOnce(0))
                    {
                        if (x.EnterChildren())
                        {
                            while (x.NextChild())
                            {
                                if (ReferenceEquals(x.Name, n.Item)) items.Add(ReadPeer(x, ctx));
                                else x.Skip();
                            }
                        }
                    }
                    else if (ReferenceEquals(name, n.NextToken) && !x.SeenOnce(1)) nextToken = x.ReadText(cache: false);
                    else x.Skip();
                }
            }
            return new Page<RouteServerPeer>(items, nextToken);
        }

        public static Page<RouteServerEndpoint> ReadEndpointPage(Ec2XmlCursor x, ReadContext ctx)
        {
            var items = new List<RouteServerEndpoint>();
            string? nextToken = null;
            var n = x.Names;
            if (x.EnterRoot())
            {
                while (x.NextChild())
                {
                    var name = x.Name;
                    if (ReferenceEquals(name, n.RouteServerEndpointSet) && !x.SeenOnce(0))
                    {
                        if (x.EnterChildren())
                        {
                            while (x.NextChild())
                            {
                                if (ReferenceEquals(x.Name, n.Item)) items.Add(ReadEndpoint(x, ctx));
                                else x.Skip();
                            }
                        }
                    }
                    else if (ReferenceEquals(name, n.NextToken) && !x.SeenOnce(1)) nextToken = x.ReadText(cache: false);
                    else x.Skip();
                }
            }
            return new Page<RouteServerEndpoint>(items, nextToken);
        }

        /// <summary>The single <c>&lt;routeServerPeer&gt;</c> of a Create or Delete response; null when there is none (see <see cref="Require"/>).</summary>
        public static RouteServerPeer? ReadSinglePeer(Ec2XmlCursor x, ReadContext ctx)
        {
            RouteServerPeer? peer = null;
            if (x.EnterRoot())
            {
                while (x.NextChild())
                {
                    if (peer is null && ReferenceEquals(x.Name, x.Names.RouteServerPeer)) peer = ReadPeer(x, ctx);
                    else x.Skip();
                }
            }
            return peer;
        }

        public static RouteServerPeer Require(RouteServerPeer? peer, string action) =>
            peer ?? throw new FormatException(action + " returned no routeServerPeer element.");

        // The same readers over a tree already loaded (XElement.CreateReader), for callers that hold one.
        public static Page<RouteServerPeer> ParsePeerPage(XElement root, in ReadContext ctx) => ReadPeerPage(Ec2XmlCursor.Over(root), ctx);

        public static Page<RouteServerEndpoint> ParseEndpointPage(XElement root, in ReadContext ctx) => ReadEndpointPage(Ec2XmlCursor.Over(root), ctx);

        public static RouteServerPeer ParseSinglePeer(XElement root, in ReadContext ctx, string action) => Require(ReadSinglePeer(Ec2XmlCursor.Over(root), ctx), action);

        /// <summary>Reads one peer; the cursor is on its start element and ends after its end element.</summary>
        private static RouteServerPeer ReadPeer(Ec2XmlCursor x, ReadContext ctx)
        {
            var n = x.Names;
            string? id = null, endpointId = null, routeServerId = null, vpcId = null, subnetId = null, state = null, failure = null;
            string? eniId = null, eniAddress = null, peerAddress = null, asn = null, liveness = null, bgp = null, bfd = null;
            bool seenBgpOptions = false, seenBgpStatus = false, seenBfdStatus = false, seenTags = false;
            IReadOnlyDictionary<string, string> tags = Tags.Empty;
            if (x.EnterChildren())
            {
                while (x.NextChild())
                {
                    var name = x.Name;
                    if (ReferenceEquals(name, n.RouteServerPeerId)) x.ReadTextOnce(ref id, cache: false);
                    else if (ReferenceEquals(name, n.RouteServerEndpointId)) x.ReadTextOnce(ref endpointId);
                    else if (ReferenceEquals(name, n.RouteServerId)) x.ReadTextOnce(ref routeServerId);
                    else if (ReferenceEquals(name, n.VpcId)) x.ReadTextOnce(ref vpcId);
                    else if (ReferenceEquals(name, n.SubnetId)) x.ReadTextOnce(ref subnetId);
                    else if (ReferenceEquals(name, n.State)) x.ReadTextOnce(ref state);
                    else if (ReferenceEquals(name, n.FailureReason)) x.ReadTextOnce(ref failure);
                    else if (ReferenceEquals(name, n.EndpointEniId)) x.ReadTextOnce(ref eniId);
                    else if (ReferenceEquals(name, n.EndpointEniAddress)) x.ReadTextOnce(ref eniAddress);
                    else if (ReferenceEquals(name, n.PeerAddress)) x.ReadTextOnce(ref peerAddress, cache: false);
                    else if (ReferenceEquals(name, n.BgpOptions) && !seenBgpOptions)
                    {
                        seenBgpOptions = true;
                        if (x.EnterChildren())
                        {
                            while (x.NextChild())
                            {
                                if (ReferenceEquals(x.Name, n.PeerAsn)) x.ReadTextOnce(ref asn);
                                else if (ReferenceEquals(x.Name, n.PeerLivenessDetection)) x.ReadTextOnce(ref liveness);
                                else x.Skip();
                            }
                        }
                    }
                    else if (ReferenceEquals(name, n.BgpStatus) && !seenBgpStatus)
                    {
                        seenBgpStatus = true;
                        bgp = ReadStatus(x);
                    }
                    else if (ReferenceEquals(name, n.BfdStatus) && !seenBfdStatus)
                    {
                        seenBfdStatus = true;
                        bfd = ReadStatus(x);
                    }
                    else if (ReferenceEquals(name, n.TagSet) && !seenTags)
                    {
                        seenTags = true;
                        tags = ReadTags(x);
                    }
                    else x.Skip();
                }
            }
            return new RouteServerPeer
            {
                RouteServerPeerId = id ?? string.Empty,
                RouteServerEndpointId = endpointId,
                RouteServerId = routeServerId,
                VpcId = vpcId,
                SubnetId = subnetId,
                State = WireNames.ParseRouteServerState(state),
                FailureReason = failure,
                EndpointEniId = eniId,
                EndpointEniAddress = eniAddress,
                PeerAddress = peerAddress,
                PeerAsn = seenBgpOptions ? ParseLong(asn) : 0,
                PeerLivenessDetection = WireNames.ParseLiveness(liveness) ?? PeerLivenessDetection.BgpKeepalive,
                BgpStatus = WireNames.ParseBgpStatus(bgp),
                BfdStatus = WireNames.ParseBgpStatus(bfd),
                Tags = tags,
                Region = ctx.Region,
                EndpointUrl = ctx.EndpointUrl,
                RetrievedAt = ctx.RetrievedAt,
            };
        }

        private static RouteServerEndpoint ReadEndpoint(Ec2XmlCursor x, ReadContext ctx)
        {
            var n = x.Names;
            string? id = null, routeServerId = null, vpcId = null, subnetId = null, eniId = null, eniAddress = null, state = null, failure = null;
            bool seenTags = false;
            IReadOnlyDictionary<string, string> tags = Tags.Empty;
            if (x.EnterChildren())
            {
                while (x.NextChild())
                {
                    var name = x.Name;
                    if (ReferenceEquals(name, n.RouteServerEndpointId)) x.ReadTextOnce(ref id, cache: false);
                    else if (ReferenceEquals(name, n.RouteServerId)) x.ReadTextOnce(ref routeServerId);
                    else if (ReferenceEquals(name, n.VpcId)) x.ReadTextOnce(ref vpcId);
                    else if (ReferenceEquals(name, n.SubnetId)) x.ReadTextOnce(ref subnetId);
                    else if (ReferenceEquals(name, n.EniId)) x.ReadTextOnce(ref eniId);
                    else if (ReferenceEquals(name, n.EniAddress)) x.ReadTextOnce(ref eniAddress);
                    else if (ReferenceEquals(name, n.State)) x.ReadTextOnce(ref state);
                    else if (ReferenceEquals(name, n.FailureReason)) x.ReadTextOnce(ref failure);
                    else if (ReferenceEquals(name, n.TagSet) && !seenTags)
                    {
                        seenTags = true;
                        tags = ReadTags(x);
                    }
                    else x.Skip();
                }
            }
            return new RouteServerEndpoint
            {
                RouteServerEndpointId = id ?? string.Empty,
                RouteServerId = routeServerId,
                VpcId = vpcId,
                SubnetId = subnetId,
                EniId = eniId,
                EniAddress = eniAddress,
                State = WireNames.ParseRouteServerState(state),
                FailureReason = failure,
                Tags = tags,
                Region = ctx.Region,
                EndpointUrl = ctx.EndpointUrl,
                RetrievedAt = ctx.RetrievedAt,
            };
        }

        /// <summary>The <c>&lt;status&gt;</c> inside <c>&lt;bgpStatus&gt;</c> or <c>&lt;bfdStatus&gt;</c>.</summary>
        private static string? ReadStatus(Ec2XmlCursor x)
        {
            string? status = null;
            if (x.EnterChildren())
            {
                while (x.NextChild())
                {
                    if (ReferenceEquals(x.Name, x.Names.Status)) x.ReadTextOnce(ref status);
                    else x.Skip();
                }
            }
            return status;
        }

        /// <summary>Every <c>&lt;item&gt;</c> of a <c>&lt;tagSet&gt;</c>; a missing key or value is empty; a repeated key keeps the last value.</summary>
        private static IReadOnlyDictionary<string, string> ReadTags(Ec2XmlCursor x)
        {
            Dictionary<string, string>? d = null;
            if (x.EnterChildren())
            {
                while (x.NextChild())
                {
                    if (!ReferenceEquals(x.Name, x.Names.Item))
                    {
                        x.Skip();
                        continue;
                    }
                    string? key = null, value = null;
                    if (x.EnterChildren())
                    {
                        while (x.NextChild())
                        {
                            if (ReferenceEquals(x.Name, x.Names.Key)) x.ReadTextOnce(ref key);
                            else if (ReferenceEquals(x.Name, x.Names.Value)) x.ReadTextOnce(ref value);
                            else x.Skip();
                        }
                    }
                    (d ??= new Dictionary<string, string>(StringComparer.Ordinal))[key ?? string.Empty] = value ?? string.Empty;
                }
            }
            return d is null ? Tags.Empty : new TagSet(d);
        }

        private static long ParseLong(string? text) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    /// <summary>
    /// A forward-only walk over an EC2 response. The pattern: <see cref="EnterChildren"/> on a start element, then
    /// <c>while (NextChild())</c> stops on each child element, whose handler must consume it (<see cref="ReadText"/>,
    /// <see cref="Skip"/>, or a nested walk); the loop ends after the parent's end element.
    /// </summary>
    internal sealed class Ec2XmlCursor
    {
        private const int CacheSlots = 256;
        private readonly XmlReader _reader;
        private readonly bool _chunked;
        private readonly string?[] _cache = new string?[CacheSlots];
        private char[] _buffer = new char[256];
        private int _length;
        private int _seen;

        public Ec2XmlCursor(XmlReader reader)
        {
            _reader = reader;
            _chunked = reader.CanReadValueChunk;
            Names = new Ec2Names(reader.NameTable ?? throw new ArgumentException("The reader has no name table.", nameof(reader)));
        }

        /// <summary>The element names, atomized in this reader's name table.</summary>
        public Ec2Names Names { get; }

        /// <summary>The root's <c>&lt;requestId&gt;</c>, once the walk has passed it.</summary>
        public string? RequestId { get; private set; }

        /// <summary>The local name of the element the cursor is on (atomized: compare by reference with <see cref="Names"/>).</summary>
        public string Name => _reader.LocalName;

        /// <summary>The reader settings every EC2 response is read with: no DTDs, no resolver, whitespace dropped.</summary>
        public static XmlReaderSettings Settings() =>
            new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };

        public static Ec2XmlCursor Over(XElement root) => new(root.CreateReader());

        /// <summary>Loads the whole response as a tree instead of walking it.</summary>
        public XElement LoadRoot()
        {
            if (_reader.MoveToContent() != XmlNodeType.Element) throw new XmlException("The response has no root element.");
            var root = XElement.Load(_reader);
            RequestId = root.Element(root.Name.Namespace + "requestId")?.Value;
            return root;
        }

        /// <summary>Moves to the root element and into it; false when the root is empty.</summary>
        public bool EnterRoot()
        {
            if (_reader.MoveToContent() != XmlNodeType.Element) throw new XmlException("The response has no root element.");
            return EnterChildren();
        }

        /// <summary>On a start element: steps inside it and returns true, or past it (empty element) and returns false.</summary>
        public bool EnterChildren()
        {
            if (_reader.IsEmptyElement)
            {
                _reader.Read();
                return false;
            }
            _reader.Read();
            return true;
        }

        /// <summary>Moves to the next child element of the current parent; false (after the parent's end) when there is none.</summary>
        public bool NextChild()
        {
            while (true)
            {
                switch (_reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (_reader.Depth == 1 && ReferenceEquals(_reader.LocalName, Names.RequestId) && RequestId is null)
                        {
                            RequestId = ReadText(cache: false);
                            continue;
                        }
                        return true;
                    case XmlNodeType.EndElement:
                        _reader.Read();
                        return false;
                    default:
                        Advance();
                        break;
                }
            }
        }

        /// <summary>Skips the current element and all it holds.</summary>
        public void Skip() => _reader.Skip();

        /// <summary>
        /// For a member that appears at most once per parent in the walk (bit <paramref name="bit"/> of the current
        /// response): true when it was already seen, so the first one wins.
        /// </summary>
        public bool SeenOnce(int bit)
        {
            var mask = 1 << bit;
            if ((_seen & mask) != 0) return true;
            _seen |= mask;
            return false;
        }

        /// <summary>Reads the element's text into <paramref name="target"/> unless it already has a value (the first wins); else skips it.</summary>
        public void ReadTextOnce(ref string? target, bool cache = true)
        {
            if (target is null) target = ReadText(cache);
            else _reader.Skip();
        }

        /// <summary>
        /// All the text inside the current element (as <see cref="XElement.Value"/> gives it), consuming the element.
        /// With <paramref name="cache"/>, a value already seen in this response is returned as the same string.
        /// </summary>
        public string ReadText(bool cache = true)
        {
            if (_reader.IsEmptyElement)
            {
                _reader.Read();
                return string.Empty;
            }
            var depth = _reader.Depth;
            _length = 0;
            _reader.Read();
            while (!(_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth))
            {
                switch (_reader.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        if (_chunked) AppendChunks();
                        else Append(_reader.Value);
                        Advance();
                        break;
                    default:
                        Advance();
                        break;
                }
            }
            _reader.Read();
            if (_length == 0) return string.Empty;
            return cache ? Cached() : new string(_buffer, 0, _length);
        }

        private void Advance()
        {
            if (!_reader.Read()) throw new XmlException("The response ended inside an element.");
        }

        private void AppendChunks()
        {
            while (true)
            {
                // Two free places at least: the reader never splits a surrogate pair, and returns 0 only at the end.
                if (_buffer.Length - _length < 2) Array.Resize(ref _buffer, _buffer.Length * 2);
                var read = _reader.ReadValueChunk(_buffer, _length, _buffer.Length - _length);
                if (read == 0) return;
                _length += read;
            }
        }

        private void Append(string value)
        {
            if (_length + value.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + value.Length));
            value.CopyTo(0, _buffer, _length, value.Length);
            _length += value.Length;
        }

        /// <summary>The buffer's text as a string, shared with an equal value seen earlier in this response where the cache still holds it.</summary>
        private string Cached()
        {
            var hash = 2166136261u;
            for (var i = 0; i < _length; i++) hash = (hash ^ _buffer[i]) * 16777619u;
            var slot = (int)(hash % CacheSlots);
            var hit = _cache[slot];
            if (hit is not null && hit.Length == _length)
            {
                var same = true;
                for (var i = 0; i < _length && same; i++) same = hit[i] == _buffer[i];
                if (same) return hit;
            }
            var text = new string(_buffer, 0, _length);
            _cache[slot] = text;
            return text;
        }
    }

    /// <summary>The element names of the four Route Server responses, atomized once per reader.</summary>
    internal sealed class Ec2Names
    {
        public Ec2Names(XmlNameTable t)
        {
            RequestId = t.Add("requestId");
            NextToken = t.Add("nextToken");
            Item = t.Add("item");
            RouteServerPeerSet = t.Add("routeServerPeerSet");
            RouteServerEndpointSet = t.Add("routeServerEndpointSet");
            RouteServerPeer = t.Add("routeServerPeer");
            RouteServerPeerId = t.Add("routeServerPeerId");
            RouteServerEndpointId = t.Add("routeServerEndpointId");
            RouteServerId = t.Add("routeServerId");
            VpcId = t.Add("vpcId");
            SubnetId = t.Add("subnetId");
            State = t.Add("state");
            FailureReason = t.Add("failureReason");
            EndpointEniId = t.Add("endpointEniId");
            EndpointEniAddress = t.Add("endpointEniAddress");
            EniId = t.Add("eniId");
            EniAddress = t.Add("eniAddress");
            PeerAddress = t.Add("peerAddress");
            BgpOptions = t.Add("bgpOptions");
            PeerAsn = t.Add("peerAsn");
            PeerLivenessDetection = t.Add("peerLivenessDetection");
            BgpStatus = t.Add("bgpStatus");
            BfdStatus = t.Add("bfdStatus");
            Status = t.Add("status");
            TagSet = t.Add("tagSet");
            Key = t.Add("key");
            Value = t.Add("value");
        }

        public string RequestId { get; }
        public string NextToken { get; }
        public string Item { get; }
        public string RouteServerPeerSet { get; }
        public string RouteServerEndpointSet { get; }
        public string RouteServerPeer { get; }
        public string RouteServerPeerId { get; }
        public string RouteServerEndpointId { get; }
        public string RouteServerId { get; }
        public string VpcId { get; }
        public string SubnetId { get; }
        public string State { get; }
        public string FailureReason { get; }
        public string EndpointEniId { get; }
        public string EndpointEniAddress { get; }
        public string EniId { get; }
        public string EniAddress { get; }
        public string PeerAddress { get; }
        public string BgpOptions { get; }
        public string PeerAsn { get; }
        public string PeerLivenessDetection { get; }
        public string BgpStatus { get; }
        public string BfdStatus { get; }
        public string Status { get; }
        public string TagSet { get; }
        public string Key { get; }
        public string Value { get; }
    }
}
