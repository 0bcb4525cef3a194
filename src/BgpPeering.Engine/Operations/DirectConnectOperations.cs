using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Engine.Operations
{
    /// <summary>
    /// The Direct Connect work behind the cmdlets, writing objects and errors to a sink.
    /// <para>
    /// Direct Connect has no DryRun, so the <c>WhatIf…</c> methods check what they can with read-only
    /// DescribeVirtualInterfaces calls and report what would happen; they never call CreateBGPPeer or DeleteBGPPeer.
    /// </para>
    /// <para>
    /// Logical redundancy: a connection, LAG or interconnect with <c>hasLogicalRedundancy = yes</c> lets a virtual
    /// interface have a second ("secondary") BGP peer of the same address family; otherwise AWS refuses a peer of a
    /// family the interface already has. That flag is on the connection (DescribeConnections / DescribeLags), not on
    /// the interface, so a one-call -WhatIf cannot see it. The rule used here, over the interface's live peers
    /// (not deleting or deleted): a peer already has the requested customer address — error; a peer of the same
    /// family already has the same ASN — error (AWS: "A BGP peer with ASN … and address family … already exists");
    /// two or more of the family — error, since even logical redundancy allows one primary and one secondary peer
    /// per family; exactly one of the family — would create only with logical redundancy (a warning says so);
    /// none — would create.
    /// </para>
    /// </summary>
    public static class DirectConnectOperations
    {
        // ---------------------------------------------------------------- Get

        /// <summary>
        /// Writes the peers the selectors pick, each once. With no selectors (or one that selects everything),
        /// every interface in the region is listed, page by page, and each page's peers are written before the
        /// next page is asked for. Otherwise: one call per interface ID and per connection ID, or a single listing
        /// when a selector names only a peer ID (DescribeVirtualInterfaces cannot filter by peer).
        /// A peer or interface asked for by ID and not found is one ObjectNotFound error each.
        /// </summary>
        public static async Task GetPeersAsync(DirectConnectClient client, IReadOnlyList<DxBgpPeerSelector> selectors, IOutputSink sink, CancellationToken ct)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            var wanted = selectors is { Count: > 0 } ? selectors.ToList() : new List<DxBgpPeerSelector> { new() };
            var emitted = new HashSet<string>(StringComparer.Ordinal);
            var matched = new HashSet<DxBgpPeerSelector>();
            var seenVifs = new HashSet<string>(StringComparer.Ordinal);
            var failed = new HashSet<DxBgpPeerSelector>();

            void Take(DxVirtualInterface vif)
            {
                seenVifs.Add(vif.VirtualInterfaceId);
                foreach (var peer in vif.BgpPeers)
                {
                    var any = false;
                    foreach (var s in wanted)
                    {
                        if (!s.Matches(peer)) continue;
                        matched.Add(s);
                        any = true;
                    }
                    if (any && emitted.Add(peer.BgpPeerId)) sink.Write(PumpEventKind.Output, peer);
                }
            }

            if (wanted.Any(s => s.VirtualInterfaceId is null && s.ConnectionId is null))
            {
                // One listing answers every selector.
                await ListAsync(client, new DxVirtualInterfaceQuery(), sink, Take, ct).ConfigureAwait(false);
            }
            else
            {
                foreach (var vifId in wanted.Where(s => s.VirtualInterfaceId is not null).Select(s => s.VirtualInterfaceId!).Distinct(StringComparer.Ordinal))
                {
                    var ok = await TryListAsync(client, new DxVirtualInterfaceQuery { VirtualInterfaceId = vifId }, vifId, sink, Take, ct).ConfigureAwait(false);
                    if (!ok) failed.UnionWith(wanted.Where(s => s.VirtualInterfaceId == vifId));
                }
                foreach (var conId in wanted.Where(s => s.VirtualInterfaceId is null && s.ConnectionId is not null).Select(s => s.ConnectionId!).Distinct(StringComparer.Ordinal))
                {
                    var ok = await TryListAsync(client, new DxVirtualInterfaceQuery { ConnectionId = conId }, conId, sink, Take, ct).ConfigureAwait(false);
                    if (!ok) failed.UnionWith(wanted.Where(s => s.VirtualInterfaceId is null && s.ConnectionId == conId));
                }
            }

            // What was asked for by ID and not found: one error each (an error already written covers its selectors).
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in wanted)
            {
                if (failed.Contains(s) || matched.Contains(s)) continue;
                if (s.BgpPeerId is not null)
                {
                    var where = s.VirtualInterfaceId is not null ? " on " + s.VirtualInterfaceId : s.ConnectionId is not null ? " on " + s.ConnectionId : string.Empty;
                    if (reported.Add(s.BgpPeerId + where))
                        sink.Write(PumpEventKind.Error, NotFound("Direct Connect BGP peer " + s.BgpPeerId + " was not found" + where + " in " + client.Region + ".", s.BgpPeerId));
                }
                else if (s.VirtualInterfaceId is not null && !seenVifs.Contains(s.VirtualInterfaceId) && reported.Add(s.VirtualInterfaceId))
                {
                    sink.Write(PumpEventKind.Error, NotFound("Virtual interface " + s.VirtualInterfaceId + " was not found in " + client.Region + ".", s.VirtualInterfaceId));
                }
            }
        }

        /// <summary>Lists every page of a query, handing each interface to <paramref name="take"/> as its page arrives.</summary>
        internal static async Task ListAsync(DirectConnectClient client, DxVirtualInterfaceQuery query, IOutputSink sink, Action<DxVirtualInterface> take, CancellationToken ct)
        {
            string? token = null;
            var page = 0;
            var tokens = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                ct.ThrowIfCancellationRequested();
                var result = await client.DescribeVirtualInterfacesAsync(query, token, ct).ConfigureAwait(false);
                page++;
                sink.Write(PumpEventKind.Verbose, "DescribeVirtualInterfaces (" + query + ") page " + page + ": " + result.Items.Count + " interface(s)" + (result.NextToken is null ? "." : ", more to come."));
                foreach (var vif in result.Items) take(vif);
                token = result.NextToken;
                if (token is not null && !tokens.Add(token))
                    throw new AwsServiceException(ServiceDescription.DirectConnect.ServiceId, DxRequests.DescribeVirtualInterfaces, "PagingLoop",
                        "DescribeVirtualInterfaces returned the same nextToken twice; stopping rather than looping.", 200, null);
            }
            while (token is not null);
        }

        private static async Task<bool> TryListAsync(DirectConnectClient client, DxVirtualInterfaceQuery query, string target, IOutputSink sink, Action<DxVirtualInterface> take, CancellationToken ct)
        {
            try
            {
                await ListAsync(client, query, sink, take, ct).ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceException ex)
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
                return false;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
                return false;
            }
        }

        // ---------------------------------------------------------------- New

        /// <summary>
        /// Creates one peer and writes it. CreateBGPPeer answers with the whole interface, so the new peer is found
        /// in it by address family, ASN and customer address — never by position. Without a customer address
        /// (AWS assigns it: always for IPv6), the interface is read first, and the new peer is the matching one
        /// that was not there before.
        /// </summary>
        public static async Task CreatePeerAsync(DirectConnectClient client, NewDxBgpPeerRequest request, IOutputSink sink, CancellationToken ct)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (request is null) throw new ArgumentNullException(nameof(request));
            const string Action = DxRequests.CreateBgpPeer;
            MutationOutcome<DxBgpPeer> outcome;
            try
            {
                HashSet<string>? before = null;
                if (string.IsNullOrEmpty(request.CustomerAddress))
                {
                    var current = await DescribeOneAsync(client, request.VirtualInterfaceId, ct).ConfigureAwait(false);
                    if (current is null)
                    {
                        sink.Write(PumpEventKind.Error, NotFound("Virtual interface " + request.VirtualInterfaceId + " was not found in " + client.Region + "; no BGP peer was created.", request));
                        return;
                    }
                    before = new HashSet<string>(current.BgpPeers.Select(p => p.BgpPeerId), StringComparer.Ordinal);
                }
                sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
                // The SDK does not retry CreateBGPPeer; after a lost response the interface is read back and a peer
                // with the request's family, ASN and address (or one that is new) is adopted instead of a second create.
                outcome = await MutationRetry.RunAsync(Action, request, client.MutationRetry, sink,
                    async t =>
                    {
                        var vif = await client.CreateBgpPeerAsync(request, t).ConfigureAwait(false);
                        return FindCreatedPeer(vif, request, before, out var problem) ?? throw new CreatedPeerNotIdentifiedException(
                            "CreateBGPPeer succeeded, but the new peer could not be identified in the interface AWS returned: " + problem +
                            " Run Get-DxBgpPeer -VirtualInterfaceId " + request.VirtualInterfaceId + " to see its peers.");
                    },
                    async t =>
                    {
                        var vif = await DescribeOneAsync(client, request.VirtualInterfaceId, t).ConfigureAwait(false);
                        var found = vif is null ? null : FindCreatedPeer(vif, request, before, out _);
                        return found is null
                            ? Reconciled<DxBgpPeer>.NotApplied("no " + request + " is listed")
                            : Reconciled<DxBgpPeer>.Adopt(found, found.BgpPeerId + " (" + found.State.ToString().ToLowerInvariant() + ") is " + request);
                    }, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, request, ex, false));
                return;
            }
            if (!outcome.Succeeded || outcome.Value is null)
            {
                var failure = outcome.Failure!;
                sink.Write(PumpEventKind.Error, failure is CreatedPeerNotIdentifiedException
                    ? new ItemError(failure, "CreatedPeerNotIdentified", ErrorKind.InvalidResult, request)
                    : MutationRetry.Error(Action, request, failure, outcome.Ambiguous));
                return;
            }
            var peer = outcome.Value;
            sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted " : "Created ") + peer.BgpPeerId + " (" + peer.State + ") on " + peer.VirtualInterfaceId + ".");
            sink.Write(PumpEventKind.Output, peer);
        }

        /// <summary>CreateBGPPeer answered, but its answer does not show the new peer: not retried, reported as InvalidResult.</summary>
        private sealed class CreatedPeerNotIdentifiedException : InvalidOperationException
        {
            public CreatedPeerNotIdentifiedException(string message) : base(message)
            {
            }
        }

        /// <summary>
        /// The new peer among the interface's peers: same family and ASN, not deleting, and either the requested
        /// customer address or (when AWS assigned it) an ID that was not there before. Null, with the reason, when
        /// there is not exactly one.
        /// </summary>
        internal static DxBgpPeer? FindCreatedPeer(DxVirtualInterface vif, NewDxBgpPeerRequest request, ISet<string>? before, out string problem)
        {
            var asn = request.EffectiveAsn;
            var candidates = vif.BgpPeers
                .Where(p => p.AddressFamily == request.AddressFamily && (asn is null || p.Asn == asn) && IsLive(p))
                .ToList();
            if (!string.IsNullOrEmpty(request.CustomerAddress))
                candidates = candidates.Where(p => DirectConnectRules.SameCidr(p.CustomerAddress, request.CustomerAddress)).ToList();
            else if (before is not null)
                candidates = candidates.Where(p => !before.Contains(p.BgpPeerId)).ToList();
            if (candidates.Count == 1)
            {
                problem = string.Empty;
                return candidates[0];
            }
            problem = candidates.Count == 0
                ? "no " + Family(request.AddressFamily) + " peer with ASN " + Format(asn) + (string.IsNullOrEmpty(request.CustomerAddress) ? " that is new" : " at " + request.CustomerAddress) + " is listed."
                : candidates.Count + " peers match (" + string.Join(", ", candidates.Select(p => p.BgpPeerId)) + ").";
            return null;
        }

        /// <summary>
        /// The -WhatIf of New-DxBgpPeer. The input was already checked locally; this makes exactly one read-only
        /// DescribeVirtualInterfaces call and applies the rule in the class summary. It never creates anything.
        /// </summary>
        public static async Task WhatIfCreatePeerAsync(DirectConnectClient client, NewDxBgpPeerRequest request, IOutputSink sink, CancellationToken ct)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (request is null) throw new ArgumentNullException(nameof(request));
            DxVirtualInterface? vif;
            try
            {
                vif = await DescribeOneAsync(client, request.VirtualInterfaceId, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, request));
                return;
            }
            if (vif is null)
            {
                sink.Write(PumpEventKind.Error, NotFound("What if: virtual interface " + request.VirtualInterfaceId + " was not found in " + client.Region + ", so CreateBGPPeer would fail.", request));
                return;
            }
            var state = (vif.VirtualInterfaceState ?? string.Empty).ToLowerInvariant();
            if (state is "deleting" or "deleted" or "rejected")
            {
                Refuse(sink, request, "IncorrectState", ErrorKind.InvalidOperation,
                    "What if: virtual interface " + vif.VirtualInterfaceId + " is " + state + ", so CreateBGPPeer would fail.");
                return;
            }
            var sameFamily = vif.BgpPeers.Where(p => p.AddressFamily == request.AddressFamily && IsLive(p)).ToList();
            if (!string.IsNullOrEmpty(request.CustomerAddress))
            {
                var clash = vif.BgpPeers.FirstOrDefault(p => IsLive(p) && DirectConnectRules.SameCidr(p.CustomerAddress, request.CustomerAddress));
                if (clash is not null)
                {
                    Refuse(sink, request, "DuplicateAddress", ErrorKind.InvalidArgument,
                        "What if: " + clash.BgpPeerId + " on " + vif.VirtualInterfaceId + " already has the customer address " + clash.CustomerAddress + ", so CreateBGPPeer would fail.");
                    return;
                }
            }
            var sameAsn = sameFamily.FirstOrDefault(p => p.Asn == request.EffectiveAsn);
            if (sameAsn is not null)
            {
                Refuse(sink, request, "DuplicatePeer", ErrorKind.InvalidArgument,
                    "What if: " + vif.VirtualInterfaceId + " already has an " + Family(request.AddressFamily) + " BGP peer with ASN " + Format(request.EffectiveAsn) +
                    " (" + sameAsn.BgpPeerId + "), so CreateBGPPeer would fail.");
                return;
            }
            if (sameFamily.Count >= 2)
            {
                Refuse(sink, request, "PeerFamilyFull", ErrorKind.LimitsExceeded,
                    "What if: " + vif.VirtualInterfaceId + " already has " + sameFamily.Count + " " + Family(request.AddressFamily) + " BGP peers (" +
                    string.Join(", ", sameFamily.Select(p => p.BgpPeerId)) + "). Even with logical redundancy a virtual interface takes one primary and one secondary peer per address family, so CreateBGPPeer would fail.");
                return;
            }
            if (sameFamily.Count == 1)
            {
                sink.Write(PumpEventKind.Warning,
                    "What if: " + vif.VirtualInterfaceId + " already has an " + Family(request.AddressFamily) + " BGP peer (" + sameFamily[0].BgpPeerId +
                    "). AWS accepts a second peer of the same family only when the connection or LAG supports logical redundancy (hasLogicalRedundancy = yes on " +
                    (vif.ConnectionId ?? "its connection") + "); otherwise CreateBGPPeer fails. -WhatIf does not check that flag, to stay at one read-only call.");
            }
            sink.Write(PumpEventKind.Information,
                "What if: Direct Connect has no DryRun; checked the input locally and " + vif.VirtualInterfaceId +
                (string.IsNullOrEmpty(vif.VirtualInterfaceName) ? string.Empty : " (" + vif.VirtualInterfaceName + ")") + ", " + (state.Length == 0 ? "state unknown" : state) +
                ", with one read-only DescribeVirtualInterfaces call. Would create: " + request + ". Nothing was changed.");
        }

        // ---------------------------------------------------------------- Remove

        /// <summary>
        /// Deletes one peer. With <paramref name="passThru"/> the peer is written as the answer lists it (deleting).
        /// When AWS refuses, the peer is looked up read-only to say why clearly: not found, already deleting, or the
        /// last peer on its interface (which Direct Connect never deletes).
        /// </summary>
        public static async Task RemovePeerAsync(DirectConnectClient client, DxBgpPeerDeleteRequest request, bool passThru, IOutputSink sink, CancellationToken ct)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (request is null) throw new ArgumentNullException(nameof(request));
            const string Action = DxRequests.DeleteBgpPeer;
            MutationOutcome<(DxVirtualInterface? Vif, DxBgpPeer? Peer)> outcome;
            try
            {
                sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
                // The SDK does not retry DeleteBGPPeer; after a lost response the peer is looked up, and a peer that is
                // deleting, deleted or gone means the delete was made: a success.
                outcome = await MutationRetry.RunAsync<(DxVirtualInterface? Vif, DxBgpPeer? Peer)>(Action, request, client.MutationRetry, sink,
                    async t =>
                    {
                        var vif = await client.DeleteBgpPeerAsync(request, t).ConfigureAwait(false);
                        return (vif, vif.BgpPeers.FirstOrDefault(p => Identifies(request, p)));
                    },
                    async t =>
                    {
                        var found = await LocateAsync(client, request, sink, t).ConfigureAwait(false);
                        if (found.Peer is null) return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.Adopt((found.Vif, null), request + " is gone");
                        if (found.Peer.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
                            return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.Adopt(found, found.Peer.BgpPeerId + " is " + found.Peer.State.ToString().ToLowerInvariant());
                        return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.NotApplied(found.Peer.BgpPeerId + " is still " + found.Peer.State.ToString().ToLowerInvariant());
                    }, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, request, ex, false));
                return;
            }
            if (!outcome.Succeeded)
            {
                if (outcome.Failure is AwsServiceException refusal && IsRefusal(refusal))
                {
                    try
                    {
                        await ExplainRefusalAsync(client, request, refusal, sink, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                    {
                        sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
                    }
                }
                else
                {
                    sink.Write(PumpEventKind.Error, MutationRetry.Error(Action, request, outcome.Failure!, outcome.Ambiguous));
                }
                return;
            }
            var (doneVif, peer) = outcome.Value;
            sink.Write(PumpEventKind.Verbose, (peer?.BgpPeerId ?? request.ToString()) + " is now " +
                (peer is null ? "gone" + (doneVif is null ? string.Empty : " from " + doneVif.VirtualInterfaceId) : peer.State.ToString().ToLowerInvariant()) +
                (outcome.Adopted ? " (the delete's response was lost; read back)." : "."));
            if (!passThru) return;
            if (peer is not null) sink.Write(PumpEventKind.Output, peer);
            else sink.Write(PumpEventKind.Warning, "DeleteBGPPeer succeeded, but " + (doneVif is null ? "AWS" : "the interface it returned") + " no longer lists " + request + ", so there is nothing to pass through.");
        }

        /// <summary>
        /// The -WhatIf of Remove-DxBgpPeer: finds the peer with read-only DescribeVirtualInterfaces calls (one for a
        /// peer given by interface, a listing for a peer given by ID) and says whether DeleteBGPPeer would succeed.
        /// </summary>
        public static async Task WhatIfRemovePeerAsync(DirectConnectClient client, DxBgpPeerDeleteRequest request, IOutputSink sink, CancellationToken ct)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (request is null) throw new ArgumentNullException(nameof(request));
            (DxVirtualInterface? Vif, DxBgpPeer? Peer) found;
            try
            {
                found = await LocateAsync(client, request, sink, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, request));
                return;
            }
            if (found.Peer is null || found.Vif is null)
            {
                sink.Write(PumpEventKind.Error, NotFound("What if: " + Describe(request) + " was not found in " + client.Region + ", so DeleteBGPPeer would fail.", request));
                return;
            }
            var reason = WhyNotDeletable(found.Vif, found.Peer);
            if (reason is not null)
            {
                Refuse(sink, request, reason.Value.Id, ErrorKind.InvalidOperation, "What if: " + reason.Value.Message);
                return;
            }
            sink.Write(PumpEventKind.Information,
                "What if: Direct Connect has no DryRun; found " + found.Peer.BgpPeerId + " (" + Family(found.Peer.AddressFamily) + ", ASN " + Format(found.Peer.Asn) +
                ", " + found.Peer.CustomerAddress + ") on " + found.Vif.VirtualInterfaceId + " with read-only DescribeVirtualInterfaces calls. Would delete it. Nothing was changed.");
        }

        private static async Task ExplainRefusalAsync(DirectConnectClient client, DxBgpPeerDeleteRequest request, AwsServiceException refusal, IOutputSink sink, CancellationToken ct)
        {
            (DxVirtualInterface? Vif, DxBgpPeer? Peer) found;
            try
            {
                found = await LocateAsync(client, request, sink, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException)
            {
                // The diagnosis failed; AWS's own answer is the best we have.
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
                return;
            }
            if (found.Peer is null || found.Vif is null)
            {
                sink.Write(PumpEventKind.Error, new ItemError(
                    new InvalidOperationException(Describe(request) + " was not found in " + client.Region + ". AWS said: " + refusal.Message, refusal),
                    "ObjectNotFound", ErrorKind.ObjectNotFound, request));
                return;
            }
            var reason = WhyNotDeletable(found.Vif, found.Peer);
            if (reason is null)
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
                return;
            }
            sink.Write(PumpEventKind.Error, new ItemError(
                new InvalidOperationException(reason.Value.Message + " AWS said: " + refusal.Message, refusal), reason.Value.Id, ErrorKind.InvalidOperation, request));
        }

        /// <summary>Why DeleteBGPPeer would refuse this peer, or null when it would not.</summary>
        internal static (string Id, string Message)? WhyNotDeletable(DxVirtualInterface vif, DxBgpPeer peer)
        {
            if (peer.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
                return ("PeerAlreadyDeleting", "BGP peer " + peer.BgpPeerId + " on " + vif.VirtualInterfaceId + " is already " + peer.State.ToString().ToLowerInvariant() + ".");
            var live = vif.BgpPeers.Where(IsLive).ToList();
            if (live.Count == 1 && live[0].BgpPeerId == peer.BgpPeerId)
                return ("LastBgpPeer", "BGP peer " + peer.BgpPeerId + " is the last BGP peer on virtual interface " + vif.VirtualInterfaceId +
                    ", and Direct Connect cannot delete an interface's last peer. Create another peer on the interface first, or delete the virtual interface itself.");
            return null;
        }

        /// <summary>Finds the interface and peer a delete request names, read-only: one call by interface, or a listing by peer ID.</summary>
        private static async Task<(DxVirtualInterface? Vif, DxBgpPeer? Peer)> LocateAsync(DirectConnectClient client, DxBgpPeerDeleteRequest request, IOutputSink sink, CancellationToken ct)
        {
            if (!string.IsNullOrEmpty(request.VirtualInterfaceId))
            {
                var vif = await DescribeOneAsync(client, request.VirtualInterfaceId!, ct).ConfigureAwait(false);
                return (vif, vif?.BgpPeers.FirstOrDefault(p => Identifies(request, p)));
            }
            DxVirtualInterface? foundVif = null;
            DxBgpPeer? foundPeer = null;
            await ListAsync(client, new DxVirtualInterfaceQuery(), sink, v =>
            {
                if (foundPeer is not null) return;
                var p = v.BgpPeers.FirstOrDefault(x => Identifies(request, x));
                if (p is null) return;
                foundVif = v;
                foundPeer = p;
            }, ct).ConfigureAwait(false);
            return (foundVif, foundPeer);
        }

        // ---------------------------------------------------------------- helpers

        /// <summary>DescribeVirtualInterfaces for one ID: the interface, or null when AWS does not know it.</summary>
        private static async Task<DxVirtualInterface?> DescribeOneAsync(DirectConnectClient client, string virtualInterfaceId, CancellationToken ct)
        {
            try
            {
                var page = await client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = virtualInterfaceId }, null, ct).ConfigureAwait(false);
                return page.Items.FirstOrDefault(v => v.VirtualInterfaceId == virtualInterfaceId);
            }
            catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
            {
                return null;
            }
        }

        private static bool Identifies(DxBgpPeerDeleteRequest request, DxBgpPeer peer)
        {
            if (!string.IsNullOrEmpty(request.BgpPeerId)) return peer.BgpPeerId == request.BgpPeerId;
            return peer.VirtualInterfaceId == request.VirtualInterfaceId
                && request.EffectiveAsn is long asn && peer.Asn == asn
                && DirectConnectRules.SameCidr(peer.CustomerAddress, request.CustomerAddress);
        }

        private static bool IsLive(DxBgpPeer peer) => peer.State is not (DxBgpPeerState.Deleting or DxBgpPeerState.Deleted);

        /// <summary>A refusal of the request itself (not throttling, permissions or a server fault): worth explaining.</summary>
        private static bool IsRefusal(AwsServiceException ex) =>
            ex.StatusCode is >= 400 and < 500 && ex.Kind is AwsErrorKind.InvalidArgument or AwsErrorKind.NotFound or AwsErrorKind.InvalidState or AwsErrorKind.Other;

        private static ItemError NotFound(string message, object? target) =>
            new(new InvalidOperationException(message), "ObjectNotFound", ErrorKind.ObjectNotFound, target);

        private static void Refuse(IOutputSink sink, object target, string errorId, ErrorKind kind, string message) =>
            sink.Write(PumpEventKind.Error, new ItemError(new InvalidOperationException(message), errorId, kind, target));

        private static string Describe(DxBgpPeerDeleteRequest request) =>
            string.IsNullOrEmpty(request.BgpPeerId) ? "The " + request : "BGP peer " + request.BgpPeerId;

        private static string Family(AddressFamily? family) => family == AddressFamily.IPv6 ? "IPv6" : family == AddressFamily.IPv4 ? "IPv4" : "unknown-family";

        private static string Format(long? asn) => asn is long a ? a.ToString(CultureInfo.InvariantCulture) : "(none)";
    }
}
