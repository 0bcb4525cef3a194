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
using BgpPeering.Engine.Planning;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door of Sync-RouteServerPeer: <see cref="Plan"/> reads the endpoints the rows name (one
/// DescribeRouteServerEndpoints and one paged DescribeRouteServerPeers per 200 endpoints, filtered by endpoint)
/// and hands over the plan (<see cref="RouteServerSyncPlanner"/>); <see cref="Step"/> turns each planned change into
/// the work that makes it, through the same retried and reconciled writes as New- and Remove-RouteServerPeer, or
/// (-WhatIf) sends each of its writes as a DryRun.
/// </summary>
public sealed class RouteServerPeerSync
{
    /// <summary>Endpoint IDs per filter: EC2 takes up to 200 values in one filter.</summary>
    internal const int EndpointsPerCall = 200;

    private readonly RouteServerClient _client;
    private readonly RouteServerPeers _peers;

    public RouteServerPeerSync(RouteServerClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _peers = new RouteServerPeers(client);
    }

    /// <summary>Reads the endpoints in scope, plans, writes the rows' refusals as errors and hands the plan to <paramref name="planned"/>.</summary>
    public EngineWork Plan(IReadOnlyList<RouteServerSyncRow> rows, SyncOptions options, Action<SyncPlan> planned) =>
        SyncShared.Plan((sink, ct) => PlanAsync(rows, options, sink, ct), planned);

    /// <summary>The plan: the endpoints the rows name, and their peers, read once (endpoints no row names are never read).</summary>
    public async Task<SyncPlan> PlanAsync(IReadOnlyList<RouteServerSyncRow> rows, SyncOptions options, IOutputSink sink, CancellationToken ct)
    {
        var endpointIds = rows.Select(r => r.RouteServerEndpointId).Distinct(StringComparer.Ordinal).ToList();
        var found = new List<RouteServerEndpoint>();
        var peers = new List<RouteServerPeer>();
        var calls = 0;
        foreach (var chunk in ByIdReads.Chunk(endpointIds, EndpointsPerCall))
        {
            var endpoints = new RouteServerEndpointQuery();
            endpoints.Filters.Add(new Filter("route-server-endpoint-id", chunk));
            await _client.ReadEndpointPagesAsync(endpoints, (page, _) =>
            {
                calls++;
                found.AddRange(page.Items);
                return true;
            }, ct).ConfigureAwait(false);
        }
        foreach (var chunk in ByIdReads.Chunk(found.Select(e => e.RouteServerEndpointId).Distinct(StringComparer.Ordinal), EndpointsPerCall))
        {
            var query = new RouteServerPeerQuery { MaxResults = 1000 };
            query.Filters.Add(new Filter("route-server-endpoint-id", chunk));
            await _client.ReadPeerPagesAsync(query, (page, _) =>
            {
                calls++;
                peers.AddRange(page.Items);
                return true;
            }, ct).ConfigureAwait(false);
        }
        var plan = RouteServerSyncPlanner.Plan(rows, found, peers, options);
        sink.Write(PumpEventKind.Verbose, "Read " + found.Count + " of the " + endpointIds.Count + " endpoint(s) the rows name and their " + peers.Count +
            " peer(s) with " + calls + " call(s). Plan: " + Summary(plan.Changes) + (plan.Refusals.Count > 0 ? "; " + plan.Refusals.Count + " row error(s)." : "."));
        return plan;
    }

    /// <summary>The counts of a plan's actions, such as "2 to create, 1 to keep".</summary>
    internal static string Summary(IEnumerable<PlannedChange> changes)
    {
        var counts = changes.GroupBy(c => c.Action).OrderBy(g => g.Key).Select(g => g.Count() + " to " + g.Key.ToString().ToLowerInvariant()).ToList();
        return counts.Count == 0 ? "no change" : string.Join(", ", counts);
    }

    /// <summary>
    /// The work of one planned change (not a Keep: nothing is sent for one). Each step writes the change, with the
    /// peer as AWS then reports it, once made; or its -WhatIf writes the plan's change after AWS answered each DryRun.
    /// </summary>
    public SyncStep Step(PlannedChange planned)
    {
        if (planned is null) throw new ArgumentNullException(nameof(planned));
        var change = planned.Change;
        SyncStep? step = null;
        EngineWork run, whatIf;
        string action;
        switch (planned.Action)
        {
            case BgpPeerChangeAction.Create:
                action = "Create Route Server peer";
                run = async (sink, ct) => step!.Succeeded = await CreateAsync(planned, sink, ct).ConfigureAwait(false);
                whatIf = (sink, ct) => CheckAsync(planned, sink, ct, t => _client.DryRunCreatePeerAsync(planned.Create!, t));
                break;
            case BgpPeerChangeAction.Update:
                action = "Update the tags of Route Server peer";
                run = async (sink, ct) => step!.Succeeded = await UpdateAsync(planned, sink, ct).ConfigureAwait(false);
                whatIf = (sink, ct) => CheckAsync(planned, sink, ct, TagDryRuns(planned));
                break;
            case BgpPeerChangeAction.Replace:
                action = "Delete and re-create Route Server peer";
                run = async (sink, ct) => step!.Succeeded = await ReplaceAsync(planned, sink, ct).ConfigureAwait(false);
                whatIf = (sink, ct) => CheckAsync(planned, sink, ct,
                    t => _client.DryRunDeletePeerAsync(planned.Existing!.RouteServerPeerId, t), t => _client.DryRunCreatePeerAsync(planned.Create!, t));
                break;
            case BgpPeerChangeAction.Remove:
                action = "Delete Route Server peer";
                run = async (sink, ct) => step!.Succeeded = await RemoveAsync(planned, sink, ct).ConfigureAwait(false);
                whatIf = (sink, ct) => CheckAsync(planned, sink, ct, t => _client.DryRunDeletePeerAsync(planned.Existing!.RouteServerPeerId, t));
                break;
            default:
                throw new ArgumentException("A Keep sends nothing: it has no step.", nameof(planned));
        }
        step = new SyncStep(action, Describe(change), change, planned.High, run, whatIf);
        return step;
    }

    /// <summary>What ShouldProcess names: "10.0.1.12 AS65011 (rsp-…) on rse-…: PeerAsn 65001 → 65011".</summary>
    internal static string Describe(BgpPeerChange change) =>
        change.Describe() + (change.PeerId is null ? string.Empty : " (" + change.PeerId + ")") + " on " + change.Parent + ": " + change.Reason;

    private async Task<bool> CreateAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var peer = await _peers.CreateOneAsync(planned.Create!, new RetargetingSink(sink, planned.Change), ct).ConfigureAwait(false);
        if (peer is null) return false;
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer));
        return true;
    }

    private async Task<bool> RemoveAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var (done, peer) = await _peers.RemoveOneAsync(planned.Existing!.RouteServerPeerId, new RetargetingSink(sink, planned.Change), ct).ConfigureAwait(false);
        if (!done) return false;
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer ?? planned.Existing));
        return true;
    }

    /// <summary>
    /// Delete, then create: AWS has no ModifyRouteServerPeer, and an endpoint takes one peer per address. A DryRun of
    /// the create goes first, so that a missing permission to create never costs the old peer. When the create fails
    /// after the delete, the error is ReplaceIncomplete and says so: the next sync creates the peer (the row is then
    /// a Create).
    /// </summary>
    private async Task<bool> ReplaceAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var target = new RetargetingSink(sink, planned.Change);
        var old = planned.Existing!;
        if (!await DryRunQuietlyAsync(t => _client.DryRunCreatePeerAsync(planned.Create!, t), "CreateRouteServerPeer", planned, target, ct).ConfigureAwait(false)) return false;
        var (deleted, _) = await _peers.RemoveOneAsync(old.RouteServerPeerId, target, ct).ConfigureAwait(false);
        if (!deleted) return false;
        var caught = new ErrorCatchingSink(sink);
        var peer = await _peers.CreateOneAsync(planned.Create!, caught, ct).ConfigureAwait(false);
        if (peer is null)
        {
            sink.Write(PumpEventKind.Error, SyncShared.ReplaceIncomplete(old.RouteServerPeerId, planned.Create!, caught, planned.Change,
                "The address has no peer now; run the sync again to create it."));
            return false;
        }
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, peer));
        return true;
    }

    /// <summary>CreateTags for what to set, DeleteTags for what to delete, each retried and read back; then the peer is read again.</summary>
    private async Task<bool> UpdateAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        var id = planned.Existing!.RouteServerPeerId;
        var ids = new[] { id };
        var target = new RetargetingSink(sink, planned.Change);
        if (planned.TagsToSet.Count > 0)
        {
            var outcome = await MutationRetry.RunAsync(Ec2Requests.CreateTags, planned.Change, _client.MutationRetry, sink,
                async t =>
                {
                    await _client.CreateTagsAsync(ids, planned.TagsToSet, t).ConfigureAwait(false);
                    return true;
                },
                async t => await ReadOneAsync(id, t).ConfigureAwait(false) is { } p && planned.TagsToSet.All(x => p.Tags.TryGetValue(x.Key, out var v) && v == x.Value)
                    ? Reconciled<bool>.Adopt(true, id + " has the tags")
                    : Reconciled<bool>.NotApplied(id + " does not have the tags yet"), ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                target.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Ec2Requests.CreateTags, planned.Change, outcome.Failure!, outcome.Ambiguous));
                return false;
            }
        }
        if (planned.TagsToDelete.Count > 0)
        {
            var outcome = await MutationRetry.RunAsync(Ec2Requests.DeleteTags, planned.Change, _client.MutationRetry, sink,
                async t =>
                {
                    await _client.DeleteTagsAsync(ids, planned.TagsToDelete, t).ConfigureAwait(false);
                    return true;
                },
                async t => await ReadOneAsync(id, t).ConfigureAwait(false) is { } p && planned.TagsToDelete.All(k => !p.Tags.ContainsKey(k))
                    ? Reconciled<bool>.Adopt(true, id + " no longer has the keys")
                    : Reconciled<bool>.NotApplied(id + " still has the keys"), ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                target.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Ec2Requests.DeleteTags, planned.Change, outcome.Failure!, outcome.Ambiguous));
                return false;
            }
        }
        sink.Write(PumpEventKind.Verbose, "Tagged " + id + ": " + planned.Change.Reason + ".");
        RouteServerPeer? now = null;
        try
        {
            now = await ReadOneAsync(id, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            sink.Write(PumpEventKind.Verbose, "Reading " + id + " again after tagging failed (" + MutationRetry.Short(ex) + "); the change shows the peer as planned.");
        }
        sink.Write(PumpEventKind.Output, SyncShared.Done(planned, now ?? planned.Existing!));
        return true;
    }

    private async Task<RouteServerPeer?> ReadOneAsync(string id, CancellationToken ct)
    {
        try
        {
            var page = await _client.DescribePeersAsync(new RouteServerPeerQuery().ForIds([id]), null, ct).ConfigureAwait(false);
            return page.Items.FirstOrDefault(p => p.RouteServerPeerId == id);
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>The DryRuns of an Update: CreateTags for what it sets and DeleteTags for what it deletes.</summary>
    private Func<CancellationToken, Task>[] TagDryRuns(PlannedChange planned)
    {
        var ids = new[] { planned.Existing!.RouteServerPeerId };
        var list = new List<Func<CancellationToken, Task>>();
        if (planned.TagsToSet.Count > 0) list.Add(t => _client.DryRunCreateTagsAsync(ids, planned.TagsToSet, t));
        if (planned.TagsToDelete.Count > 0) list.Add(t => _client.DryRunDeleteTagsAsync(ids, planned.TagsToDelete, t));
        return list.ToArray();
    }

    /// <summary>
    /// -WhatIf: sends each of the change's writes as a DryRun (AWS checks the permission and the input, and changes
    /// nothing), then writes the planned change. A refused DryRun is an error about the change.
    /// </summary>
    private static async Task CheckAsync(PlannedChange planned, IOutputSink sink, CancellationToken ct, params Func<CancellationToken, Task>[] dryRuns)
    {
        var actions = planned.Action switch
        {
            BgpPeerChangeAction.Create => new[] { Ec2Requests.CreateRouteServerPeer },
            BgpPeerChangeAction.Replace => new[] { Ec2Requests.DeleteRouteServerPeer, Ec2Requests.CreateRouteServerPeer },
            BgpPeerChangeAction.Remove => new[] { Ec2Requests.DeleteRouteServerPeer },
            _ => (planned.TagsToSet.Count > 0 ? new[] { Ec2Requests.CreateTags } : new string[0]).Concat(planned.TagsToDelete.Count > 0 ? new[] { Ec2Requests.DeleteTags } : new string[0]).ToArray(),
        };
        for (var i = 0; i < dryRuns.Length; i++)
            await RouteServerPeers.DryRunAsync(() => dryRuns[i](ct), actions[i], planned.Change.Describe() + " on " + planned.Parent, planned.Change, sink).ConfigureAwait(false);
        sink.Write(PumpEventKind.Output, planned.Change);
    }

    /// <summary>A DryRun before a real write: silent when AWS would allow it; otherwise its refusal is the change's error.</summary>
    private static async Task<bool> DryRunQuietlyAsync(Func<CancellationToken, Task> dryRun, string action, PlannedChange planned, IOutputSink sink, CancellationToken ct)
    {
        try
        {
            await dryRun(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Verbose, "The DryRun of " + action + " before replacing " + planned.Existing?.RouteServerPeerId + " was refused (" + MutationRetry.Short(ex) + "); nothing was deleted.");
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, planned.Change));
            return false;
        }
    }
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door of Sync-RouteServerPeer in this session.</summary>
    public static RouteServerPeerSync RouteServerPeerSync(this AwsSession session) => new(session.RouteServer);
}
