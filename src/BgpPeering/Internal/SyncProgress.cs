using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Planning;

namespace BgpPeering.Internal;

/// <summary>
/// One progress bar for a sync's changes (Keeps, which send nothing, are not counted): the change being made and
/// how many are done, with a Completed record at the end. Nothing is shown for a plan without changes.
/// </summary>
internal sealed class SyncProgress
{
    private const int ActivityId = 25;
    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly int _total;
    private int _done;

    public SyncProgress(Cmdlet cmdlet, string activity, SyncPlan plan)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _total = plan.Changes.Count(c => c.Action != BgpPeerChangeAction.Keep);
    }

    /// <summary>Before a change: what it is, and the share of changes already handled.</summary>
    public void Next(PlannedChange change)
    {
        if (_total == 0) return;
        _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, change.Change + " (" + (_done + 1) + " of " + _total + ")")
        {
            PercentComplete = _done * 100 / _total,
        });
        _done++;
    }

    public void Done()
    {
        if (_total == 0) return;
        _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
    }
}
