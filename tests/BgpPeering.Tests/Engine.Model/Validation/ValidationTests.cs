using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using Xunit;

namespace BgpPeering.Tests.Engine.Model.Validation;

/// <summary>Input rules checked before any request: each message names the parameter and the valid form.</summary>
public sealed class ValidationTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(65001L)]
    [InlineData(4200000001L)]
    [InlineData(4294967295L)]
    public void Asns_in_range_pass(long asn) => RouteServerRules.CheckAsn(asn);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void Asns_out_of_range_name_the_parameter_and_the_range(long asn)
    {
        var ex = Assert.Throws<ValidationException>(() => RouteServerRules.CheckAsn(asn));
        Assert.Equal("PeerAsn", ex.ParamName);
        Assert.Contains("-PeerAsn", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("1 to 4294967295", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.1.10", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("10.0.1", false)]
    [InlineData("10.0.1.010", false)]
    [InlineData("10.0.1.10/32", false)]
    [InlineData("fe80::1", false)]
    [InlineData(" 10.0.1.10", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IPv4_addresses_are_dotted_quads(string? value, bool valid) => Assert.Equal(valid, RouteServerRules.IsIPv4(value));

    [Fact]
    public void A_bad_address_names_the_parameter_and_shows_an_example()
    {
        var ex = Assert.Throws<ValidationException>(() => RouteServerRules.CheckIPv4("10.0.0.300"));
        Assert.Equal("PeerAddress", ex.ParamName);
        Assert.Contains("such as 10.0.1.10", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AwsIdKind.RouteServerPeer, "rsp-0123456789abcdef0", true)]
    [InlineData(AwsIdKind.RouteServerPeer, "rsp-01234567", true)]
    [InlineData(AwsIdKind.RouteServerPeer, "rse-0123456789abcdef0", false)]
    [InlineData(AwsIdKind.RouteServerPeer, "rsp-0123456789ABCDEF0", false)]
    [InlineData(AwsIdKind.RouteServerPeer, "rsp-123", false)]
    [InlineData(AwsIdKind.RouteServerEndpoint, "rse-0fedcba9876543210", true)]
    [InlineData(AwsIdKind.Vpc, "vpc-0a1b2c3d4e5f67890", true)]
    [InlineData(AwsIdKind.VirtualInterface, "dxvif-ffabc123", true)]
    [InlineData(AwsIdKind.VirtualInterface, "dxvif-ffabc12", false)]
    [InlineData(AwsIdKind.DxBgpPeer, "dxpeer-fgq9j6xo", true)]
    [InlineData(AwsIdKind.DxConnection, "dxcon-fguhmqlc", true)]
    public void Ids_are_checked_by_prefix_and_form(AwsIdKind kind, string id, bool valid) => Assert.Equal(valid, AwsIds.IsValid(kind, id));

    [Fact]
    public void A_bad_id_message_shows_the_expected_form()
    {
        var ex = Assert.Throws<ValidationException>(() => AwsIds.Check(AwsIdKind.RouteServerPeer, "peer-1", "RouteServerPeerId"));
        Assert.Equal("'peer-1' is not a valid Route Server peer ID for -RouteServerPeerId. Expected rsp- followed by 8 or 17 lowercase hex digits, such as rsp-0123456789abcdef0.", ex.Reason);
    }

    [Fact]
    public void Tags_within_the_limits_keep_their_order()
    {
        var tags = RouteServerRules.CheckTags([new("Name", "fw-a"), new("env", ""), new(new string('k', 128), new string('v', 256))]);
        Assert.Equal(["Name", "env", new string('k', 128)], tags.Select(t => t.Key));
    }

    [Theory]
    [InlineData("", "x", "1 to 128 characters")]
    [InlineData("aws:owner", "x", "reserves")]
    [InlineData("AWS:owner", "x", "reserves")]
    public void Bad_tag_keys_are_refused(string key, string value, string expected)
    {
        var ex = Assert.Throws<ValidationException>(() => RouteServerRules.CheckTags([new(key, value)]));
        Assert.Equal("Tag", ex.ParamName);
        Assert.Contains(expected, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_values_duplicate_keys_and_too_many_tags_are_refused()
    {
        Assert.Contains("limit is 256", Assert.Throws<ValidationException>(() => RouteServerRules.CheckTags([new("k", new string('v', 257))])).Reason, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ValidationException>(() => RouteServerRules.CheckTags([new("k", "1"), new("k", "2")])).Reason, StringComparison.Ordinal);
        var many = Enumerable.Range(0, 51).Select(i => new KeyValuePair<string, string>("k" + i, "v"));
        Assert.Contains("at most 50", Assert.Throws<ValidationException>(() => RouteServerRules.CheckTags(many)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_text_from_a_csv_column_parses()
    {
        var tags = RouteServerRules.ParseTagText("Name=fw-a; env=prod,team=net");
        Assert.Equal([new("Name", "fw-a"), new("env", "prod"), new("team", "net")], tags);
        Assert.Contains("key=value", Assert.Throws<ValidationException>(() => RouteServerRules.ParseTagText("Name")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildCreate_checks_every_input_before_anything_is_sent()
    {
        var ok = RouteServerRules.BuildCreate("rse-0123456789abcdef0", "10.0.1.10", 4200000001, PeerLivenessDetection.Bfd, [new("Name", "fw-a")]);
        Assert.Equal(4200000001, ok.PeerAsn);
        Assert.Single(ok.Tags);
        Assert.Equal("RouteServerEndpointId", Assert.Throws<ValidationException>(() => RouteServerRules.BuildCreate("rse-x", "10.0.1.10", 65001, null, null)).ParamName);
        Assert.Equal("PeerAddress", Assert.Throws<ValidationException>(() => RouteServerRules.BuildCreate("rse-0123456789abcdef0", "10.0.1", 65001, null, null)).ParamName);
        Assert.Equal("PeerAsn", Assert.Throws<ValidationException>(() => RouteServerRules.BuildCreate("rse-0123456789abcdef0", "10.0.1.10", 0, null, null)).ParamName);
    }

    [Fact]
    public void MaskedString_never_shows_its_value()
    {
        var key = new MaskedString("0xC_ukbCerl6EYA0example");
        Assert.Equal("********", key.ToString());
        Assert.Equal("0xC_ukbCerl6EYA0example", key.Reveal());
        Assert.DoesNotContain("0xC", $"{key}", StringComparison.Ordinal);
        Assert.Empty(typeof(MaskedString).GetProperties());
    }
}
