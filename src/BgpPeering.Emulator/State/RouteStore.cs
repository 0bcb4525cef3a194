using System.Globalization;
using System.Net;
using System.Text.Json;

namespace BgpPeering.Emulator.State;

/// <summary>One segment of an AS path: an ordered AS_SEQUENCE, or (Direct Connect) an unordered AS_SET.</summary>
internal sealed record AsSegment(bool IsSet, IReadOnlyList<long> Asns);

/// <summary>One route a peer advertises, checked: its network (canonical text too), AS path, MED and communities.</summary>
internal sealed class AdvertisedRoute
{
    public required IPNetwork Network;
    public required string Prefix;
    /// <summary>The prefix's place in listings (family, address, length; fixed width, so ordinal order is prefix order).</summary>
    public required string SortKey;
    public required IReadOnlyList<AsSegment> AsPath;
    public long? Med;
    public IReadOnlyList<string> Communities = Array.Empty<string>();

    /// <summary>The length BGP compares: each ASN of a sequence once, a set as one.</summary>
    public int PathLength => AsPath.Sum(s => s.IsSet ? 1 : s.Asns.Count);

    /// <summary>The route as the seed and the admin API write it.</summary>
    public RouteSeed ToSeed() => new()
    {
        Prefix = Prefix,
        AsPath = AsPath.SelectMany(s => s.IsSet
            ? new[] { JsonSerializer.SerializeToElement(s.Asns) }
            : s.Asns.Select(a => JsonSerializer.SerializeToElement(a))).ToList(),
        Med = Med,
        Communities = Communities.Count == 0 ? null : Communities.ToList(),
    };
}

/// <summary>
/// Routes: what each peer advertises, and what the two APIs answer from it. A peer's routes are kept whatever its
/// state, but they count only while the peer's BGP status, as the API reports it at that instant, is up: so whatever
/// takes a session down (its simulated life, a flap, an admin pin, a Direct Connect failover test) withdraws its
/// routes, and they come back with the session. Nothing is stored per route server: its routing database (best path
/// per prefix, installation in its route tables) is computed from the peers' routes and statuses when it is read.
/// Callers hold the state's lock and have swept.
/// </summary>
internal sealed class RouteStore
{
    /// <summary>The most routes one peer may advertise here (a sanity bound; AWS's own quotas are lower).</summary>
    public const int MaxRoutesPerPeer = 100_000;

    private readonly World _world;
    private readonly Dictionary<string, PeerRouteSet> _advertised = new(StringComparer.Ordinal);

    public RouteStore(World world) => _world = world;

    private sealed record PeerRouteSet(IReadOnlyList<AdvertisedRoute> Routes, DateTimeOffset SetAt);

    /// <summary>
    /// Replaces what a <c>rsp-</c> or <c>dxpeer-</c> peer advertises. Every route is checked first (an
    /// <see cref="ArgumentException"/> names the one at fault), so a refused set changes nothing.
    /// </summary>
    public IReadOnlyList<AdvertisedRoute> Set(string peerId, IReadOnlyList<RouteSeed> routes, DateTimeOffset now)
    {
        bool directConnect;
        string family;
        if (_world.RouteServer.Peers.ContainsKey(peerId))
        {
            directConnect = false;
            family = "ipv4"; // Route Server peers have IPv4 addresses here, and advertise IPv4 prefixes.
        }
        else if (_world.DirectConnect.Peers.TryGetValue(peerId, out var dx))
        {
            directConnect = true;
            family = dx.AddressFamily;
        }
        else throw new ArgumentException("No peer has the ID '" + peerId + "'. Expected an existing rsp- or dxpeer- ID.", nameof(peerId));
        var parsed = ParseAll(routes, "routes", directConnect, family);
        _advertised[peerId] = new PeerRouteSet(parsed, now);
        return parsed;
    }

    /// <summary>Checks a peer's whole route list: each route (<see cref="Parse"/>), no prefix twice, at most <see cref="MaxRoutesPerPeer"/>.</summary>
    public static List<AdvertisedRoute> ParseAll(IReadOnlyList<RouteSeed> routes, string what, bool directConnect, string family)
    {
        if (routes.Count > MaxRoutesPerPeer)
            throw new ArgumentException(what + " has " + routes.Count + " entries; a peer may advertise at most " + MaxRoutesPerPeer + " here.");
        var parsed = new List<AdvertisedRoute>(routes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            var route = Parse(routes[i], what + "[" + i + "]", directConnect, family);
            if (!seen.Add(route.Prefix)) throw new ArgumentException(what + "[" + i + "]: the prefix " + route.Prefix + " is given twice; a peer advertises one route per prefix.");
            parsed.Add(route);
        }
        return parsed;
    }

