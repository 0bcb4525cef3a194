using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Pipeline;

/// <summary>
/// Runs async engine work while the calling (pipeline) thread dispatches what it writes. PowerShell only lets
/// the pipeline thread call WriteObject and friends, so the work posts events and this thread drains them as
/// they arrive: the first object reaches the pipeline before the work ends. Cancelling the token (Ctrl+C)
/// ends the work and the wait at once.
/// <list type="bullet">
///   <item><description>Bounded: at most <see cref="Capacity"/> events are written and not yet dispatched. When
///   the pipeline is slower than the service, the work waits instead of piling up objects, so memory stays flat
///   however long a listing is.</description></item>
///   <item><description>In batches: the pipeline thread takes everything waiting in one hand-over (a page that
///   the work wrote with <see cref="OutputSinks.WriteAll{T}"/> arrives whole), and work held back by a full queue
///   is let go only when half of it has been dispatched, so the two threads do not wake each other per event.</description></item>
///   <item><description>Without spinning: both sides sleep on a monitor, so on a machine with few cores the
///   waiting pipeline thread does not take the core the work needs.</description></item>
///   <item><description>Without a hop to start: the work starts on the calling thread and runs there until its first
///   wait (the request going out), with no synchronization context, so everything after it continues on the
///   thread pool. A single-page read costs one hand-over back, as a synchronous SDK call does. Until that first
///   wait the work may write past the bound (it cannot wait for the thread that runs it).</description></item>
/// </list>
/// </summary>
public static class OutputPump
{
    /// <summary>The most events written and not yet dispatched: about one page of a listing.</summary>
    public const int Capacity = 1024;

    /// <summary>How many events the pipeline thread dispatches before it tells held-back work there is room.</summary>
    private const int CreditEvery = 128;

    public static void Run(Func<IOutputSink, CancellationToken, Task> work, Action<PumpEvent> dispatch, CancellationToken cancellationToken) =>
        Run(work, dispatch, null, cancellationToken);

