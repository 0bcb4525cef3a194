using System;
using System.Collections.Generic;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Session;

/// <summary>
/// Collects what <see cref="SessionFactory.Resolve(ConnectionParameters, IOutputSink)"/> has to say (Warning and
/// Debug events), so that the cmdlet can write them on the pipeline thread once resolution returns or fails. Given
/// the cmdlet's stream preferences, it tells the resolver which messages are worth building.
/// </summary>
public sealed class ResolutionMessages : IOutputSink, IStreamSelection
{
    private readonly List<PumpEvent> _events = new();
    private readonly object _gate = new();
    private readonly Func<PumpEventKind, bool>? _wants;

    /// <param name="wants">Which kinds of message anyone listens to; null: every kind.</param>
    public ResolutionMessages(Func<PumpEventKind, bool>? wants = null) => _wants = wants;

    public bool Wants(PumpEventKind kind) => _wants is null || _wants(kind);

    public IReadOnlyList<PumpEvent> Events
    {
        get
        {
            lock (_gate) return _events.ToArray();
        }
    }

    public void Write(PumpEventKind kind, object? payload)
    {
        lock (_gate) _events.Add(new PumpEvent(kind, payload));
    }
}
