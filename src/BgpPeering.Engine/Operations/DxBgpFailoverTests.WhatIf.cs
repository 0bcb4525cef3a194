using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The -WhatIf of Start- and Stop-DxBgpFailoverTest. Direct Connect has no DryRun, so these check what they can with
/// read-only calls (DescribeVirtualInterfaces, ListVirtualInterfaceTestHistory) and say what would happen; they never
/// call StartBgpFailoverTest or StopBgpFailoverTest.
/// </summary>
public sealed partial class DxBgpFailoverTests
{
    /// <summary>
    /// The -WhatIf of Start-DxBgpFailoverTest: the interface exists and is available, the peers are its own and not
    /// being deleted (DescribeVirtualInterfaces), and no test runs there (ListVirtualInterfaceTestHistory).
    /// </summary>
    public async Task WhatIfStartAsync(StartDxBgpFailoverTestRequest request, IOutputSink sink, CancellationToken ct)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        DxVirtualInterface? vif;
        List<DxBgpFailoverTest> history;
        try
        {
            vif = await new DxBgpPeers(_client).DescribeOneAsync(request.VirtualInterfaceId, ct).ConfigureAwait(false);
            if (vif is null)
            {
                sink.Write(PumpEventKind.Error, ErrorCatalogue.ObjectNotFound.For(
                    "What if: virtual interface " + request.VirtualInterfaceId + " was not found in " + _client.Region + ", so StartBgpFailoverTest would fail.", request));
                return;
            }
            if (WhyNotStartable(vif, request) is { } reason)
            {
                sink.Write(PumpEventKind.Error, reason.Error.For("What if: " + reason.Message + " So StartBgpFailoverTest would fail.", request));
                return;
            }
            history = await HistoryAsync(request.VirtualInterfaceId, sink, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, request));
            return;
        }
        if (Running(history) is { } running)
        {
            sink.Write(PumpEventKind.Error, InProgress(running, request, "So StartBgpFailoverTest would fail."));
            return;
        }
        var peers = request.BgpPeerIds.Select(id => vif.BgpPeers.First(p => p.BgpPeerId == id))
            .Select(p => p.BgpPeerId + " (" + (p.AddressFamily == AddressFamily.IPv6 ? "IPv6" : "IPv4") + ", " + p.CustomerAddress + ", BGP " + p.BgpStatus.ToString().ToLowerInvariant() + ")");
        sink.Write(PumpEventKind.Information,
            "What if: Direct Connect has no DryRun; checked " + vif.VirtualInterfaceId + (string.IsNullOrEmpty(vif.VirtualInterfaceName) ? string.Empty : " (" + vif.VirtualInterfaceName + ")") +
            " and its failover test history with read-only DescribeVirtualInterfaces and ListVirtualInterfaceTestHistory calls. Would take BGP DOWN on " +
            string.Join(", ", peers) + " for " + request.DurationInMinutes + " minute(s); AWS restores the sessions when the test ends or is stopped. Nothing was changed.");
    }

    /// <summary>The -WhatIf of Stop-DxBgpFailoverTest: which test runs on the interface (ListVirtualInterfaceTestHistory), if any.</summary>
    public async Task WhatIfStopAsync(string virtualInterfaceId, IOutputSink sink, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(virtualInterfaceId)) throw new ArgumentNullException(nameof(virtualInterfaceId));
        List<DxBgpFailoverTest> history;
        try
        {
            history = await HistoryAsync(virtualInterfaceId, sink, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, virtualInterfaceId));
            return;
        }
        var running = Running(history);
        if (running is null)
        {
            sink.Write(PumpEventKind.Error, NothingRunning(virtualInterfaceId, history, "So StopBgpFailoverTest would fail."));
            return;
        }
        sink.Write(PumpEventKind.Information,
            "What if: found " + Describe(running) + " on " + virtualInterfaceId + " with a read-only ListVirtualInterfaceTestHistory call. Would stop it; AWS then restores BGP on " +
            Peers(running.BgpPeerIds) + ". Nothing was changed.");
    }
}
