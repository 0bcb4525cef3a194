using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Engine.Operations;

/// <summary>CreateBGPPeer and DeleteBGPPeer, retried by <see cref="MutationRetry"/> and reconciled by natural key.</summary>
public sealed partial class DxBgpPeers
{
    /// <summary>
    /// Creates one peer and writes it. CreateBGPPeer answers with the whole interface, so the new peer is found
    /// in it by address family, ASN and customer address — never by position. Without a customer address
    /// (AWS assigns it: always for IPv6), the interface is read first, and the new peer is the matching one
    /// that was not there before.
    /// </summary>
    public async Task CreateAsync(NewDxBgpPeerRequest request, IOutputSink sink, CancellationToken ct)
    {
        var peer = await CreateOneAsync(request, sink, ct).ConfigureAwait(false);
        if (peer is not null) sink.Write(PumpEventKind.Output, peer);
    }

    /// <summary>
    /// <see cref="CreateAsync"/> without the output: the peer made (or adopted after a lost response), or null after
    /// writing the one error whose target is the request.
    /// </summary>
    internal async Task<DxBgpPeer?> CreateOneAsync(NewDxBgpPeerRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        const string Action = DxRequests.CreateBgpPeer;
        HashSet<string>? before = null;
        if (string.IsNullOrEmpty(request.CustomerAddress))
        {
            DxVirtualInterface? current;
            try
            {
                current = await DescribeOneAsync(request.VirtualInterfaceId, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, ex, false));
                return null;
            }
            if (current is null)
            {
                sink.Write(PumpEventKind.Error, NotFound("Virtual interface " + request.VirtualInterfaceId + " was not found in " + _client.Region + "; no BGP peer was created.", request));
                return null;
            }
            before = new HashSet<string>(current.BgpPeers.Select(p => p.BgpPeerId), StringComparer.Ordinal);
        }
        sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
        // The SDK does not retry CreateBGPPeer; after a lost response the interface is read back and a peer
        // with the request's family, ASN and address (or one that is new) is adopted instead of a second create.
        var outcome = await MutationRetry.RunAsync(Action, request, _client.MutationRetry, sink,
            async t =>
            {
                var vif = await _client.CreateBgpPeerAsync(request, t).ConfigureAwait(false);
                return FindCreatedPeer(vif, request, before, out var problem) ?? throw new CreatedPeerNotIdentifiedException(
                    "CreateBGPPeer succeeded, but the new peer could not be identified in the interface AWS returned: " + problem +
                    " Run Get-DxBgpPeer -VirtualInterfaceId " + request.VirtualInterfaceId + " to see its peers.");
            },
            async t =>
            {
                var vif = await DescribeOneAsync(request.VirtualInterfaceId, t).ConfigureAwait(false);
                var found = vif is null ? null : FindCreatedPeer(vif, request, before, out _);
                return found is null
                    ? Reconciled<DxBgpPeer>.NotApplied("no " + request + " is listed")
                    : Reconciled<DxBgpPeer>.Adopt(found, found.BgpPeerId + " (" + found.State.ToString().ToLowerInvariant() + ") is " + request);
            }, ct).ConfigureAwait(false);
        if (!outcome.Succeeded || outcome.Value is null)
        {
            var failure = outcome.Failure!;
            sink.Write(PumpEventKind.Error, failure is CreatedPeerNotIdentifiedException
                ? ErrorCatalogue.CreatedPeerNotIdentified.For(failure, request)
                : ErrorClassifier.WriteError(Action, request, failure, outcome.Ambiguous));
            return null;
        }
        var peer = outcome.Value;
        sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted " : "Created ") + peer.BgpPeerId + " (" + peer.State + ") on " + peer.VirtualInterfaceId + ".");
        return peer;
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
    /// Deletes one peer. With <paramref name="passThru"/> the peer is written as the answer lists it (deleting).
    /// When AWS refuses, the peer is looked up read-only to say why clearly: not found, already deleting, or the
    /// last peer on its interface (which Direct Connect never deletes).
    /// </summary>
    public async Task RemoveAsync(DxBgpPeerDeleteRequest request, bool passThru, IOutputSink sink, CancellationToken ct)
    {
        var (done, doneVif, peer) = await RemoveOneAsync(request, sink, ct).ConfigureAwait(false);
        if (!done || !passThru) return;
        if (peer is not null) sink.Write(PumpEventKind.Output, peer);
        else sink.Write(PumpEventKind.Warning, "DeleteBGPPeer succeeded, but " + (doneVif is null ? "AWS" : "the interface it returned") + " no longer lists " + request + ", so there is nothing to pass through.");
    }

