using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door for routes: what Get-BgpRoute calls. Everything one call asks for is read in as few calls as the
/// APIs allow, and every page is written before the next is asked for:
/// <list type="bullet">
/// <item>a route server's whole routing database: one GetRouteServerRoutingDatabase read (its pages);</item>
/// <item>Route Server peers: one routing-database read per route server, whatever the number of its peers asked for,
/// keeping the routes those peers advertised (the API has no filter by peer). A peer given by ID alone is looked up
/// first, a few hundred IDs a DescribeRouteServerPeers call, to learn its route server;</item>
/// <item>Direct Connect: one ListVirtualInterfaceRoutes read per virtual interface, whatever the number of its peers.</item>
/// </list>
/// </summary>
public sealed class BgpRoutes
{
    private readonly RouteServerClient _routeServer;
    private readonly DirectConnectClient _directConnect;

    public BgpRoutes(RouteServerClient routeServer, DirectConnectClient directConnect)
    {
        _routeServer = routeServer ?? throw new ArgumentNullException(nameof(routeServer));
        _directConnect = directConnect ?? throw new ArgumentNullException(nameof(directConnect));
    }

    /// <summary>
    /// The work of Get-BgpRoute with no source: the routes of every route server in the region that has endpoints
    /// (found with DescribeRouteServerEndpoints; a route server without endpoints has no peers, so no routes), each
    /// routing database read once.
    /// </summary>
    public EngineWork GetAll(BgpRouteQuery query) => async (sink, ct) =>
    {
        var ids = new List<string>();
        await _routeServer.ReadEndpointPagesAsync(new RouteServerEndpointQuery(), (page, _) =>
        {
            foreach (var endpoint in page.Items)
                if (endpoint.RouteServerId is { Length: > 0 } id && !ids.Contains(id, StringComparer.Ordinal)) ids.Add(id);
            return true;
        }, ct).ConfigureAwait(false);
        if (sink.Wants(PumpEventKind.Verbose))
            sink.Write(PumpEventKind.Verbose, "DescribeRouteServerEndpoints: " + ids.Count + " route server(s) with endpoints: " + string.Join(", ", ids) + ".");
        await GetAsync(ids.Select(RouteSource.ForRouteServer).ToList(), query, sink, ct).ConfigureAwait(false);
    };

    /// <summary>The work of Get-BgpRoute: the routes of every source, read together.</summary>
    public EngineWork Get(IReadOnlyList<RouteSource> sources, BgpRouteQuery query) => (sink, ct) => GetAsync(sources, query, sink, ct);

