using System.Text.Json.Nodes;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// The Direct Connect operations against a scripted loopback server: which calls they make, what they write, and
/// how they pick the created peer and explain refusals.
/// </summary>
public sealed class DirectConnectOperationsTests
{
    private const string Vif = "dxvif-ffabc123";
    private const string Json = "application/x-amz-json-1.1";

    // ---------------------------------------------------------------- helpers

    internal static JsonObject Peer(string id, string family, long asn, string? customer, string state = "available", string status = "up") => new()
    {
        ["bgpPeerId"] = id,
        ["asn"] = asn > int.MaxValue ? 0 : asn,
        ["asnLong"] = asn,
        ["authKey"] = "0xSecretKey-" + id,
        ["addressFamily"] = family,
        ["amazonAddress"] = customer is null ? null : customer.Replace(".2/", ".1/").Replace("::2/", "::1/"),
        ["customerAddress"] = customer,
        ["bgpPeerState"] = state,
        ["bgpStatus"] = status,
    };

    internal static JsonObject VifJson(string id, string connection, params JsonObject[] peers) => new()
    {
        ["virtualInterfaceId"] = id,
        ["virtualInterfaceName"] = "vif-" + id[^4..],
        ["virtualInterfaceType"] = "private",
        ["virtualInterfaceState"] = "available",
        ["connectionId"] = connection,
        ["vlan"] = 101,
        ["region"] = "us-east-1",
        ["bgpPeers"] = new JsonArray(peers.Select(p => (JsonNode)p.DeepClone()).ToArray()),
    };

    private static CannedResponse Ok(JsonObject body) => new(200, Json, body.ToJsonString());

    private static CannedResponse Page(string? next, params JsonObject[] vifs)
    {
        var o = new JsonObject { ["virtualInterfaces"] = new JsonArray(vifs.Select(v => (JsonNode)v.DeepClone()).ToArray()) };
        if (next is not null) o["nextToken"] = next;
        return Ok(o);
    }

    private static CannedResponse Single(JsonObject vif) => Ok(new JsonObject { ["virtualInterface"] = vif.DeepClone() });

    private static CannedResponse ClientError(string message) =>
        new(400, Json, new JsonObject { ["__type"] = "DirectConnectClientException", ["message"] = message }.ToJsonString(), new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-x" });

    private static string Op(CapturedRequest r) => (r.Header("X-Amz-Target") ?? string.Empty).Replace("OvertureService.", string.Empty);

    private static JsonObject Body(CapturedRequest r) => JsonNode.Parse(r.BodyText)!.AsObject();

    private static List<string> Texts(List<PumpEvent> events, PumpEventKind kind) => events.Where(e => e.Kind == kind).Select(e => (string)e.Payload!).ToList();

    // ---------------------------------------------------------------- Get

    [Fact]
    public async Task Get_all_follows_next_token_and_flattens_every_peer()
    {
        await using var server = new FixtureServer(r => (string?)Body(r)["nextToken"] switch
        {
            null => Page("t2", VifJson("dxvif-aaaaaaa1", "dxcon-aaaaaaaa", Peer("dxpeer-aaaaaaa1", "ipv4", 65001, "169.254.1.2/30"), Peer("dxpeer-aaaaaaa2", "ipv6", 65001, "2001:db8::2/125"))),
            "t2" => Page(null, VifJson("dxvif-aaaaaaa2", "dxcon-aaaaaaaa", Peer("dxpeer-aaaaaaa3", "ipv4", 4200000001, "169.254.2.2/30", status: "down"))),
            _ => ClientError("bad token"),
        });
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).GetAsync([], sink, ct));

