using System;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// The typed Route Server API the cmdlets call. Every method is async and honours its token; every service error
/// is an <see cref="AwsServiceException"/>. The <c>DryRun…</c> methods return when AWS answers
/// <c>DryRunOperation</c> (the request would have succeeded) and throw on any other answer.
/// </summary>
public sealed class RouteServerClient
{
    private readonly Ec2QueryClient _client;
    private readonly TimeProvider _time;

    internal RouteServerClient(Ec2QueryClient client, string region, string? endpointUrl, TimeProvider? time = null)
    {
        _client = client;
        Region = region;
        EndpointUrl = endpointUrl;
        _time = time ?? TimeProvider.System;
    }

    public string Region { get; }

    public string? EndpointUrl { get; }

    /// <summary>How the engine retries this client's creates and deletes (the SDK retries only reads).</summary>
    public MutationRetryOptions MutationRetry { get; set; } = new();

    internal Ec2QueryClient Client => _client;

    public async Task<RouteServerPeer> CreatePeerAsync(NewRouteServerPeerRequest input, CancellationToken cancellationToken)
    {
        var peer = await _client.CallAsync(Ec2Requests.CreateRouteServerPeer, Ec2Requests.ForCreatePeer(input, null), x => Ec2Responses.ReadSinglePeer(x, Context()), cancellationToken).ConfigureAwait(false);
        return Ec2Responses.Require(peer, Ec2Requests.CreateRouteServerPeer);
    }

    public Task DryRunCreatePeerAsync(NewRouteServerPeerRequest input, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.CreateRouteServerPeer, Ec2Requests.ForCreatePeer(input, true), cancellationToken);

    public async Task<Page<RouteServerPeer>> DescribePeersAsync(RouteServerPeerQuery query, string? nextToken, CancellationToken cancellationToken)
    {
        return await _client.CallAsync(Ec2Requests.DescribeRouteServerPeers, Ec2Requests.ForDescribePeers(query, nextToken, null), x => Ec2Responses.ReadPeerPage(x, Context()), cancellationToken).ConfigureAwait(false);
    }

    public Task DryRunDescribePeersAsync(RouteServerPeerQuery query, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.DescribeRouteServerPeers, Ec2Requests.ForDescribePeers(query, null, true), cancellationToken);

    public async Task<RouteServerPeer> DeletePeerAsync(string routeServerPeerId, CancellationToken cancellationToken)
    {
        var peer = await _client.CallAsync(Ec2Requests.DeleteRouteServerPeer, Ec2Requests.ForDeletePeer(routeServerPeerId, null), x => Ec2Responses.ReadSinglePeer(x, Context()), cancellationToken).ConfigureAwait(false);
        return Ec2Responses.Require(peer, Ec2Requests.DeleteRouteServerPeer);
    }

    public Task DryRunDeletePeerAsync(string routeServerPeerId, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.DeleteRouteServerPeer, Ec2Requests.ForDeletePeer(routeServerPeerId, true), cancellationToken);

    public async Task<Page<RouteServerEndpoint>> DescribeEndpointsAsync(RouteServerEndpointQuery query, string? nextToken, CancellationToken cancellationToken)
    {
        return await _client.CallAsync(Ec2Requests.DescribeRouteServerEndpoints, Ec2Requests.ForDescribeEndpoints(query, nextToken, null), x => Ec2Responses.ReadEndpointPage(x, Context()), cancellationToken).ConfigureAwait(false);
    }

    public Task DryRunDescribeEndpointsAsync(RouteServerEndpointQuery query, CancellationToken cancellationToken) =>
        DryRunAsync(Ec2Requests.DescribeRouteServerEndpoints, Ec2Requests.ForDescribeEndpoints(query, null, true), cancellationToken);

    private async Task DryRunAsync(string action, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CallAsync(action, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsDryRunSuccess)
        {
            return;
        }
        // A success answer to a DryRun means the endpoint ignored the flag and may have made the change.
        throw new AwsServiceException(ServiceDescription.Ec2.ServiceId, action, "DryRunNotHonoured",
            "The endpoint answered a DryRun request as if it were real; the change may have been made.", 200, null);
    }

    private ReadContext Context() => new(Region, EndpointUrl, _time.GetUtcNow());
}