    /// <summary>What a peer advertises and whether those routes count now (its BGP is up); null for an unknown peer.</summary>
    public PeerRoutes? Get(string peerId, DateTimeOffset now)
    {
        string? bgp;
        if (_world.RouteServer.Peers.TryGetValue(peerId, out var rs)) bgp = _world.RouteServer.View(rs, now).BgpStatus;
        else if (_world.DirectConnect.Peers.TryGetValue(peerId, out var dx)) bgp = _world.DirectConnect.View(dx, now).BgpStatus;
        else return null;
        var routes = _advertised.TryGetValue(peerId, out var set) ? set.Routes.Select(r => r.ToSeed()).ToList() : new List<RouteSeed>();
        return new PeerRoutes(peerId, bgp ?? "none", bgp == "up", routes);
    }

    /// <summary>
    /// A route server's routing database (GetRouteServerRoutingDatabase), one page, in prefix order (IPv4 first,
    /// by address, then length, then peer). For each prefix the best path is <c>in-fib</c>: the shortest AS path,
    /// then the lowest MED (none counts as 0), then the lowest peer address, then the lowest peer ID; the others are
    /// <c>in-rib</c>. An in-fib route is installed in each of the route server's route tables, or rejected by one
    /// that routes its prefix statically. <paramref name="searches"/> are the route-search filters, all applied.
    /// </summary>
    public KeyedPage<RsRouteView> RoutingDatabase(string routeServerId, IReadOnlyList<RouteSearch> searches, int? max, string? after, DateTimeOffset now)
    {
        if (!_world.RouteServer.RouteServers.TryGetValue(routeServerId, out var server)) throw ServiceException.RouteServerNotFound(routeServerId);
        var entries = new List<RibEntry>();
        foreach (var (peerId, set) in _advertised)
        {
            if (!_world.RouteServer.Peers.TryGetValue(peerId, out var peer) || !ReferenceEquals(peer.Endpoint.RouteServer, server)) continue;
            if (_world.RouteServer.View(peer, now).BgpStatus != "up") continue;
            var address = AddressKey(peer.PeerAddress);
            foreach (var route in set.Routes) entries.Add(new RibEntry(peer, route, address));
        }
        var best = new Dictionary<string, RibEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
            if (!best.TryGetValue(e.Route.Prefix, out var current) || Better(e, current)) best[e.Route.Prefix] = e;
        foreach (var e in best.Values) e.InFib = true;
        IEnumerable<RibEntry> selected = entries;
        foreach (var search in searches) selected = search.Apply(selected, e => e.Route.Network);
        return Page(selected.Select(e => (e.Route.SortKey, e.Peer.Id, e)), max, after, e => View(server, e));
    }

