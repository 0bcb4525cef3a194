using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Planning;
using BgpPeering.Engine.Session;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// What Sync-RouteServerPeer and Sync-DxBgpPeer share: -RemoveUnlisted and -Force, the rows collected per session
/// in ProcessRecord, and EndProcessing, which plans each session's rows (one read of each endpoint or interface), then
/// writes each Keep and asks about (<see cref="BgpPeeringCmdlet.Step"/>) and makes every other change, in the plan's
/// order, under one progress bar. A cmdlet supplies the row (<see cref="ProcessRecord"/>) and its front door.
/// </summary>
public abstract class SyncCmdlet<TRow> : BgpPeeringCmdlet where TRow : class
{
    private readonly SessionBatches<TRow> _rows = new();
    private BindingErrorWatch? _bindingErrors;
    private int _refused;

    /// <summary>Also remove the peers in scope that no row names; what no row names is never touched.</summary>
    [Parameter]
    public SwitchParameter RemoveUnlisted { get; set; }

    /// <summary>Make the Remove and Replace changes without asking. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The progress bar's activity: the cmdlet's name.</summary>
    private protected abstract string Activity { get; }

    /// <summary>
    /// True where the changes of one endpoint or interface depend on each other (Direct Connect's), so that once one
    /// is not made, the later ones of that parent are not attempted.
    /// </summary>
    private protected virtual bool ChangesDependOnEachOther => false;

    /// <summary>The work that reads a session's scope and hands over the plan.</summary>
    private protected abstract EngineWork Plan(AwsSession session, List<TRow> rows, SyncOptions options, System.Action<SyncPlan> planned);

    /// <summary>The step that makes one planned change (not a Keep).</summary>
    private protected abstract SyncStep StepFor(AwsSession session, PlannedChange change);

    /// <summary>Builds the record's row with the engine's rules; null after writing the error about a bad one.</summary>
    private protected abstract TRow? BuildRow();

    protected override void BeginProcessing() => _bindingErrors = new BindingErrorWatch(this);

    protected override void ProcessRecord()
    {
        var row = BuildRow();
        if (row is null) _refused++;
        else Queue(_rows, new[] { row });
    }

    protected override void EndProcessing()
    {
        var refused = _refused + (_bindingErrors?.Count(this) ?? 0);
        var whatIf = WhatIfRequested();
        var yesToAll = false;
        var noToAll = false;
        foreach (var batch in _rows.BySession())
        {
            var session = batch.Key;
            var options = new SyncOptions
            {
                RemoveUnlisted = RemoveUnlisted,
                WithholdRemovalsBecause = refused == 0 ? null : refused + " row(s) of this call were refused, and a refused row may name a peer that would look unlisted.",
                Region = session.Region,
                EndpointUrl = session.EndpointUrl,
            };
            SyncPlan? plan = null;
            Read(Plan(session, batch.Value, options, p => plan = p), batch.Value);
            if (plan is null) continue;
            var stopped = new Dictionary<string, string>();
            var progress = new SyncProgress(this, Activity, plan);
            foreach (var change in plan.Changes)
            {
                if (change.Action == BgpPeerChangeAction.Keep)
                {
                    WriteObject(change.Kept(!whatIf));
                    continue;
                }
                if (stopped.TryGetValue(change.Parent, out var first))
                {
                    WriteWarning("Not attempted: " + change.Change + ", because the earlier " + first + " was not made, and the changes of " + change.Parent +
                        " were ordered to keep Direct Connect's rules. Run the sync again.");
                    continue;
                }
                progress.Next(change);
                var made = Step(StepFor(session, change), Force, ref yesToAll, ref noToAll);
                if (!made && !whatIf && ChangesDependOnEachOther) stopped[change.Parent] = change.Change.ToString();
            }
            progress.Done();
        }
    }
}
