namespace BgpPeering.Emulator.State;

/// <summary>
/// The Route Server half of the world: VPCs, subnets, route servers, endpoints and peers, with the operations
/// behind the EC2 actions. Lookups are by dictionary and paging walks an ordered index from the cursor, so a
/// request costs its page, not the whole table. Callers hold the state's lock and have swept.
/// </summary>
internal sealed class RouteServerStore
{
    /// <summary>The reason a failed peer reports when the seed or the admin API gives none.</summary>
    public const string DefaultFailureReason = "The peer address is not reachable from the route server endpoint.";

    private readonly World _world;
    private readonly SortedSet<long> _order = new();
    private readonly Dictionary<long, RsPeerRecord> _bySeq = new();

    public RouteServerStore(World world) => _world = world;

    public Dictionary<string, VpcRecord> Vpcs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SubnetRecord> Subnets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RouteServerRecord> RouteServers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EndpointRecord> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The endpoints in sequence order.</summary>
    public List<EndpointRecord> EndpointOrder { get; } = new();

    /// <summary>The peers listed (deleted ones count until they vanish).</summary>
    public Dictionary<string, RsPeerRecord> Peers { get; } = new(StringComparer.Ordinal);

    private PeerTiming Timing => _world.Rs;

    public RsPeerView Create(string endpointId, string peerAddress, long asn, string liveness, List<KeyValuePair<string, string>> tags, DateTimeOffset now)
    {
        if (!Endpoints.TryGetValue(endpointId, out var endpoint)) throw ServiceException.RsEndpointNotFound(endpointId);
        if (endpoint.State != "available")
            throw ServiceException.IncorrectState("The route server endpoint '" + endpointId + "' is in the '" + endpoint.State + "' state; peers can be created only on an available endpoint.");
        var rule = _world.MatchRule(peerAddress, asn);
        var peer = new RsPeerRecord
        {
            Seq = _world.NextSeq(),
            Id = _world.NewId(() => _world.Ids.Ec2("rsp")),
            Endpoint = endpoint,
            PeerAddress = peerAddress,
            Asn = asn,
            Liveness = liveness,
            Tags = tags,
        };
        peer.Life.State = "pending";
        peer.Life.Since = now;
        peer.Life.Behaviour = _world.RouteServerBehaviour(rule?.BgpBehaviour, "rule");
        peer.Life.FailureReason = rule?.FailureReason;
        AddPeer(peer);
        if (rule?.Routes is { Count: > 0 } routes) _world.Routes.Set(peer.Id, routes, now);
        return View(peer, now);
    }

    public RsPeerView Delete(string peerId, DateTimeOffset now)
    {
        if (!Peers.TryGetValue(peerId, out var peer)) throw ServiceException.RsPeerNotFound(peerId);
        Timing.Advance(peer.Life, now);
        if (peer.Life.State is "deleting" or "deleted")
            throw ServiceException.IncorrectState("The route server peer '" + peerId + "' is in the '" + peer.Life.State + "' state and cannot be deleted.");
        peer.Life.State = "deleting";
        peer.Life.Since = now;
        peer.Life.BgpPin = null;
        peer.Life.BfdPin = null;
        _world.Life.ScheduleVanish(peer);
        return View(peer, now);
    }

    /// <summary>
    /// CreateTags on peers: each named key is added or overwritten (in place, so a peer's tags keep their order).
    /// Every ID and the 50-tag limit are checked before any peer changes.
    /// </summary>
    public void CreateTags(IReadOnlyList<string> ids, List<KeyValuePair<string, string>> tags)
    {
        var peers = Find(ids);
        foreach (var peer in peers)
        {
            var keys = new HashSet<string>(peer.Tags.Select(t => t.Key), StringComparer.Ordinal);
            keys.UnionWith(tags.Select(t => t.Key));
            if (keys.Count > 50)
                throw new ServiceException("TagLimitExceeded", "The maximum number of tags (50) for resource " + peer.Id + " has been exceeded.", 400);
        }
        foreach (var peer in peers)
        {
            foreach (var tag in tags)
            {
                var at = peer.Tags.FindIndex(t => t.Key == tag.Key);
                if (at >= 0) peer.Tags[at] = tag;
                else peer.Tags.Add(tag);
            }
        }
    }

    /// <summary>
    /// DeleteTags on peers: each named key goes, but where a value is given only if the tag has that value (so an
    /// empty value deletes only an empty-valued tag); <paramref name="tags"/> null deletes every tag. A key the peer
    /// does not have is no error.
    /// </summary>
    public void DeleteTags(IReadOnlyList<string> ids, List<KeyValuePair<string, string?>>? tags)
    {
        foreach (var peer in Find(ids))
        {
            if (tags is null)
            {
                peer.Tags.Clear();
                continue;
            }
            peer.Tags.RemoveAll(t => tags.Any(d => d.Key == t.Key && (d.Value is null || d.Value == t.Value)));
        }
    }

    private List<RsPeerRecord> Find(IReadOnlyList<string> ids)
    {
        var peers = new List<RsPeerRecord>(ids.Count);
        foreach (var id in ids)
        {
            if (!Peers.TryGetValue(id, out var p)) throw ServiceException.RsPeerNotFound(id);
            if (!peers.Contains(p)) peers.Add(p);
        }
        return peers;
    }

