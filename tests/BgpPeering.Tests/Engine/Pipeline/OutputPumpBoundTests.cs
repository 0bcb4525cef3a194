using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Pipeline;
using Xunit;

namespace BgpPeering.Tests.Engine.Pipeline;

/// <summary>
/// The output pump's queue is bounded, so a listing faster than the pipeline waits instead of piling up objects
/// (memory flat in the number of peers); and work waiting for room is released when the pipeline stops.
/// </summary>
public sealed class OutputPumpBoundTests
{
    [Fact]
    public void Work_never_runs_more_than_the_capacity_ahead_of_the_pipeline()
    {
        const int total = 10_000;
        var written = 0;
        var dispatched = 0;
        var maxAhead = 0;
        OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            for (var i = 0; i < total; i++)
            {
                sink.Write(PumpEventKind.Output, i);
                Interlocked.Increment(ref written);
            }
        }, e =>
        {
            if (dispatched == 0)
            {
                // Let the work race ahead until it is held back (generous bound: this only rules out a hang).
                var until = DateTime.UtcNow.AddSeconds(30);
                while (Volatile.Read(ref written) < OutputPump.Capacity && DateTime.UtcNow < until) Thread.Sleep(1);
                Thread.Sleep(50);
            }
            dispatched++;
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref written) - dispatched);
            Assert.Equal(dispatched - 1, (int)e.Payload!);
        }, CancellationToken.None);

        Assert.Equal(total, dispatched);
        // It did run ahead (so the bound was exercised), and never by more than the queue holds (+1 being added).
        Assert.InRange(maxAhead, OutputPump.Capacity - 1, OutputPump.Capacity + 1);
    }

    [Fact]
    public async Task Work_waiting_for_room_is_released_when_the_pipeline_stops_draining()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatched = 0;
        var ex = Assert.Throws<InvalidOperationException>(() => OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            for (var i = 0; i < 5 * OutputPump.Capacity; i++) sink.Write(PumpEventKind.Output, i);
            finished.SetResult();
        }, e =>
        {
            if (++dispatched == 10)
            {
                // As a downstream `Select-Object -First 10` stops the pipeline: wait until the work is held back first.
                Thread.Sleep(100);
                throw new InvalidOperationException("downstream stopped");
            }
        }, CancellationToken.None));

        Assert.Equal("downstream stopped", ex.Message);
        var first = await Task.WhenAny(finished.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == finished.Task, "The work stayed blocked on a full queue after the pipeline stopped.");
    }
}
