using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The -WhatIf of New-DxBgpPeer and Remove-DxBgpPeer.
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
public sealed partial class DxBgpPeers
{
    /// <summary>
    /// The -WhatIf of New-DxBgpPeer. The input was already checked locally; this makes exactly one read-only
    /// DescribeVirtualInterfaces call and applies the rule in the class summary. It never creates anything.
    /// </summary>
    public async Task WhatIfCreateAsync(NewDxBgpPeerRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        DxVirtualInterface? vif;
        try
        {
            vif = await DescribeOneAsync(request.VirtualInterfaceId, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, request));
            return;
        }
        if (vif is null)
        {
            sink.Write(PumpEventKind.Error, NotFound("What if: virtual interface " + request.VirtualInterfaceId + " was not found in " + _client.Region + ", so CreateBGPPeer would fail.", request));
            return;
        }
        var state = (vif.VirtualInterfaceState ?? string.Empty).ToLowerInvariant();
        if (state is "deleting" or "deleted" or "rejected")
        {
            Refuse(sink, request, ErrorCatalogue.IncorrectState,
                "What if: virtual interface " + vif.VirtualInterfaceId + " is " + state + ", so CreateBGPPeer would fail.");
            return;
        }
        var sameFamily = vif.BgpPeers.Where(p => p.AddressFamily == request.AddressFamily && IsLive(p)).ToList();
        if (!string.IsNullOrEmpty(request.CustomerAddress))
        {
            var clash = vif.BgpPeers.FirstOrDefault(p => IsLive(p) && DirectConnectRules.SameCidr(p.CustomerAddress, request.CustomerAddress));
            if (clash is not null)
            {
                Refuse(sink, request, ErrorCatalogue.DuplicateAddress,
                    "What if: " + clash.BgpPeerId + " on " + vif.VirtualInterfaceId + " already has the customer address " + clash.CustomerAddress + ", so CreateBGPPeer would fail.");
                return;
            }
        }
        var sameAsn = sameFamily.FirstOrDefault(p => p.Asn == request.EffectiveAsn);
        if (sameAsn is not null)
        {
            Refuse(sink, request, ErrorCatalogue.DuplicatePeer,
                "What if: " + vif.VirtualInterfaceId + " already has an " + Family(request.AddressFamily) + " BGP peer with ASN " + Format(request.EffectiveAsn) +
                " (" + sameAsn.BgpPeerId + "), so CreateBGPPeer would fail.");
            return;
        }
        if (sameFamily.Count >= 2)
        {
            Refuse(sink, request, ErrorCatalogue.PeerFamilyFull,
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

    /// <summary>
    /// The -WhatIf of Remove-DxBgpPeer: finds the peer with read-only DescribeVirtualInterfaces calls (one for a
    /// peer given by interface, a listing for a peer given by ID) and says whether DeleteBGPPeer would succeed.
    /// </summary>
    public async Task WhatIfRemoveAsync(DxBgpPeerDeleteRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        (DxVirtualInterface? Vif, DxBgpPeer? Peer) found;
        try
        {
            found = await LocateAsync(request, sink, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, request));
            return;
        }
        if (found.Peer is null || found.Vif is null)
        {
            sink.Write(PumpEventKind.Error, NotFound("What if: " + Describe(request) + " was not found in " + _client.Region + ", so DeleteBGPPeer would fail.", request));
            return;
        }
        var reason = WhyNotDeletable(found.Vif, found.Peer);
        if (reason is not null)
        {
            Refuse(sink, request, reason.Value.Error, "What if: " + reason.Value.Message);
            return;
        }
        sink.Write(PumpEventKind.Information,
            "What if: Direct Connect has no DryRun; found " + found.Peer.BgpPeerId + " (" + Family(found.Peer.AddressFamily) + ", ASN " + Format(found.Peer.Asn) +
            ", " + found.Peer.CustomerAddress + ") on " + found.Vif.VirtualInterfaceId + " with read-only DescribeVirtualInterfaces calls. Would delete it. Nothing was changed.");
    }
}
