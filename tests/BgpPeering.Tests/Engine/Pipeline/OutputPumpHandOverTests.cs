using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Pipeline;
using Xunit;

namespace BgpPeering.Tests.Engine.Pipeline;

/// <summary>
/// How the pump hands events over: a page at a time and in order, within the bound, and only for the streams anyone
/// listens to.
/// </summary>
public sealed class OutputPumpHandOverTests
{
    [Fact]
    public void Pages_written_whole_arrive_in_order_and_stay_within_the_bound()
    {
        const int pages = 10, pageSize = 1000;
        var written = 0;
        var dispatched = 0;
        var maxAhead = 0;
        OutputPump.Run(async (sink, ct) =>
        {
            for (var p = 0; p < pages; p++)
            {
                await Task.Yield();
                var page = Enumerable.Range(p * pageSize, pageSize).ToList();
                sink.WriteAll(PumpEventKind.Output, page);
                Interlocked.Add(ref written, pageSize);
            }
        }, e =>
        {
            if (dispatched % 500 == 0) Thread.Sleep(2); // a pipeline slower than the work
            Assert.Equal(dispatched, (int)e.Payload!);
            dispatched++;
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref written) - dispatched);
        }, CancellationToken.None);

        Assert.Equal(pages * pageSize, dispatched);
        Assert.InRange(maxAhead, 0, OutputPump.Capacity);
    }

    [Fact]
    public void A_page_larger_than_the_queue_still_goes_in_whole()
    {
        var seen = new List<int>();
        OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            sink.WriteAll(PumpEventKind.Output, Enumerable.Range(0, 3 * OutputPump.Capacity).ToList());
            sink.WriteAll(PumpEventKind.Output, new[] { -1 });
        }, e => seen.Add((int)e.Payload!), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 3 * OutputPump.Capacity).Append(-1), seen);
    }

    [Fact]
    public async Task Work_starts_on_the_calling_thread_and_may_write_past_the_bound_before_its_first_wait()
    {
        // Nothing else could make room while the work still runs on the thread that would drain it: it must not wait.
        var run = Task.Run(() =>
        {
            var caller = Environment.CurrentManagedThreadId;
            int? startedOn = null;
            var seen = new List<int>();
            OutputPump.Run(async (sink, ct) =>
            {
                startedOn = Environment.CurrentManagedThreadId;
                for (var i = 0; i < 3 * OutputPump.Capacity; i++) sink.Write(PumpEventKind.Output, i);
                await Task.Yield();
                sink.Write(PumpEventKind.Output, -1);
            }, e => seen.Add((int)e.Payload!), CancellationToken.None);
            return (caller, startedOn, seen);
        });

        var (caller, startedOn, seen) = await run.WaitAsync(TimeSpan.FromSeconds(30)); // generous: rules out a hang only
        Assert.Equal(caller, startedOn);
        Assert.Equal(Enumerable.Range(0, 3 * OutputPump.Capacity).Append(-1), seen);
    }

    [Fact]
    public async Task Work_started_under_a_synchronization_context_never_posts_back_to_it()
    {
        // A context that never runs what is posted to it (as a blocked thread would not): the work must not need it.
        var run = Task.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new NeverRuns());
            var seen = new List<object?>();
            OutputPump.Run(async (sink, ct) =>
            {
                Assert.Null(SynchronizationContext.Current);
                await Task.Delay(10, ct);
                await Task.Delay(10, ct);
                sink.Write(PumpEventKind.Output, "done");
            }, e => seen.Add(e.Payload), CancellationToken.None);
            Assert.IsType<NeverRuns>(SynchronizationContext.Current); // put back for the caller
            return seen;
        });

        Assert.Equal(["done"], await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private sealed class NeverRuns : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }
    }

    [Fact]
    public void The_sink_says_which_streams_are_wanted_and_drops_the_others()
    {
        var answers = new Dictionary<PumpEventKind, bool>();
        var kinds = new List<PumpEventKind>();
        OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            foreach (var kind in new[] { PumpEventKind.Verbose, PumpEventKind.Debug, PumpEventKind.Output, PumpEventKind.Warning })
                answers[kind] = sink.Wants(kind);
            sink.Write(PumpEventKind.Verbose, "not wanted");
            sink.Write(PumpEventKind.Output, 1);
            sink.Write(PumpEventKind.Debug, "wanted");
            sink.WriteAll(PumpEventKind.Verbose, new[] { "not wanted either" });
        }, e => kinds.Add(e.Kind), kind => kind != PumpEventKind.Verbose, CancellationToken.None);

        Assert.False(answers[PumpEventKind.Verbose]);
        Assert.True(answers[PumpEventKind.Debug]);
        Assert.True(answers[PumpEventKind.Output]);
        Assert.True(answers[PumpEventKind.Warning]);
        Assert.Equal([PumpEventKind.Output, PumpEventKind.Debug], kinds);
    }

    [Fact]
    public void A_sink_that_cannot_tell_wants_everything_and_takes_pages_one_event_at_a_time()
    {
        var sink = new ListSink();
        Assert.True(sink.Wants(PumpEventKind.Verbose));
        sink.WriteAll(PumpEventKind.Output, new[] { 1, 2, 3 });
        Assert.Equal([1, 2, 3], sink.Events.Select(e => (int)e.Payload!));
    }

    [Fact]
    public async Task Ctrl_C_while_the_work_is_held_back_ends_both_sides()
    {
        using var cts = new CancellationTokenSource();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatched = 0;
        var run = Task.Run(() => OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            try
            {
                for (var i = 0; i < 10 * OutputPump.Capacity && !ct.IsCancellationRequested; i++) sink.Write(PumpEventKind.Output, i);
            }
            finally
            {
                finished.SetResult();
            }
        }, e =>
        {
            if (++dispatched == 5)
            {
                cts.Cancel(); // as Ctrl+C does, from another thread, while the work waits for room
                Thread.Sleep(50);
            }
        }, cts.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        var first = await Task.WhenAny(finished.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == finished.Task, "The work stayed blocked after Ctrl+C.");
    }

    private sealed class ListSink : IOutputSink
    {
        public List<PumpEvent> Events { get; } = new();

        public void Write(PumpEventKind kind, object? payload) => Events.Add(new PumpEvent(kind, payload));
    }
}
