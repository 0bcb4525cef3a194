using System.Globalization;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// EC2 on the query protocol: the Route Server peer and endpoint actions, the routing database, and
/// CreateTags/DeleteTags (for route server peers), one handler each. Requests are form parameters;
/// answers are written by <see cref="Ec2Xml"/>. Each action checks, in order: unknown and malformed parameters,
/// permission (UnauthorizedOperation), DryRun (DryRunOperation), then existence and state (in the store).
/// </summary>
internal sealed class Ec2Api : ApiService<QueryParameters>
{
    public const string CreateRouteServerPeer = "CreateRouteServerPeer";
    public const string DescribeRouteServerPeers = "DescribeRouteServerPeers";
    public const string DeleteRouteServerPeer = "DeleteRouteServerPeer";
    public const string DescribeRouteServerEndpoints = "DescribeRouteServerEndpoints";
    public const string GetRouteServerRoutingDatabase = "GetRouteServerRoutingDatabase";
    public const string CreateTags = "CreateTags";
    public const string DeleteTags = "DeleteTags";

    private static readonly string[] CreateParameters =
    {
        "RouteServerEndpointId", "PeerAddress", "BgpOptions.PeerAsn", "BgpOptions.PeerLivenessDetection", "DryRun",
        "TagSpecification.N.ResourceType", "TagSpecification.N.Tag.N.Key", "TagSpecification.N.Tag.N.Value",
    };

    private static readonly string[] DescribePeersParameters = { "RouteServerPeerId.N", "Filter.N.Name", "Filter.N.Value.N", "MaxResults", "NextToken", "DryRun" };
    private static readonly string[] DescribeEndpointsParameters = { "RouteServerEndpointId.N", "Filter.N.Name", "Filter.N.Value.N", "MaxResults", "NextToken", "DryRun" };
    private static readonly string[] DeleteParameters = { "RouteServerPeerId", "DryRun" };
    private static readonly string[] RoutingDatabaseParameters = { "RouteServerId", "Filter.N.Name", "Filter.N.Value.N", "MaxResults", "NextToken", "DryRun" };
    private static readonly string[] TagParameters = { "ResourceId.N", "Tag.N.Key", "Tag.N.Value", "DryRun" };

