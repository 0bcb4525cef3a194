using System.Collections.Concurrent;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Tests.Infrastructure;
using Xunit;
using static BgpPeering.Tests.Infrastructure.PumpRun;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// The operations behind the Route Server cmdlets, run through the same OutputPump the cmdlets use, against a
/// loopback server whose answers the test controls.
/// </summary>
public sealed class RouteServerOperationsTests
{
    private static string PeerXml(string id, string state = "available", string bgp = "up") => $"""
        <item><routeServerPeerId>{id}</routeServerPeerId><routeServerEndpointId>rse-0123456789abcdef0</routeServerEndpointId>
        <state>{state}</state><peerAddress>10.0.1.10</peerAddress><bgpOptions><peerAsn>65001</peerAsn>
        <peerLivenessDetection>bgp-keepalive</peerLivenessDetection></bgpOptions><bgpStatus><status>{bgp}</status></bgpStatus></item>
        """;

    private static CannedResponse PeersPage(IEnumerable<string> ids, string? nextToken) => new(200, "text/xml;charset=UTF-8",
        "<DescribeRouteServerPeersResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><routeServerPeerSet>" +
        string.Concat(ids.Select(id => PeerXml(id))) + "</routeServerPeerSet>" +
        (nextToken is null ? string.Empty : "<nextToken>" + nextToken + "</nextToken>") + "</DescribeRouteServerPeersResponse>");

    private static CannedResponse NotFound(string id) => new(400, "text/xml;charset=UTF-8",
        $"<Response><Errors><Error><Code>InvalidRouteServerPeerId.NotFound</Code><Message>The route server peer ID '{id}' does not exist</Message></Error></Errors><RequestID>req-nf</RequestID></Response>");

    private static string Id(int i) => "rsp-" + i.ToString("x17");

