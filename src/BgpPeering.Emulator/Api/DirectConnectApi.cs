using System.Text.Json;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// Direct Connect on JSON 1.1 (<c>X-Amz-Target: OvertureService.&lt;Op&gt;</c>): CreateBGPPeer, DeleteBGPPeer,
/// DescribeVirtualInterfaces, ListVirtualInterfaceRoutes, DescribeConnections, StartBgpFailoverTest,
/// StopBgpFailoverTest and ListVirtualInterfaceTestHistory, one handler each over the request's JSON object. Answers are written by
/// <see cref="DirectConnectJson"/>. Each action checks its input, then permission, then existence and state (in
/// the store).
/// </summary>
internal sealed class DirectConnectApi : ApiService<JsonElement>
{
    public const string TargetPrefix = "OvertureService.";

    public const string CreateBGPPeer = "CreateBGPPeer";
    public const string DeleteBGPPeer = "DeleteBGPPeer";
    public const string DescribeVirtualInterfaces = "DescribeVirtualInterfaces";
    public const string ListVirtualInterfaceRoutes = "ListVirtualInterfaceRoutes";
    public const string DescribeConnections = "DescribeConnections";
    public const string StartBgpFailoverTest = "StartBgpFailoverTest";
    public const string StopBgpFailoverTest = "StopBgpFailoverTest";
    public const string ListVirtualInterfaceTestHistory = "ListVirtualInterfaceTestHistory";

    private readonly EmulatorState _state;

    public DirectConnectApi(EmulatorState state)
    {
        _state = state;
        Register(CreateBGPPeer, Create);
        Register(DeleteBGPPeer, Delete);
        Register(DescribeVirtualInterfaces, Describe);
        Register(ListVirtualInterfaceRoutes, ListRoutes);
        Register(DescribeConnections, Connections);
        Register(StartBgpFailoverTest, StartTest);
        Register(StopBgpFailoverTest, StopTest);
        Register(ListVirtualInterfaceTestHistory, TestHistory);
    }

    public override string Name => "DirectConnect";

    public override string SigningName => "directconnect";

    public override ApiProtocol Protocol => ApiProtocol.Json;