    /// <param name="work">The engine work; it writes to the sink it is given, from any thread.</param>
    /// <param name="dispatch">Called on this thread for each event, in order.</param>
    /// <param name="wants">
    /// Which kinds of event anyone listens to (-Verbose, -Debug); the sink answers <see cref="OutputSinks.Wants"/>
    /// with it, and drops events of the others. Null: every kind.
    /// </param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static void Run(Func<IOutputSink, CancellationToken, Task> work, Action<PumpEvent> dispatch, Func<PumpEventKind, bool>? wants, CancellationToken cancellationToken)
    {
        if (work is null) throw new ArgumentNullException(nameof(work));
        if (dispatch is null) throw new ArgumentNullException(nameof(dispatch));
        // The work runs on its own token, linked to the caller's: a stop from either side (Ctrl+C, or dispatch
        // throwing because the pipeline downstream stopped) cancels it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new HandOver(wants, stop);
        // A stop wakes whoever sleeps: the pipeline thread (to return at once) and work held back for room.
        using var wake = stop.Token.Register(queue.Wake);
        var task = StartHere(work, queue, stop.Token);
        try
        {
            var batch = new List<PumpEvent>();
            while (queue.Take(ref batch, cancellationToken))
            {
                var credit = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    dispatch(batch[i]);
                    if (++credit == CreditEvery)
                    {
                        queue.Dispatched(credit);
                        credit = 0;
                    }
                }
                batch.Clear();
                if (credit > 0) queue.Dispatched(credit);
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
            queue.Close();
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
        finally
        {
            // Events written from now on (after a stop) are dropped: nothing is listening any more.
            queue.Close();
        }
        // The work honours the same token, so after a stop this returns at once.
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (queue.Doomed && !cancellationToken.IsCancellationRequested)
        {
            // Ended by an error that dooms the call: that error was dispatched, and it is the outcome.
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Starts the work on this thread with no synchronization context (so that no continuation is posted back to a
    /// thread that is about to block), and completes the queue when it ends, however it ends.
    /// </summary>
    private static Task StartHere(Func<IOutputSink, CancellationToken, Task> work, HandOver queue, CancellationToken ct)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return RunAsync();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        async Task RunAsync()
        {
            try
            {
                await work(queue, ct).ConfigureAwait(false);
            }
            finally
            {
                queue.Complete();
            }
        }
    }

    /// <summary>
    /// The sink the work writes to and the queue the pipeline thread takes from: one monitor, two lists swapped
    /// at each hand-over, and a count of events written but not yet dispatched (the bound).
    /// </summary>
    private sealed class HandOver : IOutputSink, IBatchSink, IStreamSelection
    {
        private readonly object _gate = new();
        private readonly Func<PumpEventKind, bool>? _wants;
        private readonly CancellationTokenSource _stopSource;
        private readonly CancellationToken _stop;
        private List<PumpEvent> _items = new();
        private int _outstanding;      // written and not yet dispatched: in _items or in the pipeline thread's batch
        private bool _completed;       // the work has ended
        private bool _closed;          // Run is over: drop whatever comes
        private bool _takerWaiting;
        private bool _writerWaiting;
        private readonly int _takerThread = Environment.CurrentManagedThreadId;

        public HandOver(Func<PumpEventKind, bool>? wants, CancellationTokenSource stop)
        {
            _wants = wants;
            _stopSource = stop;
            _stop = stop.Token;
        }

        /// <summary>An error that dooms the call was written, and the work was stopped there.</summary>
        public bool Doomed { get; private set; }

        public bool Wants(PumpEventKind kind) => _wants is null || _wants(kind);

        public void Write(PumpEventKind kind, object? payload)
        {
            if (_wants is not null && !_wants(kind)) return;
            lock (_gate)
            {
                // Full: wait for the pipeline thread, which sets the pace, until half the queue is dispatched.
                if (_outstanding >= Capacity && !WaitForRoom(Capacity / 2)) return;
                _items.Add(new PumpEvent(kind, payload));
                _outstanding++;
                if (_takerWaiting) Monitor.PulseAll(_gate);
            }
            // Every other item would fail the same way (a rejected key): the work stops here, before its next
            // request, rather than when the pipeline thread has turned the error into a terminating one.
            if (payload is ItemError { DoomsTheCall: true } && !Doomed)
            {
                Doomed = true;
                _stopSource.Cancel();
            }
        }

        public void WriteAll<T>(PumpEventKind kind, IReadOnlyList<T> payloads)
        {
            if (payloads.Count == 0 || (_wants is not null && !_wants(kind))) return;
            lock (_gate)
            {
                // A page goes in whole, once there is room for it (or the queue is empty: a page larger than the
                // queue is still one hand-over, and the bound is then that page).
                if (_outstanding > 0 && _outstanding + payloads.Count > Capacity && !WaitForRoom(Math.Max(0, Capacity - payloads.Count))) return;
                for (var i = 0; i < payloads.Count; i++) _items.Add(new PumpEvent(kind, payloads[i]));
                _outstanding += payloads.Count;
                if (_takerWaiting) Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Under the lock: sleeps until at most <paramref name="level"/> events are outstanding; false when stopped.</summary>
        private bool WaitForRoom(int level)
        {
            // Written by the work's first steps on the pipeline thread itself: nobody else would ever make room.
            if (Environment.CurrentManagedThreadId == _takerThread) return !_closed && !_stop.IsCancellationRequested;
            while (_outstanding > level)
            {
                if (_closed || _stop.IsCancellationRequested) return false;
                _writerWaiting = true;
                Monitor.Wait(_gate);
            }
            return !_closed && !_stop.IsCancellationRequested;
        }

        /// <summary>
        /// On the pipeline thread: everything written so far, as <paramref name="batch"/> (handed in empty), sleeping
        /// until something is written; false when the work has ended and everything was taken.
        /// </summary>
        public bool Take(ref List<PumpEvent> batch, CancellationToken ct)
        {
            lock (_gate)
            {
                while (_items.Count == 0 && !_completed)
                {
                    ct.ThrowIfCancellationRequested();
                    _takerWaiting = true;
                    Monitor.Wait(_gate);
                    _takerWaiting = false;
                }
                ct.ThrowIfCancellationRequested();
                if (_items.Count == 0) return false;
                // Swap the lists: the work writes on into the (empty) one the pipeline thread handed in.
                (batch, _items) = (_items, batch);
                return true;
            }
        }

        /// <summary>On the pipeline thread: <paramref name="count"/> more events were dispatched.</summary>
        public void Dispatched(int count)
        {
            lock (_gate)
            {
                _outstanding -= count;
                if (_writerWaiting && _outstanding <= Capacity / 2)
                {
                    _writerWaiting = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void Wake()
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }
}