    private static readonly HashSet<string> PeerFilterNames = new(StringComparer.Ordinal)
        { "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "peer-address", "tag-key" };

    private static readonly HashSet<string> EndpointFilterNames = new(StringComparer.Ordinal)
        { "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "tag-key" };

    private readonly EmulatorState _state;

    public Ec2Api(EmulatorState state)
    {
        _state = state;
        Register(CreateRouteServerPeer, Create);
        Register(DescribeRouteServerPeers, DescribePeers);
        Register(DeleteRouteServerPeer, Delete);
        Register(DescribeRouteServerEndpoints, DescribeEndpoints);
        Register(GetRouteServerRoutingDatabase, RoutingDatabase);
        Register(CreateTags, (p, call) => Tag(p, call, create: true));
        Register(DeleteTags, (p, call) => Tag(p, call, create: false));
    }

    public override string Name => "EC2";

    public override string SigningName => "ec2";

    public override ApiProtocol Protocol => ApiProtocol.Query;

    protected override QueryParameters ReadInput(ApiRequest request) => request.Query!;

    // ------------------------------------------------------------------ actions

    private ApiResponse Create(QueryParameters p, ApiRequest call)
    {
        p.RejectUnknown(CreateParameters);
        var endpointId = p.Required("RouteServerEndpointId");
        var address = p.Required("PeerAddress");
        if (p.Get("BgpOptions.PeerAsn") is not { Length: > 0 } asnText)
            throw Ec2Errors.MissingParameter(p.Keys.Any(k => k.StartsWith("BgpOptions.", StringComparison.Ordinal)) ? "BgpOptions.PeerAsn" : "BgpOptions");
        if (!AddressText.IsIPv4(address)) throw Ec2Errors.InvalidValue("PeerAddress", address, "Expected a valid IPv4 address.");
        if (!long.TryParse(asnText, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) || asn < 1 || asn > 4294967295)
            throw Ec2Errors.InvalidValue("BgpOptions.PeerAsn", asnText, "Expected a value between 1 and 4294967295.");
        var liveness = p.Get("BgpOptions.PeerLivenessDetection") ?? "bgp-keepalive";
        if (liveness is not ("bgp-keepalive" or "bfd"))
            throw Ec2Errors.InvalidValue("BgpOptions.PeerLivenessDetection", liveness, "Expected bfd or bgp-keepalive.");
        var tags = p.Tags("route-server-peer");
        var dryRun = p.DryRun();
        Authorize(call, Arn(call, "route-server-endpoint/" + endpointId));
        if (dryRun) throw Ec2Errors.DryRun();

        var peer = _state.Run((w, now) => w.RouteServer.Create(endpointId, address, asn, liveness, tags, now));
        return Ec2Xml.Write("CreateRouteServerPeerResponse", call.RequestId, w =>
        {
            w.WriteStartElement("routeServerPeer", Ec2Xml.Namespace);
            Ec2Xml.WritePeer(w, peer);
            w.WriteEndElement();
        });
    }

    private ApiResponse Delete(QueryParameters p, ApiRequest call)
    {
        p.RejectUnknown(DeleteParameters);
        var id = p.Required("RouteServerPeerId");
        var dryRun = p.DryRun();
        Authorize(call, Arn(call, "route-server-peer/" + id));
        if (dryRun) throw Ec2Errors.DryRun();

        var peer = _state.Run((w, now) => w.RouteServer.Delete(id, now));
        return Ec2Xml.Write("DeleteRouteServerPeerResponse", call.RequestId, w =>
        {
            w.WriteStartElement("routeServerPeer", Ec2Xml.Namespace);
            Ec2Xml.WritePeer(w, peer);
            w.WriteEndElement();
        });
    }

    private ApiResponse DescribePeers(QueryParameters p, ApiRequest call)
    {
        p.RejectUnknown(DescribePeersParameters);
        var ids = p.List("RouteServerPeerId");
        var listing = p.Listing(call.Action, PeerFilterNames, ids, "rsp", _state.Epoch);
        Authorize(call, Arn(call, "route-server-peer/*"));
        if (listing.DryRun) throw Ec2Errors.DryRun();

        var result = _state.Run((w, now) => w.RouteServer.DescribePeers(ids, listing.Filters, listing.MaxResults, listing.After, now));
        return Ec2Xml.Write("DescribeRouteServerPeersResponse", call.RequestId, w =>
        {
            Ec2Xml.WriteSet(w, "routeServerPeerSet", result.Items, Ec2Xml.WritePeer);
            if (result.NextAfter is long next) Ec2Xml.E(w, "nextToken", listing.NextToken(next, _state.Epoch));
        });
    }

    private ApiResponse DescribeEndpoints(QueryParameters p, ApiRequest call)
    {
        p.RejectUnknown(DescribeEndpointsParameters);
        var ids = p.List("RouteServerEndpointId");
        var listing = p.Listing(call.Action, EndpointFilterNames, ids, "rse", _state.Epoch);
        Authorize(call, Arn(call, "route-server-endpoint/*"));
        if (listing.DryRun) throw Ec2Errors.DryRun();

        var result = _state.Run((w, _) => w.RouteServer.DescribeEndpoints(ids, listing.Filters, listing.MaxResults, listing.After));
        return Ec2Xml.Write("DescribeRouteServerEndpointsResponse", call.RequestId, w =>
        {
            Ec2Xml.WriteSet(w, "routeServerEndpointSet", result.Items, Ec2Xml.WriteEndpoint);
            if (result.NextAfter is long next) Ec2Xml.E(w, "nextToken", listing.NextToken(next, _state.Epoch));
        });
    }

    /// <summary>
    /// A route server's routing database, page by page in prefix order. The filters are the route-search ones (one CIDR
    /// each), an inference from EC2's transit gateway route searches (docs/emulator.md); any other name is
    /// InvalidParameterValue, as for the other actions.
    /// </summary>
    private ApiResponse RoutingDatabase(QueryParameters p, ApiRequest call)
    {
        p.RejectUnknown(RoutingDatabaseParameters);
        var id = p.Required("RouteServerId");
        var searches = new List<RouteSearch>();
        foreach (var f in p.Filters())
        {
            if (!RouteSearch.Names.Contains(f.Name)) throw ServiceException.InvalidFilter(f.Name);
            if (f.Values.Count != 1) throw Ec2Errors.InvalidValue("Filter " + f.Name, string.Join(",", f.Values), "Expected exactly one CIDR.");
            if (RouteStore.Canonical(f.Values[0]) is null) throw Ec2Errors.InvalidValue("Filter " + f.Name, f.Values[0], "Expected a CIDR such as 10.60.0.0/16.");
            RouteStore.TryNetwork(f.Values[0], out var network);
            searches.Add(new RouteSearch(f.Name, network));
        }
        var max = p.MaxResults(5, 1000);
        var token = p.Get("NextToken");
        var dryRun = p.DryRun();
        var fingerprint = PageToken.Fingerprint(new[] { call.Action, id }.Concat(searches.SelectMany(s => new[] { s.Name, s.Network.ToString() })));
        string? after = null;
        if (!string.IsNullOrEmpty(token))
        {
            if (!PageToken.TryDecodeKey(token, "route", _state.Epoch, fingerprint, out var a)) throw Ec2Errors.InvalidPaginationToken();
            after = a;
        }
        Authorize(call, Arn(call, "route-server/" + id));
        if (dryRun) throw Ec2Errors.DryRun();

        var page = _state.Run((w, now) => w.Routes.RoutingDatabase(id, searches, max, after, now));
        return Ec2Xml.Write("GetRouteServerRoutingDatabaseResponse", call.RequestId, w =>
        {
            // Persisting routes is not modelled: a route leaves the moment its session is down.
            Ec2Xml.E(w, "areRoutesPersisted", "false");
            Ec2Xml.WriteSet(w, "routeSet", page.Items, Ec2Xml.WriteRoute);
            if (page.NextAfter is string next) Ec2Xml.E(w, "nextToken", PageToken.EncodeKey("route", _state.Epoch, next, fingerprint));
        });
    }

    /// CreateTags (adds or overwrites the named tags) and DeleteTags (removes the named keys, only where the value
    /// matches when one is given, or every user tag when none is named) for route server peers. Every ID is checked
    /// before anything changes: a malformed or untaggable ID is InvalidID, an unknown peer
    /// InvalidRouteServerPeerId.NotFound; more than 50 tags on a peer is TagLimitExceeded. Both answer
    /// <c>&lt;return&gt;true&lt;/return&gt;</c>.
    /// </summary>
    private ApiResponse Tag(QueryParameters p, ApiRequest call, bool create)
    {
        p.RejectUnknown(TagParameters);
        var ids = p.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.MissingParameter("ResourceId");
        if (ids.Count > 1000) throw Ec2Errors.InvalidValue("ResourceId", ids.Count + " IDs", "Up to 1000 resource IDs.");
        var tags = p.TagList();
        if (create && tags.Count == 0) throw Ec2Errors.MissingParameter("Tag");
        var dryRun = p.DryRun();
        foreach (var id in ids)
        {
            if (!IsPeerId(id))
                throw new ServiceException("InvalidID", "The ID '" + id + "' is not valid. The emulator tags route server peers (rsp- IDs) only.", 400);
        }
        Authorize(call, Arn(call, "route-server-peer/" + ids[0]));
        if (dryRun) throw Ec2Errors.DryRun();

        _state.Run((w, _) =>
        {
            if (create) w.RouteServer.CreateTags(ids, tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value ?? string.Empty)).ToList());
            else w.RouteServer.DeleteTags(ids, p.Indexes("Tag").Count == 0 ? null : tags);
            return true;
        });
        return Ec2Xml.Write(create ? "CreateTagsResponse" : "DeleteTagsResponse", call.RequestId, w => Ec2Xml.E(w, "return", "true"));
    }