    /// <summary>
    /// A virtual interface's routes (ListVirtualInterfaceRoutes), one page, in prefix order. Accepted: what each of
    /// its peers whose BGP is up advertises, in that peer's address family. Advertised: the interface's advertised
    /// prefixes of each family that has a peer up, with the Amazon-side ASN as the AS path. The filters are ANDed:
    /// the direction, the family, <paramref name="cidrs"/> (exact prefixes, any of them), <paramref name="asPath"/>
    /// (routes whose path holds every one of these ASNs) and <paramref name="communities"/> (any of them).
    /// </summary>
    public KeyedPage<DxRouteView> VirtualInterfaceRoutes(string virtualInterfaceId, string? direction, string? family, IReadOnlyList<IPNetwork> cidrs,
        IReadOnlyList<long> asPath, IReadOnlyList<string> communities, int? max, string? after, DateTimeOffset now)
    {
        if (!_world.DirectConnect.Vifs.TryGetValue(virtualInterfaceId, out var vif)) throw ServiceException.DxClient("Virtual interface " + virtualInterfaceId + " does not exist.");
        var device = vif.Connection.AwsLogicalDeviceId;
        var up = vif.Peers.Where(p => _world.DirectConnect.View(p, now).BgpStatus == "up").ToList();
        var routes = new List<(string SortKey, string Owner, DxRouteView View)>();
        if (direction is null or "accepted")
        {
            foreach (var peer in up)
            {
                if (!_advertised.TryGetValue(peer.Id, out var set)) continue;
                var since = UpSince(peer.Life, _world.Dx, now);
                var installedAt = since is DateTimeOffset s && s > set.SetAt ? s : set.SetAt;
                foreach (var r in set.Routes)
                    routes.Add((r.SortKey, peer.Id, new DxRouteView(r.Prefix, "accepted", peer.AddressFamily, r.AsPath, r.Communities, device, installedAt)));
            }
        }
        if (direction is null or "advertised")
        {
            foreach (var prefix in vif.AdvertisedPrefixes)
            {
                var network = IPNetwork.Parse(prefix);
                var fam = Family(network);
                var peer = up.FirstOrDefault(p => p.AddressFamily == fam);
                if (peer is null) continue;
                var asn = vif.AmazonSideAsn;
                routes.Add((SortKey(network), "~amazon", new DxRouteView(prefix, "advertised", fam, new[] { new AsSegment(false, new[] { asn }) }, Array.Empty<string>(), device,
                    UpSince(peer.Life, _world.Dx, now) ?? now)));
            }
        }
        IEnumerable<(string SortKey, string Owner, DxRouteView View)> selected = routes;
        if (family is not null) selected = selected.Where(r => r.View.AddressFamily == family);
        if (cidrs.Count > 0) selected = selected.Where(r => cidrs.Any(c => c.Equals(IPNetwork.Parse(r.View.Cidr))));
        if (asPath.Count > 0) selected = selected.Where(r => asPath.All(a => r.View.AsPath.Any(s => s.Asns.Contains(a))));
        if (communities.Count > 0) selected = selected.Where(r => r.View.Communities.Any(communities.Contains));
        return Page(selected, max, after, v => v);
    }

