using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// EC2 response XML to our flat model, read as a stream: one forward pass over an <see cref="XmlReader"/>, no
/// document tree. Each peer is built straight from the reader; element names are compared by reference against
/// the reader's name table (matched by local name, so the namespace never matters); text is read into one
/// reusable buffer, and values that repeat across a page (IDs of endpoints, VPCs and subnets, states, ASNs, tag
/// keys) come from a small per-response string cache. So a page allocates little beyond the objects it returns,
/// and memory stays flat however many pages a listing has. The rules: the first of a repeated member wins,
/// missing members are null, a member's text is all the text inside it.
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
