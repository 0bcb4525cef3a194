using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// The EC2 query protocol for the four Route Server peer actions. Requests are form parameters; answers are XML in
/// the 2016-11-15 namespace with lowerCamel names and <c>&lt;item&gt;</c> list entries; errors are
/// <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> documents (see /work/shared/wire/README.md and the fixtures in
/// tests/BgpPeering.Tests/Wire/responses).
/// Each action checks, in order: unknown and malformed parameters, permission (UnauthorizedOperation), DryRun
/// (DryRunOperation), then existence and state.
/// </summary>
internal sealed class Ec2Api
{
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public const string ContentType = "text/xml;charset=UTF-8";

    public const string CreateRouteServerPeer = "CreateRouteServerPeer";
    public const string DescribeRouteServerPeers = "DescribeRouteServerPeers";
    public const string DeleteRouteServerPeer = "DeleteRouteServerPeer";
    public const string DescribeRouteServerEndpoints = "DescribeRouteServerEndpoints";

    private static readonly string[] CreateParameters =
    {
        "RouteServerEndpointId", "PeerAddress", "BgpOptions.PeerAsn", "BgpOptions.PeerLivenessDetection", "DryRun",
        "TagSpecification.N.ResourceType", "TagSpecification.N.Tag.N.Key", "TagSpecification.N.Tag.N.Value",
    };

    private static readonly string[] DescribePeersParameters = { "RouteServerPeerId.N", "Filter.N.Name", "Filter.N.Value.N", "MaxResults", "NextToken", "DryRun" };
    private static readonly string[] DescribeEndpointsParameters = { "RouteServerEndpointId.N", "Filter.N.Name", "Filter.N.Value.N", "MaxResults", "NextToken", "DryRun" };
    private static readonly string[] DeleteParameters = { "RouteServerPeerId", "DryRun" };

