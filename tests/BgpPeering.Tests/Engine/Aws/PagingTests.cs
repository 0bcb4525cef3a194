using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Operations;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Aws;

/// <summary>
/// The one pager every listing goes through (ApiClient.ReadPagesAsync): it follows nextToken to the last page and
/// stops, with a PagingLoop error, when a service hands back a token it has given before, for every EC2 and Direct
/// Connect listing alike.
/// </summary>
public sealed class PagingTests
{
    private const string Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static string PeerPage(string id, string? token) =>
        "<DescribeRouteServerPeersResponse xmlns=\"" + Ec2Ns + "\"><requestId>r</requestId><routeServerPeerSet><item><routeServerPeerId>" + id +
        "</routeServerPeerId></item></routeServerPeerSet>" + (token is null ? string.Empty : "<nextToken>" + token + "</nextToken>") + "</DescribeRouteServerPeersResponse>";

    private static string EndpointPage(string id, string? token) =>
        "<DescribeRouteServerEndpointsResponse xmlns=\"" + Ec2Ns + "\"><requestId>r</requestId><routeServerEndpointSet><item><routeServerEndpointId>" + id +
        "</routeServerEndpointId></item></routeServerEndpointSet>" + (token is null ? string.Empty : "<nextToken>" + token + "</nextToken>") + "</DescribeRouteServerEndpointsResponse>";

    private static string VifPage(string id, string? token) =>
        "{\"virtualInterfaces\":[{\"virtualInterfaceId\":\"" + id + "\",\"bgpPeers\":[{\"bgpPeerId\":\"dxpeer-" + id[^8..] + "\",\"asn\":65000,\"addressFamily\":\"ipv6\"}]}]" +
        (token is null ? string.Empty : ",\"nextToken\":\"" + token + "\"") + "}";

    /// <summary>Answers each listing with <paramref name="page"/>(n, token) for the n-th request (from 1).</summary>
    private static FixtureServer Serve(Func<int, string> page, bool json)
    {
        var n = 0;
        return new FixtureServer(_ => new CannedResponse(200, json ? "application/x-amz-json-1.1" : "text/xml", page(Interlocked.Increment(ref n))));
    }

    public static TheoryData<string> Listings() => new() { "peers", "endpoints", "virtual interfaces" };

    private static EngineWork List(string listing, string url)
    {
        var session = TestSessions.Session(url);
        return listing switch
        {
            "peers" => session.RouteServerPeers().Get([], new RouteServerPeerQuery { MaxResults = 5 }),
            "endpoints" => session.RouteServerEndpoints().Get([], new RouteServerEndpointQuery { MaxResults = 5 }),
            _ => session.DxBgpPeers().Get([]),
        };
    }

    private static string Page(string listing, int n, string? token) => listing switch
    {
        "peers" => PeerPage("rsp-" + n.ToString("x17"), token),
        "endpoints" => EndpointPage("rse-" + n.ToString("x17"), token),
        _ => VifPage("dxvif-" + n.ToString("x8"), token),
    };

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task Every_listing_follows_nextToken_to_the_last_page(string listing)
    {
        await using var server = Serve(n => Page(listing, n, n < 3 ? "token-" + n : null), listing == "virtual interfaces");

        var events = Run((sink, ct) => List(listing, server.Url)(sink, ct));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, Outputs(events).Count);
        Assert.Contains("token-2", server.Requests.ElementAt(2).BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task A_token_given_twice_stops_the_listing_with_PagingLoop_instead_of_looping(string listing)
    {
        // Page 1 gives "again"; page 2 gives "again" once more: a service that would loop forever.
        await using var server = Serve(n => Page(listing, n, "again"), listing == "virtual interfaces");

        var ex = Assert.Throws<AwsServiceException>(() => Run((sink, ct) => List(listing, server.Url)(sink, ct)));

        Assert.Equal("PagingLoop", ex.ErrorCode);
        Assert.Contains("same nextToken twice", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("AwsServiceError", ErrorClassifier.Classify(ex, "query").ErrorId);
    }
}
