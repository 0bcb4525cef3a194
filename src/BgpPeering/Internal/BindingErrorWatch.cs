using System.Collections;
using System.Management.Automation;

namespace BgpPeering.Internal;

/// <summary>
/// Counts the pipeline rows PowerShell's parameter binder refused for this call. Such a row never reaches the
/// cmdlet (the binder writes its error itself), so a sync cannot see which peer it names; the cmdlet learns only
/// that there was one, from $Error, where every refused row's ParameterBindingException lands at once (unless
/// -ErrorAction Ignore drops it). Sync-RouteServerPeer and Sync-DxBgpPeer use it to withhold -RemoveUnlisted's
/// removals when any row was refused.
/// </summary>
internal sealed class BindingErrorWatch
{
    private readonly object? _newestAtStart;

    /// <summary>Remembers the newest entry of $Error now (in BeginProcessing): what comes after it is this call's.</summary>
    public BindingErrorWatch(PSCmdlet cmdlet)
    {
        var errors = cmdlet.SessionState.PSVariable.GetValue("Error") as ArrayList;
        _newestAtStart = errors is { Count: > 0 } ? errors[0] : null;
    }

    /// <summary>The binding errors of this invocation added to $Error since it began.</summary>
    public int Count(PSCmdlet cmdlet)
    {
        if (cmdlet.SessionState.PSVariable.GetValue("Error") is not ArrayList errors) return 0;
        var count = 0;
        foreach (var entry in errors)
        {
            if (_newestAtStart is not null && ReferenceEquals(entry, _newestAtStart)) break;
            if (entry is ErrorRecord { Exception: ParameterBindingException } record && IsThisCall(record.InvocationInfo, cmdlet.MyInvocation)) count++;
        }
        return count;
    }

    /// <summary>
    /// The binder's record carries an InvocationInfo of its own (with PipelinePosition 0), not the cmdlet's: the same
    /// command, history entry and script line is this call (only entries newer than BeginProcessing are looked at).
    /// </summary>
    private static bool IsThisCall(InvocationInfo? info, InvocationInfo mine) =>
        info is not null && (ReferenceEquals(info, mine) ||
            info.MyCommand?.Name == mine.MyCommand?.Name && info.HistoryId == mine.HistoryId && info.ScriptLineNumber == mine.ScriptLineNumber &&
            info.ScriptName == mine.ScriptName);
}
