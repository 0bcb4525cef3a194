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

namespace BgpPeering.Engine.Operations
{
    /// <summary>The Route Server work behind the cmdlets: one call each, writing objects and errors to a sink.</summary>
    public static class RouteServerOperations
    {
        /// <summary>EC2 takes this many IDs in one Describe call comfortably.</summary>
        internal const int IdsPerCall = 200;

        /// <summary>
        /// Streams peers page by page: each page is written before the next is asked for, and nothing is buffered
        /// beyond one page. With IDs, a missing ID is one ObjectNotFound error and the others are still written.
        /// </summary>
        public static async Task GetPeersAsync(RouteServerClient client, IReadOnlyList<string> ids, RouteServerPeerQuery query, IOutputSink sink, CancellationToken ct)
        {
            if (ids.Count == 0)
            {
                await StreamPeersAsync(client, query, sink, ct).ConfigureAwait(false);
                return;
            }
            foreach (var chunk in Chunk(ids.Distinct(StringComparer.Ordinal), IdsPerCall))
            {
                try
                {
                    await ReadByIdsAsync(chunk, (part, t) => StreamPeersAsync(client, CopyWithIds(query, part), sink, t), sink, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    // Not a missing ID: this chunk's call failed (throttled, unreachable…). One error per ID it held,
                    // and the next chunk is still asked for.
                    foreach (var id in chunk) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, id));
                }
            }
        }

        /// <summary>
        /// Reads a list of IDs with one call. When the call fails because some ID does not exist, the IDs its message
        /// names are dropped and the rest read again with one call (one extra call per missing ID); when the message
        /// names none of them, it bisects: each half is read with one call, and only the halves that fail are split
        /// again (k unknown IDs among n cost about 2·k·log2(n) extra calls, never n). A missing ID is one
        /// ObjectNotFound error, targeted at the ID.
        /// </summary>
        internal static async Task ReadByIdsAsync(IReadOnlyList<string> ids, Func<IReadOnlyList<string>, CancellationToken, Task> read, IOutputSink sink, CancellationToken ct)
        {
            try
            {
                await read(ids, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
            {
                if (ids.Count == 1)
                {
                    sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, ids[0]));
                    return;
                }
                // EC2 names the missing ID(s) in its message: drop those and ask for the rest in one call.
                var named = NamedIn(ex, ids);
                if (named.Count > 0 && named.Count < ids.Count)
                {
                    foreach (var id in named) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, id));
                    var rest = ids.Where(id => !named.Contains(id)).ToList();
                    await ReadByIdsAsync(rest, read, sink, ct).ConfigureAwait(false);
                    return;
                }
                var half = ids.Count / 2;
                await ReadByIdsAsync(ids.Take(half).ToList(), read, sink, ct).ConfigureAwait(false);
                await ReadByIdsAsync(ids.Skip(half).ToList(), read, sink, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The IDs of <paramref name="ids"/> that a NotFound message names (as a whole word).</summary>
        internal static HashSet<string> NamedIn(AwsServiceException ex, IEnumerable<string> ids)
        {
            var message = ex.AwsMessage ?? string.Empty;
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                for (var at = message.IndexOf(id, StringComparison.Ordinal); at >= 0; at = message.IndexOf(id, at + 1, StringComparison.Ordinal))
                {
                    var end = at + id.Length;
                    var before = at == 0 || !char.IsLetterOrDigit(message[at - 1]) && message[at - 1] != '-';
                    var after = end == message.Length || !char.IsLetterOrDigit(message[end]) && message[end] != '-';
                    if (before && after)
                    {
                        named.Add(id);
                        break;
                    }
                }
            }
            return named;
        }

        private static async Task StreamPeersAsync(RouteServerClient client, RouteServerPeerQuery query, IOutputSink sink, CancellationToken ct)
        {
            string? token = null;
            var page = 0;
            do
            {
                ct.ThrowIfCancellationRequested();
                var result = await client.DescribePeersAsync(query, token, ct).ConfigureAwait(false);
                page++;
                sink.Write(PumpEventKind.Verbose, "DescribeRouteServerPeers page " + page + ": " + result.Items.Count + " peer(s)" + (result.NextToken is null ? "." : ", more to come."));
                foreach (var peer in result.Items) sink.Write(PumpEventKind.Output, peer);
                token = result.NextToken;
            }
            while (token is not null);
        }