    private static bool IsPeerId(string id) =>
        id.StartsWith("rsp-", StringComparison.Ordinal) && id.Length is 12 or 21 && id.Skip(4).All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    // ------------------------------------------------------------------ permission

    private static void Authorize(ApiRequest call, string resource)
    {
        if (!call.Principal.IsDenied("ec2", call.Action)) return;
        throw new ServiceException("UnauthorizedOperation",
            "You are not authorized to perform this operation. User: " + call.Principal.Arn + " is not authorized to perform: ec2:" + call.Action
            + " on resource: " + resource + " because no identity-based policy allows the ec2:" + call.Action + " action.", 403);
    }

    private string Arn(ApiRequest call, string resource) => "arn:aws:ec2:" + call.Region + ":" + _state.AccountId + ":" + resource;

    // ------------------------------------------------------------------ the protocol's own answers

    public override ServiceException UnknownAction(string action) => action.Length == 0
        ? new ServiceException("MissingAction", "The request must contain the parameter Action", 400)
        : new ServiceException("InvalidAction", "The action " + action + " is not valid for this web service.", 400);

    public override ServiceException Unauthenticated(AuthResult result) => result.Outcome switch
    {
        AuthOutcome.Missing => new("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", 403),
        AuthOutcome.Incomplete => new("IncompleteSignature", result.Detail, 400),
        AuthOutcome.Expired or AuthOutcome.TokenExpired => new("RequestExpired", "Request has expired.", 400),
        _ => new("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
    };

    public override ServiceException Throttling() => new("RequestLimitExceeded", "Request limit exceeded.", 503);

    public override ServiceException InternalError() => new("InternalError", "An internal error has occurred", 500);

    public override ApiResponse Error(string code, string message, int status, string requestId) => Ec2Xml.Error(code, message, status, requestId);
}
