using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Pipeline;

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
                var q = CopyWithIds(query, chunk);
                try
                {
                    await StreamPeersAsync(client, q, sink, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (IsNotFound(ex) && chunk.Count > 1)
                {
                    // One bad ID fails the whole call; ask for each on its own so the good ones still come back.
                    foreach (var id in chunk) await GetOneAsync(client, query, id, sink, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (IsNotFound(ex))
                {
                    sink.Write(PumpEventKind.Error, ItemError.From(ex, chunk[0]));
                }
            }
        }

        private static async Task GetOneAsync(RouteServerClient client, RouteServerPeerQuery query, string id, IOutputSink sink, CancellationToken ct)
        {
            try
            {
                await StreamPeersAsync(client, CopyWithIds(query, new[] { id }), sink, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (IsNotFound(ex))
            {
                sink.Write(PumpEventKind.Error, ItemError.From(ex, id));
            }
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

        /// <summary>Streams endpoints page by page, with the same missing-ID handling as peers.</summary>
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
                    await StreamEndpointsAsync(client, CopyWithIds(query, chunk), sink, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (IsNotFound(ex))
                {
                    foreach (var id in chunk)
                    {
                        try
                        {
                            await StreamEndpointsAsync(client, CopyWithIds(query, new[] { id }), sink, ct).ConfigureAwait(false);
                        }
                        catch (AwsServiceException one) when (IsNotFound(one))
                        {
                            sink.Write(PumpEventKind.Error, ItemError.From(one, id));
                        }
                    }
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

        /// <summary>Creates one peer and writes it; an AWS refusal is one error whose target is the request.</summary>
        public static async Task CreatePeerAsync(RouteServerClient client, NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct)
        {
            try
            {
                sink.Write(PumpEventKind.Verbose, "CreateRouteServerPeer: " + request + ".");
                var peer = await client.CreatePeerAsync(request, ct).ConfigureAwait(false);
                sink.Write(PumpEventKind.Verbose, "Created " + peer.RouteServerPeerId + " (" + WireNames.ToWire(peer.State) + ").");
                sink.Write(PumpEventKind.Output, peer);
            }
            catch (AwsServiceException ex)
            {
                sink.Write(PumpEventKind.Error, ItemError.From(ex, request));
            }
        }

        /// <summary>
        /// The -WhatIf of New-RouteServerPeer: sends the request with DryRun, so AWS checks permissions and input
        /// without creating anything, and says what it answered.
        /// </summary>
        public static Task DryRunCreatePeerAsync(RouteServerClient client, NewRouteServerPeerRequest request, IOutputSink sink, CancellationToken ct) =>
            DryRunAsync(() => client.DryRunCreatePeerAsync(request, ct), "CreateRouteServerPeer", request.ToString(), request, sink);

        /// <summary>
        /// Deletes one peer. With <paramref name="passThru"/> the peer is written in its <c>deleting</c> state.
        /// A peer already deleting or deleted is a clear InvalidOperation error, not a crash.
        /// </summary>
        public static async Task RemovePeerAsync(RouteServerClient client, string routeServerPeerId, bool passThru, IOutputSink sink, CancellationToken ct)
        {
            try
            {
                sink.Write(PumpEventKind.Verbose, "DeleteRouteServerPeer: " + routeServerPeerId + ".");
                var peer = await client.DeletePeerAsync(routeServerPeerId, ct).ConfigureAwait(false);
                sink.Write(PumpEventKind.Verbose, routeServerPeerId + " is now " + WireNames.ToWire(peer.State) + ".");
                if (passThru) sink.Write(PumpEventKind.Output, peer);
            }
            catch (AwsServiceException ex) when (ErrorClassifier.Classify(ex.ErrorCode) == AwsErrorKind.InvalidState)
            {
                var clear = new InvalidOperationException(
                    "Route Server peer " + routeServerPeerId + " cannot be removed in its current state: it is already being deleted or is deleted. " + ex.Message, ex);
                sink.Write(PumpEventKind.Error, new ItemError(clear, "PeerAlreadyDeleting", ErrorKind.InvalidOperation, routeServerPeerId));
            }
            catch (AwsServiceException ex)
            {
                sink.Write(PumpEventKind.Error, ItemError.From(ex, routeServerPeerId));
            }
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
                sink.Write(PumpEventKind.Error, ItemError.From(ex, target));
            }
        }

        private static bool IsNotFound(AwsServiceException ex) => ErrorClassifier.Classify(ex.ErrorCode) == AwsErrorKind.NotFound;

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