    /// <summary>Checks one seed route for a peer: an <see cref="ArgumentException"/> names <paramref name="what"/> and the fault.</summary>
    public static AdvertisedRoute Parse(RouteSeed seed, string what, bool directConnect, string family)
    {
        if (seed is null) throw new ArgumentException(what + " is null; a route is {\"prefix\": \"10.60.0.0/16\", \"asPath\": [65001]}.");
        if (!TryNetwork(seed.Prefix, out var network))
            throw new ArgumentException(what + ".prefix '" + seed.Prefix + "' is not a CIDR with its network address, such as 10.60.0.0/16.");
        if (Family(network) != family)
            throw new ArgumentException(what + ".prefix " + seed.Prefix + " is " + Family(network) + "; this peer's session is " + family + ", and carries " + family + " prefixes only.");
        var segments = new List<AsSegment>();
        var sequence = new List<long>();
        foreach (var element in seed.AsPath ?? new List<JsonElement>())
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                sequence.Add(Asn(element, what));
                continue;
            }
            if (element.ValueKind != JsonValueKind.Array)
                throw new ArgumentException(what + ".asPath holds " + element.GetRawText() + "; each element is an ASN (1 to 4294967295)" + (directConnect ? " or an array of ASNs (an AS_SET)." : "."));
            if (!directConnect)
                throw new ArgumentException(what + ".asPath holds an AS_SET " + element.GetRawText() + "; AS_SETs are modelled for Direct Connect peers only (how EC2 writes them is not documented).");
            var set = element.EnumerateArray().Select(a => Asn(a, what)).ToList();
            if (set.Count == 0) throw new ArgumentException(what + ".asPath holds an empty AS_SET.");
            if (sequence.Count > 0) segments.Add(new AsSegment(false, sequence.ToList()));
            sequence.Clear();
            segments.Add(new AsSegment(true, set));
        }
        if (sequence.Count > 0) segments.Add(new AsSegment(false, sequence));
        if (seed.Med is long med)
        {
            if (directConnect) throw new ArgumentException(what + ".med: Direct Connect routes carry no MED; leave it out.");
            if (med is < 0 or > int.MaxValue) throw new ArgumentException(what + ".med " + med + " is out of range: 0 to 2147483647 (EC2 answers it as an Integer).");
        }
        var communities = seed.Communities ?? new List<string>();
        if (communities.Count > 0 && !directConnect) throw new ArgumentException(what + ".communities: Route Server routes carry no communities in the API; leave them out.");
        foreach (var c in communities)
            if (!IsCommunity(c)) throw new ArgumentException(what + ".communities holds '" + c + "'; a community is two numbers 0 to 65535 with a colon, such as 65000:100.");
        return new AdvertisedRoute { Network = network, Prefix = network.ToString(), SortKey = SortKey(network), AsPath = segments, Med = seed.Med, Communities = communities.ToList() };
    }

    /// <summary>A CIDR in canonical text, for seeds (route tables' static routes, advertised prefixes); null when it is not one.</summary>
    public static string? Canonical(string? text) => TryNetwork(text, out var n) ? n.ToString() : null;

    /// <summary>
    /// A CIDR strictly: an address, a slash and a length, and no host bit set (<c>10.60.1.5/16</c> is refused, as
    /// the address is not the network's).
    /// </summary>
    public static bool TryNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash <= 0 || text![..slash].Contains('%') || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return false;
        var bytes = address.GetAddressBytes();
        if (length > bytes.Length * 8) return false;
        for (var bit = length; bit < bytes.Length * 8; bit++)
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) return false;
        network = new IPNetwork(address, length);
        return true;
    }

    private static long Asn(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var a) && a is >= 1 and <= 4294967295
            ? a
            : throw new ArgumentException(what + ".asPath holds " + e.GetRawText() + "; an ASN is 1 to 4294967295.");

    private static bool IsCommunity(string? text)
    {
        var parts = (text ?? string.Empty).Split(':');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 5 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 65535);
    }

    internal static string Family(IPNetwork network) =>
        network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";

    /// <summary>A prefix's sort key: family, address, length, fixed width, so that ordinal order is prefix order.</summary>
    private static string SortKey(IPNetwork network) =>
        (Family(network) == "ipv4" ? "4" : "6") + Convert.ToHexStringLower(network.BaseAddress.GetAddressBytes()) +
        network.PrefixLength.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The best-path order: the shorter AS path, then the lower MED (none is 0), then the lower peer address, then the lower peer ID.</summary>
    private static bool Better(RibEntry a, RibEntry b)
    {
        var c = a.Route.PathLength.CompareTo(b.Route.PathLength);
        if (c == 0) c = (a.Route.Med ?? 0).CompareTo(b.Route.Med ?? 0);
        if (c == 0) c = string.CompareOrdinal(a.Address, b.Address);
        if (c == 0) c = string.CompareOrdinal(a.Peer.Id, b.Peer.Id);
        return c < 0;
    }

    /// <summary>Listing order: the prefix's sort key, then the owner (the peer ID).</summary>
    private static int Compare((string SortKey, string Owner) a, (string SortKey, string Owner) b)
    {
        var c = string.CompareOrdinal(a.SortKey, b.SortKey);
        return c != 0 ? c : string.CompareOrdinal(a.Owner, b.Owner);
    }

    private static string AddressKey(string address) =>
        IPAddress.TryParse(address, out var ip) ? Convert.ToHexStringLower(ip.GetAddressBytes()) : address;

    /// <summary>
    /// A page of items in listing order after the cursor <paramref name="after"/> ("sortkey|owner", the last item of
    /// the page before); the next cursor is the last item given. Only the page is sorted: the smallest items after the
    /// cursor are kept in a bounded heap, so a page of a large database costs a pass, not a sort of the whole.
    /// </summary>
    private static KeyedPage<TView> Page<TItem, TView>(IEnumerable<(string SortKey, string Owner, TItem Item)> items, int? max, string? after, Func<TItem, TView> view)
    {
        (string, string)? cursor = null;
        if (after is not null)
        {
            var bar = after.IndexOf('|');
            cursor = bar < 0 ? (after, string.Empty) : (after[..bar], after[(bar + 1)..]);
        }
        var keep = max is int m ? m + 1 : int.MaxValue;
        // A max-heap of the smallest items seen: the largest is dropped when it is over the page (and one more, to know there is more).
        var heap = new PriorityQueue<(string SortKey, string Owner, TItem Item), (string, string)>(Comparer<(string, string)>.Create((a, b) => Compare(b, a)));
        foreach (var item in items)
        {
            var key = (item.SortKey, item.Owner);
            if (cursor is { } c && Compare(key, c) <= 0) continue;
            if (heap.Count < keep) heap.Enqueue(item, key);
            else
            {
                var largest = heap.Peek();
                if (Compare(key, (largest.SortKey, largest.Owner)) < 0) heap.EnqueueDequeue(item, key);
            }
        }
        var ordered = new List<(string SortKey, string Owner, TItem Item)>(heap.Count);
        while (heap.Count > 0) ordered.Add(heap.Dequeue());
        ordered.Reverse();
        var more = max is int limit && ordered.Count > limit;
        if (more) ordered.RemoveAt(ordered.Count - 1);
        var page = new List<TView>(ordered.Count);
        foreach (var o in ordered) page.Add(view(o.Item));
        return new KeyedPage<TView>(page, more ? ordered[^1].SortKey + "|" + ordered[^1].Owner : null);
    }

    private static RsRouteView View(RouteServerRecord server, RibEntry e)
    {
        IReadOnlyList<RouteInstallationView> installations = Array.Empty<RouteInstallationView>();
        if (e.InFib)
        {
            installations = server.RouteTables.Select(t => t.StaticRoutes.Contains(e.Route.Prefix)
                ? new RouteInstallationView(t.Id, "rejected", "Route table " + t.Id + " already has a static route for " + e.Route.Prefix)
                : new RouteInstallationView(t.Id, "installed", null)).ToList();
        }
        var path = e.Route.AsPath.SelectMany(s => s.Asns).Select(a => a.ToString(CultureInfo.InvariantCulture)).ToList();
        return new RsRouteView(e.Route.Prefix, e.Peer.Endpoint.Id, e.Peer.Id, e.InFib ? "in-fib" : "in-rib", path, e.Route.Med, e.Peer.PeerAddress, installations);
    }

    /// <summary>When a peer's session last came up, where its life says (an admin pin or a state set by hand does not).</summary>
    private static DateTimeOffset? UpSince(Lifecycle life, PeerTiming timing, DateTimeOffset now)
    {
        if (life.BgpPin is not null || life.State != "available") return null;
        var upAt = life.Since + timing.BgpUp;
        if (now < upAt) return null;
        if (life.Behaviour == BgpBehaviour.Up) return upAt;
        if (life.Behaviour != BgpBehaviour.Flap) return null;
        var cycle = (timing.FlapUp + timing.FlapDown).Ticks;
        return cycle <= 0 ? upAt : upAt + TimeSpan.FromTicks((now - upAt).Ticks / cycle * cycle);
    }

    private sealed class RibEntry(RsPeerRecord peer, AdvertisedRoute route, string address)
    {
        public RsPeerRecord Peer { get; } = peer;
        public AdvertisedRoute Route { get; } = route;
        public string Address { get; } = address;
        public bool InFib { get; set; }
    }
}

