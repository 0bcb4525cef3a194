using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// The typed Route Server API the front doors call. Every method is async and honours its token; every service
/// error is an <see cref="AwsServiceException"/>. The <c>DryRun…</c> methods return when AWS answers
/// <c>DryRunOperation</c> (the request would have succeeded) and throw on any other answer.
/// </summary>
public sealed class RouteServerClient : ApiClient
{
    private readonly Ec2QueryClient _client;

    internal RouteServerClient(Ec2QueryClient client, string region, string? endpointUrl, TimeProvider? time = null)
        : base(ServiceDescription.Ec2, region, endpointUrl, time)
    {
        _client = client;
    }

    internal Ec2QueryClient Client => _client;

    public async Task<RouteServerPeer> CreatePeerAsync(NewRouteServerPeerRequest input, CancellationToken cancellationToken)
    {
        var peer = await _client.CallAsync(Ec2Requests.CreateRouteServerPeer, Ec2Requests.ForCreatePeer(input, null), x => Ec2Responses.ReadSinglePeer(x, Context()), cancellationToken).ConfigureAwait(false);
        return Ec2Responses.Require(peer, Ec2Requests.CreateRouteServerPeer);
    }

    public Task DryRunCreatePeerAsync(NewRouteServerPeerRequest input, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.CreateRouteServerPeer, Ec2Requests.ForCreatePeer(input, true), cancellationToken);

    /// <summary>One page of DescribeRouteServerPeers.</summary>
    public Task<Page<RouteServerPeer>> DescribePeersAsync(RouteServerPeerQuery query, string? nextToken, CancellationToken cancellationToken) =>
        _client.CallAsync(Ec2Requests.DescribeRouteServerPeers, Ec2Requests.ForDescribePeers(query, nextToken, null), x => Ec2Responses.ReadPeerPage(x, Context()), cancellationToken);

    /// <summary>Every page of DescribeRouteServerPeers for the query, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadPeerPagesAsync(RouteServerPeerQuery query, Func<Page<RouteServerPeer>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(Ec2Requests.DescribeRouteServerPeers, (token, ct) => DescribePeersAsync(query, token, ct), onPage, cancellationToken);

    public async Task<RouteServerPeer> DeletePeerAsync(string routeServerPeerId, CancellationToken cancellationToken)
    {
        var peer = await _client.CallAsync(Ec2Requests.DeleteRouteServerPeer, Ec2Requests.ForDeletePeer(routeServerPeerId, null), x => Ec2Responses.ReadSinglePeer(x, Context()), cancellationToken).ConfigureAwait(false);
        return Ec2Responses.Require(peer, Ec2Requests.DeleteRouteServerPeer);
    }

    public Task DryRunDeletePeerAsync(string routeServerPeerId, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.DeleteRouteServerPeer, Ec2Requests.ForDeletePeer(routeServerPeerId, true), cancellationToken);

    /// <summary>CreateTags: adds or overwrites these tags on the resources (route server peers here). EC2 answers nothing else.</summary>
    public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken) =>
        _client.SendAsync(Ec2Requests.CreateTags, Ec2Requests.ForCreateTags(resourceIds, tags, null), cancellationToken);

    public Task DryRunCreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.CreateTags, Ec2Requests.ForCreateTags(resourceIds, tags, true), cancellationToken);

    /// <summary>DeleteTags by key: each named tag goes, whatever its value. At least one key is required.</summary>
    public Task DeleteTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        _client.SendAsync(Ec2Requests.DeleteTags, Ec2Requests.ForDeleteTags(resourceIds, keys, null), cancellationToken);

    public Task DryRunDeleteTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.DeleteTags, Ec2Requests.ForDeleteTags(resourceIds, keys, true), cancellationToken);

    /// <summary>One page of DescribeRouteServerEndpoints.</summary>
    public Task<Page<RouteServerEndpoint>> DescribeEndpointsAsync(RouteServerEndpointQuery query, string? nextToken, CancellationToken cancellationToken) =>
        _client.CallAsync(Ec2Requests.DescribeRouteServerEndpoints, Ec2Requests.ForDescribeEndpoints(query, nextToken, null), x => Ec2Responses.ReadEndpointPage(x, Context()), cancellationToken);

    /// <summary>Every page of DescribeRouteServerEndpoints for the query, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadEndpointPagesAsync(RouteServerEndpointQuery query, Func<Page<RouteServerEndpoint>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(Ec2Requests.DescribeRouteServerEndpoints, (token, ct) => DescribeEndpointsAsync(query, token, ct), onPage, cancellationToken);

    /// <summary>One page of GetRouteServerRoutingDatabase for a route server, with the route-search filters given.</summary>
    public Task<Page<BgpRoute>> GetRoutingDatabaseAsync(string routeServerId, IReadOnlyList<Filter> filters, int? maxResults, string? nextToken, CancellationToken cancellationToken) =>
        _client.CallAsync(Ec2Requests.GetRouteServerRoutingDatabase, Ec2Requests.ForRoutingDatabase(routeServerId, filters, nextToken, maxResults, null),
            x => Ec2Responses.ReadRoutePage(x, Context(), routeServerId), cancellationToken);

    /// <summary>Every page of a route server's routing database, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadRoutingDatabasePagesAsync(string routeServerId, IReadOnlyList<Filter> filters, int? maxResults, Func<Page<BgpRoute>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(Ec2Requests.GetRouteServerRoutingDatabase, (token, ct) => GetRoutingDatabaseAsync(routeServerId, filters, maxResults, token, ct), onPage, cancellationToken);

    private async Task DryRunAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        try
        {
            await _client.SendAsync(action, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsDryRunSuccess)
        {
            return;
        }
        // A success answer to a DryRun means the endpoint ignored the flag and may have made the change.
        throw new AwsServiceException(Service.ServiceId, action, "DryRunNotHonoured",
            "The endpoint answered a DryRun request as if it were real; the change may have been made.", 200, null);
    }
}