        /// <summary>Streams endpoints page by page, with the same missing-ID handling as peers (bisecting, not one call per ID).</summary>
        public static async Task GetEndpointsAsync(RouteServerClient client, IReadOnlyList<string> ids, RouteServerEndpointQuery query, IOutputSink sink, CancellationToken ct)
        {
            if (ids.Count == 0)
            {
                await StreamEndpointsAsync(client, query, sink, ct).ConfigureAwait(false);
                return;
            }
            foreach (var chunk in Chunk(ids.Distinct(StringComparer.Ordinal), IdsPerCall))
            {
                try
                {
                    await ReadByIdsAsync(chunk, (part, t) => StreamEndpointsAsync(client, CopyWithIds(query, part), sink, t), sink, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    foreach (var id in chunk) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, id));
                }
            }
        }

        private static async Task StreamEndpointsAsync(RouteServerClient client, RouteServerEndpointQuery query, IOutputSink sink, CancellationToken ct)
        {
            string? token = null;
            do
            {
                ct.ThrowIfCancellationRequested();
                var result = await client.DescribeEndpointsAsync(query, token, ct).ConfigureAwait(false);
                foreach (var endpoint in result.Items) sink.Write(PumpEventKind.Output, endpoint);
                token = result.NextToken;
            }
            while (token is not null);
        }

        /// <summary>
        /// Creates one peer and writes it: exactly one outcome, the peer or one error whose target is the request.
        /// The SDK does not retry it; <see cref="MutationRetry"/> does, and after a lost response it reads the peer
        /// back by its natural key (endpoint and peer address) and adopts it rather than making a second one.
        /// </summary>
        public static async Task CreatePeerAsync(RouteServerClient client, NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct)
        {
            const string Action = "CreateRouteServerPeer";
            sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
            MutationOutcome<RouteServerPeer> outcome;
            try
            {
                outcome = await MutationRetry.RunAsync(Action, request, client.MutationRetry, sink,
                    t => client.CreatePeerAsync(request, t),
                    t => ReconcileCreateAsync(client, request, t), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, request, ex, false));
                return;
            }
            if (!outcome.Succeeded || outcome.Value is null)
            {
                sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, request, outcome.Failure!, outcome.Ambiguous));
                return;
            }
            var peer = outcome.Value;
            sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted " : "Created ") + peer.RouteServerPeerId + " (" + WireNames.ToWire(peer.State) + ").");
            sink.Write(PumpEventKind.Output, peer);
        }

        /// <summary>The read-back after a lost CreateRouteServerPeer: a live peer at the address on the endpoint, with the ASN asked for.</summary>
        private static async Task<Reconciled<RouteServerPeer>> ReconcileCreateAsync(RouteServerClient client, NewRouteServerPeerRequest request, CancellationToken ct)
        {
            var query = new RouteServerPeerQuery();
            query.Filters.Add(new Filter("route-server-endpoint-id", request.RouteServerEndpointId));
            query.Filters.Add(new Filter("peer-address", request.PeerAddress));
            string? token = null;
            do
            {
                var page = await client.DescribePeersAsync(query, token, ct).ConfigureAwait(false);
                foreach (var p in page.Items)
                {
                    if (p.RouteServerEndpointId != request.RouteServerEndpointId || p.PeerAddress != request.PeerAddress) continue;
                    if (p.State is RouteServerState.Deleting or RouteServerState.Deleted or RouteServerState.DeleteFailed) continue;
                    if (request.PeerAsn is long asn && p.PeerAsn != asn) continue;
                    return Reconciled<RouteServerPeer>.Adopt(p, p.RouteServerPeerId + " (" + WireNames.ToWire(p.State) + ") is " + request);
                }
                token = page.NextToken;
            }
            while (token is not null);
            return Reconciled<RouteServerPeer>.NotApplied("no " + request + " exists");
        }

        /// <summary>
        /// The -WhatIf of New-RouteServerPeer: sends the request with DryRun, so AWS checks permissions and input
        /// without creating anything, and says what it answered.
        /// </summary>
        public static Task DryRunCreatePeerAsync(RouteServerClient client, NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct) =>
            DryRunAsync(() => client.DryRunCreatePeerAsync(request, ct), "CreateRouteServerPeer", request.ToString(), request, sink);

        /// <summary>
        /// Deletes one peer. With <paramref name="passThru"/> the peer is written in its <c>deleting</c> state.
        /// A peer already deleting or deleted is a clear PeerAlreadyDeleting error — unless an earlier attempt of
        /// this same remove lost its response: then reading the peer back shows the delete happened, and that is a
        /// success. The SDK does not retry the delete; <see cref="MutationRetry"/> does.
        /// </summary>
        public static async Task RemovePeerAsync(RouteServerClient client, string routeServerPeerId, bool passThru, IOutputSink sink, CancellationToken ct)
        {
            const string Action = "DeleteRouteServerPeer";
            sink.Write(PumpEventKind.Verbose, Action + ": " + routeServerPeerId + ".");
            MutationOutcome<RouteServerPeer> outcome;
            try
            {
                outcome = await MutationRetry.RunAsync(Action, routeServerPeerId, client.MutationRetry, sink,
                    t => client.DeletePeerAsync(routeServerPeerId, t),
                    t => ReconcileDeleteAsync(client, routeServerPeerId, t), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, routeServerPeerId, ex, false));
                return;
            }
            if (!outcome.Succeeded)
            {
                var ex = outcome.Failure!;
                if (ex is AwsServiceException aws && aws.Kind == AwsErrorKind.InvalidState)
                {
                    var clear = new InvalidOperationException(
                        "Route Server peer " + routeServerPeerId + " cannot be removed in its current state: it is already being deleted or is deleted. " + aws.Message, aws);
                    sink.Write(PumpEventKind.Error, new ItemError(clear, "PeerAlreadyDeleting", ErrorKind.InvalidOperation, routeServerPeerId));
                }
                else
                {
                    sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, routeServerPeerId, ex, outcome.Ambiguous));
                }
                return;
            }
            var peer = outcome.Value;
            sink.Write(PumpEventKind.Verbose, routeServerPeerId + " is now " + (peer is null ? "gone" : WireNames.ToWire(peer.State)) + (outcome.Adopted ? " (the delete's response was lost; read back)." : "."));
            if (passThru && peer is not null) sink.Write(PumpEventKind.Output, peer);
        }

        /// <summary>The read-back after a lost DeleteRouteServerPeer: done when the peer is deleting, deleted or gone.</summary>
        private static async Task<Reconciled<RouteServerPeer>> ReconcileDeleteAsync(RouteServerClient client, string routeServerPeerId, CancellationToken ct)
        {
            var query = new RouteServerPeerQuery();
            query.RouteServerPeerIds.Add(routeServerPeerId);
            Page<RouteServerPeer> page;
            try
            {
                page = await client.DescribePeersAsync(query, null, ct).ConfigureAwait(false);
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
        public static Task DryRunRemovePeerAsync(RouteServerClient client, string routeServerPeerId, IOutputSink sink, CancellationToken ct) =>
            DryRunAsync(() => client.DryRunDeletePeerAsync(routeServerPeerId, ct), "DeleteRouteServerPeer", routeServerPeerId, routeServerPeerId, sink);

        private static async Task DryRunAsync(Func<Task> dryRun, string action, string what, object target, IOutputSink sink)
        {
            try
            {
                await dryRun().ConfigureAwait(false);
                sink.Write(PumpEventKind.Information, "DryRun: AWS confirmed that " + action + " for " + what + " would succeed. Nothing was changed.");
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
        }


        private static RouteServerPeerQuery CopyWithIds(RouteServerPeerQuery query, IEnumerable<string> ids)
        {
            var q = new RouteServerPeerQuery { MaxResults = query.MaxResults };
            foreach (var f in query.Filters) q.Filters.Add(f);
            foreach (var id in ids) q.RouteServerPeerIds.Add(id);
            // Many EC2 Describe calls reject MaxResults beside an ID list, and an ID list needs no paging.
            if (q.RouteServerPeerIds.Count > 0) q.MaxResults = null;
            return q;
        }

        private static RouteServerEndpointQuery CopyWithIds(RouteServerEndpointQuery query, IEnumerable<string> ids)
        {
            var q = new RouteServerEndpointQuery { MaxResults = query.MaxResults };
            foreach (var f in query.Filters) q.Filters.Add(f);
            foreach (var id in ids) q.RouteServerEndpointIds.Add(id);
            if (q.RouteServerEndpointIds.Count > 0) q.MaxResults = null;
            return q;
        }

        internal static IEnumerable<List<T>> Chunk<T>(IEnumerable<T> items, int size)
        {
            var chunk = new List<T>(size);
            foreach (var item in items)
            {
                chunk.Add(item);
                if (chunk.Count == size)
                {
                    yield return chunk;
                    chunk = new List<T>(size);
                }
            }
            if (chunk.Count > 0) yield return chunk;
        }
    }
}
