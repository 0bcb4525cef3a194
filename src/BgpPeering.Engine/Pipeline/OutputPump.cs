using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Pipeline
{
    /// <summary>
    /// Runs async engine work while the calling (pipeline) thread dispatches what it writes. PowerShell only lets
    /// the pipeline thread call WriteObject and friends, so the work posts events and this thread drains them as
    /// they arrive: the first object reaches the pipeline before the work ends. Cancelling the token (Ctrl+C)
    /// ends the work and the wait at once. The queue is bounded (<see cref="Capacity"/>): when the pipeline is slower
    /// than the service, the work waits instead of piling up objects, so memory stays flat however long a listing is.
    /// </summary>
    public static class OutputPump
    {
        /// <summary>The most events waiting for the pipeline thread: about one page of a listing.</summary>
        public const int Capacity = 1024;

        public static void Run(Func<IOutputSink, CancellationToken, Task> work, Action<PumpEvent> dispatch, CancellationToken cancellationToken)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
            if (dispatch is null) throw new ArgumentNullException(nameof(dispatch));
            using var queue = new BlockingCollection<PumpEvent>();
            // The work runs on its own token, linked to the caller's: a stop from either side (Ctrl+C, or dispatch
            // throwing because the pipeline downstream stopped) cancels it.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Set while there is room. Work that finds the queue full waits (on the same stop token, so a stop
            // releases it) until the queue has drained to half, so the two threads hand over in batches rather than
            // waking each other for every event.
            using var room = new ManualResetEventSlim(true);
            var sink = new QueueSink(queue, room, stop.Token);
            var task = Task.Run(async () =>
            {
                try
                {
                    await work(sink, stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });
            try
            {
                foreach (var item in queue.GetConsumingEnumerable(cancellationToken))
                {
                    dispatch(item);
                    if (!room.IsSet && queue.Count <= Capacity / 2) room.Set();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: fall through and surface the work's own outcome (normally cancellation).
            }
            catch
            {
                // Dispatch threw: PowerShell's stop-upstream signal (Select-Object -First), or a terminating error
                // downstream. Cancel the work and wait for it, so that no request is made after this returns; what
                // the work says on its way out (normally cancellation) is not news beside this exception.
                stop.Cancel();
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                }
                throw;
            }
            // The work honours the same token, so after a stop this returns at once. Events it wrote after the
            // stop are dropped with the queue.
            task.GetAwaiter().GetResult();
            cancellationToken.ThrowIfCancellationRequested();
        }

        private sealed class QueueSink : IOutputSink
        {
            private readonly BlockingCollection<PumpEvent> _queue;
            private readonly ManualResetEventSlim _room;
            private readonly CancellationToken _stop;

            public QueueSink(BlockingCollection<PumpEvent> queue, ManualResetEventSlim room, CancellationToken stop)
            {
                _queue = queue;
                _room = room;
                _stop = stop;
            }

            public void Write(PumpEventKind kind, object? payload)
            {
                try
                {
                    // A full queue: wait for the pipeline thread, which sets the pace (and the event, at half).
                    if (_queue.Count >= Capacity)
                    {
                        _room.Reset();
                        if (_queue.Count >= Capacity) _room.Wait(_stop);
                    }
                    _queue.Add(new PumpEvent(kind, payload));
                }
                catch (OperationCanceledException)
                {
                    // Stopped while waiting for room; nothing is listening any more.
                }
                catch (InvalidOperationException)
                {
                    // The pump has finished (stopped), or Run has returned (ObjectDisposedException); nothing is
                    // listening any more.
                }
            }
        }
    }
}
