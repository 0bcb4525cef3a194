using System.Collections.Generic;

namespace BgpPeering.Engine.Model.Output;

/// <summary>
/// A sink that knows which streams anyone listens to (the cmdlet's pump: -Verbose and -Debug, or their preference
/// variables), so that the engine builds a message only when it will be shown.
/// </summary>
public interface IStreamSelection
{
    /// <summary>False when events of this kind would be dropped unseen.</summary>
    bool Wants(PumpEventKind kind);
}

/// <summary>A sink that takes a page of events in one hand-over.</summary>
public interface IBatchSink
{
    /// <summary>Writes every item of <paramref name="payloads"/> as an event of <paramref name="kind"/>, in order.</summary>
    void WriteAll<T>(PumpEventKind kind, IReadOnlyList<T> payloads);
}

/// <summary>What every <see cref="IOutputSink"/> can be asked, whether or not it implements the optional interfaces.</summary>
public static class OutputSinks
{
    /// <summary>
    /// Whether events of <paramref name="kind"/> are wanted. Build a message only when this is true; a sink that
    /// cannot tell wants everything.
    /// </summary>
    public static bool Wants(this IOutputSink sink, PumpEventKind kind) => sink is not IStreamSelection selection || selection.Wants(kind);

    /// <summary>Writes a page of payloads: in one hand-over where the sink takes batches, else one at a time.</summary>
    public static void WriteAll<T>(this IOutputSink sink, PumpEventKind kind, IReadOnlyList<T> payloads)
    {
        if (sink is IBatchSink batch)
        {
            batch.WriteAll(kind, payloads);
            return;
        }
        for (var i = 0; i < payloads.Count; i++) sink.Write(kind, payloads[i]);
    }
}
