using System.Net.Sockets;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Operations;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>The engine's mutation retry on a fake clock: backoff, the attempt timeout, and what each failure class does.</summary>
public sealed class MutationRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static AwsServiceException Aws(string code, int status) => new("EC2", "CreateRouteServerPeer", code, code, status, null);

    [Fact]
    public async Task A_throttled_send_waits_its_backoff_on_the_clock_before_it_is_sent_again()
    {
        var time = new ManualTimeProvider(Start);
        var options = new MutationRetryOptions { Time = time, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8) };
        var sends = 0;
        var sink = new RecordingSink();

        var run = MutationRetry.RunAsync<string>("CreateRouteServerPeer", "row", options, sink,
            _ => ++sends == 1 ? throw Aws("RequestLimitExceeded", 503) : Task.FromResult("made"),
            _ => throw new InvalidOperationException("a throttled send is certain not to have been applied: no read-back"),
            CancellationToken.None);

        await Task.Delay(50);
        Assert.Equal(1, sends);
        Assert.False(run.IsCompleted); // waiting for the backoff (at least a quarter of a second), which has not passed
        time.Advance(TimeSpan.FromSeconds(1));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.Succeeded);
        Assert.False(outcome.Adopted);
        Assert.Equal(2, sends);
    }

    [Fact]
    public async Task A_send_with_no_answer_times_out_on_the_clock_and_is_read_back_not_resent()
    {
        var time = new ManualTimeProvider(Start);
        var options = new MutationRetryOptions { Time = time, BaseDelay = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(30) };
        var sends = 0;
        var reads = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink();

        var run = MutationRetry.RunAsync<string>("CreateRouteServerPeer", "row", options, sink,
            async ct =>
            {
                sends++;
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return "never";
            },
            _ =>
            {
                reads++;
                return Task.FromResult(Reconciled<string>.Adopt("rsp-1", "rsp-1 is the row"));
            },
            CancellationToken.None);

        await started.Task;
        time.Advance(TimeSpan.FromSeconds(30)); // the attempt timeout
        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(1)); // the backoff before the read-back
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Adopted);
        Assert.Equal("rsp-1", outcome.Value);
        Assert.Equal(1, sends);
        Assert.Equal(1, reads);
        Assert.Contains(sink.Verbose, v => v.Contains("Adopted that result", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_after_a_lost_attempt_is_read_back_before_it_is_reported()
    {
        var options = new MutationRetryOptions { Time = new ManualTimeProvider(Start) { AutoAdvance = true } };
        var sends = 0;
        var reads = 0;
        var sink = new RecordingSink();

        var outcome = await MutationRetry.RunAsync<string>("DeleteRouteServerPeer", "rsp-1", options, sink,
            _ => ++sends == 1 ? throw Aws("InternalError", 500) : throw Aws("IncorrectState", 400),
            _ => ++reads == 1
                ? Task.FromResult(Reconciled<string>.NotApplied("rsp-1 is still available"))
                : Task.FromResult(Reconciled<string>.Adopt("rsp-1", "rsp-1 is deleting")),
            CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Adopted);
        Assert.Equal(2, sends);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_plain_refusal_is_reported_at_once_without_a_read_back()
    {
        var options = new MutationRetryOptions { Time = new ManualTimeProvider(Start) { AutoAdvance = true } };
        var sends = 0;

        var outcome = await MutationRetry.RunAsync<string>("CreateRouteServerPeer", "row", options, new RecordingSink(),
            _ => { sends++; throw Aws("InvalidParameterValue", 400); },
            _ => throw new InvalidOperationException("no read-back for a plain refusal"),
            CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, sends);
        var error = ErrorClassifier.WriteError("CreateRouteServerPeer", "peer 10.0.1.10 (ASN 65001) on rse-0123456789abcdef0", outcome.Failure!, outcome.Ambiguous);
        Assert.Equal("InvalidArgument", error.ErrorId);
        Assert.StartsWith("CreateRouteServerPeer for peer 10.0.1.10 (ASN 65001) on rse-0123456789abcdef0 failed: ", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_ends_the_retry_at_once()
    {
        var options = new MutationRetryOptions { Time = new ManualTimeProvider(Start) };
        using var cts = new CancellationTokenSource();
        var run = MutationRetry.RunAsync<string>("CreateRouteServerPeer", "row", options, new RecordingSink(),
            _ => throw Aws("RequestLimitExceeded", 503),
            _ => throw new InvalidOperationException("unused"),
            cts.Token);
        await Task.Delay(20);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
