using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// StartBgpFailoverTest and StopBgpFailoverTest, retried by <see cref="MutationRetry"/>. Each first reads the
/// interface's test history: a start where a test runs, or a stop where none does, is refused at once with a clear
/// error; and what was there before is what a read-back after a lost answer is measured against, so a lost answer
/// never starts a second test or reports a stop that was made as a failure.
/// </summary>
public sealed partial class DxBgpFailoverTests
{
    /// <summary>Start-DxBgpFailoverTest: StartBgpFailoverTest, or with -WhatIf the read-only check (DxBgpFailoverTests.WhatIf.cs).</summary>
    public Mutation Start(StartDxBgpFailoverTestRequest request) =>
        new("Start Direct Connect BGP failover test", request, (sink, ct) => StartAsync(request, sink, ct), (sink, ct) => WhatIfStartAsync(request, sink, ct));

    /// <summary>Stop-DxBgpFailoverTest: StopBgpFailoverTest on the interface, or with -WhatIf the read-only check.</summary>
    public Mutation Stop(string virtualInterfaceId) =>
        new("Stop Direct Connect BGP failover test", virtualInterfaceId, (sink, ct) => StopAsync(virtualInterfaceId, sink, ct), (sink, ct) => WhatIfStopAsync(virtualInterfaceId, sink, ct));