    public async Task GetAsync(IReadOnlyList<RouteSource> sources, BgpRouteQuery query, IOutputSink sink, CancellationToken ct)
    {
        var wholeServers = sources.Where(s => s.Kind == RouteSourceKind.RouteServer).Select(s => s.Id).Distinct(StringComparer.Ordinal).ToList();
        foreach (var routeServerId in wholeServers)
            await ReadRouteServerAsync(routeServerId, null, new object[] { routeServerId }, query, sink, ct).ConfigureAwait(false);

        var peers = sources.Where(s => s.Kind == RouteSourceKind.RouteServerPeer).GroupBy(s => s.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (peers.Count > 0)
        {
            var routeServers = await RouteServersOfAsync(peers, sink, ct).ConfigureAwait(false);
            foreach (var group in peers.Where(p => routeServers.ContainsKey(p.Id)).GroupBy(p => routeServers[p.Id], StringComparer.Ordinal))
            {
                // A route server whose whole database was listed above has given these peers' routes already.
                if (wholeServers.Contains(group.Key, StringComparer.Ordinal)) continue;
                var ids = new HashSet<string>(group.Select(p => p.Id), StringComparer.Ordinal);
                await ReadRouteServerAsync(group.Key, ids, group.Select(p => p.Target).ToArray(), query, sink, ct).ConfigureAwait(false);
            }
        }

        foreach (var group in sources.Where(s => s.Kind == RouteSourceKind.VirtualInterface).GroupBy(s => s.Id, StringComparer.Ordinal))
            await ReadVirtualInterfaceAsync(group.Key, group.ToList(), query, sink, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The route server of each peer: from the piped peer where it said, else from one DescribeRouteServerPeers per
    /// few hundred IDs (a missing ID is one ObjectNotFound error, and the others are still read).
    /// </summary>
    private async Task<Dictionary<string, string>> RouteServersOfAsync(List<RouteSource> peers, IOutputSink sink, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in peers)
            if (p.RouteServerId is not null) result[p.Id] = p.RouteServerId;
        var unknown = peers.Where(p => p.RouteServerId is null).Select(p => p.Id).ToList();
        if (unknown.Count == 0) return result;
        sink.Write(PumpEventKind.Verbose, "DescribeRouteServerPeers: the route server of " + unknown.Count + " peer(s) given by ID.");
        await ByIdReads.ReadChunksAsync(unknown, (part, t) => _routeServer.ReadPeerPagesAsync(new RouteServerPeerQuery().ForIds(part), (page, _) =>
        {
            foreach (var peer in page.Items)
                if (peer.RouteServerId is { Length: > 0 } rs) result[peer.RouteServerPeerId] = rs;
            return true;
        }, t), sink, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Reads one route server's routing database page by page and writes its routes: all of them, or only those of
    /// <paramref name="peerIds"/>. A failure is one error for each of <paramref name="targets"/>.
    /// </summary>
    private async Task ReadRouteServerAsync(string routeServerId, HashSet<string>? peerIds, object[] targets, BgpRouteQuery query, IOutputSink sink, CancellationToken ct)
    {
        const string Action = "GetRouteServerRoutingDatabase";
        var counts = peerIds?.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        try
        {
            await _routeServer.ReadRoutingDatabasePagesAsync(routeServerId, query.RouteServerFilters(), query.PageSize, (page, n) =>
            {
                var kept = 0;
                foreach (var route in page.Items)
                {
                    if (counts is not null)
                    {
                        if (route.RouteServerPeerId is null || !counts.TryGetValue(route.RouteServerPeerId, out var c)) continue;
                        counts[route.RouteServerPeerId] = c + 1;
                    }
                    kept++;
                    sink.Write(PumpEventKind.Output, route);
                }
                sink.Write(PumpEventKind.Verbose, Action + " " + routeServerId + " page " + n + ": " + page.Items.Count + " route(s)" +
                    (counts is null ? string.Empty : ", " + kept + " from the peer(s) asked for") + (page.NextToken is null ? "." : ", more to come."));
                return true;
            }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            foreach (var target in targets) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
            return;
        }
        if (counts is not null)
            foreach (var c in counts) sink.Write(PumpEventKind.Verbose, c.Key + ": " + c.Value + " route(s) in " + routeServerId + "'s routing database" + (query.Prefix is null ? "." : " (" + query + ")."));
    }

    /// <summary>
    /// Reads one virtual interface's routes page by page and writes those its sources ask for: every route for the
    /// interface itself, a piped peer's address family for a peer. A route names its peer when exactly one piped peer
    /// has its family. Direct Connect's prefix filter (<c>cidrs</c>) is sent for an exact match only, since how it
    /// matches is not documented; every match kind is also applied here.
    /// </summary>
    private async Task ReadVirtualInterfaceAsync(string virtualInterfaceId, List<RouteSource> sources, BgpRouteQuery query, IOutputSink sink, CancellationToken ct)
    {
        const string Action = "ListVirtualInterfaceRoutes";
        var whole = sources.Any(s => s.BgpPeerId is null || s.AddressFamily is null);
        var families = sources.Where(s => s.AddressFamily is not null).Select(s => s.AddressFamily!.Value).Distinct().ToList();
        AddressFamily? familyFilter = !whole && families.Count == 1 ? families[0] : null;
        var peerOf = sources.Where(s => s.BgpPeerId is not null && s.AddressFamily is not null)
            .GroupBy(s => s.AddressFamily!.Value)
            .ToDictionary(g => g.Key, g => g.Select(s => s.BgpPeerId!).Distinct(StringComparer.Ordinal).ToList());
        var cidr = query.Prefix is IpPrefix p && query.Match == RoutePrefixMatch.Exact ? p.ToString() : null;
        var longest = query.Prefix is not null && query.Match == RoutePrefixMatch.LongestPrefix ? new List<(BgpRoute Route, int Length)>() : null;
        var pageSize = Math.Min(query.PageSize, BgpRouteQuery.MaxDirectConnectPageSize);
        try
        {
            await _directConnect.ReadVirtualInterfaceRoutePagesAsync(virtualInterfaceId, query.Direction, familyFilter, cidr, pageSize, (page, n) =>
            {
                var kept = 0;
                foreach (var route in page.Items)
                {
                    if (!whole && (route.AddressFamily is not AddressFamily f || !peerOf.ContainsKey(f))) continue;
                    if (query.Prefix is not null)
                    {
                        if (!IpPrefix.TryParse(route.Prefix, out var prefix, out _) || !query.Selects(prefix)) continue;
                        if (longest is not null)
                        {
                            longest.Add((route, prefix.Length));
                            continue;
                        }
                    }
                    if (route.AddressFamily is AddressFamily family && peerOf.TryGetValue(family, out var ids) && ids.Count == 1) route.BgpPeerId = ids[0];
                    kept++;
                    sink.Write(PumpEventKind.Output, route);
                }
                sink.Write(PumpEventKind.Verbose, Action + " " + virtualInterfaceId + " (" + WireNames.ToWire(query.Direction) + ") page " + n + ": " +
                    page.Items.Count + " route(s), " + kept + " kept" + (page.NextToken is null ? "." : ", more to come."));
                return true;
            }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            foreach (var source in sources) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, source.Target));
            return;
        }
        if (longest is { Count: > 0 })
        {
            // The longest match is known only once every page is read: the most specific routes that cover the prefix.
            var best = longest.Max(r => r.Length);
            foreach (var (route, length) in longest)
            {
                if (length != best) continue;
                if (route.AddressFamily is AddressFamily family && peerOf.TryGetValue(family, out var ids) && ids.Count == 1) route.BgpPeerId = ids[0];
                sink.Write(PumpEventKind.Output, route);
            }
        }
    }
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door for Route Server and Direct Connect routes in this session.</summary>
    public static BgpRoutes BgpRoutes(this AwsSession session) => new(session.RouteServer, session.DirectConnect);
}