    /// <summary>The body as a JSON object (an empty body is <c>{}</c>).</summary>
    protected override JsonElement ReadInput(ApiRequest request)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ServiceException("SerializationException", "The request body is not valid JSON.", 400);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new ServiceException("SerializationException", "The request body must be a JSON object.", 400);
        return root;
    }

    // ------------------------------------------------------------------ actions

    private ApiResponse Create(JsonElement root, ApiRequest call)
    {
        var vifId = Text(root, "virtualInterfaceId") ?? throw ServiceException.DxClient("virtualInterfaceId is required.");
        if (!root.TryGetProperty("newBGPPeer", out var peer) || peer.ValueKind == JsonValueKind.Null) throw ServiceException.DxClient("newBGPPeer is required.");
        if (peer.ValueKind != JsonValueKind.Object) throw new ServiceException("SerializationException", "newBGPPeer must be a JSON object.", 400);
        var family = Text(peer, "addressFamily") ?? throw ServiceException.DxClient("newBGPPeer.addressFamily is required: ipv4 or ipv6.");
        if (family is not ("ipv4" or "ipv6")) throw ServiceException.DxClient("Invalid address family '" + family + "'. Valid values are ipv4 and ipv6.");
        var asn = Asn(peer);
        var authKey = Text(peer, "authKey");
        if (authKey is not null && (authKey.Length < 6 || authKey.Length > 80))
            throw ServiceException.DxClient("The authKey must be 6 to 80 characters long; it has " + authKey.Length + ".");
        var amazon = Text(peer, "amazonAddress");
        var customer = Text(peer, "customerAddress");
        if (family == "ipv6")
        {
            if (amazon is not null || customer is not null)
                throw ServiceException.DxClient("You cannot specify custom IPv6 addresses; omit amazonAddress and customerAddress, and AWS assigns a /125 from the Amazon pool.");
        }
        else
        {
            if ((amazon is null) != (customer is null))
                throw ServiceException.DxClient("Specify both amazonAddress and customerAddress, or neither (AWS then assigns a /30 from 169.254.0.0/16).");
            if (amazon is not null && !AddressText.IsIPv4Cidr(amazon)) throw ServiceException.DxClient("amazonAddress '" + amazon + "' is not an IPv4 address with a prefix length, such as 169.254.255.1/30.");
            if (customer is not null && !AddressText.IsIPv4Cidr(customer)) throw ServiceException.DxClient("customerAddress '" + customer + "' is not an IPv4 address with a prefix length, such as 169.254.255.2/30.");
        }
        Authorize(call, Arn(call, "dxvif/" + vifId));
        var vif = _state.Run((w, now) => w.DirectConnect.CreatePeer(vifId, family, asn, authKey, amazon, customer, now));
        return DirectConnectJson.Single(vif, call.RequestId);
    }

    private ApiResponse Delete(JsonElement root, ApiRequest call)
    {
        var peerId = Text(root, "bgpPeerId");
        var vifId = Text(root, "virtualInterfaceId");
        var customer = Text(root, "customerAddress");
        long? asn = null;
        if (Has(root, "asnLong") || Has(root, "asn")) asn = Asn(root);
        if (peerId is null && (vifId is null || asn is null || customer is null))
            throw ServiceException.DxClient("Specify bgpPeerId, or virtualInterfaceId together with asn (or asnLong) and customerAddress.");
        Authorize(call, Arn(call, "dxvif/" + (vifId ?? "*")));
        var vif = _state.Run((w, now) => w.DirectConnect.DeletePeer(peerId, vifId, asn, customer, now));
        return DirectConnectJson.Single(vif, call.RequestId);
    }

    private ApiResponse Describe(JsonElement root, ApiRequest call)
    {
        var connectionId = Text(root, "connectionId");
        var vifId = Text(root, "virtualInterfaceId");
        var max = MaxResults(root);
        var token = Text(root, "nextToken");
        var fingerprint = PageToken.Fingerprint(new[] { DescribeVirtualInterfaces, connectionId ?? string.Empty, vifId ?? string.Empty });
        long? after = null;
        if (token is not null)
        {
            if (!PageToken.TryDecode(token, "dxvif", _state.Epoch, fingerprint, out var a)) throw ServiceException.DxClient("The nextToken is not valid or has expired.");
            after = a;
        }
        Authorize(call, Arn(call, "dxvif/" + (vifId ?? "*")));
        var page = _state.Run((w, now) => w.DirectConnect.DescribeVirtualInterfaces(connectionId, vifId, max, after, now));
        return DirectConnectJson.Write(call.RequestId, w =>
        {
            w.WriteStartArray("virtualInterfaces");
            foreach (var vif in page.Items) DirectConnectJson.WriteVif(w, vif);
            w.WriteEndArray();
            if (page.NextAfter is long next) w.WriteString("nextToken", PageToken.Encode("dxvif", _state.Epoch, next, fingerprint));
        });
    }

    /// <summary>
    /// An interface's accepted and advertised routes, in prefix order, with the 2026 model's members: <c>filters</c> is
    /// an object (routeDirection, addressFamily, cidrs 1–10 exact prefixes, asPath ASNs, communities), maxResults is
    /// capped at 100 as AWS documents, and the answer's routes carry epoch-second <c>routeInstalledAt</c> numbers.
    /// </summary>
    private ApiResponse ListRoutes(JsonElement root, ApiRequest call)
    {
        var vifId = Text(root, "virtualInterfaceId") ?? throw ServiceException.DxClient("virtualInterfaceId is required.");
        string? direction = null, family = null;
        var cidrs = new List<System.Net.IPNetwork>();
        var asPath = new List<long>();
        var communities = new List<string>();
        if (root.TryGetProperty("filters", out var filters) && filters.ValueKind != JsonValueKind.Null)
        {
            if (filters.ValueKind != JsonValueKind.Object) throw new ServiceException("SerializationException", "filters must be a JSON object.", 400);
            direction = Text(filters, "routeDirection");
            if (direction is not (null or "accepted" or "advertised"))
                throw ServiceException.DxClient("Invalid routeDirection '" + direction + "'. Valid values are accepted and advertised.");
            family = Text(filters, "addressFamily");
            if (family is not (null or "ipv4" or "ipv6")) throw ServiceException.DxClient("Invalid address family '" + family + "'. Valid values are ipv4 and ipv6.");
            foreach (var cidr in Strings(filters, "cidrs"))
                cidrs.Add(RouteStore.TryNetwork(cidr, out var network) ? network : throw ServiceException.DxClient("The CIDR '" + cidr + "' is not valid, such as 10.60.0.0/16."));
            if (Has(filters, "cidrs") && (cidrs.Count is 0 or > 10)) throw ServiceException.DxClient("filters.cidrs takes 1 to 10 CIDRs.");
            if (Has(filters, "asPath"))
            {
                if (filters.GetProperty("asPath").ValueKind != JsonValueKind.Array) throw new ServiceException("SerializationException", "filters.asPath must be a list of ASNs.", 400);
                foreach (var a in filters.GetProperty("asPath").EnumerateArray())
                {
                    if (a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out var asn)) throw new ServiceException("SerializationException", "filters.asPath must be a list of ASNs.", 400);
                    asPath.Add(asn);
                }
            }
            communities.AddRange(Strings(filters, "communities"));
        }
        var max = MaxResults(root) ?? 100;
        var token = Text(root, "nextToken");
        var fingerprint = PageToken.Fingerprint(new[] { ListVirtualInterfaceRoutes, vifId, direction ?? string.Empty, family ?? string.Empty }
            .Concat(cidrs.Select(c => "C:" + c)).Concat(asPath.Select(a => "A:" + a)).Concat(communities.Select(c => "M:" + c)));
        string? after = null;
        if (token is not null)
        {
            if (!PageToken.TryDecodeKey(token, "dxroute", _state.Epoch, fingerprint, out var a)) throw ServiceException.DxClient("The nextToken is not valid or has expired.");
            after = a;
        }
        Authorize(call, Arn(call, "dxvif/" + vifId));
        var page = _state.Run((w, now) => w.Routes.VirtualInterfaceRoutes(vifId, direction, family, cidrs, asPath, communities, max, after, now));
        return DirectConnectJson.Write(call.RequestId, w =>
        {
            w.WriteString("virtualInterfaceId", vifId);
            w.WriteStartArray("routes");
            foreach (var route in page.Items) DirectConnectJson.WriteRoute(w, route);
            w.WriteEndArray();
            if (page.NextAfter is string next) w.WriteString("nextToken", PageToken.EncodeKey("dxroute", _state.Epoch, next, fingerprint));
        });
    }

    /// <summary>DescribeConnections: one connection, or all of them, paged like DescribeVirtualInterfaces (at most 100 a page).</summary>
    private ApiResponse Connections(JsonElement root, ApiRequest call)
    {
        var connectionId = Text(root, "connectionId");
        var max = MaxResults(root);
        var token = Text(root, "nextToken");
        var fingerprint = PageToken.Fingerprint(new[] { DescribeConnections, connectionId ?? string.Empty });
        long? after = null;
        if (token is not null)
        {
            if (!PageToken.TryDecode(token, "dxcon", _state.Epoch, fingerprint, out var a)) throw ServiceException.DxClient("The nextToken is not valid or has expired.");
            after = a;
        }
        Authorize(call, Arn(call, "dxcon/" + (connectionId ?? "*")));
        var page = _state.Run((w, _) => w.DirectConnect.DescribeConnections(connectionId, max, after));
        return DirectConnectJson.Write(call.RequestId, w =>
        {
            w.WriteStartArray("connections");
            foreach (var c in page.Items) DirectConnectJson.WriteConnection(w, c);
            w.WriteEndArray();
            if (page.NextAfter is long next) w.WriteString("nextToken", PageToken.Encode("dxcon", _state.Epoch, next, fingerprint));
        });
    }

    private ApiResponse StartTest(JsonElement root, ApiRequest call)
    {
        var vifId = Text(root, "virtualInterfaceId") ?? throw ServiceException.DxClient("virtualInterfaceId is required.");
        var peers = Strings(root, "bgpPeers");
        int? minutes = null;
        if (Has(root, "testDurationInMinutes"))
        {
            var m = Number(root, "testDurationInMinutes");
            if (m is < FailoverTestStore.MinMinutes or > FailoverTestStore.MaxMinutes)
                throw ServiceException.DxClient("testDurationInMinutes " + m + " is out of range: a failover test lasts 1 to 4320 minutes.");
            minutes = (int)m;
        }
        Authorize(call, Arn(call, "dxvif/" + vifId));
        var test = _state.Run((w, now) => w.FailoverTests.Start(vifId, peers, minutes, now));
        return DirectConnectJson.Test(test, call.RequestId);
    }

    private ApiResponse StopTest(JsonElement root, ApiRequest call)
    {
        var vifId = Text(root, "virtualInterfaceId") ?? throw ServiceException.DxClient("virtualInterfaceId is required.");
        Authorize(call, Arn(call, "dxvif/" + vifId));
        var test = _state.Run((w, now) => w.FailoverTests.Stop(vifId, now));
        return DirectConnectJson.Test(test, call.RequestId);
    }

    private ApiResponse TestHistory(JsonElement root, ApiRequest call)
    {
        var testId = Text(root, "testId");
        var vifId = Text(root, "virtualInterfaceId");
        var peers = Strings(root, "bgpPeers");
        var status = Text(root, "status");
        var max = MaxResults(root);
        var token = Text(root, "nextToken");
        var fingerprint = PageToken.Fingerprint(new[] { ListVirtualInterfaceTestHistory, testId ?? string.Empty, vifId ?? string.Empty, string.Join(",", peers), status ?? string.Empty });
        long? after = null;
        if (token is not null)
        {
            if (!PageToken.TryDecode(token, "dxtest", _state.Epoch, fingerprint, out var a)) throw ServiceException.DxClient("The nextToken is not valid or has expired.");
            after = a;
        }
        Authorize(call, Arn(call, "dxvif/" + (vifId ?? "*")));
        var page = _state.Run((w, now) => w.FailoverTests.List(testId, vifId, peers, status, max, after, now));
        return DirectConnectJson.Write(call.RequestId, w =>
        {
            w.WriteStartArray("virtualInterfaceTestHistory");
            foreach (var test in page.Items) DirectConnectJson.WriteTest(w, test);
            w.WriteEndArray();
            if (page.NextAfter is long next) w.WriteString("nextToken", PageToken.Encode("dxtest", _state.Epoch, next, fingerprint));
        });
    }

    // ------------------------------------------------------------------ input

    /// <summary>A list of strings (<c>bgpPeers</c>, <c>cidrs</c>, <c>communities</c>); empty when absent.</summary>
    private static List<string> Strings(JsonElement obj, string name)
    {
        var result = new List<string>();
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return result;
        if (v.ValueKind != JsonValueKind.Array) throw new ServiceException("SerializationException", name + " must be a list of strings.", 400);
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new ServiceException("SerializationException", name + " must be a list of strings.", 400);
            result.Add(item.GetString()!);
        }
        return result;
    }

    /// <summary><c>maxResults</c>: an integer of at least 1; above 100 only 100 are returned, as AWS documents.</summary>
    private static int? MaxResults(JsonElement root)
    {
        if (!Has(root, "maxResults")) return null;
        if (root.GetProperty("maxResults").ValueKind != JsonValueKind.Number || !root.GetProperty("maxResults").TryGetInt32(out var m))
            throw new ServiceException("SerializationException", "maxResults must be an integer.", 400);
        if (m < 1) throw ServiceException.DxClient("maxResults must be at least 1.");
        return Math.Min(m, 100);
    }

    /// <summary>
    /// <c>asnLong</c> wins over <c>asn</c> when both are given (as AWS documents); <c>asn</c> is 1–2147483646 and
    /// <c>asnLong</c> 1–4294967294.
    /// </summary>
    private static long Asn(JsonElement obj)
    {
        if (Has(obj, "asnLong"))
        {
            var v = Number(obj, "asnLong");
            if (v is < 1 or > 4294967294) throw ServiceException.DxClient("The ASN " + v + " is out of range: asnLong must be 1 to 4294967294.");
            return v;
        }
        if (Has(obj, "asn"))
        {
            var v = Number(obj, "asn");
            if (v is < 1 or > 2147483646) throw ServiceException.DxClient("The ASN " + v + " is out of range: asn must be 1 to 2147483646; use asnLong for a 4-byte ASN.");
            return v;
        }
        throw ServiceException.DxClient("An ASN is required: set asn or asnLong.");
    }

    private static bool Has(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    private static long Number(JsonElement obj, string name)
    {
        var v = obj.GetProperty(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n)) throw new ServiceException("SerializationException", name + " must be an integer.", 400);
        return n;
    }

    private static string? Text(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new ServiceException("SerializationException", name + " must be a string.", 400);
        return v.GetString();
    }

    // ------------------------------------------------------------------ permission

    private static void Authorize(ApiRequest call, string resource)
    {
        if (!call.Principal.IsDenied("directconnect", call.Action)) return;
        throw new ServiceException("AccessDeniedException",
            "User: " + call.Principal.Arn + " is not authorized to perform: directconnect:" + call.Action + " on resource: " + resource
            + " because no identity-based policy allows the directconnect:" + call.Action + " action", 400);
    }

    private string Arn(ApiRequest call, string resource) => "arn:aws:directconnect:" + call.Region + ":" + _state.AccountId + ":" + resource;

    // ------------------------------------------------------------------ the protocol's own answers

    public override ServiceException UnknownAction(string action) => new("UnknownOperationException", "Unknown operation " + action + ".", 400);

    public override ServiceException Unauthenticated(AuthResult result) => result.Outcome switch
    {
        AuthOutcome.Missing => new("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
        AuthOutcome.Incomplete => new("IncompleteSignatureException", result.Detail, 400),
        AuthOutcome.UnknownKey or AuthOutcome.TokenInvalid => new("UnrecognizedClientException", InvalidToken, 403),
        AuthOutcome.TokenExpired => new("ExpiredTokenException", ExpiredToken, 403),
        _ => new("InvalidSignatureException", result.Detail, 403),
    };

    public override ServiceException Throttling() => new("ThrottlingException", "Rate exceeded", 400);

    public override ServiceException InternalError() => new("DirectConnectServerException", "An internal error has occurred", 500);

    public override ApiResponse Error(string code, string message, int status, string requestId) => DirectConnectJson.Error(code, message, status, requestId);
}
