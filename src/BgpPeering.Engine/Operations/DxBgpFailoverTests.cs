using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door for Direct Connect BGP failover tests: what Start-, Get- and Stop-DxBgpFailoverTest call. The
/// history reads are here; the start and the stop (with their read-back after a lost answer) in
/// DxBgpFailoverTests.Writes.cs, and their read-only -WhatIf in DxBgpFailoverTests.WhatIf.cs.
/// <para>
/// A test is taken to be running when AWS says <c>in-progress</c> (in any spelling <see cref="WireNames"/> knows), or
/// when its status is one this version cannot read and it has no end time: AWS declares no list of statuses, so a
/// spelling of its own must not make a running test look finished.
/// </para>
/// </summary>
public sealed partial class DxBgpFailoverTests
{
    private readonly DirectConnectClient _client;

    public DxBgpFailoverTests(DirectConnectClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// The work of Get-DxBgpFailoverTest: the tests each query finds, each written once, as its page arrives;
    /// with <paramref name="statuses"/>, only those in one of them.
    /// </summary>
    public EngineWork Get(IReadOnlyList<DxBgpFailoverTestQuery> queries, IReadOnlyCollection<DxBgpFailoverTestStatus>? statuses) =>
        (sink, ct) => GetAsync(queries, statuses, sink, ct);

    /// <summary>
    /// Writes the tests the queries find (with none, the region's whole history), each once. The status is matched
    /// here rather than sent: AWS declares no spelling for it. A test asked for by ID and not found is one
    /// ObjectNotFound error; a query that fails is one error about what it asked for, and the others still run.
    /// </summary>
    public async Task GetAsync(IReadOnlyList<DxBgpFailoverTestQuery> queries, IReadOnlyCollection<DxBgpFailoverTestStatus>? statuses, IOutputSink sink, CancellationToken ct)
    {
        var wanted = queries is { Count: > 0 } ? queries : new[] { new DxBgpFailoverTestQuery() };
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in wanted)
        {
            var found = 0;
            try
            {
                await _client.ReadTestHistoryPagesAsync(query, (page, n) =>
                {
                    sink.Write(PumpEventKind.Verbose, DxRequests.ListVirtualInterfaceTestHistory + " (" + query + ") page " + n + ": " + page.Items.Count + " test(s)" +
                        (page.NextToken is null ? "." : ", more to come."));
                    foreach (var test in page.Items)
                    {
                        if (query.TestId is not null && test.TestId != query.TestId) continue;
                        found++;
                        if (statuses is { Count: > 0 } && !statuses.Contains(test.Status)) continue;
                        if (emitted.Add(test.TestId)) sink.Write(PumpEventKind.Output, test);
                    }
                    return true;
                }, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, Target(query)));
                continue;
            }
            if (found == 0 && query.TestId is not null && reported.Add(query.ToString()))
            {
                var where = query.VirtualInterfaceId is null ? string.Empty : " on " + query.VirtualInterfaceId;
                var of = query.BgpPeerId is null ? string.Empty : " of " + query.BgpPeerId;
                sink.Write(PumpEventKind.Error, ErrorCatalogue.ObjectNotFound.For(
                    "Failover test " + query.TestId + of + " was not found" + where + " in " + _client.Region + ".", query.TestId));
            }
        }
    }

    /// <summary>The whole failover test history of one interface, every page.</summary>
    internal async Task<List<DxBgpFailoverTest>> HistoryAsync(string virtualInterfaceId, IOutputSink sink, CancellationToken ct)
    {
        var query = new DxBgpFailoverTestQuery { VirtualInterfaceId = virtualInterfaceId };
        var tests = new List<DxBgpFailoverTest>();
        await _client.ReadTestHistoryPagesAsync(query, (page, n) =>
        {
            sink.Write(PumpEventKind.Verbose, DxRequests.ListVirtualInterfaceTestHistory + " (" + query + ") page " + n + ": " + page.Items.Count + " test(s)" +
                (page.NextToken is null ? "." : ", more to come."));
            tests.AddRange(page.Items.Where(t => t.VirtualInterfaceId == virtualInterfaceId));
            return true;
        }, ct).ConfigureAwait(false);
        return tests;
    }

    /// <summary>Running: <c>in-progress</c>, or a status this version cannot read without an end time.</summary>
    internal static bool IsRunning(DxBgpFailoverTest test) =>
        test.Status == DxBgpFailoverTestStatus.InProgress || (test.Status == DxBgpFailoverTestStatus.Unknown && test.EndTime is null);

    /// <summary>The test running among <paramref name="tests"/> (the latest, should AWS list two), or null.</summary>
    internal static DxBgpFailoverTest? Running(IEnumerable<DxBgpFailoverTest> tests) =>
        tests.Where(IsRunning).OrderByDescending(t => t.StartTime ?? DateTimeOffset.MinValue).FirstOrDefault();

    /// <summary>The test that ended last among <paramref name="tests"/>, or null.</summary>
    internal static DxBgpFailoverTest? LastEnded(IEnumerable<DxBgpFailoverTest> tests) =>
        tests.Where(t => !IsRunning(t)).OrderByDescending(t => t.EndTime ?? t.StartTime ?? DateTimeOffset.MinValue).FirstOrDefault();

    /// <summary>"dxpeer-a, dxpeer-b"; for messages.</summary>
    internal static string Peers(IReadOnlyList<string> ids) => ids.Count == 0 ? "every BGP peer" : string.Join(", ", ids);

    /// <summary>A test for messages: "T (in-progress since 10:00:00Z, dxpeer-a)".</summary>
    internal static string Describe(DxBgpFailoverTest test)
    {
        var status = test.StatusText ?? WireNames.ToWire(test.Status);
        var when = IsRunning(test)
            ? (test.StartTime is DateTimeOffset s ? " since " + Time(s) : string.Empty)
            : (test.EndTime is DateTimeOffset e ? " at " + Time(e) : string.Empty);
        return test.TestId + " (" + status + when + ", " + Peers(test.BgpPeerIds) + ")";
    }

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What an error about a query names: the test ID, else the interface, else the peer, else the query.</summary>
    private static object Target(DxBgpFailoverTestQuery query) =>
        (object?)query.TestId ?? (object?)query.VirtualInterfaceId ?? (object?)query.BgpPeerId ?? query;
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door for Direct Connect BGP failover tests in this session.</summary>
    public static DxBgpFailoverTests DxBgpFailoverTests(this AwsSession session) => new(session.DirectConnect);
}