    private static readonly HashSet<string> PeerFilterNames = new(StringComparer.Ordinal)
        { "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "peer-address", "tag-key" };

    private static readonly HashSet<string> EndpointFilterNames = new(StringComparer.Ordinal)
        { "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "tag-key" };

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "    ",
    };

    private readonly EmulatorState _state;

    public Ec2Api(EmulatorState state) => _state = state;

    public static bool IsAction(string action) =>
        action is CreateRouteServerPeer or DescribeRouteServerPeers or DeleteRouteServerPeer or DescribeRouteServerEndpoints;

    public ApiResponse Invoke(string action, QueryParameters p, Principal principal, string region, string requestId) => action switch
    {
        CreateRouteServerPeer => Create(p, principal, region, requestId),
        DescribeRouteServerPeers => DescribePeers(p, principal, region, requestId),
        DeleteRouteServerPeer => Delete(p, principal, region, requestId),
        DescribeRouteServerEndpoints => DescribeEndpoints(p, principal, region, requestId),
        _ => throw new ApiException("InvalidAction", "The action " + action + " is not valid for this web service.", 400),
    };

    // ------------------------------------------------------------------ actions

    private ApiResponse Create(QueryParameters p, Principal principal, string region, string requestId)
    {
        p.RejectUnknown(CreateParameters);
        var endpointId = p.Required("RouteServerEndpointId");
        var address = p.Required("PeerAddress");
        if (p.Get("BgpOptions.PeerAsn") is not { Length: > 0 } asnText)
            throw ApiException.MissingParameter(p.Keys.Any(k => k.StartsWith("BgpOptions.", StringComparison.Ordinal)) ? "BgpOptions.PeerAsn" : "BgpOptions");
        if (!IsIPv4(address)) throw ApiException.InvalidValue("PeerAddress", address, "Expected a valid IPv4 address.");
        if (!long.TryParse(asnText, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) || asn < 1 || asn > 4294967295)
            throw ApiException.InvalidValue("BgpOptions.PeerAsn", asnText, "Expected a value between 1 and 4294967295.");
        var liveness = p.Get("BgpOptions.PeerLivenessDetection") ?? "bgp-keepalive";
        if (liveness is not ("bgp-keepalive" or "bfd"))
            throw ApiException.InvalidValue("BgpOptions.PeerLivenessDetection", liveness, "Expected bfd or bgp-keepalive.");
        var tags = Tags(p);
        var dryRun = p.DryRun();
        Authorize(principal, CreateRouteServerPeer, Arn(region, "route-server-endpoint/" + endpointId));
        if (dryRun) throw ApiException.DryRun();

        var peer = _state.CreateRouteServerPeer(endpointId, address, asn, liveness, tags);
        return Write("CreateRouteServerPeerResponse", requestId, w =>
        {
            w.WriteStartElement("routeServerPeer", Namespace);
            WritePeerBody(w, peer);
            w.WriteEndElement();
        });
    }

    private ApiResponse Delete(QueryParameters p, Principal principal, string region, string requestId)
    {
        p.RejectUnknown(DeleteParameters);
        var id = p.Required("RouteServerPeerId");
        var dryRun = p.DryRun();
        Authorize(principal, DeleteRouteServerPeer, Arn(region, "route-server-peer/" + id));
        if (dryRun) throw ApiException.DryRun();

        var peer = _state.DeleteRouteServerPeer(id);
        return Write("DeleteRouteServerPeerResponse", requestId, w =>
        {
            w.WriteStartElement("routeServerPeer", Namespace);
            WritePeerBody(w, peer);
            w.WriteEndElement();
        });
    }

    private ApiResponse DescribePeers(QueryParameters p, Principal principal, string region, string requestId)
    {
        p.RejectUnknown(DescribePeersParameters);
        var ids = p.List("RouteServerPeerId");
        var filters = p.Filters();
        CheckFilters(filters, PeerFilterNames);
        var max = p.MaxResults(5, 1000);
        var token = p.Get("NextToken");
        var dryRun = p.DryRun();
        var fingerprint = Fingerprint(DescribeRouteServerPeers, ids, filters);
        long? after = null;
        if (!string.IsNullOrEmpty(token))
        {
            if (!PageToken.TryDecode(token, "rsp", _state.Epoch, fingerprint, out var a)) throw ApiException.InvalidPaginationToken();
            after = a;
        }
        Authorize(principal, DescribeRouteServerPeers, Arn(region, "route-server-peer/*"));
        if (dryRun) throw ApiException.DryRun();

        var page = _state.DescribeRouteServerPeers(ids, filters, max, after);
        return Write("DescribeRouteServerPeersResponse", requestId, w =>
        {
            w.WriteStartElement("routeServerPeerSet", Namespace);
            foreach (var peer in page.Items)
            {
                w.WriteStartElement("item", Namespace);
                WritePeerBody(w, peer);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            if (page.NextAfter is long next) E(w, "nextToken", PageToken.Encode("rsp", _state.Epoch, next, fingerprint));
        });
    }

    private ApiResponse DescribeEndpoints(QueryParameters p, Principal principal, string region, string requestId)
    {
        p.RejectUnknown(DescribeEndpointsParameters);
        var ids = p.List("RouteServerEndpointId");
        var filters = p.Filters();
        CheckFilters(filters, EndpointFilterNames);
        var max = p.MaxResults(5, 1000);
        var token = p.Get("NextToken");
        var dryRun = p.DryRun();
        var fingerprint = Fingerprint(DescribeRouteServerEndpoints, ids, filters);
        long? after = null;
        if (!string.IsNullOrEmpty(token))
        {
            if (!PageToken.TryDecode(token, "rse", _state.Epoch, fingerprint, out var a)) throw ApiException.InvalidPaginationToken();
            after = a;
        }
        Authorize(principal, DescribeRouteServerEndpoints, Arn(region, "route-server-endpoint/*"));
        if (dryRun) throw ApiException.DryRun();

        var page = _state.DescribeRouteServerEndpoints(ids, filters, max, after);
        return Write("DescribeRouteServerEndpointsResponse", requestId, w =>
        {
            w.WriteStartElement("routeServerEndpointSet", Namespace);
            foreach (var e in page.Items)
            {
                w.WriteStartElement("item", Namespace);
                E(w, "routeServerId", e.RouteServerId);
                E(w, "routeServerEndpointId", e.Id);
                E(w, "vpcId", e.VpcId);
                E(w, "subnetId", e.SubnetId);
                E(w, "eniId", e.EniId);
                E(w, "eniAddress", e.EniAddress);
                E(w, "state", e.State);
                if (e.FailureReason is not null) E(w, "failureReason", e.FailureReason);
                WriteTags(w, e.Tags);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            if (page.NextAfter is long next) E(w, "nextToken", PageToken.Encode("rse", _state.Epoch, next, fingerprint));
        });
    }

    // ------------------------------------------------------------------ validation

    private void Authorize(Principal principal, string action, string resource)
    {
        if (!principal.IsDenied("ec2", action)) return;
        throw new ApiException("UnauthorizedOperation",
            "You are not authorized to perform this operation. User: " + principal.Arn + " is not authorized to perform: ec2:" + action
            + " on resource: " + resource + " because no identity-based policy allows the ec2:" + action + " action.", 403);
    }

    private string Arn(string region, string resource) => "arn:aws:ec2:" + region + ":" + _state.AccountId + ":" + resource;

    private static void CheckFilters(IEnumerable<FilterSpec> filters, HashSet<string> names)
    {
        foreach (var f in filters)
        {
            if (f.Name.StartsWith("tag:", StringComparison.Ordinal) && f.Name.Length > 4) continue;
            if (!names.Contains(f.Name)) throw ApiException.InvalidFilter(f.Name);
        }
    }

    private static string Fingerprint(string action, IEnumerable<string> ids, IEnumerable<FilterSpec> filters) =>
        PageToken.Fingerprint(new[] { action }.Concat(ids).Concat(filters.SelectMany(f => new[] { "F:" + f.Name }.Concat(f.Values))));

    /// <summary>Tag specifications: only <c>route-server-peer</c>, EC2's tag limits (50 tags, keys 1–128, values up to 256, no <c>aws:</c>).</summary>
    private static List<KeyValuePair<string, string>> Tags(QueryParameters p)
    {
        var tags = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in p.Indexes("TagSpecification"))
        {
            var prefix = "TagSpecification." + i;
            var type = p.Get(prefix + ".ResourceType");
            if (type is null) throw ApiException.MissingParameter(prefix + ".ResourceType");
            if (type != "route-server-peer")
                throw new ApiException("InvalidParameterValue", "'" + type + "' is not a valid taggable resource type for this operation.", 400);
            foreach (var j in p.Indexes(prefix + ".Tag"))
            {
                var key = p.Get(prefix + ".Tag." + j + ".Key");
                var value = p.Get(prefix + ".Tag." + j + ".Value") ?? string.Empty;
                if (string.IsNullOrEmpty(key)) throw ApiException.MissingParameter(prefix + ".Tag." + j + ".Key");
                if (key.Length > 128) throw ApiException.InvalidValue(prefix + ".Tag." + j + ".Key", key, "Tag keys must be 1 to 128 characters long.");
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    throw new ApiException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use", 400);
                if (value.Length > 256) throw ApiException.InvalidValue(prefix + ".Tag." + j + ".Value", value, "Tag values must be at most 256 characters long.");
                if (!seen.Add(key)) throw new ApiException("InvalidParameterValue", "Duplicate tag key '" + key + "' specified.", 400);
                tags.Add(new KeyValuePair<string, string>(key, value));
            }
        }
        if (tags.Count > 50) throw new ApiException("TagLimitExceeded", "The maximum number of tags (50) for a resource has been exceeded.", 400);
        return tags;
    }

    /// <summary>Four decimal octets 0–255 without leading zeros.</summary>
    public static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)) return false;
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
        }
        return IPAddress.TryParse(value, out _);
    }

    // ------------------------------------------------------------------ XML

    private static void WritePeerBody(XmlWriter w, RsPeerView peer)
    {
        E(w, "routeServerPeerId", peer.Id);
        E(w, "routeServerEndpointId", peer.EndpointId);
        E(w, "routeServerId", peer.RouteServerId);
        E(w, "vpcId", peer.VpcId);
        E(w, "subnetId", peer.SubnetId);
        E(w, "state", peer.State);
        if (peer.FailureReason is not null) E(w, "failureReason", peer.FailureReason);
        E(w, "endpointEniId", peer.EniId);
        E(w, "endpointEniAddress", peer.EniAddress);
        E(w, "peerAddress", peer.PeerAddress);
        w.WriteStartElement("bgpOptions", Namespace);
        E(w, "peerAsn", peer.Asn.ToString(CultureInfo.InvariantCulture));
        E(w, "peerLivenessDetection", peer.Liveness);
        w.WriteEndElement();
        if (peer.BgpStatus is not null)
        {
            w.WriteStartElement("bgpStatus", Namespace);
            E(w, "status", peer.BgpStatus);
            w.WriteEndElement();
        }
        if (peer.BfdStatus is not null)
        {
            w.WriteStartElement("bfdStatus", Namespace);
            E(w, "status", peer.BfdStatus);
            w.WriteEndElement();
        }
        WriteTags(w, peer.Tags);
    }

    private static void WriteTags(XmlWriter w, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count == 0) return;
        w.WriteStartElement("tagSet", Namespace);
        foreach (var tag in tags)
        {
            w.WriteStartElement("item", Namespace);
            E(w, "key", tag.Key);
            E(w, "value", tag.Value);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void E(XmlWriter w, string name, string value) => w.WriteElementString(name, Namespace, value);

    private static ApiResponse Write(string root, string requestId, Action<XmlWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(root, Namespace);
            E(w, "requestId", requestId);
            body(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(200, ContentType, ms.ToArray());
    }

    /// <summary>An EC2 error document, as in the EC2.*.error-*.xml fixtures.</summary>
    public static ApiResponse Error(string code, string message, int status, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Response");
            w.WriteStartElement("Errors");
            w.WriteStartElement("Error");
            w.WriteElementString("Code", code);
            w.WriteElementString("Message", XmlText.Safe(message));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("RequestID", requestId);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(status, ContentType, ms.ToArray(), code);
    }
}
