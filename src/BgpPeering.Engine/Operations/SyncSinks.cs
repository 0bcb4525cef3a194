using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Planning;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// Passes everything on, but makes every error's target the change it is about: the row a user can find in the
/// file (its endpoint and address, or its interface, family and ASN), not the request or ID a step was made with.
/// </summary>
internal sealed class RetargetingSink : IOutputSink
{
    private readonly IOutputSink _inner;
    private readonly object _target;

    public RetargetingSink(IOutputSink inner, object target)
    {
        _inner = inner;
        _target = target;
    }

    public void Write(PumpEventKind kind, object? payload)
    {
        if (kind == PumpEventKind.Error && payload is ItemError e)
            payload = new ItemError(e.Exception, e.ErrorId, e.Kind, _target, e.Message, e.DoomsTheCall);
        _inner.Write(kind, payload);
    }
}

/// <summary>Passes everything on but errors, which it keeps, so that a step's failure can be told as part of a bigger one.</summary>
internal sealed class ErrorCatchingSink : IOutputSink
{
    private readonly IOutputSink _inner;

    public ErrorCatchingSink(IOutputSink inner) => _inner = inner;

    public List<ItemError> Errors { get; } = new();

    public void Write(PumpEventKind kind, object? payload)
    {
        if (kind == PumpEventKind.Error && payload is ItemError e)
        {
            Errors.Add(e);
            return;
        }
        _inner.Write(kind, payload);
    }
}

/// <summary>
/// One change of a sync as the cmdlet runs it: what ShouldProcess says (the action and the target, which is the
/// change with its reason), whether it takes ConfirmImpact High, the work that makes it and the work that only
/// checks it (-WhatIf). <see cref="Succeeded"/> says afterwards whether the change was made.
/// </summary>
public sealed class SyncStep
{
    internal SyncStep(string action, string target, object errorTarget, bool high, EngineWork run, EngineWork whatIf)
    {
        Action = action;
        Target = target;
        ErrorTarget = errorTarget;
        High = high;
        Run = run;
        WhatIf = whatIf;
    }

    /// <summary>What ShouldProcess says is performed, such as "Delete and re-create Route Server peer".</summary>
    public string Action { get; }

    /// <summary>What ShouldProcess names: the peer, where it is, and what differs.</summary>
    public string Target { get; }

    /// <summary>The change (a BgpPeerChange): the target of a failure that escapes the work.</summary>
    public object ErrorTarget { get; }

    /// <summary>Remove and Replace delete a peer: ConfirmImpact High.</summary>
    public bool High { get; }

    public EngineWork Run { get; }

    public EngineWork WhatIf { get; }

    /// <summary>True once <see cref="Run"/> made the change; false before, after a failure, or when only checked.</summary>
    public bool Succeeded { get; internal set; }
}

/// <summary>What both sync front doors do alike: hand over a plan, write a change as made, and say a Replace is half done.</summary>
internal static class SyncShared
{
    /// <summary>The work of a plan: make it, write its refusals as errors (each about its row), hand it to <paramref name="planned"/>.</summary>
    public static EngineWork Plan(Func<IOutputSink, CancellationToken, Task<SyncPlan>> plan, Action<SyncPlan> planned) => async (sink, ct) =>
    {
        var made = await plan(sink, ct).ConfigureAwait(false);
        foreach (var refusal in made.Refusals) sink.Write(PumpEventKind.Error, refusal);
        planned(made);
    };

    /// <summary>The change as made: the peer AWS answered (a RouteServerPeer or DxBgpPeer), its ID, and Applied.</summary>
    public static BgpPeerChange Done(PlannedChange planned, IBgpPeer peer)
    {
        var change = planned.Change.Copy();
        change.PeerId = peer.PeerId;
        change.Peer = peer;
        if (peer is DxBgpPeer { CustomerAddress: { } address }) change.CustomerAddress = address;
        change.Applied = true;
        return change;
    }

    /// <summary>
    /// The one error of a Replace whose create failed after its delete (the create's own error, kept by
    /// <paramref name="caught"/>, is part of it): ReplaceIncomplete, about the change.
    /// </summary>
    public static ItemError ReplaceIncomplete(string oldPeerId, object create, ErrorCatchingSink caught, BgpPeerChange change, string afterwards)
    {
        var inner = caught.Errors.FirstOrDefault();
        var why = inner?.Message ?? inner?.Exception.Message ?? "no answer";
        return ErrorCatalogue.ReplaceIncomplete.For(new InvalidOperationException(
            "Deleted " + oldPeerId + " to replace it, but creating the new peer (" + create + ") failed (" + (inner?.ErrorId ?? "error") + "): " + why + " " + afterwards,
            inner?.Exception), change);
    }
}
