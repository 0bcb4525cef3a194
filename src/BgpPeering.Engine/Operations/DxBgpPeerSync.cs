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
using BgpPeering.Engine.Planning;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door of Sync-DxBgpPeer: <see cref="Plan"/> reads each virtual interface the rows name (one
/// DescribeVirtualInterfaces each) and, where the plan depends on it, its connection's logical-redundancy flag (one
/// DescribeConnections per connection), and hands over the plan (<see cref="DxSyncPlanner"/>); <see cref="Step"/>
/// turns each planned change into the work that makes it, through the same retried and reconciled writes as New-
/// and Remove-DxBgpPeer. Direct Connect has no DryRun: -WhatIf sends nothing more, because the plan was already
/// checked against the interface's peers and rules with those read-only calls.
/// </summary>
public sealed class DxBgpPeerSync
{
    private readonly DirectConnectClient _client;
    private readonly DxBgpPeers _peers;

    public DxBgpPeerSync(DirectConnectClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _peers = new DxBgpPeers(client);
    }

    /// <summary>Reads the interfaces in scope, plans, writes the rows' refusals as errors and hands the plan to <paramref name="planned"/>.</summary>
    public EngineWork Plan(IReadOnlyList<DxSyncRow> rows, SyncOptions options, Action<SyncPlan> planned) =>
        SyncShared.Plan((sink, ct) => PlanAsync(rows, options, sink, ct), planned);

    public async Task<SyncPlan> PlanAsync(IReadOnlyList<DxSyncRow> rows, SyncOptions options, IOutputSink sink, CancellationToken ct)
    {
        var interfaces = new List<DxVirtualInterface>();
        foreach (var id in rows.Select(r => r.VirtualInterfaceId).Distinct(StringComparer.Ordinal))
        {
            var vif = await _peers.DescribeOneAsync(id, ct).ConfigureAwait(false);
            if (vif is not null) interfaces.Add(vif);
        }
        var redundancy = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var connectionId in DxSyncPlanner.ConnectionsToRead(rows, interfaces))
            redundancy[connectionId] = await LogicalRedundancyAsync(connectionId, sink, ct).ConfigureAwait(false);
        var plan = DxSyncPlanner.Plan(rows, interfaces, redundancy, options);
        sink.Write(PumpEventKind.Verbose, "Read " + interfaces.Count + " virtual interface(s) and " + redundancy.Count + " connection(s). Plan: " +
            RouteServerPeerSync.Summary(plan.Changes) + (plan.Refusals.Count > 0 ? "; " + plan.Refusals.Count + " error(s)." : "."));
        return plan;
    }

    /// <summary>
    /// A connection's hasLogicalRedundancy (DescribeConnections). A LAG (dxlag-…) would need DescribeLags, which the
    /// module does not call, and a failed read is not fatal: both are "unknown", which the plan takes as no.
    /// </summary>
    private async Task<bool?> LogicalRedundancyAsync(string connectionId, IOutputSink sink, CancellationToken ct)
    {
        if (!connectionId.StartsWith("dxcon-", StringComparison.Ordinal))
        {
            sink.Write(PumpEventKind.Verbose, connectionId + " is not a connection (dxcon-), so its logical redundancy was not read; it is taken to have none.");
            return null;
        }
        try
        {
            DxConnection? found = null;
            await _client.ReadConnectionPagesAsync(connectionId, (page, _) =>
            {
                found ??= page.Items.FirstOrDefault(c => c.ConnectionId == connectionId);
                return found is null;
            }, ct).ConfigureAwait(false);
            sink.Write(PumpEventKind.Verbose, "DescribeConnections: " + connectionId + " has logical redundancy " + (found?.HasLogicalRedundancy ?? "(not listed)") + ".");
            return found?.LogicalRedundancy;
        }
        catch (AwsServiceException ex) when (ex.Kind is not (AwsErrorKind.AuthenticationFailed or AwsErrorKind.PermissionDenied))
        {
            sink.Write(PumpEventKind.Warning, "Could not read whether " + connectionId + " has logical redundancy (" + MutationRetry.Short(ex) +
                "), so the plan takes it to have none: an interface on it takes one peer per address family.");
            return null;
        }
    }

    /// <summary>The work of one planned change (not a Keep).</summary>
    public SyncStep Step(PlannedChange planned)
    {
        if (planned is null) throw new ArgumentNullException(nameof(planned));
        SyncStep? step = null;
        EngineWork run;
        string action;
        switch (planned.Action)
        {
            case BgpPeerChangeAction.Create:
                action = "Create Direct Connect BGP peer";
                run = async (sink, ct) => step!.Succeeded = await CreateAsync(planned, sink, ct).ConfigureAwait(false);
                break;
            case BgpPeerChangeAction.Replace:
                action = "Delete and re-create Direct Connect BGP peer";
                run = async (sink, ct) => step!.Succeeded = await ReplaceAsync(planned, sink, ct).ConfigureAwait(false);
                break;
            case BgpPeerChangeAction.Remove:
                action = "Delete Direct Connect BGP peer";
                run = async (sink, ct) => step!.Succeeded = await RemoveAsync(planned, sink, ct).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException("Direct Connect peers have no tags to update, and a Keep sends nothing: " + planned.Action + " has no step.", nameof(planned));
        }
        step = new SyncStep(action, RouteServerPeerSync.Describe(planned.Change), planned.Change, planned.High, run, (sink, _) =>
        {
            sink.Write(PumpEventKind.Information, "What if: Direct Connect has no DryRun; the plan was checked against " + planned.Parent +
                "'s peers and Direct Connect's rules with read-only calls. Would " + Verb(planned.Action) + ": " + RouteServerPeerSync.Describe(planned.Change) + ". Nothing was changed.");
            sink.Write(PumpEventKind.Output, planned.Change);
            return Task.CompletedTask;
        });
        return step;
    }

    private static string Verb(BgpPeerChangeAction action) => action switch
    {
        BgpPeerChangeAction.Create => "create",
        BgpPeerChangeAction.Replace => "delete and re-create",
        _ => "delete",
    };

    private async Task<bool> CreateAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var peer = await _peers.CreateOneAsync(planned.DxCreate!, new RetargetingSink(sink, planned.Change), ct).ConfigureAwait(false);
        if (peer is null) return false;
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer));
        return true;
    }

    private async Task<bool> RemoveAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var old = planned.DxExisting!;
        var (done, _, peer) = await _peers.RemoveOneAsync(DxBgpPeerDeleteRequest.ById(old.BgpPeerId), new RetargetingSink(sink, planned.Change), ct).ConfigureAwait(false);
        if (!done) return false;
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer ?? old));
        return true;
    }

    /// <summary>
    /// Delete, then create: one family and ASN cannot have two peers at once, so the old one goes first (the plan
    /// made sure it is not the interface's last). When the create fails after the delete, the error is
    /// ReplaceIncomplete and says so; the next sync creates the peer.
    /// </summary>
    private async Task<bool> ReplaceAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var old = planned.DxExisting!;
        var (deleted, _, _) = await _peers.RemoveOneAsync(DxBgpPeerDeleteRequest.ById(old.BgpPeerId), new RetargetingSink(sink, planned.Change), ct).ConfigureAwait(false);
        if (!deleted) return false;
        var caught = new ErrorCatchingSink(sink);
        var peer = await _peers.CreateOneAsync(planned.DxCreate!, caught, ct).ConfigureAwait(false);
        if (peer is null)
        {
            sink.Write(PumpEventKind.Error, SyncShared.ReplaceIncomplete(old.BgpPeerId, planned.DxCreate!, caught, planned.Change, "Run the sync again to create it."));
            return false;
        }
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer));
        return true;
    }
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door of Sync-DxBgpPeer in this session.</summary>
    public static DxBgpPeerSync DxBgpPeerSync(this AwsSession session) => new(session.DirectConnect);
}
