using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Pipeline;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// Runs engine work through the real output pump, as a cmdlet does, and keeps every event it wrote, for tests that
/// read them back (<c>using static BgpPeering.Tests.Infrastructure.PumpRun;</c>).
/// </summary>
internal static class PumpRun
{
    public static List<PumpEvent> Run(Func<IOutputSink, CancellationToken, Task> work, Action<PumpEvent>? onEvent = null)
    {
        var events = new List<PumpEvent>();
        OutputPump.Run(work, e =>
        {
            events.Add(e);
            onEvent?.Invoke(e);
        }, CancellationToken.None);
        return events;
    }

    /// <summary>The objects written, in order, as <typeparamref name="T"/>.</summary>
    public static List<T> Outputs<T>(IEnumerable<PumpEvent> events) => events.Where(e => e.Kind == PumpEventKind.Output).Select(e => (T)e.Payload!).ToList();

    /// <summary>The objects written, in order.</summary>
    public static List<object> Outputs(IEnumerable<PumpEvent> events) => Outputs<object>(events);

    /// <summary>The per-item errors written, in order.</summary>
    public static List<ItemError> ItemErrors(IEnumerable<PumpEvent> events) => events.Where(e => e.Kind == PumpEventKind.Error).Select(e => (ItemError)e.Payload!).ToList();
}