/// <summary>
/// One EC2 route-search filter, with the meaning AWS documents for its transit gateway route searches (the names
/// are not documented for GetRouteServerRoutingDatabase: docs/emulator.md). Exact: the prefix itself; subnet-of: it
/// and every more specific prefix; supernet-of: it and every less specific one; longest-prefix: the most specific
/// prefixes that cover it.
/// </summary>
internal sealed record RouteSearch(string Name, IPNetwork Network)
{
    public const string Exact = "route-search.exact-match";
    public const string LongestPrefix = "route-search.longest-prefix-match";
    public const string SubnetOf = "route-search.subnet-of-match";
    public const string SupernetOf = "route-search.supernet-of-match";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { Exact, LongestPrefix, SubnetOf, SupernetOf };

    public IEnumerable<T> Apply<T>(IEnumerable<T> items, Func<T, IPNetwork> network)
    {
        switch (Name)
        {
            case Exact:
                return items.Where(i => network(i).Equals(Network));
            case SubnetOf:
                return items.Where(i => Covers(Network, network(i)));
            case SupernetOf:
                return items.Where(i => Covers(network(i), Network));
            default:
                var covering = items.Where(i => Covers(network(i), Network)).ToList();
                if (covering.Count == 0) return covering;
                var longest = covering.Max(i => network(i).PrefixLength);
                return covering.Where(i => network(i).PrefixLength == longest);
        }
    }

    /// <summary>True when <paramref name="outer"/> contains <paramref name="inner"/> (itself included).</summary>
    private static bool Covers(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily && inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);
}