    [Fact]
    public async Task Peers_stream_the_first_object_reaches_the_pipeline_before_the_last_page_is_fetched()
    {
        var firstObjectSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heldPageTimedOut = false;
        await using var server = new FixtureServer(req =>
        {
            var form = WireFixtures.DecodeForm(req.BodyText).ToDictionary(kv => kv.Key, kv => kv.Value);
            if (!form.TryGetValue("NextToken", out var token))
                return PeersPage(Enumerable.Range(1, 5).Select(Id), "page-2");
            // The server holds page 2 until the pipeline thread has written an object from page 1. Code that
            // buffered every page before writing would never get there: the wait would time out.
            if (!firstObjectSeen.Task.Wait(TimeSpan.FromSeconds(20))) heldPageTimedOut = true;
            return token == "page-2" ? PeersPage(Enumerable.Range(6, 5).Select(Id), "page-3") : PeersPage(Enumerable.Range(11, 2).Select(Id), null);
        });
        var client = TestSessions.RouteServer(server.Url);

        var events = await Task.Run(() => Run(
            (sink, ct) => new RouteServerPeers(client).GetAsync([], new RouteServerPeerQuery { MaxResults = 5 }, sink, ct),
            e => { if (e.Kind == PumpEventKind.Output) firstObjectSeen.TrySetResult(); }));

        var peers = events.Where(e => e.Kind == PumpEventKind.Output).Select(e => ((RouteServerPeer)e.Payload!).RouteServerPeerId).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(Id), peers);
        Assert.False(heldPageTimedOut, "the first object was not written before page 2 was fetched");
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Contains("MaxResults=5", r.BodyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_id_is_one_ObjectNotFound_error_and_the_others_are_still_returned()
    {
        var missing = Id(99);
        await using var server = new FixtureServer(req =>
        {
            var ids = WireFixtures.DecodeForm(req.BodyText).Where(kv => kv.Key.StartsWith("RouteServerPeerId.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
            return ids.Contains(missing) ? NotFound(missing) : PeersPage(ids, null);
        });
        var client = TestSessions.RouteServer(server.Url);

        var events = Run((sink, ct) => new RouteServerPeers(client).GetAsync([Id(1), missing, Id(2)], new RouteServerPeerQuery { MaxResults = 1000 }, sink, ct));

        Assert.Equal([Id(1), Id(2)], events.Where(e => e.Kind == PumpEventKind.Output).Select(e => ((RouteServerPeer)e.Payload!).RouteServerPeerId));
        var error = (ItemError)Assert.Single(events, e => e.Kind == PumpEventKind.Error).Payload!;
        Assert.Equal("ObjectNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal(missing, error.Target);
        Assert.Contains("req-nf", error.Exception.Message, StringComparison.Ordinal);
        // IDs are never sent with MaxResults.
        Assert.All(server.Requests, r => Assert.DoesNotContain("MaxResults", r.BodyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_are_asked_for_in_one_call_per_200()
    {
        await using var server = new FixtureServer(req => PeersPage(
            WireFixtures.DecodeForm(req.BodyText).Where(kv => kv.Key.StartsWith("RouteServerPeerId.", StringComparison.Ordinal)).Select(kv => kv.Value), null));
        var client = TestSessions.RouteServer(server.Url);
        var ids = Enumerable.Range(1, 450).Select(Id).ToList();

        var events = Run((sink, ct) => new RouteServerPeers(client).GetAsync(ids.Concat(ids.Take(10)).ToList(), new RouteServerPeerQuery(), sink, ct));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(450, events.Count(e => e.Kind == PumpEventKind.Output));
    }

    [Fact]
    public async Task Removing_a_peer_already_deleting_is_a_clear_error_not_a_crash()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(400, "text/xml;charset=UTF-8",
            "<Response><Errors><Error><Code>IncorrectState</Code><Message>The route server peer is in an incorrect state.</Message></Error></Errors><RequestID>req-is</RequestID></Response>"));
        var client = TestSessions.RouteServer(server.Url);

        var events = Run((sink, ct) => new RouteServerPeers(client).RemoveAsync(Id(1), passThru: true, sink, ct));

        Assert.DoesNotContain(events, e => e.Kind == PumpEventKind.Output);
        var error = (ItemError)Assert.Single(events, e => e.Kind == PumpEventKind.Error).Payload!;
        Assert.Equal("PeerAlreadyDeleting", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(Id(1), error.Target);
        Assert.Contains("already being deleted", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("req-is", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_with_PassThru_writes_the_peer_in_its_deleting_state()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DeleteRouteServerPeer.success.xml"));
        var client = TestSessions.RouteServer(server.Url);

        var quiet = Run((sink, ct) => new RouteServerPeers(client).RemoveAsync("rsp-0123456789abcdef0", passThru: false, sink, ct));
        var loud = Run((sink, ct) => new RouteServerPeers(client).RemoveAsync("rsp-0123456789abcdef0", passThru: true, sink, ct));

        Assert.DoesNotContain(quiet, e => e.Kind == PumpEventKind.Output);
        Assert.Equal(RouteServerState.Deleting, ((RouteServerPeer)Assert.Single(loud, e => e.Kind == PumpEventKind.Output).Payload!).State);
    }

    [Fact]
    public async Task WhatIf_dry_run_allowed_says_so_visibly_and_denied_is_PermissionDenied()
    {
        var request = new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 };
        await using var allowed = new FixtureServer(_ => WireFixtures.Canned("EC2.CreateRouteServerPeer.error-DryRunOperation.xml"));
        await using var denied = new FixtureServer(_ => WireFixtures.Canned("EC2.CreateRouteServerPeer.error-UnauthorizedOperation.xml"));

        var ok = Run((sink, ct) => new RouteServerPeers(TestSessions.RouteServer(allowed.Url)).DryRunCreateAsync(request, sink, ct));
        var no = Run((sink, ct) => new RouteServerPeers(TestSessions.RouteServer(denied.Url)).DryRunCreateAsync(request, sink, ct));

        var info = (string)Assert.Single(ok, e => e.Kind == PumpEventKind.Information).Payload!;
        Assert.Contains("would succeed", info, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", info, StringComparison.Ordinal);
        Assert.DoesNotContain(ok, e => e.Kind is PumpEventKind.Output or PumpEventKind.Error);
        Assert.Contains("DryRun=true", allowed.Requests.Single().BodyText, StringComparison.Ordinal);

        var error = (ItemError)Assert.Single(no, e => e.Kind == PumpEventKind.Error).Payload!;
        Assert.Equal("PermissionDenied", error.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Same(request, error.Target);
        Assert.DoesNotContain(no, e => e.Kind == PumpEventKind.Information);
    }

    [Fact]
    public void Cancelling_the_pump_stops_the_work_and_throws_OperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var started = new ManualResetEventSlim();
        Assert.ThrowsAny<OperationCanceledException>(() => OutputPump.Run(async (sink, ct) =>
        {
            sink.Write(PumpEventKind.Output, "first");
            started.Set();
            await Task.Delay(Timeout.Infinite, ct);
        }, e => { if (e.Kind == PumpEventKind.Output) cts.Cancel(); }, cts.Token));
    }

    [Fact]
    public void Work_failures_surface_on_the_pipeline_thread_after_earlier_output()
    {
        var seen = new ConcurrentQueue<object?>();
        var ex = Assert.Throws<InvalidOperationException>(() => OutputPump.Run((sink, ct) =>
        {
            sink.Write(PumpEventKind.Output, 1);
            throw new InvalidOperationException("boom");
        }, e => seen.Enqueue(e.Payload), CancellationToken.None));
        Assert.Equal("boom", ex.Message);
        Assert.Equal([1], seen.Cast<int>());
    }
}