    /// <summary>
    /// <see cref="RemoveAsync"/> without the output: whether the peer is now deleting or gone, with the interface
    /// and peer AWS answered (when it did), or false after writing the one error whose target is the request.
    /// </summary>
    internal async Task<(bool Done, DxVirtualInterface? Vif, DxBgpPeer? Peer)> RemoveOneAsync(DxBgpPeerDeleteRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        const string Action = DxRequests.DeleteBgpPeer;
        sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
        // The SDK does not retry DeleteBGPPeer; after a lost response the peer is looked up, and a peer that is
        // deleting, deleted or gone means the delete was made: a success.
        var outcome = await MutationRetry.RunAsync<(DxVirtualInterface? Vif, DxBgpPeer? Peer)>(Action, request, _client.MutationRetry, sink,
            async t =>
            {
                var vif = await _client.DeleteBgpPeerAsync(request, t).ConfigureAwait(false);
                return (vif, vif.BgpPeers.FirstOrDefault(p => Identifies(request, p)));
            },
            async t =>
            {
                var found = await LocateAsync(request, sink, t).ConfigureAwait(false);
                if (found.Peer is null) return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.Adopt((found.Vif, null), request + " is gone");
                if (found.Peer.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
                    return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.Adopt(found, found.Peer.BgpPeerId + " is " + found.Peer.State.ToString().ToLowerInvariant());
                return Reconciled<(DxVirtualInterface?, DxBgpPeer?)>.NotApplied(found.Peer.BgpPeerId + " is still " + found.Peer.State.ToString().ToLowerInvariant());
            }, ct).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            if (outcome.Failure is AwsServiceException refusal && IsRefusal(refusal))
            {
                try
                {
                    await ExplainRefusalAsync(request, refusal, sink, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
                }
            }
            else
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, outcome.Failure!, outcome.Ambiguous));
            }
            return (false, null, null);
        }
        var (doneVif, peer) = outcome.Value;
        sink.Write(PumpEventKind.Verbose, (peer?.BgpPeerId ?? request.ToString()) + " is now " +
            (peer is null ? "gone" + (doneVif is null ? string.Empty : " from " + doneVif.VirtualInterfaceId) : peer.State.ToString().ToLowerInvariant()) +
            (outcome.Adopted ? " (the delete's response was lost; read back)." : "."));
        return (true, doneVif, peer);
    }

    private async Task ExplainRefusalAsync(DxBgpPeerDeleteRequest request, AwsServiceException refusal, IOutputSink sink, CancellationToken ct)
    {
        (DxVirtualInterface? Vif, DxBgpPeer? Peer) found;
        try
        {
            found = await LocateAsync(request, sink, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException)
        {
            // The diagnosis failed; AWS's own answer is the best we have.
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
            return;
        }
        if (found.Peer is null || found.Vif is null)
        {
            sink.Write(PumpEventKind.Error, ErrorCatalogue.ObjectNotFound.For(
                new InvalidOperationException(Describe(request) + " was not found in " + _client.Region + ". AWS said: " + refusal.Message, refusal), request));
            return;
        }
        var reason = WhyNotDeletable(found.Vif, found.Peer);
        if (reason is null)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(refusal, request));
            return;
        }
        sink.Write(PumpEventKind.Error, reason.Value.Error.For(new InvalidOperationException(reason.Value.Message + " AWS said: " + refusal.Message, refusal), request));
    }

    /// <summary>Why DeleteBGPPeer would refuse this peer, or null when it would not.</summary>
    internal static (ErrorDefinition Error, string Message)? WhyNotDeletable(DxVirtualInterface vif, DxBgpPeer peer)
    {
        if (peer.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
            return (ErrorCatalogue.PeerAlreadyDeleting, "BGP peer " + peer.BgpPeerId + " on " + vif.VirtualInterfaceId + " is already " + peer.State.ToString().ToLowerInvariant() + ".");
        var live = vif.BgpPeers.Where(IsLive).ToList();
        if (live.Count == 1 && live[0].BgpPeerId == peer.BgpPeerId)
            return (ErrorCatalogue.LastBgpPeer, "BGP peer " + peer.BgpPeerId + " is the last BGP peer on virtual interface " + vif.VirtualInterfaceId +
                ", and Direct Connect cannot delete an interface's last peer. Create another peer on the interface first, or delete the virtual interface itself.");
        return null;
    }

    /// <summary>Finds the interface and peer a delete request names, read-only: one call by interface, or a listing by peer ID.</summary>
    private async Task<(DxVirtualInterface? Vif, DxBgpPeer? Peer)> LocateAsync(DxBgpPeerDeleteRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(request.VirtualInterfaceId))
        {
            var vif = await DescribeOneAsync(request.VirtualInterfaceId!, ct).ConfigureAwait(false);
            return (vif, vif?.BgpPeers.FirstOrDefault(p => Identifies(request, p)));
        }
        DxVirtualInterface? foundVif = null;
        DxBgpPeer? foundPeer = null;
        await ListAsync(new DxVirtualInterfaceQuery(), sink, v =>
        {
            if (foundPeer is not null) return;
            var p = v.BgpPeers.FirstOrDefault(x => Identifies(request, x));
            if (p is null) return;
            foundVif = v;
            foundPeer = p;
        }, ct).ConfigureAwait(false);
        return (foundVif, foundPeer);
    }
}
