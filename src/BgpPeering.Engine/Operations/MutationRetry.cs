using System;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>What a read-back by the natural key found.</summary>
internal readonly struct Reconciled<T>
{
    private Reconciled(bool done, T? value, string? note)
    {
        Done = done;
        Value = value;
        Note = note;
    }

    /// <summary>The change is in place (the peer exists, or is deleting/gone): adopt it.</summary>
    public bool Done { get; }

    public T? Value { get; }

    /// <summary>What was found, for -Verbose.</summary>
    public string? Note { get; }

    public static Reconciled<T> Adopt(T? value, string note) => new(true, value, note);

    public static Reconciled<T> NotApplied(string note) => new(false, default, note);
}

/// <summary>The end of a mutation: a value (sent or adopted), or the error for its row.</summary>
internal sealed class MutationOutcome<T>
{
    public bool Succeeded { get; set; }

    public T? Value { get; set; }

    /// <summary>True when the value was adopted after a lost response, rather than answered.</summary>
    public bool Adopted { get; set; }

    /// <summary>The last failure (on error), with <see cref="Ambiguous"/> when a write may have happened.</summary>
    public Exception? Failure { get; set; }

    public bool Ambiguous { get; set; }
}

/// <summary>
/// The engine's retry of CreateRouteServerPeer, DeleteRouteServerPeer, CreateBGPPeer and DeleteBGPPeer. A failure
/// certain to have happened before the write is sent again after a backoff. An ambiguous one (5xx, reset,
/// timeout) is first reconciled: the peer is read back by its natural key, and the result is adopted if the
/// change is in place, or the request is sent again only if it is not. A refusal after an ambiguous attempt
/// (the retry met the peer that the lost attempt made, or a delete met a peer already deleting) is reconciled
/// the same way before it is reported.
/// </summary>
internal static class MutationRetry
{
    /// <summary>
    /// Sends, retries and reconciles one mutation. It never throws but for the caller's cancellation: a failure is
    /// the outcome's <see cref="MutationOutcome{T}.Failure"/>, for <see cref="ErrorClassifier.WriteError"/> to report against the row.
    /// </summary>
    public static async Task<MutationOutcome<T>> RunAsync<T>(
        string action,
        object what,
        MutationRetryOptions options,
        IOutputSink sink,
        Func<CancellationToken, Task<T>> send,
        Func<CancellationToken, Task<Reconciled<T>>> reconcile,
        CancellationToken ct)
    {
        try
        {
            return await AttemptAsync(action, what, options, sink, send, reconcile, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            // Not the answer to an attempt (those are classified below): still the row's error, never a throw.
            return new MutationOutcome<T> { Failure = ex, Ambiguous = false };
        }
    }

    private static async Task<MutationOutcome<T>> AttemptAsync<T>(
        string action,
        object what,
        MutationRetryOptions options,
        IOutputSink sink,
        Func<CancellationToken, Task<T>> send,
        Func<CancellationToken, Task<Reconciled<T>>> reconcile,
        CancellationToken ct)
    {
        Exception? last = null;
        var ambiguous = false;
        var mustReconcile = false;
        for (var attempt = 1; attempt <= Math.Max(1, options.MaxAttempts); attempt++)
        {
            if (attempt > 1)
            {
                var delay = options.Backoff(attempt - 1);
                await DelayAsync(options.Time, delay, ct).ConfigureAwait(false);
            }
            if (mustReconcile)
            {
                var found = await TryReconcileAsync(action, what, reconcile, options, sink, ct).ConfigureAwait(false);
                if (found is Reconciled<T> r)
                {
                    if (r.Done) return Adopted(action, what, r, last, sink);
                    mustReconcile = false;
                    sink.Write(PumpEventKind.Verbose, action + " for " + what + ": " + r.Note + "; sending it again.");
                }
                else
                {
                    continue; // the read-back failed too; try it again after the next backoff
                }
            }
            try
            {
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var timer = options.Time.CreateTimer(_ => Cancel(attemptCts), null, options.AttemptTimeout, Timeout.InfiniteTimeSpan);
                T value;
                try
                {
                    value = await send(attemptCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException(action + " for " + what + " got no answer within " + options.AttemptTimeout + ".", ex);
                }
                return new MutationOutcome<T> { Succeeded = true, Value = value };
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                last = ex;
                var kind = ErrorClassifier.ClassifyWrite(ex);
                switch (kind)
                {
                    case WriteFailure.BeforeWrite:
                        sink.Write(PumpEventKind.Verbose, action + " for " + what + " failed before the write (" + Short(ex) + "), attempt " + attempt + " of " + options.MaxAttempts + ".");
                        break;
                    case WriteFailure.Ambiguous:
                        ambiguous = true;
                        mustReconcile = true;
                        sink.Write(PumpEventKind.Verbose, action + " for " + what + ": the response was lost (" + Short(ex) + "), attempt " + attempt + " of " + options.MaxAttempts + "; reading back before sending again.");
                        break;
                    default:
                        if (ambiguous)
                        {
                            // The retry was refused, perhaps because of what the lost attempt did: look before reporting.
                            var found = await TryReconcileAsync(action, what, reconcile, options, sink, ct).ConfigureAwait(false);
                            if (found is Reconciled<T> { Done: true } r) return Adopted(action, what, r, ex, sink);
                        }
                        return new MutationOutcome<T> { Failure = ex, Ambiguous = false };
                }
            }
        }
        if (mustReconcile)
        {
            var found = await TryReconcileAsync(action, what, reconcile, options, sink, ct).ConfigureAwait(false);
            if (found is Reconciled<T> { Done: true } r) return Adopted(action, what, r, last, sink);
            if (found is Reconciled<T>) ambiguous = false; // read back: the change is certainly not in place
        }
        return new MutationOutcome<T> { Failure = last, Ambiguous = ambiguous && mustReconcile };
    }

    private static async Task<Reconciled<T>?> TryReconcileAsync<T>(string action, object what, Func<CancellationToken, Task<Reconciled<T>>> reconcile,
        MutationRetryOptions options, IOutputSink sink, CancellationToken ct)
    {
        try
        {
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var timer = options.Time.CreateTimer(_ => Cancel(attemptCts), null, options.AttemptTimeout, Timeout.InfiniteTimeSpan);
            return await reconcile(attemptCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Verbose, action + " for " + what + ": reading back failed too (" + Short(ex) + ").");
            return null;
        }
    }

    private static MutationOutcome<T> Adopted<T>(string action, object what, Reconciled<T> r, Exception? lost, IOutputSink sink)
    {
        sink.Write(PumpEventKind.Verbose, action + " for " + what + ": the response was lost" + (lost is null ? string.Empty : " (" + Short(lost) + ")") +
            ", but reading back shows the change was made: " + r.Note + ". Adopted that result.");
        return new MutationOutcome<T> { Succeeded = true, Value = r.Value, Adopted = true };
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : time.Delay(delay, ct);

    internal static string Short(Exception ex) => ex switch
    {
        AwsServiceException aws => aws.ErrorCode + (aws.StatusCode > 0 ? " " + aws.StatusCode : string.Empty),
        TimeoutException => "timed out",
        _ => ex.GetType().Name + ": " + ex.Message,
    };
}
