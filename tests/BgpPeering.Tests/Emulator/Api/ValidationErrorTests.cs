using System.Net;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Api;

/// <summary>
/// The requests the real services reject, with their codes (sources in docs/emulator.md): raw EC2 query requests, so
/// that the engine's own client-side validation does not get in the way, and raw Direct Connect JSON.
/// </summary>
public sealed class ValidationErrorTests
{
    private const string Create = "Action=CreateRouteServerPeer&Version=2016-11-15";
    private const string Endpoint = "&RouteServerEndpointId=rse-0123456789abcdef0";

    public static TheoryData<string, int, string, string> Ec2Cases() => new()
    {
        { Create + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001", 400, "MissingParameter", "The request must contain the parameter RouteServerEndpointId" },
        { Create + Endpoint + "&BgpOptions.PeerAsn=65001", 400, "MissingParameter", "The request must contain the parameter PeerAddress" },
        { Create + Endpoint + "&PeerAddress=10.0.1.10", 400, "MissingParameter", "The request must contain the parameter BgpOptions" },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerLivenessDetection=bfd", 400, "MissingParameter", "The request must contain the parameter BgpOptions.PeerAsn" },
        { Create + Endpoint + "&PeerAddress=10.0.1.999&BgpOptions.PeerAsn=65001", 400, "InvalidParameterValue", "The value (10.0.1.999) for parameter PeerAddress is invalid. Expected a valid IPv4 address." },
        { Create + Endpoint + "&PeerAddress=2001%3Adb8%3A%3A1&BgpOptions.PeerAsn=65001", 400, "InvalidParameterValue", "The value (2001:db8::1) for parameter PeerAddress is invalid. Expected a valid IPv4 address." },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=0", 400, "InvalidParameterValue", "The value (0) for parameter BgpOptions.PeerAsn is invalid. Expected a value between 1 and 4294967295." },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=4294967296", 400, "InvalidParameterValue", "The value (4294967296) for parameter BgpOptions.PeerAsn is invalid. Expected a value between 1 and 4294967295." },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=sixty", 400, "InvalidParameterValue", "The value (sixty) for parameter BgpOptions.PeerAsn is invalid. Expected a value between 1 and 4294967295." },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001&BgpOptions.PeerLivenessDetection=ping", 400, "InvalidParameterValue", "The value (ping) for parameter BgpOptions.PeerLivenessDetection is invalid. Expected bfd or bgp-keepalive." },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001&TagSpecification.1.ResourceType=route-server-peer&TagSpecification.1.Tag.1.Key=aws%3Aowner&TagSpecification.1.Tag.1.Value=x", 400, "InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use" },
        { Create + Endpoint + "&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001&Colour=blue", 400, "UnknownParameter", "The parameter Colour is not recognized" },
        { Create + "&RouteServerEndpointId=rse-00000000000000000&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001", 400, "InvalidRouteServerEndpointId.NotFound", "The route server endpoint ID 'rse-00000000000000000' does not exist" },
        { "Action=DescribeRouteServerPeers&Version=2016-11-15&MaxResults=4", 400, "InvalidParameterValue", "The value (4) for parameter MaxResults is invalid. Expected a value between 5 and 1000." },
        { "Action=DescribeRouteServerPeers&Version=2016-11-15&MaxResults=1001", 400, "InvalidParameterValue", "The value (1001) for parameter MaxResults is invalid. Expected a value between 5 and 1000." },
        { "Action=DescribeRouteServerEndpoints&Version=2016-11-15&MaxResults=0", 400, "InvalidParameterValue", "The value (0) for parameter MaxResults is invalid. Expected a value between 5 and 1000." },
        { "Action=DescribeRouteServerPeers&Version=2016-11-15&Filter.1.Name=colour&Filter.1.Value.1=blue", 400, "InvalidParameterValue", "The filter 'colour' is invalid" },
        { "Action=DescribeRouteServerEndpoints&Version=2016-11-15&Filter.1.Name=peer-address&Filter.1.Value.1=10.0.1.10", 400, "InvalidParameterValue", "The filter 'peer-address' is invalid" },
        { "Action=DescribeRouteServerPeers&Version=2016-11-15&RouteServerPeerId.1=rsp-0000000000000dead", 400, "InvalidRouteServerPeerId.NotFound", "The route server peer ID 'rsp-0000000000000dead' does not exist" },
        { "Action=DescribeRouteServerEndpoints&Version=2016-11-15&RouteServerEndpointId.1=rse-0000000000000dead", 400, "InvalidRouteServerEndpointId.NotFound", "The route server endpoint ID 'rse-0000000000000dead' does not exist" },
        { "Action=DescribeRouteServerPeers&Version=2016-11-15&NextToken=tok-1", 400, "InvalidPaginationToken", "The specified pagination token is not valid or is expired." },
        { "Action=DeleteRouteServerPeer&Version=2016-11-15", 400, "MissingParameter", "The request must contain the parameter RouteServerPeerId" },
        { "Action=DeleteRouteServerPeer&Version=2016-11-15&RouteServerPeerId=rsp-0000000000000dead", 400, "InvalidRouteServerPeerId.NotFound", "The route server peer ID 'rsp-0000000000000dead' does not exist" },
        { "Action=DeleteRouteServerPeer&Version=2016-11-15&RouteServerPeerId=rsp-0fedcba9876543210&DryRun=maybe", 400, "InvalidParameterValue", "The value (maybe) for parameter DryRun is invalid. Expected true or false." },
        { "Action=RunInstances&Version=2016-11-15", 400, "InvalidAction", "The action RunInstances is not valid for this web service." },
        { "Version=2016-11-15", 400, "MissingAction", "The request must contain the parameter Action" },
    };

    [Theory]
    [MemberData(nameof(Ec2Cases))]
    public async Task Ec2_rejects_bad_input_with_the_real_code(string body, int status, string code, string message)
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var response = await emu.SendEc2Async(body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal((code, message), await ErrorBodies.Ec2Error(response));
        Assert.Equal(1, emu.State.RouteServerPeerCount);
    }

    [Fact]
    public async Task Deleting_a_peer_that_is_deleting_or_deleted_is_IncorrectState()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        const string body = "Action=DeleteRouteServerPeer&Version=2016-11-15&RouteServerPeerId=rsp-0fedcba9876543210";
        using (var first = await emu.SendEc2Async(body)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var deleting = await emu.SendEc2Async(body);
        Assert.Equal(HttpStatusCode.BadRequest, deleting.StatusCode);
        var (code, message) = await ErrorBodies.Ec2Error(deleting);
        Assert.Equal("IncorrectState", code);
        Assert.Contains("'deleting'", message, StringComparison.Ordinal);

        emu.Advance(emu.Delays.PeerDelete);
        using var deleted = await emu.SendEc2Async(body);
        Assert.Equal(("IncorrectState", true), ((await ErrorBodies.Ec2Error(deleted)).Code, true));
    }

    [Fact]
    public async Task A_token_from_another_query_or_from_before_a_reset_is_refused()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 12; i++) emu.State.AddRouteServerPeer("rse-0123456789abcdef0", "10.0.1." + (100 + i), 65001);
        var first = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, null, CancellationToken.None);
        Assert.NotNull(first.NextToken);

        var filtered = new RouteServerPeerQuery { MaxResults = 5 };
        filtered.Filters.Add(new Filter("state", "pending"));
        var other = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DescribePeersAsync(filtered, first.NextToken, CancellationToken.None));
        Assert.Equal("InvalidPaginationToken", other.ErrorCode);

        emu.Emulator.Reset();
        var stale = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, first.NextToken, CancellationToken.None));
        Assert.Equal("InvalidPaginationToken", stale.ErrorCode);
    }

    public static TheoryData<string, string, string> DxCases() => new()
    {
        // operation, body, the message (or its start)
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-fnotthere","newBGPPeer":{"asn":65000,"addressFamily":"ipv6"}}""", "Virtual interface dxvif-fnotthere does not exist." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":65000,"addressFamily":"ipv4","amazonAddress":"169.254.1.1/30","customerAddress":"169.254.1.2/30"}}""", "A BGP peer with ASN 65000 and address family ipv4 already exists on dxvif-ffabc123." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":65001,"addressFamily":"ipv4"}}""", "A BGP peer with address family ipv4 already exists on dxvif-ffabc123, and connection dxcon-fguhmqlc does not support logical redundancy" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":64600,"addressFamily":"ipv6","amazonAddress":"2001:db8::1/125","customerAddress":"2001:db8::2/125"}}""", "You cannot specify custom IPv6 addresses" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":64600,"addressFamily":"ipv6","authKey":"12345"}}""", "The authKey must be 6 to 80 characters long; it has 5." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":64600,"addressFamily":"ipv6","authKey":"K123456789K123456789K123456789K123456789K123456789K123456789K123456789K123456789X"}}""", "The authKey must be 6 to 80 characters long; it has 81." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":2147483647,"addressFamily":"ipv6"}}""", "The ASN 2147483647 is out of range: asn must be 1 to 2147483646" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":0,"addressFamily":"ipv6"}}""", "The ASN 0 is out of range" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asnLong":4294967295,"addressFamily":"ipv6"}}""", "The ASN 4294967295 is out of range: asnLong must be 1 to 4294967294." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"addressFamily":"ipv6"}}""", "An ASN is required: set asn or asnLong." },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-fgt4k8wq","newBGPPeer":{"asn":65020,"addressFamily":"ipv4","amazonAddress":"169.254.9.1/30"}}""", "Specify both amazonAddress and customerAddress, or neither" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-fgt4k8wq","newBGPPeer":{"asn":65020,"addressFamily":"ipv4","amazonAddress":"169.254.9.1","customerAddress":"169.254.9.2/30"}}""", "amazonAddress '169.254.9.1' is not an IPv4 address with a prefix length" },
        { "CreateBGPPeer", """{"virtualInterfaceId":"dxvif-fgh0hcrk","newBGPPeer":{"asn":65020,"addressFamily":"ipv4"}}""", "amazonAddress and customerAddress are required for an IPv4 BGP peer on a public virtual interface." },
        { "DeleteBGPPeer", """{"bgpPeerId":"dxpeer-fgq9j6xo"}""", "You cannot delete the last BGP peer from a virtual interface." },
        { "DeleteBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","asn":65000,"customerAddress":"169.254.255.2/30"}""", "You cannot delete the last BGP peer from a virtual interface." },
        { "DeleteBGPPeer", """{"bgpPeerId":"dxpeer-00000000"}""", "BGP peer dxpeer-00000000 does not exist." },
        { "DeleteBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123"}""", "Specify bgpPeerId, or virtualInterfaceId together with asn (or asnLong) and customerAddress." },
        { "DescribeVirtualInterfaces", """{"virtualInterfaceId":"dxvif-fnotthere"}""", "Virtual interface dxvif-fnotthere does not exist." },
        { "DescribeVirtualInterfaces", """{"connectionId":"dxcon-fnotthere"}""", "Connection dxcon-fnotthere does not exist." },
    };

    [Theory]
    [MemberData(nameof(DxCases))]
    public async Task Direct_connect_rejects_bad_input_with_DirectConnectClientException(string operation, string body, string message)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var peersBefore = emu.State.DirectConnectPeerCount;

        using var response = await emu.SendDirectConnectAsync(operation, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, text) = await ErrorBodies.DxError(response);
        Assert.Equal("DirectConnectClientException", code);
        Assert.StartsWith(message, text, StringComparison.Ordinal);
        Assert.Equal(peersBefore, emu.State.DirectConnectPeerCount);
        Assert.Equal("available", emu.State.GetPeerStatus("dxpeer-fgq9j6xo")!.State);
    }

    [Fact]
    public async Task Direct_connect_accepts_auth_keys_of_6_and_80_characters_and_a_second_family_with_logical_redundancy()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var six = await emu.SendDirectConnectAsync("CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":64600,"addressFamily":"ipv6","authKey":"123456"}}""");
        Assert.Equal(HttpStatusCode.OK, six.StatusCode);
        var eighty = new string('k', 80);
        // The transit VIF's connection supports logical redundancy: a second IPv4 peer (another ASN) is allowed.
        using var second = await emu.SendDirectConnectAsync("CreateBGPPeer", "{\"virtualInterfaceId\":\"dxvif-fgt4k8wq\",\"newBGPPeer\":{\"asnLong\":4200000002,\"addressFamily\":\"ipv4\",\"authKey\":\"" + eighty + "\"}}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.Content.ReadAsStringAsync();
        Assert.Contains("\"asn\":0,\"asnLong\":4200000002", body, StringComparison.Ordinal);
        Assert.Contains("\"customerAddress\":\"169.254.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_direct_connect_peer_already_being_deleted_is_refused()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using (var add = await emu.SendDirectConnectAsync("CreateBGPPeer", """{"virtualInterfaceId":"dxvif-ffabc123","newBGPPeer":{"asn":64600,"addressFamily":"ipv6"}}"""))
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        using (var first = await emu.SendDirectConnectAsync("DeleteBGPPeer", """{"bgpPeerId":"dxpeer-fgq9j6xo"}"""))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var again = await emu.SendDirectConnectAsync("DeleteBGPPeer", """{"bgpPeerId":"dxpeer-fgq9j6xo"}""");

        Assert.Equal(("DirectConnectClientException", "BGP peer dxpeer-fgq9j6xo is already deleting."), await ErrorBodies.DxError(again));
    }

    [Fact]
    public async Task Malformed_json_and_unknown_operations_get_their_own_errors()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        using var malformed = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{not json");
        Assert.Equal("SerializationException", (await ErrorBodies.DxError(malformed)).Code);
        using var unknown = await emu.SendDirectConnectAsync("DeleteConnection", "{}");
        Assert.Equal(("UnknownOperationException", "Unknown operation DeleteConnection."), await ErrorBodies.DxError(unknown));
    }
}