        Assert.Empty(ItemErrors(events));
        Assert.Equal(["dxpeer-aaaaaaa1", "dxpeer-aaaaaaa2", "dxpeer-aaaaaaa3"], Outputs<DxBgpPeer>(events).Select(p => p.BgpPeerId));
        Assert.Equal(4200000001L, Outputs<DxBgpPeer>(events)[2].Asn);
        Assert.Equal(BgpStatus.Down, Outputs<DxBgpPeer>(events)[2].BgpStatus);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("{}", server.Requests.First().BodyText);
        Assert.Contains(Texts(events, PumpEventKind.Verbose), v => v.Contains("more to come", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_by_peer_id_lists_once_for_all_ids_and_reports_each_missing_id()
    {
        await using var server = new FixtureServer(_ => Page(null,
            VifJson("dxvif-aaaaaaa1", "dxcon-aaaaaaaa", Peer("dxpeer-aaaaaaa1", "ipv4", 65001, "169.254.1.2/30"), Peer("dxpeer-aaaaaaa2", "ipv6", 65001, "2001:db8::2/125"))));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var selectors = DxBgpPeerSelector.Combine(null, null, ["dxpeer-aaaaaaa2", "dxpeer-missing1"]);

        var events = Run((sink, ct) => new DxBgpPeers(client).GetAsync(selectors, sink, ct));

        Assert.Equal("dxpeer-aaaaaaa2", Assert.Single(Outputs<DxBgpPeer>(events)).BgpPeerId);
        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal("dxpeer-missing1", error.Target);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Piped_peers_of_one_interface_are_read_with_one_call_and_each_written_once()
    {
        await using var server = new FixtureServer(r => (string?)Body(r)["virtualInterfaceId"] == "dxvif-aaaaaaa1"
            ? Page(null, VifJson("dxvif-aaaaaaa1", "dxcon-aaaaaaaa", Peer("dxpeer-aaaaaaa1", "ipv4", 65001, "169.254.1.2/30"), Peer("dxpeer-aaaaaaa2", "ipv6", 65001, "2001:db8::2/125")))
            : ClientError("Virtual interface " + (string?)Body(r)["virtualInterfaceId"] + " does not exist."));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var selectors = new List<DxBgpPeerSelector>
        {
            new("dxvif-aaaaaaa1", "dxcon-aaaaaaaa", "dxpeer-aaaaaaa1"),
            new("dxvif-aaaaaaa1", "dxcon-aaaaaaaa", "dxpeer-aaaaaaa2"),
            new("dxvif-aaaaaaa1", null, null),
            new("dxvif-bbbbbbb1", null, null),
        };

        var events = Run((sink, ct) => new DxBgpPeers(client).GetAsync(selectors, sink, ct));

        Assert.Equal(["dxpeer-aaaaaaa1", "dxpeer-aaaaaaa2"], Outputs<DxBgpPeer>(events).Select(p => p.BgpPeerId));
        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Equal("dxvif-bbbbbbb1", error.Target);
        Assert.Equal(2, server.Requests.Count); // one per distinct interface
    }

    [Fact]
    public async Task Get_by_connection_asks_for_the_connection()
    {
        await using var server = new FixtureServer(_ => Page(null, VifJson("dxvif-aaaaaaa1", "dxcon-fguhmqlc", Peer("dxpeer-aaaaaaa1", "ipv4", 65001, "169.254.1.2/30"))));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).GetAsync(DxBgpPeerSelector.Combine(null, ["dxcon-fguhmqlc"], null), sink, ct));

        Assert.Equal("dxcon-fguhmqlc", Assert.Single(Outputs<DxBgpPeer>(events)).ConnectionId);
        Assert.Equal("dxcon-fguhmqlc", (string?)Body(Assert.Single(server.Requests))["connectionId"]);
    }

    // ---------------------------------------------------------------- New

    [Fact]
    public async Task Create_finds_the_new_peer_by_family_asn_and_address_not_by_position()
    {
        // The new peer is listed first; the same family and ASN at another address is listed last.
        await using var server = new FixtureServer(_ => Single(VifJson(Vif, "dxcon-aaaaaaaa",
            Peer("dxpeer-new00001", "ipv4", 65010, "169.254.9.2/30", "pending", "down"),
            Peer("dxpeer-old00001", "ipv6", 65010, "2001:db8::2/125"),
            Peer("dxpeer-old00002", "ipv4", 65010, "169.254.1.2/30"))));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new NewDxBgpPeerRequest { VirtualInterfaceId = Vif, AddressFamily = AddressFamily.IPv4, AsnLong = 65010, AmazonAddress = "169.254.9.1/30", CustomerAddress = "169.254.9.2/30" };

        var events = Run((sink, ct) => new DxBgpPeers(client).CreateAsync(request, sink, ct));

        var peer = Assert.Single(Outputs<DxBgpPeer>(events));
        Assert.Equal("dxpeer-new00001", peer.BgpPeerId);
        Assert.Equal(DxBgpPeerState.Pending, peer.State);
        Assert.Equal(["CreateBGPPeer"], server.Requests.Select(Op)); // an address was given: no read first
    }

    [Fact]
    public async Task Create_with_aws_assigned_addresses_takes_the_matching_peer_that_was_not_there_before()
    {
        await using var server = new FixtureServer(r => Op(r) == "DescribeVirtualInterfaces"
            ? Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00001", "ipv6", 64600, "2001:db8::2/125")))
            : Single(VifJson(Vif, "dxcon-aaaaaaaa",
                Peer("dxpeer-old00001", "ipv6", 64600, "2001:db8::2/125"),
                Peer("dxpeer-new00001", "ipv6", 64600, "2001:db8:0:1::2/125", "pending", "down"))));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new NewDxBgpPeerRequest { VirtualInterfaceId = Vif, AddressFamily = AddressFamily.IPv6, AsnLong = 64600 };

        var events = Run((sink, ct) => new DxBgpPeers(client).CreateAsync(request, sink, ct));

        Assert.Equal("dxpeer-new00001", Assert.Single(Outputs<DxBgpPeer>(events)).BgpPeerId);
        Assert.Equal(["DescribeVirtualInterfaces", "CreateBGPPeer"], server.Requests.Select(Op));
        Assert.Equal("""{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asnLong":64600,"addressFamily":"ipv6"}}""", server.Requests.Last().BodyText);
    }

    [Fact]
    public async Task Create_that_cannot_identify_the_new_peer_says_so_instead_of_guessing()
    {
        await using var server = new FixtureServer(_ => Single(VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00002", "ipv4", 65010, "169.254.1.2/30"))));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new NewDxBgpPeerRequest { VirtualInterfaceId = Vif, AddressFamily = AddressFamily.IPv4, AsnLong = 65010, AmazonAddress = "169.254.9.1/30", CustomerAddress = "169.254.9.2/30" };

        var events = Run((sink, ct) => new DxBgpPeers(client).CreateAsync(request, sink, ct));

        Assert.Empty(Outputs<DxBgpPeer>(events));
        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("CreatedPeerNotIdentified", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidResult, error.Kind);
    }

    [Fact]
    public async Task Create_refused_by_aws_is_one_error_whose_target_is_the_request()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.CreateBGPPeer.error-DirectConnectClientException.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new NewDxBgpPeerRequest { VirtualInterfaceId = Vif, AddressFamily = AddressFamily.IPv4, AsnLong = 65000, AmazonAddress = "169.254.9.1/30", CustomerAddress = "169.254.9.2/30" };

        var events = Run((sink, ct) => new DxBgpPeers(client).CreateAsync(request, sink, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("InvalidArgument", error.ErrorId);
        Assert.Same(request, error.Target);
        Assert.Contains("already exists", error.Exception.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- New -WhatIf

    private static async Task<(List<PumpEvent> Events, List<CapturedRequest> Requests)> WhatIfCreate(NewDxBgpPeerRequest request, Func<CapturedRequest, CannedResponse> answer)
    {
        await using var server = new FixtureServer(answer);
        var client = TestSessions.Session(server.Url).DirectConnect;
        var events = Run((sink, ct) => new DxBgpPeers(client).WhatIfCreateAsync(request, sink, ct));
        return (events, server.Requests.ToList());
    }

    private static readonly NewDxBgpPeerRequest Ipv4Request = new()
    {
        VirtualInterfaceId = Vif, AddressFamily = AddressFamily.IPv4, AsnLong = 65020, AuthKey = new MaskedString("whatif-secret"),
        AmazonAddress = "169.254.20.1/30", CustomerAddress = "169.254.20.2/30",
    };

    [Fact]
    public async Task WhatIf_create_makes_one_read_only_call_and_reports_what_would_be_created()
    {
        var (events, requests) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00001", "ipv6", 65020, "2001:db8::2/125"))));

        Assert.Equal(["DescribeVirtualInterfaces"], requests.Select(Op));
        Assert.Equal(Vif, (string?)Body(requests[0])["virtualInterfaceId"]);
        Assert.Empty(ItemErrors(events));
        Assert.Empty(Outputs<DxBgpPeer>(events));
        var info = Assert.Single(Texts(events, PumpEventKind.Information));
        Assert.Contains("no DryRun", info, StringComparison.Ordinal);
        Assert.Contains("Would create: IPv4 BGP peer ASN 65020 at 169.254.20.2/30", info, StringComparison.Ordinal);
        Assert.DoesNotContain("whatif-secret", string.Join("\n", events.Select(e => e.Payload?.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_create_on_a_missing_interface_is_ObjectNotFound()
    {
        var (events, requests) = await WhatIfCreate(Ipv4Request, _ => ClientError("Virtual interface dxvif-ffabc123 does not exist."));

        Assert.Single(requests);
        Assert.Equal("ObjectNotFound", Assert.Single(ItemErrors(events)).ErrorId);
        Assert.Empty(Texts(events, PumpEventKind.Information));
    }

    [Fact]
    public async Task WhatIf_create_beside_one_peer_of_the_family_warns_about_logical_redundancy()
    {
        var (events, requests) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00001", "ipv4", 65000, "169.254.1.2/30"))));

        Assert.Single(requests);
        Assert.Empty(ItemErrors(events));
        Assert.Contains("logical redundancy", Assert.Single(Texts(events, PumpEventKind.Warning)), StringComparison.Ordinal);
        Assert.Single(Texts(events, PumpEventKind.Information));
    }

    [Fact]
    public async Task WhatIf_create_beside_two_peers_of_the_family_is_an_error()
    {
        var (events, _) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa",
            Peer("dxpeer-old00001", "ipv4", 65000, "169.254.1.2/30"), Peer("dxpeer-old00002", "ipv4", 65000, "169.254.3.2/30"))));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("PeerFamilyFull", error.ErrorId);
        Assert.Empty(Texts(events, PumpEventKind.Information));
    }

    [Fact]
    public async Task WhatIf_create_beside_a_peer_of_the_same_family_and_asn_is_an_error()
    {
        var (events, _) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00001", "ipv4", 65020, "169.254.1.2/30"))));

        Assert.Equal("DuplicatePeer", Assert.Single(ItemErrors(events)).ErrorId);
        Assert.Empty(Texts(events, PumpEventKind.Information));
    }

    [Fact]
    public async Task WhatIf_create_ignores_peers_being_deleted_and_refuses_a_duplicate_address()
    {
        var (ok, _) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa",
            Peer("dxpeer-old00001", "ipv4", 65000, "169.254.1.2/30", "deleting"), Peer("dxpeer-old00002", "ipv4", 65000, "169.254.3.2/30", "deleted"))));
        Assert.Empty(ItemErrors(ok));
        Assert.Empty(Texts(ok, PumpEventKind.Warning));

        var (dup, _) = await WhatIfCreate(Ipv4Request, _ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-old00001", "ipv4", 65000, "169.254.20.2/30"))));
        Assert.Equal("DuplicateAddress", Assert.Single(ItemErrors(dup)).ErrorId);
    }

    // ---------------------------------------------------------------- Remove

    [Fact]
    public async Task Remove_with_pass_thru_writes_the_peer_as_deleting()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.DeleteBGPPeer.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).RemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-fhb6fz6a"), passThru: true, sink, ct));

        var peer = Assert.Single(Outputs<DxBgpPeer>(events));
        Assert.Equal("dxpeer-fhb6fz6a", peer.BgpPeerId);
        Assert.Equal(DxBgpPeerState.Deleting, peer.State);
        Assert.Equal(["DeleteBGPPeer"], server.Requests.Select(Op));
    }

    [Fact]
    public async Task Remove_by_key_sends_the_interface_asnLong_and_address_and_finds_the_peer_by_them()
    {
        await using var server = new FixtureServer(_ => Single(VifJson(Vif, "dxcon-aaaaaaaa",
            Peer("dxpeer-keep0001", "ipv4", 65000, "169.254.255.2/30"), Peer("dxpeer-gone0001", "ipv4", 4200000001, "169.254.7.2/30", "deleting"))));
        var client = TestSessions.Session(server.Url).DirectConnect;
        var request = new DxBgpPeerDeleteRequest { VirtualInterfaceId = Vif, AsnLong = 4200000001, CustomerAddress = "169.254.7.2/30" };

        var events = Run((sink, ct) => new DxBgpPeers(client).RemoveAsync(request, passThru: true, sink, ct));

        Assert.Equal("dxpeer-gone0001", Assert.Single(Outputs<DxBgpPeer>(events)).BgpPeerId);
        Assert.Equal("""{"virtualInterfaceId":"dxvif-ffabc123","asnLong":4200000001,"customerAddress":"169.254.7.2/30"}""", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Remove_without_pass_thru_writes_nothing()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("DirectConnect.DeleteBGPPeer.success.json"));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).RemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-fhb6fz6a"), passThru: false, sink, ct));

        Assert.Empty(Outputs<DxBgpPeer>(events));
        Assert.Empty(ItemErrors(events));
    }

    [Fact]
    public async Task Removing_the_last_peer_is_a_clear_LastBgpPeer_error()
    {
        await using var server = new FixtureServer(r => Op(r) == "DeleteBGPPeer"
            ? ClientError("Cannot delete the last BGP peer on a virtual interface.")
            : Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-only0001", "ipv4", 65000, "169.254.255.2/30"), Peer("dxpeer-gone0001", "ipv6", 65000, "2001:db8::2/125", "deleted"))));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).RemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-only0001"), passThru: true, sink, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("LastBgpPeer", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Contains("last BGP peer on virtual interface " + Vif, error.Exception.Message, StringComparison.Ordinal);
        Assert.IsType<AwsServiceException>(error.Exception.InnerException);
        Assert.Equal(["DeleteBGPPeer", "DescribeVirtualInterfaces"], server.Requests.Select(Op));
    }

    [Fact]
    public async Task Removing_a_peer_that_does_not_exist_is_ObjectNotFound()
    {
        await using var server = new FixtureServer(r => Op(r) == "DeleteBGPPeer"
            ? WireFixtures.Canned("DirectConnect.DeleteBGPPeer.error-DirectConnectClientException.json")
            : Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-fgq9j6xo", "ipv4", 65000, "169.254.255.2/30"))));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).RemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-00000000"), passThru: false, sink, ct));

        var error = Assert.Single(ItemErrors(events));
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
    }

    [Fact]
    public async Task WhatIf_remove_sends_only_read_only_calls()
    {
        await using var server = new FixtureServer(_ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa",
            Peer("dxpeer-aaaaaaa1", "ipv4", 65000, "169.254.255.2/30"), Peer("dxpeer-aaaaaaa2", "ipv6", 65000, "2001:db8::2/125"))));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var byId = Run((sink, ct) => new DxBgpPeers(client).WhatIfRemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-aaaaaaa2"), sink, ct));
        var byKey = Run((sink, ct) => new DxBgpPeers(client).WhatIfRemoveAsync(
            new DxBgpPeerDeleteRequest { VirtualInterfaceId = Vif, AsnLong = 65000, CustomerAddress = "169.254.255.2/30" }, sink, ct));

        Assert.All(server.Requests, r => Assert.Equal("DescribeVirtualInterfaces", Op(r)));
        Assert.Contains("Would delete", Assert.Single(Texts(byId, PumpEventKind.Information)), StringComparison.Ordinal);
        Assert.Contains("dxpeer-aaaaaaa1", Assert.Single(Texts(byKey, PumpEventKind.Information)), StringComparison.Ordinal);
        Assert.Empty(ItemErrors(byId));
        Assert.Empty(ItemErrors(byKey));
    }

    [Fact]
    public async Task WhatIf_remove_of_the_last_peer_says_the_delete_would_fail()
    {
        await using var server = new FixtureServer(_ => Page(null, VifJson(Vif, "dxcon-aaaaaaaa", Peer("dxpeer-only0001", "ipv4", 65000, "169.254.255.2/30"))));
        var client = TestSessions.Session(server.Url).DirectConnect;

        var events = Run((sink, ct) => new DxBgpPeers(client).WhatIfRemoveAsync(DxBgpPeerDeleteRequest.ById("dxpeer-only0001"), sink, ct));

        Assert.Equal("LastBgpPeer", Assert.Single(ItemErrors(events)).ErrorId);
        Assert.Empty(Texts(events, PumpEventKind.Information));
        Assert.All(server.Requests, r => Assert.Equal("DescribeVirtualInterfaces", Op(r)));
    }
}
