using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using Xunit;

namespace BgpPeering.Tests.Engine.Model.Validation;

/// <summary>The local rules of New-/Remove-DxBgpPeer: each bad input names its parameter and what is valid.</summary>
public sealed class DirectConnectRulesTests
{
    private const string Vif = "dxvif-ffabc123";

    [Theory]
    [InlineData(1L)]
    [InlineData(65000L)]
    [InlineData(2147483647L)]
    [InlineData(4200000001L)]
    [InlineData(4294967294L)]
    public void Asns_from_1_to_4294967294_are_accepted_and_sent_as_asnLong(long asn)
    {
        var request = DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv6, asn, null, null, null);

        Assert.Equal(asn, request.AsnLong);
        Assert.Null(request.Asn);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(4294967295L)]
    [InlineData(long.MaxValue)]
    public void Asns_outside_the_range_name_the_parameter_and_the_range(long asn)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, asn, null, null, null));

        Assert.Equal("Asn", ex.ParamName);
        Assert.Contains("-Asn", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("1 to 4294967294", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcdef")]
    [InlineData("0xC_ukbCerl6EYA0example")]
    [InlineData("a key with spaces")]
    public void Auth_keys_of_6_to_80_characters_are_accepted_and_masked(string key)
    {
        var request = DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, key, null, null);

        Assert.Equal(key, request.AuthKey!.Reveal());
        Assert.DoesNotContain(key, request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_80_character_key_is_the_longest_allowed()
    {
        DirectConnectRules.CheckAuthKey(new string('k', 80));
        Assert.Throws<ValidationException>(() => DirectConnectRules.CheckAuthKey(new string('k', 81)));
    }

    [Theory]
    [InlineData("k3y!!", "too short")]
    [InlineData("", "too short")]
    [InlineData("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "too long")]
    [InlineData("line\nbreak", "control character")]
    public void Bad_auth_keys_name_the_parameter_and_the_range_but_never_repeat_the_key(string key, string expected)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, key, null, null));

        Assert.Equal("AuthKey", ex.ParamName);
        Assert.Contains(expected, ex.Reason, StringComparison.Ordinal);
        Assert.Contains("6 to 80", ex.Reason, StringComparison.Ordinal);
        if (key.Length > 0) Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_auth_key_lets_aws_generate_one()
    {
        Assert.Null(DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, null, null, null).AuthKey);
    }

    [Theory]
    [InlineData("169.254.255.1/30", "169.254.255.2/30")]
    [InlineData("10.0.0.0/31", "10.0.0.1/31")]
    [InlineData("192.168.1.1/29", "192.168.1.6/29")]
    public void Ipv4_takes_both_addresses_in_one_subnet(string amazon, string customer)
    {
        var request = DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, null, amazon, customer);

        Assert.Equal(amazon, request.AmazonAddress);
        Assert.Equal(customer, request.CustomerAddress);
    }

    [Fact]
    public void Ipv4_takes_neither_address_and_aws_assigns_them()
    {
        var request = DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, null, "  ", null);

        Assert.Null(request.AmazonAddress);
        Assert.Null(request.CustomerAddress);
        Assert.Contains("AWS-assigned", request.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.255.1/30", null, "CustomerAddress", "both")]
    [InlineData(null, "169.254.255.2/30", "AmazonAddress", "both")]
    [InlineData("169.254.255.1", "169.254.255.2", "AmazonAddress", "CIDR notation")]
    [InlineData("169.254.255.1/30", "169.254.255.2", "CustomerAddress", "CIDR notation")]
    [InlineData("169.254.255.1/33", "169.254.255.2/30", "AmazonAddress", "0 to 32")]
    [InlineData("169.254.255.01/30", "169.254.255.2/30", "AmazonAddress", "CIDR notation")]
    [InlineData("2001:db8::1/125", "169.254.255.2/30", "AmazonAddress", "IPv4 address")]
    [InlineData("169.254.255.1/30", "169.254.255.2/29", "CustomerAddress", "same prefix length")]
    [InlineData("169.254.255.1/30", "169.254.255.1/30", "CustomerAddress", "same address")]
    [InlineData("169.254.255.1/30", "169.254.255.5/30", "CustomerAddress", "same /30 subnet")]
    [InlineData("169.254.255.0/30", "169.254.255.2/30", "AmazonAddress", "network or broadcast")]
    [InlineData("169.254.255.1/30", "169.254.255.3/30", "CustomerAddress", "network or broadcast")]
    public void Bad_ipv4_addresses_name_the_parameter_and_the_format(string? amazon, string? customer, string parameter, string expected)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv4, 65000, null, amazon, customer));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(expected, ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8:1100:2f0::1/125", "2001:db8:1100:2f0::2/125", "AmazonAddress")]
    [InlineData(null, "2001:db8:1100:2f0::2/125", "CustomerAddress")]
    [InlineData("169.254.255.1/30", null, "AmazonAddress")]
    public void Ipv6_forbids_addresses_with_a_clear_message(string? amazon, string? customer, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv6, 64600, null, amazon, customer));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains("cannot be used with -AddressFamily IPv6", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("AWS assigns IPv6", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_with_no_addresses_is_accepted()
    {
        var request = DirectConnectRules.BuildCreate(Vif, AddressFamily.IPv6, 64600, "abcdefgh", null, null);

        Assert.Equal(AddressFamily.IPv6, request.AddressFamily);
        Assert.Null(request.AmazonAddress);
    }

    [Theory]
    [InlineData("dxvif-FFABC123")]
    [InlineData("dxcon-ffabc123")]
    [InlineData("vif-ffabc123")]
    [InlineData("")]
    public void A_bad_interface_id_names_the_parameter_and_the_form(string id)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildCreate(id, AddressFamily.IPv4, 65000, null, null, null));

        Assert.Equal("VirtualInterfaceId", ex.ParamName);
        Assert.Contains("dxvif-", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_by_id_checks_the_peer_id()
    {
        Assert.Equal("dxpeer-fgq9j6xo", DirectConnectRules.BuildDeleteById("dxpeer-fgq9j6xo").BgpPeerId);
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildDeleteById("rsp-0123456789abcdef0"));
        Assert.Equal("BgpPeerId", ex.ParamName);
    }

    [Theory]
    [InlineData("169.254.255.2/30")]
    [InlineData("2001:db8:1100:2f0::2/125")]
    public void Delete_by_key_takes_either_family_and_sends_asnLong(string address)
    {
        var request = DirectConnectRules.BuildDeleteByKey(Vif, 4200000001, address);

        Assert.Equal(4200000001L, request.AsnLong);
        Assert.Null(request.Asn);
        Assert.Equal(address, request.CustomerAddress);
        Assert.Null(request.BgpPeerId);
    }

    [Theory]
    [InlineData("169.254.255.2", "CustomerAddress")]
    [InlineData("", "CustomerAddress")]
    public void Delete_by_key_needs_the_address_in_cidr_notation(string address, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => DirectConnectRules.BuildDeleteByKey(Vif, 65000, address));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains("CIDR notation", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dxcon-fguhmqlc", true)]
    [InlineData("dxlag-ffabc123", true)]
    [InlineData("dxvif-ffabc123", false)]
    [InlineData("dxcon-fguhmql", false)]
    [InlineData(null, false)]
    public void Connection_ids_may_be_connections_or_lags(string? id, bool valid)
    {
        Assert.Equal(valid, DirectConnectRules.IsConnectionId(id));
        if (!valid)
            Assert.Equal("ConnectionId", Assert.Throws<ValidationException>(() => DirectConnectRules.CheckConnectionId(id)).ParamName);
    }

    [Theory]
    [InlineData("2001:DB8::1/125", "2001:db8:0:0::1/125", true)]
    [InlineData("169.254.255.2/30", "169.254.255.2/30", true)]
    [InlineData("169.254.255.2/30", "169.254.255.2/31", false)]
    [InlineData("169.254.255.2/30", "169.254.255.1/30", false)]
    public void Cidrs_compare_by_value(string a, string b, bool same)
    {
        Assert.Equal(same, DirectConnectRules.SameCidr(a, b));
    }
}
