using System;
using System.Management.Automation;
using System.Threading;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// The lowest base of the cmdlets: it runs engine work on the pipeline thread and stops it at once on Ctrl+C
/// (StopProcessing cancels <see cref="StopToken"/>). What the work writes reaches PowerShell's streams as it
/// arrives, and its errors follow the module's error model (about_BgpPeering, "Errors").
/// </summary>
public abstract class CancellableCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>
    /// Runs engine work, dispatching what it writes on this (the pipeline) thread as it arrives. A failure
    /// that escapes the work is classified by the engine's one classifier (<see cref="ErrorClassifier.Classify"/>) with
    /// <paramref name="target"/> (the item being processed) as its target: a per-item failure is written and the
    /// pipeline goes on with the next item; a failure that dooms the call (rejected credentials) terminates.
    /// PowerShell's own signals from the pipeline thread (a downstream Select-Object -First, a terminating
    /// error downstream) pass through untouched.
    /// </summary>
    protected void Run(EngineWork work, object? target = null)
    {
        var dispatchFailed = false;
        void DispatchOnPipeline(PumpEvent e)
        {
            try
            {
                Dispatch(e);
            }
            catch
            {
                dispatchFailed = true;
                throw;
            }
        }

        try
        {
            OutputPump.Run((sink, ct) => work(sink, ct), DispatchOnPipeline, Wants, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline.
        }
        catch (Exception ex) when (!dispatchFailed && ex is not PipelineStoppedException)
        {
            Report(ErrorClassifier.Classify(ex, target));
        }
    }

    /// <summary>Writes a per-item error, or terminates for one that dooms the whole call (see the error model).</summary>
    private void Report(ItemError error)
    {
        var record = ErrorRecords.From(error);
        if (error.DoomsTheCall) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>Hands one event the engine wrote to the matching PowerShell stream.</summary>
    private protected void Dispatch(PumpEvent e)
    {
        switch (e.Kind)
        {
            case PumpEventKind.Output: WriteObject(e.Payload); break;
            case PumpEventKind.Error: Report((ItemError)e.Payload!); break;
            case PumpEventKind.Warning: WriteWarning((string)e.Payload!); break;
            case PumpEventKind.Verbose: WriteVerbose((string)e.Payload!); break;
            case PumpEventKind.Debug: WriteDebug((string)e.Payload!); break;
            case PumpEventKind.Progress: WriteProgress(ProgressRecords.From(e.Payload!)); break;
            case PumpEventKind.Information:
                // Shown like Write-Host (visible by default, capturable with 6>), because a DryRun answer is the
                // whole point of -WhatIf here.
                WriteInformation(new HostInformationMessage { Message = (string)e.Payload! }, new[] { "PSHOST", "BgpPeering" });
                break;
        }
    }

    private bool? _verboseWanted;
    private bool? _debugWanted;

    /// <summary>
    /// Whether anyone will see events of this kind: -Verbose and -Debug (or -Verbose:$false; -Debug alone shows verbose
    /// lines too, as PowerShell does), else the caller's $VerbosePreference and $DebugPreference, read once per invocation. The engine builds its messages only for
    /// the streams that are wanted; every other kind is always wanted.
    /// </summary>
    private protected bool Wants(PumpEventKind kind) => kind switch
    {
        PumpEventKind.Verbose => _verboseWanted ??= StreamWanted("Verbose", "VerbosePreference"),
        PumpEventKind.Debug => _debugWanted ??= StreamWanted("Debug", "DebugPreference"),
        _ => true,
    };

    private bool StreamWanted(string parameter, string preferenceVariable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(parameter, out var bound))
            return IsOn(bound);
        // As PowerShell does: under -Debug a cmdlet's verbose lines are shown (and asked about) unless -Verbose says otherwise.
        if (parameter == "Verbose" && MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && IsOn(debug))
            return true;
        var value = GetVariableValue(preferenceVariable);
        if (value is PSObject pso) value = pso.BaseObject;
        if (value is ActionPreference preference || (value is string text && Enum.TryParse(text, true, out preference)))
            return preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        return true; // Unreadable: keep the messages rather than lose them.
    }

    private static bool IsOn(object? switchValue) => switchValue is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(switchValue);

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        // Anything still listening for a stop (there should be nothing: the pump awaits its work) hears one.
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
