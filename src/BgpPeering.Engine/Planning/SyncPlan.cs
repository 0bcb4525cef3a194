using System.Collections.Generic;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Planning;

/// <summary>What both planners are told besides the rows and the peers.</summary>
public sealed class SyncOptions
{
    /// <summary>-RemoveUnlisted: peers in scope (on an endpoint or interface some row names) that no row names are removed.</summary>
    public bool RemoveUnlisted { get; set; }

    /// <summary>
    /// Why removals must not be made this time (some row was refused, so a peer it names might look unlisted), or
    /// null. With -RemoveUnlisted, the removals are then left out of the plan and one RemovalsWithheld error says so.
    /// </summary>
    public string? WithholdRemovalsBecause { get; set; }

    /// <summary>Stamped onto every change, so that a change pipes into Wait-BgpPeerUp against the same place.</summary>
    public string Region { get; set; } = string.Empty;

    public string? EndpointUrl { get; set; }
}

/// <summary>
/// One change of a plan: the <see cref="BgpPeerChange"/> a user sees (not yet applied), and what executing it needs.
/// Route Server changes use <see cref="Create"/> and <see cref="Existing"/>; Direct Connect ones <see cref="DxCreate"/>
/// and <see cref="DxExisting"/>.
/// </summary>
public sealed class PlannedChange
{
    internal PlannedChange(BgpPeerChange change) => Change = change;

    public BgpPeerChange Change { get; }

    public BgpPeerChangeAction Action => Change.Action;

    /// <summary>Remove and Replace delete a peer (and drop its BGP session): they take ConfirmImpact High.</summary>
    public bool High => Change.Action is BgpPeerChangeAction.Remove or BgpPeerChangeAction.Replace;

    /// <summary>The endpoint or interface the change is on: Direct Connect changes on one interface depend on each other.</summary>
    public string Parent => Change.Parent ?? string.Empty;

    /// <summary>Route Server: what a Create or Replace creates.</summary>
    public NewRouteServerPeerRequest? Create { get; internal set; }

    /// <summary>Route Server: the peer a Keep, Update, Replace or Remove is about.</summary>
    public RouteServerPeer? Existing { get; internal set; }

    /// <summary>Route Server Update: the tags to add or overwrite (CreateTags).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TagsToSet { get; internal set; } = new KeyValuePair<string, string>[0];

    /// <summary>Route Server Update: the tag keys to delete (DeleteTags).</summary>
    public IReadOnlyList<string> TagsToDelete { get; internal set; } = new string[0];

    /// <summary>Direct Connect: what a Create or Replace creates.</summary>
    public NewDxBgpPeerRequest? DxCreate { get; internal set; }

    /// <summary>Direct Connect: the peer a Keep, Replace or Remove is about.</summary>
    public DxBgpPeer? DxExisting { get; internal set; }

    /// <summary>The change as a Keep writes it: nothing is sent, so it is applied unless this is only a plan (-WhatIf).</summary>
    public BgpPeerChange Kept(bool applied)
    {
        var change = Change.Copy();
        change.Applied = applied;
        return change;
    }

    public override string ToString() => Change.ToString();
}

/// <summary>A plan: the changes in the order they are to be made, and the errors about rows that cannot be planned.</summary>
public sealed class SyncPlan
{
    internal SyncPlan(List<PlannedChange> changes, List<ItemError> refusals)
    {
        Changes = changes;
        Refusals = refusals;
    }

    public IReadOnlyList<PlannedChange> Changes { get; }

    /// <summary>One error per row (or per blocked change) that nothing will be done about, each targeted at its row or change.</summary>
    public IReadOnlyList<ItemError> Refusals { get; }
}
