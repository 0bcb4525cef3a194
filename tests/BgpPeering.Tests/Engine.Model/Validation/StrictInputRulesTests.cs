using System.Numerics;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using Xunit;

namespace BgpPeering.Tests.Engine.Model.Validation;

/// <summary>
/// The engine rules behind strict binding. Each refusal names the parameter and what is valid;
/// the binding itself (PowerShell's part) is proven in each noun's Pester file (tests/RouteServerPeer.Tests.ps1,
/// RouteServerEndpoint.Tests.ps1, DxBgpPeer.Tests.ps1, Wait-BgpPeerUp.Tests.ps1).
/// </summary>
public sealed class StrictInputRulesTests
{
    // ---- IDs: anchored with \z, so a final newline is not swallowed by $ ----

    [Theory]
    [InlineData(AwsIdKind.RouteServerPeer, "rsp-0fedcba9876543210\n")]
    [InlineData(AwsIdKind.RouteServerEndpoint, "rse-0123456789abcdef0\n")]
    [InlineData(AwsIdKind.RouteServer, "rs-01234567\n")]
    [InlineData(AwsIdKind.Vpc, "vpc-0a1b2c3d4e5f67890\n")]
    [InlineData(AwsIdKind.Subnet, "subnet-0a1b2c3d\n")]
    [InlineData(AwsIdKind.VirtualInterface, "dxvif-ffabc123\n")]
    [InlineData(AwsIdKind.DxBgpPeer, "dxpeer-fgq9j6xo\n")]
    [InlineData(AwsIdKind.DxConnection, "dxcon-ffabc123\n")]
    public void An_ID_with_a_trailing_newline_is_invalid(AwsIdKind kind, string id)
    {
        Assert.True(AwsIds.IsValid(kind, id.TrimEnd('\n')), "the ID without its newline is valid");
        Assert.False(AwsIds.IsValid(kind, id));
        var ex = Assert.Throws<ValidationException>(() => AwsIds.Check(kind, id, "Id"));
        Assert.Equal("Id", ex.ParamName);
        Assert.Contains("Expected " + AwsIds.Prefix(kind) + "-", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dxcon-ffabc123\n")]
    [InlineData("dxlag-ffabc123\n")]
    [InlineData("dxcon-ffabc123\r\n")]
    public void A_connection_ID_with_a_trailing_newline_is_invalid(string id)
    {
        Assert.False(DirectConnectRules.IsConnectionId(id));
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.CheckConnectionId(id));
        Assert.Equal("ConnectionId", ex.ParamName);
    }

    // ---- ASNs: whole numbers only ----

    public static TheoryData<object, long> WholeNumbers() => new()
    {
        { 65001, 65001L },
        { 4200000001L, 4200000001L },
        { 4294967295u, 4294967295L },
        { (ushort)64512, 64512L },
        { 65001.0, 65001L },
        { 65001f, 65001L },
        { 65001m, 65001L },
        { new BigInteger(4294967294L), 4294967294L },
        { "65001", 65001L },
        { " 4200000002 ", 4200000002L },
        { "+65001", 65001L },
        { "-5", -5L },
    };

    [Theory]
    [MemberData(nameof(WholeNumbers))]
    public void Whole_numbers_bind_as_a_long(object value, long expected) =>
        Assert.Equal(expected, NumberInput.ToWholeNumber(value, "PeerAsn", "1 to 4294967295"));

    public static TheoryData<object, string> NotWholeNumbers() => new()
    {
        { 65001.5, "not a whole number" },
        { 65027.5f, "not a whole number" },
        { 65001.5m, "not a whole number" },
        { "65027.5", "not a whole number" },
        { "1.10", "not a whole number" },
        { "65001e0x", "not a number" },
        { "0xFDE9", "not a number" },
        { "sixty", "not a number" },
        { "", "is empty" },
        { double.NaN, "not a number" },
        { double.PositiveInfinity, "not a number" },
        { 1e20, "out of range" },
        { "99999999999999999999", "out of range" },
        { ulong.MaxValue, "out of range" },
    };

    [Theory]
    [MemberData(nameof(NotWholeNumbers))]
    public void Fractions_and_non_numbers_are_refused_never_rounded(object value, string says)
    {
        var ex = Assert.Throws<ValidationException>(() => NumberInput.ToWholeNumber(value, "PeerAsn", "1 to 4294967295"));
        Assert.Equal("PeerAsn", ex.ParamName);
        Assert.Contains("-PeerAsn", ex.Reason, StringComparison.Ordinal);
        Assert.Contains(says, ex.Reason, StringComparison.Ordinal);
        Assert.Contains("1 to 4294967295", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_and_other_types_are_left_to_the_binder()
    {
        Assert.Null(NumberInput.ToWholeNumber(null, "Asn", "1 to 4294967294"));
        var other = new object();
        Assert.Same(other, NumberInput.ToWholeNumber(other, "Asn", "1 to 4294967294"));
    }

    // ---- Enums: strict names, wire spellings, empty is the default ----

    [Theory]
    [InlineData("Bfd", PeerLivenessDetection.Bfd)]
    [InlineData("bfd", PeerLivenessDetection.Bfd)]
    [InlineData(" BgpKeepalive ", PeerLivenessDetection.BgpKeepalive)]
    [InlineData("bgp-keepalive", PeerLivenessDetection.BgpKeepalive)]
    [InlineData("", PeerLivenessDetection.BgpKeepalive)]
    public void Liveness_names_and_wire_spellings_bind(string text, PeerLivenessDetection expected) =>
        Assert.Equal(expected, EnumInput.Parse(typeof(PeerLivenessDetection), text, "PeerLivenessDetection", PeerLivenessDetection.BgpKeepalive));

    [Theory]
    [InlineData("Bdf")]
    [InlineData("Maybe")]
    [InlineData("1")]
    [InlineData("bfd,bgp-keepalive")]
    public void A_misspelt_liveness_is_an_error_listing_the_valid_values(string text)
    {
        var ex = Assert.Throws<ValidationException>(() => EnumInput.Parse(typeof(PeerLivenessDetection), text, "PeerLivenessDetection", PeerLivenessDetection.BgpKeepalive));
        Assert.Equal("PeerLivenessDetection", ex.ParamName);
        Assert.Contains("'" + text + "'", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("BgpKeepalive, Bfd", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_is_not_an_enum_name()
    {
        var ex = Assert.Throws<ValidationException>(() => EnumInput.Parse(typeof(PeerLivenessDetection), 1, "PeerLivenessDetection", null));
        Assert.Contains("BgpKeepalive, Bfd", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(PeerLivenessDetection.Bfd, EnumInput.Parse(typeof(PeerLivenessDetection), PeerLivenessDetection.Bfd, "PeerLivenessDetection", null));
    }

    [Theory]
    [InlineData("IPv4", AddressFamily.IPv4)]
    [InlineData("ipv6", AddressFamily.IPv6)]
    public void Address_families_bind(string text, AddressFamily expected) =>
        Assert.Equal(expected, EnumInput.Parse(typeof(AddressFamily), text, "AddressFamily", null));

    [Theory]
    [InlineData("IPv7")]
    [InlineData("")]
    public void An_unknown_or_empty_address_family_is_an_error_when_empty_has_no_default(string text)
    {
        var ex = Assert.Throws<ValidationException>(() => EnumInput.Parse(typeof(AddressFamily), text, "AddressFamily", null));
        Assert.Contains("IPv4, IPv6", ex.Reason, StringComparison.Ordinal);
    }

    // ---- Tags ----

    [Theory]
    [InlineData("Name=a;Name=b", "Name")]
    [InlineData("env=prod,Name=a,env=test", "env")]
    [InlineData(" Name = a ; Name=b", "Name")]
    public void Duplicate_keys_in_tag_text_are_refused(string text, string key)
    {
        var ex = Assert.Throws<ValidationException>(() => RouteServerRules.ParseTagText(text));
        Assert.Equal("Tag", ex.ParamName);
        Assert.Contains("'" + key + "' twice", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_keys_differing_only_in_case_are_two_keys()
    {
        var pairs = RouteServerRules.ParseTagText("Name=a;name=b");
        Assert.Equal(new[] { "Name", "name" }, pairs.Select(p => p.Key));
    }

    [Fact]
    public void A_reserved_tag_error_targets_the_request_being_built()
    {
        var ex = Assert.Throws<ValidationException>(() => RouteServerRules.BuildCreate("rse-0123456789abcdef0", "10.0.1.10", 65001, null,
            new[] { new KeyValuePair<string, string>("aws:owner", "me") }));
        var request = Assert.IsType<NewRouteServerPeerRequest>(ex.Target);
        Assert.Equal("10.0.1.10", request.PeerAddress);
        Assert.Equal("rse-0123456789abcdef0", request.RouteServerEndpointId);
        Assert.Equal(65001L, request.PeerAsn);
    }

    [Fact]
    public void A_Direct_Connect_create_error_targets_the_request_and_it_holds_no_key()
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate("dxvif-ffabc123", AddressFamily.IPv4, 65000, "secret-key-1",
            "169.254.1.1/30", null));
        var request = Assert.IsType<NewDxBgpPeerRequest>(ex.Target);
        Assert.Equal("dxvif-ffabc123", request.VirtualInterfaceId);
        Assert.Null(request.AuthKey);
        Assert.DoesNotContain("secret-key-1", request.ToString(), StringComparison.Ordinal);
    }

    // ---- Filters: the API's names, in the engine ----

    [Theory]
    [InlineData("DescribeRouteServerPeers", "peer-address")]
    [InlineData("DescribeRouteServerPeers", "tag:Name")]
    [InlineData("DescribeRouteServerPeers", "tag-key")]
    [InlineData("DescribeRouteServerEndpoints", "subnet-id")]
    [InlineData("DescribeRouteServerEndpoints", "tag:env")]
    public void Known_filter_names_pass(string operation, string name) => FilterNames.Check(operation, name);

    [Theory]
    [InlineData("DescribeRouteServerPeers", "peer-adress")]
    [InlineData("DescribeRouteServerPeers", "State")]
    [InlineData("DescribeRouteServerPeers", "tag:")]
    [InlineData("DescribeRouteServerPeers", "")]
    [InlineData("DescribeRouteServerEndpoints", "peer-address")]
    public void Unknown_filter_names_are_refused_with_the_valid_list(string operation, string name)
    {
        var ex = Assert.Throws<ValidationException>(() => FilterNames.Check(operation, name));
        Assert.Equal("Filter", ex.ParamName);
        Assert.Contains(operation, ex.Reason, StringComparison.Ordinal);
        foreach (var valid in FilterNames.For(operation)) Assert.Contains(valid, ex.Reason, StringComparison.Ordinal);
        Assert.Contains("tag:<key>", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_filter_lists_match_what_the_emulator_accepts()
    {
        // The emulator keeps its own copy (it is the service); both must name the same filters.
        var emulator = typeof(BgpPeering.Emulator.Hosting.EmulatorOptions).Assembly.GetType("BgpPeering.Emulator.Api.Ec2Api")!;
        var peers = (HashSet<string>)emulator.GetField("PeerFilterNames", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        var endpoints = (HashSet<string>)emulator.GetField("EndpointFilterNames", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(peers.OrderBy(n => n, StringComparer.Ordinal), FilterNames.RouteServerPeers.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(endpoints.OrderBy(n => n, StringComparer.Ordinal), FilterNames.RouteServerEndpoints.OrderBy(n => n, StringComparer.Ordinal));
    }

    // ---- Wait bounds ----

    [Fact]
    public void A_timeout_near_TimeSpan_MaxValue_names_Timeout_and_the_maximum()
    {
        var ex = Assert.Throws<ValidationException>(() => WaitRules.CheckBounds(TimeSpan.MaxValue, TimeSpan.FromSeconds(5), pollIntervalGiven: false));
        Assert.Equal("Timeout", ex.ParamName);
        Assert.Contains("24 hours", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poll_interval_near_TimeSpan_MaxValue_names_PollInterval_and_the_maximum()
    {
        var ex = Assert.Throws<ValidationException>(() => WaitRules.CheckBounds(TimeSpan.FromMinutes(10), TimeSpan.MaxValue, pollIntervalGiven: true));
        Assert.Equal("PollInterval", ex.ParamName);
        Assert.Contains("1 hour", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_poll_interval_longer_than_the_timeout_is_refused_but_the_default_adapts()
    {
        var ex = Assert.Throws<ValidationException>(() => WaitRules.CheckBounds(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), pollIntervalGiven: true));
        Assert.Equal("PollInterval", ex.ParamName);
        WaitRules.CheckBounds(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), pollIntervalGiven: false);
        WaitRules.CheckBounds(TimeSpan.FromHours(24), TimeSpan.FromHours(1), pollIntervalGiven: true);
    }

    // ---- Auth keys ----

    [Theory]
    [InlineData("      ", "only spaces")]
    [InlineData("        ", "only spaces")]
    [InlineData(" secret1", "starts or ends with a space")]
    [InlineData("secret1 ", "starts or ends with a space")]
    [InlineData("s\u00e9cret1", "printable ASCII")]
    [InlineData("secr\u0000t1", "control character")]
    [InlineData("secret\t1", "control character")]
    public void Auth_keys_a_router_could_not_match_are_refused_without_echoing_them(string key, string says)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.CheckAuthKey(key));
        Assert.Equal("AuthKey", ex.ParamName);
        Assert.Contains(says, ex.Reason, StringComparison.Ordinal);
        if (key.Trim().Length > 0) Assert.DoesNotContain(key.Trim(), ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k3y!!x")]
    [InlineData("Ab3$x9-longer_key.with+punctuation")]
    [InlineData("two words here")]
    [InlineData("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Printable_ASCII_keys_with_spaces_only_between_characters_pass(string key) => DirectConnectRules.CheckAuthKey(key);
}
