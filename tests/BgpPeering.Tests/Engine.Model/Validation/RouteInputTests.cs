using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using Xunit;

namespace BgpPeering.Tests.Engine.Model.Validation;

/// <summary>Get-BgpRoute's input rules: a strict CIDR, -Match only with -Prefix, the page size, and prefix matching.</summary>
public sealed class RouteInputTests
{
    [Theory]
    [InlineData("10.60.0.0/16", "10.60.0.0/16")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("10.60.1.7/32", "10.60.1.7/32")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:DB8:8000::/40", "2001:db8:8000::/40")]
    public void A_CIDR_parses_to_its_canonical_text(string text, string canonical)
    {
        Assert.True(IpPrefix.TryParse(text, out var prefix, out _));
        Assert.Equal(canonical, prefix.ToString());
    }

    [Theory]
    [InlineData("10.60.1.0/33", "the prefix length '33' is not 0 to 32")]
    [InlineData("2001:db8::/129", "the prefix length '129' is not 0 to 128")]
    [InlineData("10.60.1.5/16", "it has host bits set; the network is 10.60.0.0/16")]
    [InlineData("10.60.1.0", "it has no prefix length")]
    [InlineData("10.60/16", "'10.60' is not an IPv4 or IPv6 address")]
    [InlineData("010.60.0.0/16", "'010.60.0.0' is not an IPv4 or IPv6 address")]
    [InlineData("10.60.0.0/-1", "the prefix length '-1' is not 0 to 32")]
    [InlineData("10.60.0.0/ 16", "the prefix length ' 16' is not 0 to 32")]
    [InlineData("fe80::/10%eth0", "the prefix length '10%eth0' is not 0 to 128")]
    [InlineData("", "it is empty")]
    public void A_malformed_CIDR_is_refused_naming_the_parameter_and_why(string text, string why)
    {
        var ex = Assert.Throws<ValidationException>(() => IpPrefix.Check(text, "Prefix"));
        Assert.Equal("Prefix", ex.ParamName);
        Assert.Contains("for -Prefix: " + why + ".", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("such as 10.60.0.0/16", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.60.0.0/16", "10.60.1.0/24", true)]
    [InlineData("10.60.0.0/16", "10.60.0.0/16", true)]
    [InlineData("10.60.1.0/24", "10.60.0.0/16", false)]
    [InlineData("10.60.0.0/16", "10.61.0.0/24", false)]
    [InlineData("0.0.0.0/0", "192.0.2.0/24", true)]
    [InlineData("0.0.0.0/0", "2001:db8::/32", false)]
    [InlineData("2001:db8::/32", "2001:db8:8000::/40", true)]
    [InlineData("10.60.0.0/15", "10.61.255.0/24", true)]
    public void Containment_is_by_the_leading_bits_within_one_family(string outer, string inner, bool contains) =>
        Assert.Equal(contains, IpPrefix.Check(outer, "Prefix").Contains(IpPrefix.Check(inner, "Prefix")));

    [Theory]
    [InlineData(RoutePrefixMatch.Exact, "route-search.exact-match")]
    [InlineData(RoutePrefixMatch.LongestPrefix, "route-search.longest-prefix-match")]
    [InlineData(RoutePrefixMatch.SubnetOf, "route-search.subnet-of-match")]
    [InlineData(RoutePrefixMatch.SupernetOf, "route-search.supernet-of-match")]
    public void Each_match_kind_is_its_route_search_filter_with_the_canonical_prefix(RoutePrefixMatch match, string filter)
    {
        var query = BgpRouteQuery.Build("2001:DB8::/32", match, RouteDirection.Accepted, 100);
        var f = Assert.Single(query.RouteServerFilters());
        Assert.Equal((filter, "2001:db8::/32"), (f.Name, Assert.Single(f.Values)));
    }

    [Fact]
    public void Without_a_prefix_there_is_no_filter_and_every_route_is_selected()
    {
        var query = BgpRouteQuery.Build(null, null, RouteDirection.Accepted, 1000);
        Assert.Empty(query.RouteServerFilters());
        Assert.True(query.Selects(IpPrefix.Check("10.0.0.0/8", "x")));
    }

    [Fact]
    public void Match_without_Prefix_and_a_page_size_out_of_range_are_refused_naming_the_parameter()
    {
        Assert.Equal("Match", Assert.Throws<ValidationException>(() => BgpRouteQuery.Build(null, RoutePrefixMatch.LongestPrefix, RouteDirection.Accepted, 1000)).ParamName);
        Assert.Equal("Match", Assert.Throws<ValidationException>(() => BgpRouteQuery.Build("10.0.0.0/8", (RoutePrefixMatch)9, RouteDirection.Accepted, 1000)).ParamName);
        Assert.Equal("Direction", Assert.Throws<ValidationException>(() => BgpRouteQuery.Build(null, null, (RouteDirection)5, 1000)).ParamName);
        Assert.Equal("PageSize", Assert.Throws<ValidationException>(() => BgpRouteQuery.Build(null, null, RouteDirection.Accepted, 4)).ParamName);
        Assert.Equal("Prefix", Assert.Throws<ValidationException>(() => BgpRouteQuery.Build("10.0.0.1/8", null, RouteDirection.Accepted, 1000)).ParamName);
    }

    [Theory]
    [InlineData(RoutePrefixMatch.Exact, "10.60.1.0/24", new[] { "10.60.1.0/24" })]
    [InlineData(RoutePrefixMatch.SubnetOf, "10.60.0.0/16", new[] { "10.60.0.0/16", "10.60.1.0/24", "10.60.1.128/25" })]
    [InlineData(RoutePrefixMatch.SupernetOf, "10.60.1.0/24", new[] { "10.0.0.0/8", "10.60.0.0/16", "10.60.1.0/24" })]
    [InlineData(RoutePrefixMatch.LongestPrefix, "10.60.1.0/24", new[] { "10.0.0.0/8", "10.60.0.0/16", "10.60.1.0/24" })]
    public void The_engine_selects_as_the_route_searches_do(RoutePrefixMatch match, string prefix, string[] selected)
    {
        string[] routes = ["10.0.0.0/8", "10.60.0.0/16", "10.60.1.0/24", "10.60.1.128/25", "10.61.0.0/16", "2001:db8::/32"];
        var query = BgpRouteQuery.Build(prefix, match, RouteDirection.Accepted, 1000);
        // LongestPrefix selects the covering routes here; the engine keeps the longest of them once every page is read.
        Assert.Equal(selected, routes.Where(r => query.Selects(IpPrefix.Check(r, "x"))));
    }
}
