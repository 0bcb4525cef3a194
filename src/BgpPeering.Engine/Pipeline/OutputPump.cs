using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace BgpPeering.Engine.Pipeline
{
    /// <summary>What async engine code hands back to the PowerShell pipeline thread.</summary>
    public enum PumpEventKind
    {
        Output,
        Error,
        Warning,
        Verbose,
        Debug,
        Progress,
        /// <summary>A message the user should see without asking (Write-Host style): the payload is a string.</summary>
        Information,
    }

    /// <summary>One item for the pipeline thread: an object to write, an error, a message or a progress record.</summary>
    public readonly struct PumpEvent
    {
        public PumpEvent(PumpEventKind kind, object? payload)
        {
            Kind = kind;
            Payload = payload;
        }

        public PumpEventKind Kind { get; }

        public object? Payload { get; }
    }

    /// <summary>Where async engine code writes. Safe to call from any thread.</summary>
    public interface IOutputSink
    {
        void Write(PumpEventKind kind, object? payload);
    }

    /// <summary>
    /// Runs async engine work while the calling (pipeline) thread dispatches what it writes. PowerShell only lets
    /// the pipeline thread call WriteObject and friends, so the work posts events and this thread drains them as
    /// they arrive: the first object reaches the pipeline before the work ends. Cancelling the token (Ctrl+C)
    /// ends the work and the wait at once.
    /// </summary>
    public static class OutputPump
    {
        public static void Run(Func<IOutputSink, CancellationToken, Task> work, Action<PumpEvent> dispatch, CancellationToken cancellationToken)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
            if (dispatch is null) throw new ArgumentNullException(nameof(dispatch));
            using var queue = new BlockingCollection<PumpEvent>();
            // The work runs on its own token, linked to the caller's: a stop from either side (Ctrl+C, or dispatch
            // throwing because the pipeline downstream stopped) cancels it.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sink = new QueueSink(queue);
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
                foreach (var item in queue.GetConsumingEnumerable(cancellationToken)) dispatch(item);
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

            public QueueSink(BlockingCollection<PumpEvent> queue) => _queue = queue;

            public void Write(PumpEventKind kind, object? payload)
            {
                try
                {
                    _queue.Add(new PumpEvent(kind, payload));
                }
                catch (InvalidOperationException)
                {
                    // The pump has finished (stopped); nothing is listening any more.
                }
            }
        }
    }
}
