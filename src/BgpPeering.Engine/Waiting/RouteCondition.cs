using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Waiting;

/// <summary>How the waiter counts routes: one routing-database read per route server, one route listing per interface.</summary>
internal interface IRouteReader
{
    /// <summary>The in-fib routes of each peer in a route server's routing database (every page of one GetRouteServerRoutingDatabase read).</summary>
    Task<IReadOnlyDictionary<string, int>> CountInstalledRoutesAsync(AwsSession session, string routeServerId, CancellationToken ct);

    /// <summary>The routes a virtual interface accepted, by address family (every page of one ListVirtualInterfaceRoutes read).</summary>
    Task<IReadOnlyDictionary<AddressFamily, int>> CountAcceptedRoutesAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct);
}

internal sealed class ApiRouteReader : IRouteReader
{
    public static readonly ApiRouteReader Instance = new();

    public async Task<IReadOnlyDictionary<string, int>> CountInstalledRoutesAsync(AwsSession session, string routeServerId, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await session.RouteServer.ReadRoutingDatabasePagesAsync(routeServerId, Array.Empty<Filter>(), BgpRouteQuery.MaxRouteServerPageSize, (page, _) =>
        {
            foreach (var route in page.Items)
            {
                if (route.Status != BgpRouteStatus.InFib || route.RouteServerPeerId is null) continue;
                counts[route.RouteServerPeerId] = counts.TryGetValue(route.RouteServerPeerId, out var c) ? c + 1 : 1;
            }
            return true;
        }, ct).ConfigureAwait(false);
        return counts;
    }

    public async Task<IReadOnlyDictionary<AddressFamily, int>> CountAcceptedRoutesAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct)
    {
        var counts = new Dictionary<AddressFamily, int>();
        await session.DirectConnect.ReadVirtualInterfaceRoutePagesAsync(virtualInterfaceId, RouteDirection.Accepted, null, null, BgpRouteQuery.MaxDirectConnectPageSize, (page, _) =>
        {
            foreach (var route in page.Items)
            {
                if (route.AddressFamily is not AddressFamily f) continue;
                counts[f] = counts.TryGetValue(f, out var c) ? c + 1 : 1;
            }
            return true;
        }, ct).ConfigureAwait(false);
        return counts;
    }
}

/// <summary>
/// Wait-BgpPeerUp -MinimumRouteCount: a peer whose BGP session is up is done only once it has that many routes in the
/// FIB (Route Server: in-fib routes it advertised) or accepted (Direct Connect: accepted routes of its interface and
/// address family; the API names no peer per route). Each round the waiter hands it the peers it found up, and it reads
/// routes for all of them together: one routing-database read per route server and one route listing per virtual
/// interface, never one per peer. It remembers each peer's last count for the timeout's message.
/// </summary>
internal sealed class RouteCondition
{
    private readonly IRouteReader _reader;
    private readonly List<(WaitTarget Target, IBgpPeer Fresh)> _up = new();
    private readonly Dictionary<WaitTarget, int> _counts = new();

    public RouteCondition(int minimum, IRouteReader reader)
    {
        Minimum = minimum;
        _reader = reader;
    }

    public int Minimum { get; }

    /// <summary>A peer found up this round: its routes are counted at the end of the round.</summary>
    public void Up(WaitTarget target, IBgpPeer fresh) => _up.Add((target, fresh));

    /// <summary>
    /// Counts the routes of every peer found up this round and hands each with enough to <paramref name="done"/>; a
    /// read that failed for good is <paramref name="refused"/> for each peer it concerned, a transient one is tried
    /// again next round. <paramref name="read"/> bounds each read (the waiter's per-read timeout and deadline).
    /// </summary>
    public async Task CheckRoundAsync(PeerWaiter.Bounded read, Action<WaitTarget, IBgpPeer> done, Action<WaitTarget, Exception> refused,
        Action<string> verbose, CancellationToken ct)
    {
        var up = _up.ToList();
        _up.Clear();
        foreach (var group in up.Where(u => u.Target.Kind == PeerKind.RouteServer).GroupBy(u => (u.Target.Session, ((RouteServerPeer)u.Fresh).RouteServerId)))
        {
            var routeServerId = group.Key.RouteServerId;
            if (string.IsNullOrEmpty(routeServerId))
            {
                foreach (var (target, _) in group) Count(target, 0, "in the FIB (its route server is not known)", verbose);
                continue;
            }
            IReadOnlyDictionary<string, int> counts;
            try
            {
                counts = await read.RunAsync(t => _reader.CountInstalledRoutesAsync(group.Key.Session, routeServerId!, t)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ErrorClassifier.IsTransient(ex, ct))
            {
                verbose("Reading the routing database of " + routeServerId + " failed for now (" + Short(ex) + "); trying again next round.");
                continue;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                foreach (var (target, _) in group) refused(target, ex);
                continue;
            }
            foreach (var (target, fresh) in group)
                if (Count(target, counts.TryGetValue(target.PeerId, out var c) ? c : 0, "in the FIB", verbose)) done(target, fresh);
        }
        foreach (var group in up.Where(u => u.Target.Kind == PeerKind.DirectConnect).GroupBy(u => (u.Target.Session, u.Target.VirtualInterfaceId)))
        {
            IReadOnlyDictionary<AddressFamily, int> counts;
            try
            {
                counts = await read.RunAsync(t => _reader.CountAcceptedRoutesAsync(group.Key.Session, group.Key.VirtualInterfaceId!, t)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ErrorClassifier.IsTransient(ex, ct))
            {
                verbose("Listing the routes of " + group.Key.VirtualInterfaceId + " failed for now (" + Short(ex) + "); trying again next round.");
                continue;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                foreach (var (target, _) in group) refused(target, ex);
                continue;
            }
            foreach (var (target, fresh) in group)
            {
                var family = ((DxBgpPeer)fresh).AddressFamily;
                var count = family is AddressFamily f ? (counts.TryGetValue(f, out var c) ? c : 0) : counts.Values.Sum();
                if (Count(target, count, "accepted", verbose)) done(target, fresh);
            }
        }
    }

    /// <summary>What the wait is for, after "waiting for rsp-… to come up".</summary>
    public string Goal(WaitTarget target) =>
        " with " + Routes(Minimum) + (target.Kind == PeerKind.RouteServer ? " in the FIB" : " accepted");

    /// <summary>What the last round found, for a peer that was up: "; up, with 0 routes in the FIB". Empty when it never was up.</summary>
    public string Seen(WaitTarget target) =>
        _counts.TryGetValue(target, out var count)
            ? "; its session was up with " + Routes(count) + (target.Kind == PeerKind.RouteServer ? " in the FIB" : " accepted") + ", short of " + Minimum
            : string.Empty;

    private bool Count(WaitTarget target, int count, string where, Action<string> verbose)
    {
        if (!_counts.TryGetValue(target, out var before) || before != count)
            verbose(target.PeerId + ": BGP up, " + Routes(count) + " " + where + " (" + Minimum + " needed).");
        _counts[target] = count;
        return count >= Minimum;
    }

    private static string Short(Exception ex) => ex is Aws.AwsServiceException aws ? aws.ErrorCode : ex.Message;

    private static string Routes(int n) => n + (n == 1 ? " route" : " routes");
}