    /// <summary>Fails with NotFound for the first unknown ID, as EC2 does for an explicit ID list.</summary>
    public PageResult<RsPeerView> DescribePeers(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after, DateTimeOffset now)
    {
        var predicates = filters.Select(f => PeerFilter(f)).ToList();
        IEnumerable<RsPeerRecord> source;
        if (ids.Count > 0)
        {
            var found = new List<RsPeerRecord>(ids.Count);
            foreach (var id in ids)
            {
                if (!Peers.TryGetValue(id, out var p)) throw ServiceException.RsPeerNotFound(id);
                found.Add(p);
            }
            source = found.Distinct().OrderBy(p => p.Seq).Where(p => after is null || p.Seq > after);
        }
        else
        {
            source = after is long a
                ? (a < long.MaxValue ? _order.GetViewBetween(a + 1, long.MaxValue) : Enumerable.Empty<long>()).Select(s => _bySeq[s])
                : _order.Select(s => _bySeq[s]);
        }
        return Paging.Page(source, p => Matches(p, predicates, now), p => View(p, now), maxResults, p => p.Seq);
    }

    public PageResult<EndpointView> DescribeEndpoints(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after)
    {
        var predicates = filters.Select(f => EndpointFilter(f)).ToList();
        IEnumerable<EndpointRecord> source;
        if (ids.Count > 0)
        {
            var found = new List<EndpointRecord>(ids.Count);
            foreach (var id in ids)
            {
                if (!Endpoints.TryGetValue(id, out var e)) throw ServiceException.RsEndpointNotFound(id);
                found.Add(e);
            }
            source = found.Distinct().OrderBy(e => e.Seq);
        }
        else
        {
            source = EndpointOrder;
        }
        source = source.Where(e => after is null || e.Seq > after);
        return Paging.Page(source, e => predicates.All(m => m(e)), View, maxResults, e => e.Seq);
    }

    /// <summary>Lists a peer and queues it to vanish if it is being deleted.</summary>
    public void AddPeer(RsPeerRecord peer)
    {
        Peers.Add(peer.Id, peer);
        _order.Add(peer.Seq);
        _bySeq.Add(peer.Seq, peer);
        _world.Life.ScheduleVanish(peer);
    }

    public void RemovePeer(RsPeerRecord peer)
    {
        Peers.Remove(peer.Id);
        _order.Remove(peer.Seq);
        _bySeq.Remove(peer.Seq);
    }

    public RsPeerView View(RsPeerRecord p, DateTimeOffset now)
    {
        Timing.Advance(p.Life, now);
        string? bgp = null, bfd = null;
        if (p.Life.State is not ("failed" or "failing"))
        {
            bgp = Timing.Bgp(p.Life, now);
            if (bgp == "unknown") bgp = "down";
            bfd = p.Life.BfdPin ?? (p.Liveness == "bfd" && bgp == "up" ? "up" : "down");
        }
        var e = p.Endpoint;
        return new RsPeerView(p.Id, e.Id, e.RouteServer.Id, e.RouteServer.VpcId, e.Subnet.Id, p.Life.State,
            p.Life.State == "failed" ? p.Life.FailureReason ?? DefaultFailureReason : null,
            e.EniId, e.EniAddress, p.PeerAddress, p.Asn, p.Liveness, bgp, bfd, p.Tags);
    }

    private static EndpointView View(EndpointRecord e) =>
        new(e.Id, e.RouteServer.Id, e.RouteServer.VpcId, e.Subnet.Id, e.EniId, e.EniAddress, e.State, e.FailureReason, e.Tags);

    private static bool Matches(RsPeerRecord p, List<Func<RsPeerRecord, DateTimeOffset, bool>> predicates, DateTimeOffset now)
    {
        foreach (var m in predicates)
        {
            if (!m(p, now)) return false;
        }
        return true;
    }

    private Func<RsPeerRecord, DateTimeOffset, bool> PeerFilter(FilterSpec f)
    {
        if (f.Name.StartsWith("tag:", StringComparison.Ordinal))
        {
            var key = f.Name[4..];
            return (p, _) => HasTag(p.Tags, key, f);
        }
        return f.Name switch
        {
            "route-server-endpoint-id" => (p, _) => f.Matches(p.Endpoint.Id),
            "route-server-id" => (p, _) => f.Matches(p.Endpoint.RouteServer.Id),
            "vpc-id" => (p, _) => f.Matches(p.Endpoint.RouteServer.VpcId),
            "subnet-id" => (p, _) => f.Matches(p.Endpoint.Subnet.Id),
            "state" => (p, now) =>
            {
                Timing.Advance(p.Life, now);
                return f.Matches(p.Life.State);
            },
            "peer-address" => (p, _) => f.Matches(p.PeerAddress),
            "tag-key" => (p, _) => HasTagKey(p.Tags, f),
            _ => throw ServiceException.InvalidFilter(f.Name),
        };
    }

    private static Func<EndpointRecord, bool> EndpointFilter(FilterSpec f)
    {
        if (f.Name.StartsWith("tag:", StringComparison.Ordinal))
        {
            var key = f.Name[4..];
            return e => HasTag(e.Tags, key, f);
        }
        return f.Name switch
        {
            "route-server-endpoint-id" => e => f.Matches(e.Id),
            "route-server-id" => e => f.Matches(e.RouteServer.Id),
            "vpc-id" => e => f.Matches(e.RouteServer.VpcId),
            "subnet-id" => e => f.Matches(e.Subnet.Id),
            "state" => e => f.Matches(e.State),
            "tag-key" => e => HasTagKey(e.Tags, f),
            _ => throw ServiceException.InvalidFilter(f.Name),
        };
    }

    private static bool HasTag(List<KeyValuePair<string, string>> tags, string key, FilterSpec f)
    {
        foreach (var t in tags)
        {
            if (t.Key == key && f.Matches(t.Value)) return true;
        }
        return false;
    }

    private static bool HasTagKey(List<KeyValuePair<string, string>> tags, FilterSpec f)
    {
        foreach (var t in tags)
        {
            if (f.Matches(t.Key)) return true;
        }
        return false;
    }
}