    /// <summary>
    /// Starts one test and writes it. The interface's history is read first: a test already running there is a
    /// FailoverTestInProgress error and nothing is sent. After a lost answer, the history is read again, and a test
    /// that was not there before, of the same peers, is adopted (the SDK never resends a start).
    /// </summary>
    public async Task StartAsync(StartDxBgpFailoverTestRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        const string Action = DxRequests.StartBgpFailoverTest;
        List<DxBgpFailoverTest> before;
        try
        {
            before = await HistoryAsync(request.VirtualInterfaceId, sink, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, ex, false));
            return;
        }
        if (Running(before) is { } running)
        {
            sink.Write(PumpEventKind.Error, InProgress(running, request, "No test was started."));
            return;
        }
        var known = new HashSet<string>(before.Select(t => t.TestId), StringComparer.Ordinal);
        sink.Write(PumpEventKind.Verbose, Action + ": " + request + ".");
        var outcome = await MutationRetry.RunAsync(Action, request, _client.MutationRetry, sink,
            t => _client.StartBgpFailoverTestAsync(request, t),
            async t =>
            {
                var now = await HistoryAsync(request.VirtualInterfaceId, sink, t).ConfigureAwait(false);
                var found = now.Where(x => !known.Contains(x.TestId) && SamePeers(x, request))
                    .OrderByDescending(x => x.StartTime ?? DateTimeOffset.MinValue).FirstOrDefault();
                return found is null
                    ? Reconciled<DxBgpFailoverTest>.NotApplied("no new failover test of " + Peers(request.BgpPeerIds) + " is listed on " + request.VirtualInterfaceId)
                    : Reconciled<DxBgpFailoverTest>.Adopt(found, "the new test " + Describe(found) + " is this start's");
            }, ct).ConfigureAwait(false);
        if (!outcome.Succeeded || outcome.Value is null)
        {
            await ReportStartFailureAsync(request, outcome, sink, ct).ConfigureAwait(false);
            return;
        }
        var test = outcome.Value;
        sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted " : "Started ") + Describe(test) + " on " + test.VirtualInterfaceId +
            (test.Duration is TimeSpan d ? " for " + d.TotalMinutes + " minute(s)" : string.Empty) + ": its BGP sessions are DOWN until it ends or is stopped.");
        sink.Write(PumpEventKind.Output, test);
    }

    /// <summary>
    /// Stops the test running on one interface and writes it as AWS answers (cancelled). The history is read first:
    /// with no test running there it is a NoFailoverTestRunning error and nothing is sent. After a lost answer, the
    /// test that was running is read back, and adopted once it no longer runs.
    /// </summary>
    public async Task StopAsync(string virtualInterfaceId, IOutputSink sink, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(virtualInterfaceId)) throw new ArgumentNullException(nameof(virtualInterfaceId));
        const string Action = DxRequests.StopBgpFailoverTest;
        List<DxBgpFailoverTest> before;
        try
        {
            before = await HistoryAsync(virtualInterfaceId, sink, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, virtualInterfaceId, ex, false));
            return;
        }
        var running = Running(before);
        if (running is null)
        {
            sink.Write(PumpEventKind.Error, NothingRunning(virtualInterfaceId, before, "Nothing was stopped."));
            return;
        }
        sink.Write(PumpEventKind.Verbose, Action + ": " + virtualInterfaceId + ", where " + Describe(running) + " runs.");
        var outcome = await MutationRetry.RunAsync(Action, virtualInterfaceId, _client.MutationRetry, sink,
            t => _client.StopBgpFailoverTestAsync(virtualInterfaceId, t),
            async t =>
            {
                var now = await HistoryAsync(virtualInterfaceId, sink, t).ConfigureAwait(false);
                var same = now.FirstOrDefault(x => x.TestId == running.TestId);
                if (same is null) return Reconciled<DxBgpFailoverTest>.NotApplied(running.TestId + " is no longer listed on " + virtualInterfaceId);
                return IsRunning(same)
                    ? Reconciled<DxBgpFailoverTest>.NotApplied(running.TestId + " is still running")
                    : Reconciled<DxBgpFailoverTest>.Adopt(same, "the test is now " + Describe(same));
            }, ct).ConfigureAwait(false);
        if (!outcome.Succeeded || outcome.Value is null)
        {
            await ReportStopFailureAsync(virtualInterfaceId, outcome, sink, ct).ConfigureAwait(false);
            return;
        }
        var test = outcome.Value;
        sink.Write(PumpEventKind.Verbose, (outcome.Adopted ? "Adopted: " : "Stopped: ") + Describe(test) +
            ". AWS restores its BGP sessions; Wait-BgpPeerUp waits for them.");
        sink.Write(PumpEventKind.Output, test);
    }

    /// <summary>The peers a test took down are the ones asked for (in any order).</summary>
    internal static bool SamePeers(DxBgpFailoverTest test, StartDxBgpFailoverTestRequest request) =>
        request.BgpPeerIds.Count == 0 || new HashSet<string>(test.BgpPeerIds, StringComparer.Ordinal).SetEquals(request.BgpPeerIds);

    private static ItemError InProgress(DxBgpFailoverTest running, object target, string consequence) =>
        ErrorCatalogue.FailoverTestInProgress.For(
            "A failover test is already running on " + running.VirtualInterfaceId + ": " + Describe(running) + ". An interface runs one test at a time: " +
            "stop it with Stop-DxBgpFailoverTest -VirtualInterfaceId " + running.VirtualInterfaceId + ", or wait for it to end. " + consequence, target);

    private static ItemError NothingRunning(string virtualInterfaceId, IReadOnlyList<DxBgpFailoverTest> history, string consequence)
    {
        var last = LastEnded(history);
        return ErrorCatalogue.NoFailoverTestRunning.For(
            "No failover test is running on " + virtualInterfaceId + (last is null ? ", and it has no test history" : "; the last one was " + Describe(last)) +
            ". " + consequence, virtualInterfaceId);
    }

    /// <summary>
    /// A start that failed: a refusal is explained with read-only calls (an unknown interface or peer, a peer of
    /// another interface, an interface that is not available, a test that began meanwhile); anything else is
    /// classified as every write failure is.
    /// </summary>
    private async Task ReportStartFailureAsync(StartDxBgpFailoverTestRequest request, MutationOutcome<DxBgpFailoverTest> outcome, IOutputSink sink, CancellationToken ct)
    {
        const string Action = DxRequests.StartBgpFailoverTest;
        var failure = outcome.Failure!;
        if (failure is not AwsServiceException refusal || !DxBgpPeers.IsRefusal(refusal))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, failure, outcome.Ambiguous));
            return;
        }
        try
        {
            var reason = await WhyNotStartableAsync(request, sink, ct).ConfigureAwait(false);
            sink.Write(PumpEventKind.Error, reason is null
                ? ErrorClassifier.WriteError(Action, request, refusal, false)
                : reason.Value.Error.For(new InvalidOperationException(reason.Value.Message + " No test was started. AWS said: " + refusal.AwsMessage, refusal), request));
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            // The diagnosis failed; AWS's own answer is the best we have.
            sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, request, refusal, false));
        }
    }

    /// <summary>A stop that failed: refused because the test ended meanwhile is NoFailoverTestRunning; the rest is classified.</summary>
    private async Task ReportStopFailureAsync(string virtualInterfaceId, MutationOutcome<DxBgpFailoverTest> outcome, IOutputSink sink, CancellationToken ct)
    {
        const string Action = DxRequests.StopBgpFailoverTest;
        var failure = outcome.Failure!;
        if (failure is AwsServiceException refusal && DxBgpPeers.IsRefusal(refusal))
        {
            try
            {
                var now = await HistoryAsync(virtualInterfaceId, sink, ct).ConfigureAwait(false);
                if (Running(now) is null)
                {
                    sink.Write(PumpEventKind.Error, NothingRunning(virtualInterfaceId, now, "AWS said: " + refusal.AwsMessage));
                    return;
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                // The diagnosis failed; AWS's own answer is reported below.
            }
        }
        sink.Write(PumpEventKind.Error, ErrorClassifier.WriteError(Action, virtualInterfaceId, failure, outcome.Ambiguous));
    }

    /// <summary>
    /// Why StartBgpFailoverTest would refuse the request, found with read-only calls (DescribeVirtualInterfaces, then
    /// the interface's history), or null when nothing explains it.
    /// </summary>
    private async Task<(ErrorDefinition Error, string Message)?> WhyNotStartableAsync(StartDxBgpFailoverTestRequest request, IOutputSink sink, CancellationToken ct)
    {
        var vif = await new DxBgpPeers(_client).DescribeOneAsync(request.VirtualInterfaceId, ct).ConfigureAwait(false);
        if (vif is null) return (ErrorCatalogue.ObjectNotFound, "Virtual interface " + request.VirtualInterfaceId + " was not found in " + _client.Region + ".");
        if (WhyNotStartable(vif, request) is { } reason) return reason;
        var history = await HistoryAsync(request.VirtualInterfaceId, sink, ct).ConfigureAwait(false);
        if (Running(history) is { } running)
            return (ErrorCatalogue.FailoverTestInProgress, "A failover test began on " + running.VirtualInterfaceId + " meanwhile: " + Describe(running) + ".");
        return null;
    }

    /// <summary>
    /// Why a test of these peers cannot run on this interface as it is, or null: the interface is not available
    /// (a test needs an available interface; one that is testing already runs a test), a peer is not one of its
    /// peers, or a peer is being deleted.
    /// </summary>
    internal static (ErrorDefinition Error, string Message)? WhyNotStartable(DxVirtualInterface vif, StartDxBgpFailoverTestRequest request)
    {
        var state = (vif.VirtualInterfaceState ?? string.Empty).ToLowerInvariant();
        if (state.Length > 0 && state is not ("available" or "testing"))
            return (ErrorCatalogue.IncorrectState, "Virtual interface " + vif.VirtualInterfaceId + " is " + state + "; a failover test needs an available interface.");
        foreach (var id in request.BgpPeerIds)
        {
            var peer = vif.BgpPeers.FirstOrDefault(p => p.BgpPeerId == id);
            if (peer is null)
                return (ErrorCatalogue.InvalidArgument, "BGP peer " + id + " is not a peer of " + vif.VirtualInterfaceId + ", whose peers are " +
                    (vif.BgpPeers.Count == 0 ? "none" : string.Join(", ", vif.BgpPeers.Select(p => p.BgpPeerId))) + ". A failover test takes down peers of its own interface.");
            if (peer.State is DxBgpPeerState.Deleting or DxBgpPeerState.Deleted)
                return (ErrorCatalogue.IncorrectState, "BGP peer " + id + " on " + vif.VirtualInterfaceId + " is " + peer.State.ToString().ToLowerInvariant() + "; it cannot be tested.");
        }
        return null;
    }
}
