using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door for Route Server peers: what Get-, New- and Remove-RouteServerPeer call. Each method writes
/// objects and errors to a sink: one outcome per item, and a missing ID is one ObjectNotFound error.
/// </summary>
public sealed class RouteServerPeers
{
    private readonly RouteServerClient _client;

    public RouteServerPeers(RouteServerClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The work of Get-RouteServerPeer: the peers with these IDs, or (with none) every one the query selects.</summary>
    public EngineWork Get(IReadOnlyList<string> ids, RouteServerPeerQuery query) => (sink, ct) => GetAsync(ids, query, sink, ct);

    /// <summary>New-RouteServerPeer: CreateRouteServerPeer, or with -WhatIf the same request as a DryRun.</summary>
    public Mutation Create(NewRouteServerPeerRequest request) =>
        new("Create Route Server peer", request, (sink, ct) => CreateAsync(request, sink, ct), (sink, ct) => DryRunCreateAsync(request, sink, ct));

    /// <summary>Remove-RouteServerPeer: DeleteRouteServerPeer, or with -WhatIf the same request as a DryRun.</summary>
    public Mutation Remove(string routeServerPeerId, bool passThru) =>
        new("Delete Route Server peer", routeServerPeerId, (sink, ct) => RemoveAsync(routeServerPeerId, passThru, sink, ct), (sink, ct) => DryRunRemoveAsync(routeServerPeerId, sink, ct));

    /// <summary>
    /// Streams peers page by page: each page is written before the next is asked for, and nothing is buffered
    /// beyond one page. With IDs, a missing ID is one ObjectNotFound error and the others are still written.
    /// </summary>
    public Task GetAsync(IReadOnlyList<string> ids, RouteServerPeerQuery query, IOutputSink sink, CancellationToken ct) =>
        ByIdReads.GetAsync(ids, (part, t) => _client.ReadPeerPagesAsync(query.ForIds(part), (page, n) =>
        {
            if (sink.Wants(PumpEventKind.Verbose))
                sink.Write(PumpEventKind.Verbose, "DescribeRouteServerPeers page " + n + ": " + page.Items.Count + " peer(s)" + (page.NextToken is null ? "." : ", more to come."));
            sink.WriteAll(PumpEventKind.Output, page.Items);
            return true;
        }, t), sink, ct);

    /// <summary>
    /// Creates one peer and writes it: exactly one outcome, the peer or one error whose target is the request.
    /// The SDK does not retry it; <see cref="MutationRetry"/> does, and after a lost response it reads the peer
    /// back by its natural key (endpoint and peer address) and adopts it rather than making a second one.
    /// </summary>
    public async Task CreateAsync(NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct)
    {
        var peer = await CreateOneAsync(request, sink, ct).ConfigureAwait(false);
        if (peer is not null) sink.Write(PumpEventKind.Output, peer);
    }

    /// <summary>
    /// <see cref="CreateAsync"/> without the output: the peer made (or adopted after a lost response), or null after
    /// writing the one error whose target is the request.
    /// </summary>
    internal async Task<RouteServerPeer?> CreateOneAsync(NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct)
    {
        const string Action = "CreateRouteServerPeer";
        sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
        var outcome = await MutationRetry.RunAsync(Action, request, _client.MutationRetry, sink,
            t => _client.CreatePeerAsync(request, t),
            t => ReconcileCreateAsync(request, t), ct).ConfigureAwait(false);
        if (!outcome.Succeeded || outcome.Value is null)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, outcome.Failure!, outcome.Ambiguous));
            return null;
        }
        var peer = outcome.Value;
        sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted " : "Created ") + peer.RouteServerPeerId + " (" + WireNames.ToWire(peer.State) + ").");
        return peer;
    }

    /// <summary>The read-back after a lost CreateRouteServerPeer: a live peer at the address on the endpoint, with the ASN asked for.</summary>
    private async Task<Reconciled<RouteServerPeer>> ReconcileCreateAsync(NewRouteServerPeerRequest request, CancellationToken ct)
    {
        var query = new RouteServerPeerQuery();
        query.Filters.Add(new Filter("route-server-endpoint-id", request.RouteServerEndpointId));
        query.Filters.Add(new Filter("peer-address", request.PeerAddress));
        RouteServerPeer? found = null;
        await _client.ReadPeerPagesAsync(query, (page, _) =>
        {
            found = page.Items.FirstOrDefault(p => p.RouteServerEndpointId == request.RouteServerEndpointId && p.PeerAddress == request.PeerAddress
                && p.State is not (RouteServerState.Deleting or RouteServerState.Deleted or RouteServerState.DeleteFailed)
                && (request.PeerAsn is not long asn || p.PeerAsn == asn));
            return found is null;
        }, ct).ConfigureAwait(false);
        return found is null
            ? Reconciled<RouteServerPeer>.NotApplied("no " + request + " exists")
            : Reconciled<RouteServerPeer>.Adopt(found, found.RouteServerPeerId + " (" + WireNames.ToWire(found.State) + ") is " + request);
    }

    /// <summary>
    /// The -WhatIf of New-RouteServerPeer: sends the request with DryRun, so AWS checks permissions and input
    /// without creating anything, and says what it answered.
    /// </summary>
    public Task DryRunCreateAsync(NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct) =>
        DryRunAsync(() => _client.DryRunCreatePeerAsync(request, ct), "CreateRouteServerPeer", request.ToString(), request, sink);

    /// <summary>
    /// Deletes one peer. With <paramref name="passThru"/> the peer is written in its <c>deleting</c> state.
    /// A peer already deleting or deleted is a clear PeerAlreadyDeleting error — unless an earlier attempt of
    /// this same remove lost its response: then reading the peer back shows the delete happened, and that is a
    /// success. The SDK does not retry the delete; <see cref="MutationRetry"/> does.
    /// </summary>
    public async Task RemoveAsync(string routeServerPeerId, bool passThru, IOutputSink sink, CancellationToken ct)
    {
        var (done, peer) = await RemoveOneAsync(routeServerPeerId, sink, ct).ConfigureAwait(false);
        if (done && passThru && peer is not null) sink.Write(PumpEventKind.Output, peer);
    }

    /// <summary>
    /// <see cref="RemoveAsync"/> without the output: whether the peer is now deleting or gone (and as what AWS
    /// answered, when it did), or false after writing the one error whose target is the ID.
    /// </summary>
    internal async Task<(bool Done, RouteServerPeer? Peer)> RemoveOneAsync(string routeServerPeerId, IOutputSink sink, CancellationToken ct)
    {
        const string Action = "DeleteRouteServerPeer";
        sink.Write(PumpEventKind.Verbose, Action + ": " + routeServerPeerId + ".");
        var outcome = await MutationRetry.RunAsync(Action, routeServerPeerId, _client.MutationRetry, sink,
            t => _client.DeletePeerAsync(routeServerPeerId, t),
            t => ReconcileDeleteAsync(routeServerPeerId, t), ct).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            var ex = outcome.Failure!;
            if (ex is AwsServiceException aws && aws.Kind == AwsErrorKind.InvalidState)
            {
                var clear = new InvalidOperationException(
                    "Route Server peer " + routeServerPeerId + " cannot be removed in its current state: it is already being deleted or is deleted. " + aws.Message, aws);
                sink.Write(PumpEventKind.Error, ErrorCatalogue.PeerAlreadyDeleting.For(clear, routeServerPeerId));
            }
            else
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, routeServerPeerId, ex, outcome.Ambiguous));
            }
            return (false, null);
        }
        var peer = outcome.Value;
        sink.Write(PumpEventKind.Verbose, routeServerPeerId + " is now " + (peer is null ? "gone" : WireNames.ToWire(peer.State)) + (outcome.Adopted ? " (the delete's response was lost; read back)." : "."));
        return (true, peer);
    }

    /// <summary>The read-back after a lost DeleteRouteServerPeer: done when the peer is deleting, deleted or gone.</summary>
    private async Task<Reconciled<RouteServerPeer>> ReconcileDeleteAsync(string routeServerPeerId, CancellationToken ct)
    {
        var query = new RouteServerPeerQuery().ForIds([routeServerPeerId]);
        Page<RouteServerPeer> page;
        try
        {
            page = await _client.DescribePeersAsync(query, null, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            return Reconciled<RouteServerPeer>.Adopt(null, routeServerPeerId + " no longer exists");
        }
        var peer = page.Items.FirstOrDefault(p => p.RouteServerPeerId == routeServerPeerId);
        if (peer is null) return Reconciled<RouteServerPeer>.Adopt(null, routeServerPeerId + " no longer exists");
        if (peer.State is RouteServerState.Deleting or RouteServerState.Deleted)
            return Reconciled<RouteServerPeer>.Adopt(peer, routeServerPeerId + " is " + WireNames.ToWire(peer.State));
        return Reconciled<RouteServerPeer>.NotApplied(routeServerPeerId + " is still " + WireNames.ToWire(peer.State));
    }

    /// <summary>The -WhatIf of Remove-RouteServerPeer: DeleteRouteServerPeer with DryRun.</summary>
    public Task DryRunRemoveAsync(string routeServerPeerId, IOutputSink sink, CancellationToken ct) =>
        DryRunAsync(() => _client.DryRunDeletePeerAsync(routeServerPeerId, ct), "DeleteRouteServerPeer", routeServerPeerId, routeServerPeerId, sink);

    /// <summary>
    /// Sends one DryRun and says what AWS answered: true (and an Information message) for DryRunOperation, false
    /// after writing the refusal as an error about <paramref name="target"/>.
    /// </summary>
    internal static async Task<bool> DryRunAsync(Func<Task> dryRun, string action, string what, object target, IOutputSink sink)
    {
        try
        {
            await dryRun().ConfigureAwait(false);
            sink.Write(PumpEventKind.Information, "DryRun: AWS confirmed that " + action + " for " + what + " would succeed. Nothing was changed.");
            return true;
        }
        catch (AwsServiceException ex)
        {
            sink.Write(PumpEventKind.Verbose, "DryRun: " + action + " for " + what + " was refused: " + ex.ErrorCode + ".");
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
        }
        return false;
    }
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door for Route Server peers in this session.</summary>
    public static RouteServerPeers RouteServerPeers(this AwsSession session) => new(session.RouteServer);
}
