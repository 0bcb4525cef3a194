using System.Collections.Concurrent;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>An output sink that records everything, in order.</summary>
internal sealed class RecordingSink : IOutputSink
{
    private readonly TimeProvider? _time;

    public RecordingSink(TimeProvider? time = null) => _time = time;

    public ConcurrentQueue<(PumpEventKind Kind, object? Payload, DateTimeOffset At)> Events { get; } = new();

    public void Write(PumpEventKind kind, object? payload) => Events.Enqueue((kind, payload, _time?.GetUtcNow() ?? DateTimeOffset.MinValue));

    public IEnumerable<T> Of<T>(PumpEventKind kind) => Events.Where(e => e.Kind == kind).Select(e => (T)e.Payload!);

    public IEnumerable<string> Verbose => Of<string>(PumpEventKind.Verbose);
}
