using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Hosting;

namespace BgpPeering.Emulator.State;

/// <summary>
/// The emulated world: VPCs, route servers, endpoints and peers; Direct Connect connections, virtual interfaces and
/// peers. One lock guards it; every read first applies the transitions that are due by the clock, so advancing a
/// fake <see cref="TimeProvider"/> is all a test needs to move peers along. Lookups are by dictionary and paging
/// walks an ordered index from the cursor, so a request costs its page, not the whole table.
/// </summary>
public sealed class EmulatorState
{
    private const string DefaultFailureReason = "The peer address is not reachable from the route server endpoint.";

    private readonly object _gate = new();
    private readonly Topology _startSeed;
    private readonly SimulationDelays _baseDelays;
    private readonly double _speed;
    private readonly IdGenerator _ids;

    private PeerTiming _rs = null!;
    private PeerTiming _dx = null!;
    private BgpBehaviour _defaultBehaviour;
    private List<PeerRuleSeed> _rules = new();

    private readonly Dictionary<string, VpcRecord> _vpcs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubnetRecord> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RouteServerRecord> _routeServers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointRecord> _endpoints = new(StringComparer.Ordinal);
    private readonly List<EndpointRecord> _endpointOrder = new();
    private readonly Dictionary<string, RsPeerRecord> _rsPeers = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _rsOrder = new();
    private readonly Dictionary<long, RsPeerRecord> _rsBySeq = new();
    private readonly Dictionary<string, ConnectionRecord> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VifRecord> _vifs = new(StringComparer.Ordinal);
    private readonly List<VifRecord> _vifOrder = new();
    private readonly Dictionary<string, DxPeerRecord> _dxPeers = new(StringComparer.Ordinal);
    private readonly PriorityQueue<object, DateTimeOffset> _vanish = new();
    private Topology? _currentSeed;
    private long _seq;
    private uint _v4Next;
    private uint _v6Next;

    internal EmulatorState(EmulatorOptions options, Topology seed, IdGenerator ids)
    {
        Time = options.TimeProvider;
        _baseDelays = options.Delays.Clone();
        _speed = options.Speed;
        _ids = ids;
        _startSeed = seed;
        Reset(seed);
    }

    /// <summary>The clock behind all simulated life.</summary>
    public TimeProvider Time { get; }

    public string AccountId { get; private set; } = "123456789012";

    public string Region { get; private set; } = "us-east-1";

    /// <summary>Counts resets; paging tokens from an earlier epoch are rejected.</summary>
    public int Epoch { get; private set; }

    /// <summary>The delays in force, after the seed's overrides and the speed.</summary>
    public SimulationDelays EffectiveDelays { get; private set; } = new();

    /// <summary>Route Server peers currently listed (deleted ones count until they vanish).</summary>
    public int RouteServerPeerCount
    {
        get
        {
            lock (_gate)
            {
                Sweep(Time.GetUtcNow());
                return _rsPeers.Count;
            }
        }
    }

    /// <summary>Direct Connect peers currently listed.</summary>
    public int DirectConnectPeerCount
    {
        get
        {
            lock (_gate)
            {
                Sweep(Time.GetUtcNow());
                return _dxPeers.Count;
            }
        }
    }

    /// <summary>Throws away everything and loads <paramref name="seed"/>, or the seed the emulator started with.</summary>
    public void Reset(Topology? seed = null)
    {
        seed ??= _startSeed;
        lock (_gate)
        {
            try
            {
                Load(seed);
            }
            catch (TopologyException) when (_currentSeed is not null && !ReferenceEquals(seed, _currentSeed))
            {
                // A bad seed leaves the emulator as it was, not half-loaded.
                Load(_currentSeed);
                throw;
            }
            _currentSeed = seed;
            Epoch++;
        }
    }

    /// <summary>
    /// Adds a Route Server peer exactly as CreateRouteServerPeer would (state <c>pending</c>, the seed's rules apply)
    /// and returns its ID. For tests and benchmarks that need many peers fast.
    /// </summary>
    public string AddRouteServerPeer(string routeServerEndpointId, string peerAddress, long peerAsn, string peerLivenessDetection = "bgp-keepalive", IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        try
        {
            return CreateRouteServerPeer(routeServerEndpointId, peerAddress, peerAsn, peerLivenessDetection, tags?.ToList() ?? new()).Id;
        }
        catch (ApiException ex)
        {
            throw new ArgumentException(ex.Code + ": " + ex.Message, nameof(routeServerEndpointId), ex);
        }
    }

    /// <summary>The current status of a <c>rsp-</c> or <c>dxpeer-</c> peer; null when there is none.</summary>
    public PeerStatus? GetPeerStatus(string peerId)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            if (_rsPeers.TryGetValue(peerId, out var rs)) return Status(rs, now);
            if (_dxPeers.TryGetValue(peerId, out var dx)) return Status(dx, now);
            return null;
        }
    }

    /// <summary>Changes a peer's state or statuses (see <see cref="PeerStatusChange"/>). Unknown IDs and values throw <see cref="ArgumentException"/>.</summary>
    public PeerStatus SetPeerStatus(string peerId, PeerStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            if (_rsPeers.TryGetValue(peerId, out var rs))
            {
                _rs.Advance(rs.Life, now);
                Apply(rs.Life, change, now, Names.RouteServerPeerStates, Names.BgpStatuses, routeServer: true);
                if (change.State == "failed") rs.Life.FailureReason = change.FailureReason ?? rs.Life.FailureReason ?? DefaultFailureReason;
                ScheduleVanish(rs, rs.Life, _rs);
                return Status(rs, now);
            }
            if (_dxPeers.TryGetValue(peerId, out var dx))
            {
                _dx.Advance(dx.Life, now);
                if (change.BfdStatus is not null) throw new ArgumentException("Direct Connect peers have no BFD status; leave bfdStatus out.", nameof(change));
                Apply(dx.Life, change, now, Names.DxPeerStates, Names.DxBgpStatuses, routeServer: false);
                ScheduleVanish(dx, dx.Life, _dx);
                return Status(dx, now);
            }
            throw new ArgumentException("No peer has the ID '" + peerId + "'. Expected an existing rsp- or dxpeer- ID.", nameof(peerId));
        }
    }

    private static void Apply(Lifecycle life, PeerStatusChange change, DateTimeOffset now, string[] states, string[] bgpStatuses, bool routeServer)
    {
        // Check every value before changing anything.
        if (change.State is not null && !states.Contains(change.State))
            throw new ArgumentException("The state '" + change.State + "' is not one of " + string.Join(", ", states) + ".", nameof(change));
        if (change.BgpStatus is not null && change.BgpStatus != "auto" && !bgpStatuses.Contains(change.BgpStatus))
            throw new ArgumentException("The bgpStatus '" + change.BgpStatus + "' is not one of " + string.Join(", ", bgpStatuses) + ", auto.", nameof(change));
        if (change.BfdStatus is not null && change.BfdStatus is not ("up" or "down" or "auto"))
            throw new ArgumentException("The bfdStatus '" + change.BfdStatus + "' is not one of up, down, auto.", nameof(change));
        BgpBehaviour? behaviour = null;
        if (change.BgpBehaviour is not null)
        {
            try
            {
                behaviour = Names.ParseBehaviour(change.BgpBehaviour, BgpBehaviour.Up, "bgpBehaviour");
            }
            catch (TopologyException ex)
            {
                throw new ArgumentException(ex.Message, nameof(change));
            }
            if (routeServer && behaviour == BgpBehaviour.Unknown)
                throw new ArgumentException("A Route Server peer's BGP status is up or down; the behaviour 'unknown' is for Direct Connect peers.", nameof(change));
        }

        if (change.State is not null)
        {
            life.State = change.State;
            life.Since = now;
        }
        if (change.FailureReason is not null) life.FailureReason = change.FailureReason;
        if (behaviour is BgpBehaviour b) life.Behaviour = b;
        if (change.BgpStatus is not null) life.BgpPin = change.BgpStatus == "auto" ? null : change.BgpStatus;
        if (change.BfdStatus is not null) life.BfdPin = change.BfdStatus == "auto" ? null : change.BfdStatus;
    }

    private PeerStatus Status(RsPeerRecord p, DateTimeOffset now)
    {
        var v = View(p, now);
        return new PeerStatus(p.Id, "route-server", v.State, v.BgpStatus, v.BfdStatus, Names.BehaviourName(p.Life.Behaviour));
    }

    private PeerStatus Status(DxPeerRecord p, DateTimeOffset now)
    {
        var v = View(p, now);
        return new PeerStatus(p.Id, "direct-connect", v.State, v.BgpStatus, null, Names.BehaviourName(p.Life.Behaviour));
    }

    // ------------------------------------------------------------------ Route Server

    internal RsPeerView CreateRouteServerPeer(string endpointId, string peerAddress, long asn, string liveness, List<KeyValuePair<string, string>> tags)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            if (!_endpoints.TryGetValue(endpointId, out var endpoint)) throw ApiException.RsEndpointNotFound(endpointId);
            if (endpoint.State != "available")
                throw ApiException.IncorrectState("The route server endpoint '" + endpointId + "' is in the '" + endpoint.State + "' state; peers can be created only on an available endpoint.");
            var rule = MatchRule(peerAddress, asn);
            var peer = new RsPeerRecord
            {
                Seq = ++_seq,
                Id = NewId(() => _ids.Ec2("rsp")),
                Endpoint = endpoint,
                PeerAddress = peerAddress,
                Asn = asn,
                Liveness = liveness,
                Tags = tags,
            };
            peer.Life.State = "pending";
            peer.Life.Since = now;
            peer.Life.Behaviour = RouteServerBehaviour(rule?.BgpBehaviour, "rule");
            peer.Life.FailureReason = rule?.FailureReason;
            AddRsPeer(peer);
            return View(peer, now);
        }
    }

    internal RsPeerView DeleteRouteServerPeer(string peerId)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            if (!_rsPeers.TryGetValue(peerId, out var peer)) throw ApiException.RsPeerNotFound(peerId);
            _rs.Advance(peer.Life, now);
            if (peer.Life.State is "deleting" or "deleted")
                throw ApiException.IncorrectState("The route server peer '" + peerId + "' is in the '" + peer.Life.State + "' state and cannot be deleted.");
            peer.Life.State = "deleting";
            peer.Life.Since = now;
            peer.Life.BgpPin = null;
            peer.Life.BfdPin = null;
            ScheduleVanish(peer, peer.Life, _rs);
            return View(peer, now);
        }
    }

    /// <summary>Fails with NotFound for the first unknown ID, as EC2 does for an explicit ID list.</summary>
    internal PageResult<RsPeerView> DescribeRouteServerPeers(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after)
    {
        var predicates = filters.Select(f => PeerFilter(f)).ToList();
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            IEnumerable<RsPeerRecord> source;
            if (ids.Count > 0)
            {
                var found = new List<RsPeerRecord>(ids.Count);
                foreach (var id in ids)
                {
                    if (!_rsPeers.TryGetValue(id, out var p)) throw ApiException.RsPeerNotFound(id);
                    found.Add(p);
                }
                source = found.Distinct().OrderBy(p => p.Seq).Where(p => after is null || p.Seq > after);
            }
            else
            {
                source = after is long a
                    ? (a < long.MaxValue ? _rsOrder.GetViewBetween(a + 1, long.MaxValue) : Enumerable.Empty<long>()).Select(s => _rsBySeq[s])
                    : _rsOrder.Select(s => _rsBySeq[s]);
            }
            return Page(source, p => Matches(p, predicates, now), p => View(p, now), maxResults, p => p.Seq);
        }
    }

    internal PageResult<EndpointView> DescribeRouteServerEndpoints(IReadOnlyList<string> ids, IReadOnlyList<FilterSpec> filters, int? maxResults, long? after)
    {
        var predicates = filters.Select(f => EndpointFilter(f)).ToList();
        lock (_gate)
        {
            IEnumerable<EndpointRecord> source;
            if (ids.Count > 0)
            {
                var found = new List<EndpointRecord>(ids.Count);
                foreach (var id in ids)
                {
                    if (!_endpoints.TryGetValue(id, out var e)) throw ApiException.RsEndpointNotFound(id);
                    found.Add(e);
                }
                source = found.Distinct().OrderBy(e => e.Seq);
            }
            else
            {
                source = _endpointOrder;
            }
            source = source.Where(e => after is null || e.Seq > after);
            return Page(source, e => predicates.All(m => m(e)), View, maxResults, e => e.Seq);
        }
    }

    /// <summary>
    /// Walks <paramref name="source"/> in order, keeping matches up to the page size; the cursor is the last kept
    /// item. Records are matched before any view is built, so a scan allocates nothing for the records it skips.
    /// </summary>
    private static PageResult<TView> Page<TRecord, TView>(IEnumerable<TRecord> source, Func<TRecord, bool> match, Func<TRecord, TView> view, int? max, Func<TRecord, long> seq)
    {
        var items = new List<TView>(max is int m ? Math.Min(m, 1024) : 16);
        long lastSeq = 0;
        foreach (var record in source)
        {
            if (!match(record)) continue;
            if (max is int limit && items.Count == limit) return new PageResult<TView>(items, lastSeq);
            items.Add(view(record));
            lastSeq = seq(record);
        }
        return new PageResult<TView>(items, null);
    }

    private bool Matches(RsPeerRecord p, List<Func<RsPeerRecord, DateTimeOffset, bool>> predicates, DateTimeOffset now)
    {
        foreach (var m in predicates)
        {
            if (!m(p, now)) return false;
        }
        return true;
    }

    private RsPeerView View(RsPeerRecord p, DateTimeOffset now)
    {
        _rs.Advance(p.Life, now);
        string? bgp = null, bfd = null;
        if (p.Life.State is not ("failed" or "failing"))
        {
            bgp = _rs.Bgp(p.Life, now);
            if (bgp == "unknown") bgp = "down";
            bfd = p.Life.BfdPin ?? (p.Liveness == "bfd" && bgp == "up" ? "up" : "down");
        }
        var e = p.Endpoint;
        return new RsPeerView(p.Id, e.Id, e.RouteServer.Id, e.RouteServer.VpcId, e.Subnet.Id, p.Life.State,
            p.Life.State == "failed" ? p.Life.FailureReason ?? DefaultFailureReason : null,
            e.EniId, e.EniAddress, p.PeerAddress, p.Asn, p.Liveness, bgp, bfd, p.Tags);
    }

    private EndpointView View(EndpointRecord e) =>
        new(e.Id, e.RouteServer.Id, e.RouteServer.VpcId, e.Subnet.Id, e.EniId, e.EniAddress, e.State, e.FailureReason, e.Tags);

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
                _rs.Advance(p.Life, now);
                return f.Matches(p.Life.State);
            },
            "peer-address" => (p, _) => f.Matches(p.PeerAddress),
            "tag-key" => (p, _) => HasTagKey(p.Tags, f),
            _ => throw ApiException.InvalidFilter(f.Name),
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
            _ => throw ApiException.InvalidFilter(f.Name),
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

    private void AddRsPeer(RsPeerRecord peer)
    {
        _rsPeers.Add(peer.Id, peer);
        _rsOrder.Add(peer.Seq);
        _rsBySeq.Add(peer.Seq, peer);
        ScheduleVanish(peer, peer.Life, _rs);
    }

    // ------------------------------------------------------------------ Direct Connect

    internal VifView CreateBgpPeer(string vifId, string family, long asn, string? authKey, string? amazonAddress, string? customerAddress)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            var vif = FindVif(vifId);
            if (vif.State is "deleting" or "deleted" or "rejected")
                throw ApiException.DxClient("Virtual interface " + vifId + " is in the " + vif.State + " state; BGP peers cannot be added to it.");
            if (family == "ipv4" && amazonAddress is null && vif.Type == "public")
                throw ApiException.DxClient("amazonAddress and customerAddress are required for an IPv4 BGP peer on a public virtual interface.");
            foreach (var other in vif.Peers)
            {
                _dx.Advance(other.Life, now);
                if (other.Life.State is "deleting" or "deleted" || other.AddressFamily != family) continue;
                if (other.Asn == asn)
                    throw ApiException.DxClient("A BGP peer with ASN " + asn.ToString(CultureInfo.InvariantCulture) + " and address family " + family + " already exists on " + vifId + ".");
                if (vif.Connection.HasLogicalRedundancy != "yes")
                    throw ApiException.DxClient("A BGP peer with address family " + family + " already exists on " + vifId + ", and connection "
                        + vif.Connection.Id + " does not support logical redundancy, so a virtual interface holds one BGP peer per address family.");
            }
            if (amazonAddress is null)
            {
                (amazonAddress, customerAddress) = family == "ipv6" ? NextIPv6Pair() : NextIPv4Pair();
            }
            var rule = MatchRule(customerAddress, asn);
            var peer = new DxPeerRecord
            {
                Id = NewId(() => _ids.Dx("dxpeer")),
                Vif = vif,
                Asn = asn,
                AuthKey = authKey ?? _ids.AuthKey(),
                AddressFamily = family,
                AmazonAddress = amazonAddress,
                CustomerAddress = customerAddress,
            };
            peer.Life.State = "pending";
            peer.Life.Since = now;
            peer.Life.Behaviour = rule?.BgpBehaviour is string b ? Names.ParseBehaviour(b, _defaultBehaviour, "rule") : DxDefaultBehaviour();
            vif.Peers.Add(peer);
            _dxPeers.Add(peer.Id, peer);
            return View(vif, now);
        }
    }

    internal VifView DeleteBgpPeer(string? peerId, string? vifId, long? asn, string? customerAddress)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            DxPeerRecord? peer;
            if (peerId is not null)
            {
                if (!_dxPeers.TryGetValue(peerId, out peer)) throw ApiException.DxClient("BGP peer " + peerId + " does not exist.");
                if (vifId is not null && peer.Vif.Id != vifId)
                    throw ApiException.DxClient("BGP peer " + peerId + " does not belong to virtual interface " + vifId + ".");
            }
            else
            {
                var vif = FindVif(vifId!);
                peer = null;
                foreach (var p in vif.Peers)
                {
                    _dx.Advance(p.Life, now);
                    if (p.Life.State is "deleting" or "deleted") continue;
                    if (p.Asn == asn && SameAddress(p.CustomerAddress, customerAddress)) { peer = p; break; }
                }
                if (peer is null)
                    throw ApiException.DxClient("No BGP peer with ASN " + asn?.ToString(CultureInfo.InvariantCulture) + " and customer address " + customerAddress + " exists on " + vifId + ".");
            }
            _dx.Advance(peer.Life, now);
            if (peer.Life.State is "deleting" or "deleted")
                throw ApiException.DxClient("BGP peer " + peer.Id + " is already " + peer.Life.State + ".");
            var remaining = 0;
            foreach (var p in peer.Vif.Peers)
            {
                _dx.Advance(p.Life, now);
                if (!ReferenceEquals(p, peer) && p.Life.State is not ("deleting" or "deleted")) remaining++;
            }
            if (remaining == 0) throw ApiException.DxClient("You cannot delete the last BGP peer from a virtual interface.");
            peer.Life.State = "deleting";
            peer.Life.Since = now;
            peer.Life.BgpPin = null;
            ScheduleVanish(peer, peer.Life, _dx);
            return View(peer.Vif, now);
        }
    }

    internal PageResult<VifView> DescribeVirtualInterfaces(string? connectionId, string? vifId, int? maxResults, long? after)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            Sweep(now);
            IEnumerable<VifRecord> source;
            if (vifId is not null)
            {
                var vif = FindVif(vifId);
                source = connectionId is not null && vif.Connection.Id != connectionId ? Array.Empty<VifRecord>() : new[] { vif };
            }
            else if (connectionId is not null)
            {
                if (!_connections.TryGetValue(connectionId, out var connection)) throw ApiException.DxClient("Connection " + connectionId + " does not exist.");
                source = connection.VirtualInterfaces;
            }
            else
            {
                source = _vifOrder;
            }
            return Page(source.Where(v => after is null || v.Seq > after), _ => true, v => View(v, now), maxResults, v => v.Seq);
        }
    }

    private VifRecord FindVif(string vifId) =>
        _vifs.TryGetValue(vifId, out var vif) ? vif : throw ApiException.DxClient("Virtual interface " + vifId + " does not exist.");

    private static bool SameAddress(string? a, string? b)
    {
        if (a is null || b is null) return false;
        static string Host(string s) => s.Contains('/') ? s[..s.IndexOf('/')] : s;
        return string.Equals(Host(a), Host(b), StringComparison.OrdinalIgnoreCase);
    }

    private VifView View(VifRecord v, DateTimeOffset now)
    {
        var peers = new List<DxPeerView>(v.Peers.Count);
        foreach (var p in v.Peers) peers.Add(View(p, now));
        var c = v.Connection;
        return new VifView(AccountId, v.Id, c.Location, c.Id, v.Type, v.Name, v.Vlan, v.Asn, v.AmazonSideAsn, v.AuthKey, v.AmazonAddress,
            v.CustomerAddress, v.AddressFamily, v.State, v.CustomerRouterConfig, v.Mtu, v.JumboFrameCapable, v.VirtualGatewayId,
            v.DirectConnectGatewayId, v.RouteFilterPrefixes, peers, Region, c.AwsDeviceV2, c.AwsLogicalDeviceId, v.Tags, v.SiteLinkEnabled);
    }

    private DxPeerView View(DxPeerRecord p, DateTimeOffset now)
    {
        _dx.Advance(p.Life, now);
        var c = p.Vif.Connection;
        return new DxPeerView(p.Id, p.Asn, p.AuthKey, p.AddressFamily, p.AmazonAddress, p.CustomerAddress, p.Life.State, _dx.Bgp(p.Life, now),
            c.AwsDeviceV2, c.AwsLogicalDeviceId);
    }

    /// <summary>The next /30 from 169.254.0.0/16, as AWS auto-assigns: Amazon takes .1, the customer .2.</summary>
    private (string, string) NextIPv4Pair()
    {
        var block = 0xA9FE0000u + 0x6400u + (_v4Next++ % 0x3000u) * 4; // 169.254.100.0 onwards
        return (Ipv4(block + 1) + "/30", Ipv4(block + 2) + "/30");
    }

    /// <summary>The next /125 from the documentation prefix 2001:db8::/32 (AWS uses its own pool).</summary>
    private (string, string) NextIPv6Pair()
    {
        var n = _v6Next++;
        var hi = (n >> 13) & 0xffff;
        var lo = (n & 0x1fff) << 3;
        var prefix = "2001:db8:" + (0x2000 + hi).ToString("x", CultureInfo.InvariantCulture) + ":" + lo.ToString("x", CultureInfo.InvariantCulture) + "::";
        return (prefix + "1/125", prefix + "2/125");
    }

    private static string Ipv4(uint value) =>
        new IPAddress(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value }).ToString();

    // ------------------------------------------------------------------ life

    /// <summary>Removes the deleted peers whose retention has passed. Cheap: it looks only at the queue's due head.</summary>
    private void Sweep(DateTimeOffset now)
    {
        while (_vanish.TryPeek(out var item, out var due) && due <= now)
        {
            _vanish.Dequeue();
            switch (item)
            {
                case RsPeerRecord rs when _rsPeers.TryGetValue(rs.Id, out var current) && ReferenceEquals(current, rs):
                {
                    _rs.Advance(rs.Life, now);
                    var at = _rs.VanishAt(rs.Life);
                    if (at is null) break;
                    if (at <= now)
                    {
                        _rsPeers.Remove(rs.Id);
                        _rsOrder.Remove(rs.Seq);
                        _rsBySeq.Remove(rs.Seq);
                    }
                    else
                    {
                        _vanish.Enqueue(rs, at.Value);
                    }
                    break;
                }
                case DxPeerRecord dx when _dxPeers.TryGetValue(dx.Id, out var current) && ReferenceEquals(current, dx):
                {
                    _dx.Advance(dx.Life, now);
                    var at = _dx.VanishAt(dx.Life);
                    if (at is null) break;
                    if (at <= now)
                    {
                        _dxPeers.Remove(dx.Id);
                        dx.Vif.Peers.Remove(dx);
                    }
                    else
                    {
                        _vanish.Enqueue(dx, at.Value);
                    }
                    break;
                }
            }
        }
    }

    private void ScheduleVanish(object peer, Lifecycle life, PeerTiming timing)
    {
        if (timing.VanishAt(life) is DateTimeOffset at) _vanish.Enqueue(peer, at);
    }

    private PeerRuleSeed? MatchRule(string? address, long asn)
    {
        foreach (var rule in _rules)
        {
            if (rule.PeerAddress is not null && !SameAddress(rule.PeerAddress, address)) continue;
            if (rule.Asn is long a && a != asn) continue;
            return rule;
        }
        return null;
    }

    private BgpBehaviour RouteServerBehaviour(string? text, string what)
    {
        var b = Names.ParseBehaviour(text, _defaultBehaviour, what);
        return b == BgpBehaviour.Unknown ? BgpBehaviour.Never : b;
    }

    private BgpBehaviour DxDefaultBehaviour() => _defaultBehaviour;

    private string NewId(Func<string> make)
    {
        while (true)
        {
            var id = make();
            if (!_rsPeers.ContainsKey(id) && !_dxPeers.ContainsKey(id) && !_vifs.ContainsKey(id) && !_endpoints.ContainsKey(id)) return id;
        }
    }

    // ------------------------------------------------------------------ seed

    private void Load(Topology seed)
    {
        _vpcs.Clear();
        _subnets.Clear();
        _routeServers.Clear();
        _endpoints.Clear();
        _endpointOrder.Clear();
        _rsPeers.Clear();
        _rsOrder.Clear();
        _rsBySeq.Clear();
        _connections.Clear();
        _vifs.Clear();
        _vifOrder.Clear();
        _dxPeers.Clear();
        _vanish.Clear();
        _v4Next = 0;
        _v6Next = 0;

        AccountId = string.IsNullOrWhiteSpace(seed.AccountId) ? "123456789012" : seed.AccountId!;
        Region = string.IsNullOrWhiteSpace(seed.Region) ? "us-east-1" : seed.Region!;
        var delays = _baseDelays.Clone();
        if (seed.Simulation?.Delays is DelaysSeed d)
        {
            static TimeSpan? S(double? seconds, string name) => seconds is double s
                ? (s >= 0 && !double.IsInfinity(s) ? TimeSpan.FromSeconds(s) : throw new TopologyException("simulation.delays." + name + " must be zero or more seconds."))
                : null;
            delays.PeerAvailable = S(d.PeerAvailable, "peerAvailable") ?? delays.PeerAvailable;
            delays.BgpUp = S(d.BgpUp, "bgpUp") ?? delays.BgpUp;
            delays.PeerDelete = S(d.PeerDelete, "peerDelete") ?? delays.PeerDelete;
            delays.DeletedRetention = S(d.DeletedRetention, "deletedRetention") ?? delays.DeletedRetention;
            delays.DxPeerAvailable = S(d.DxPeerAvailable, "dxPeerAvailable") ?? delays.DxPeerAvailable;
            delays.DxBgpUp = S(d.DxBgpUp, "dxBgpUp") ?? delays.DxBgpUp;
            delays.DxPeerDelete = S(d.DxPeerDelete, "dxPeerDelete") ?? delays.DxPeerDelete;
            delays.DxDeletedRetention = S(d.DxDeletedRetention, "dxDeletedRetention") ?? delays.DxDeletedRetention;
            delays.FlapUp = S(d.FlapUp, "flapUp") ?? delays.FlapUp;
            delays.FlapDown = S(d.FlapDown, "flapDown") ?? delays.FlapDown;
            try
            {
                delays.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new TopologyException("simulation.delays: " + ex.Message, ex);
            }
        }
        EffectiveDelays = delays.Scaled(_speed);
        _rs = PeerTiming.RouteServer(EffectiveDelays);
        _dx = PeerTiming.DirectConnect(EffectiveDelays);
        _defaultBehaviour = Names.ParseBehaviour(seed.Simulation?.BgpBehaviour, BgpBehaviour.Up, "simulation.bgpBehaviour");
        _rules = seed.Rules?.ToList() ?? new();
        for (var i = 0; i < _rules.Count; i++)
        {
            Names.ParseBehaviour(_rules[i].BgpBehaviour, BgpBehaviour.Up, "rules[" + i + "]");
            if (_rules[i].PeerAddress is null && _rules[i].Asn is null)
                throw new TopologyException("rules[" + i + "] matches every peer; give it a peerAddress, an asn or both.");
        }

        var now = Time.GetUtcNow();
        foreach (var vpc in seed.Vpcs ?? new())
        {
            Require(vpc.VpcId, "vpc-", "vpcs[].vpcId");
            if (!_vpcs.TryAdd(vpc.VpcId, new VpcRecord { Id = vpc.VpcId, Cidr = vpc.Cidr })) throw Duplicate(vpc.VpcId);
            foreach (var subnet in vpc.Subnets ?? new())
            {
                Require(subnet.SubnetId, "subnet-", "subnets[].subnetId");
                if (!_subnets.TryAdd(subnet.SubnetId, new SubnetRecord { Id = subnet.SubnetId, VpcId = vpc.VpcId, Cidr = subnet.Cidr, AvailabilityZone = subnet.AvailabilityZone }))
                    throw Duplicate(subnet.SubnetId);
            }
            foreach (var rsSeed in vpc.RouteServers ?? new())
            {
                Require(rsSeed.RouteServerId, "rs-", "routeServers[].routeServerId");
                var rs = new RouteServerRecord { Id = rsSeed.RouteServerId, VpcId = vpc.VpcId, AmazonSideAsn = rsSeed.AmazonSideAsn ?? 65000, Tags = TagList(rsSeed.Tags) };
                if (!_routeServers.TryAdd(rs.Id, rs)) throw Duplicate(rs.Id);
                foreach (var epSeed in rsSeed.Endpoints ?? new()) LoadEndpoint(epSeed, rs, vpc, now);
            }
        }
        foreach (var connSeed in seed.DirectConnect?.Connections ?? new()) LoadConnection(connSeed, now);
    }

    private void LoadEndpoint(EndpointSeed s, RouteServerRecord rs, VpcSeed vpc, DateTimeOffset now)
    {
        Require(s.RouteServerEndpointId, "rse-", "endpoints[].routeServerEndpointId");
        if (!_subnets.TryGetValue(s.SubnetId ?? string.Empty, out var subnet) || subnet.VpcId != vpc.VpcId)
            throw new TopologyException("Endpoint " + s.RouteServerEndpointId + " names subnet '" + s.SubnetId + "', which is not a subnet of " + vpc.VpcId + ".");
        var state = s.State ?? "available";
        if (!Names.EndpointStates.Contains(state)) throw new TopologyException("Endpoint " + s.RouteServerEndpointId + ": the state '" + state + "' is not one of " + string.Join(", ", Names.EndpointStates) + ".");
        var endpoint = new EndpointRecord
        {
            Seq = ++_seq,
            Id = s.RouteServerEndpointId,
            RouteServer = rs,
            Subnet = subnet,
            EniId = s.EniId ?? "eni-0" + s.RouteServerEndpointId[^16..],
            EniAddress = s.EniAddress ?? FirstHost(subnet.Cidr, 4) ?? "10.0.0.4",
            State = state,
            FailureReason = s.FailureReason,
            Tags = TagList(s.Tags),
        };
        if (!_endpoints.TryAdd(endpoint.Id, endpoint)) throw Duplicate(endpoint.Id);
        _endpointOrder.Add(endpoint);
        foreach (var p in s.Peers ?? new()) LoadRsPeer(p, endpoint, now);
        if (s.GeneratePeers is GeneratePeersSeed g)
        {
            if (g.Count < 0 || g.Count > 1_000_000) throw new TopologyException("Endpoint " + endpoint.Id + ": generatePeers.count must be 0 to 1000000.");
            var first = g.FirstAddress ?? Ipv4(ParseIPv4(endpoint.EniAddress, "eniAddress") + 16);
            var address = ParseIPv4(first, "generatePeers.firstAddress");
            for (var i = 0; i < g.Count; i++)
            {
                LoadRsPeer(new RouteServerPeerSeed
                {
                    PeerAddress = Ipv4(address + (uint)i),
                    PeerAsn = g.PeerAsn,
                    PeerLivenessDetection = g.PeerLivenessDetection,
                    State = g.State,
                    BgpStatus = g.BgpStatus,
                }, endpoint, now);
            }
        }
    }

    private void LoadRsPeer(RouteServerPeerSeed s, EndpointRecord endpoint, DateTimeOffset now)
    {
        var id = s.RouteServerPeerId ?? NewId(() => _ids.Ec2("rsp"));
        Require(id, "rsp-", "peers[].routeServerPeerId");
        var what = "Route Server peer " + id;
        ParseIPv4(s.PeerAddress, what + ": peerAddress");
        if (s.PeerAsn is < 1 or > 4294967295) throw new TopologyException(what + ": peerAsn must be 1 to 4294967295.");
        var liveness = s.PeerLivenessDetection ?? "bgp-keepalive";
        if (liveness is not ("bgp-keepalive" or "bfd")) throw new TopologyException(what + ": peerLivenessDetection must be bgp-keepalive or bfd.");
        var state = s.State ?? "available";
        if (!Names.RouteServerPeerStates.Contains(state)) throw new TopologyException(what + ": the state '" + state + "' is not one of " + string.Join(", ", Names.RouteServerPeerStates) + ".");
        var peer = new RsPeerRecord
        {
            Seq = ++_seq,
            Id = id,
            Endpoint = endpoint,
            PeerAddress = s.PeerAddress,
            Asn = s.PeerAsn,
            Liveness = liveness,
            Tags = TagList(s.Tags),
        };
        peer.Life.Behaviour = RouteServerBehaviour(s.BgpBehaviour, what + ": bgpBehaviour");
        peer.Life.State = state;
        peer.Life.FailureReason = state == "failed" ? s.FailureReason ?? DefaultFailureReason : s.FailureReason;
        peer.Life.Since = SeedSince(state, s.BgpStatus, _rs, now, what);
        if (_rsPeers.ContainsKey(id)) throw Duplicate(id);
        AddRsPeer(peer);
    }

    private void LoadConnection(ConnectionSeed s, DateTimeOffset now)
    {
        Require(s.ConnectionId, "dxcon-", "connections[].connectionId");
        var redundancy = s.HasLogicalRedundancy ?? "no";
        if (redundancy is not ("yes" or "no" or "unknown")) throw new TopologyException("Connection " + s.ConnectionId + ": hasLogicalRedundancy must be yes, no or unknown.");
        var c = new ConnectionRecord
        {
            Id = s.ConnectionId,
            Name = s.ConnectionName,
            Location = s.Location ?? "EqDC2",
            Bandwidth = s.Bandwidth ?? "1Gbps",
            State = s.ConnectionState ?? "available",
            HasLogicalRedundancy = redundancy,
            AwsDeviceV2 = s.AwsDeviceV2 ?? "EqDC2-123h49s71dabc",
            AwsLogicalDeviceId = s.AwsLogicalDeviceId ?? "EqDC2-1a2b3c4d5e6f",
        };
        if (!_connections.TryAdd(c.Id, c)) throw Duplicate(c.Id);
        foreach (var v in s.VirtualInterfaces ?? new())
        {
            Require(v.VirtualInterfaceId, "dxvif-", "virtualInterfaces[].virtualInterfaceId");
            var what = "Virtual interface " + v.VirtualInterfaceId;
            if (v.VirtualInterfaceType is not ("private" or "public" or "transit")) throw new TopologyException(what + ": virtualInterfaceType must be private, public or transit.");
            if (v.Asn is < 1 or > 4294967294) throw new TopologyException(what + ": asn must be 1 to 4294967294.");
            var vif = new VifRecord
            {
                Seq = ++_seq,
                Id = v.VirtualInterfaceId,
                Connection = c,
                Type = v.VirtualInterfaceType,
                Name = v.VirtualInterfaceName,
                Vlan = v.Vlan,
                Asn = v.Asn,
                AmazonSideAsn = v.AmazonSideAsn,
                State = v.VirtualInterfaceState ?? "available",
                CustomerRouterConfig = v.CustomerRouterConfig ?? (v.VirtualInterfaceType == "public" ? null : string.Empty),
                Mtu = v.Mtu ?? 1500,
                JumboFrameCapable = v.JumboFrameCapable ?? false,
                VirtualGatewayId = v.VirtualGatewayId ?? (v.VirtualInterfaceType == "private" ? string.Empty : null),
                DirectConnectGatewayId = v.DirectConnectGatewayId,
                RouteFilterPrefixes = v.RouteFilterPrefixes?.ToList() ?? new(),
                SiteLinkEnabled = v.SiteLinkEnabled ?? false,
                Tags = TagList(v.Tags),
            };
            if (!_vifs.TryAdd(vif.Id, vif)) throw Duplicate(vif.Id);
            _vifOrder.Add(vif);
            c.VirtualInterfaces.Add(vif);
            foreach (var p in v.BgpPeers ?? new()) LoadDxPeer(p, vif, now);
            var first = vif.Peers.FirstOrDefault(p => p.AddressFamily == "ipv4") ?? vif.Peers.FirstOrDefault();
            if (first is not null)
            {
                vif.AuthKey = first.AuthKey;
                vif.AmazonAddress = first.AmazonAddress;
                vif.CustomerAddress = first.CustomerAddress;
                vif.AddressFamily = first.AddressFamily;
            }
        }
    }

    private void LoadDxPeer(DxPeerSeed s, VifRecord vif, DateTimeOffset now)
    {
        var id = s.BgpPeerId ?? NewId(() => _ids.Dx("dxpeer"));
        Require(id, "dxpeer-", "bgpPeers[].bgpPeerId");
        var what = "BGP peer " + id;
        if (s.AddressFamily is not ("ipv4" or "ipv6")) throw new TopologyException(what + ": addressFamily must be ipv4 or ipv6.");
        if (s.Asn is < 1 or > 4294967294) throw new TopologyException(what + ": asn must be 1 to 4294967294.");
        var state = s.BgpPeerState ?? "available";
        if (!Names.DxPeerStates.Contains(state)) throw new TopologyException(what + ": the bgpPeerState '" + state + "' is not one of " + string.Join(", ", Names.DxPeerStates) + ".");
        if (s.BgpStatus is not (null or "up" or "down" or "unknown")) throw new TopologyException(what + ": bgpStatus must be up, down or unknown.");
        var amazon = s.AmazonAddress;
        var customer = s.CustomerAddress;
        if (amazon is null || customer is null) (amazon, customer) = s.AddressFamily == "ipv6" ? NextIPv6Pair() : NextIPv4Pair();
        var peer = new DxPeerRecord
        {
            Id = id,
            Vif = vif,
            Asn = s.Asn,
            AuthKey = s.AuthKey ?? _ids.AuthKey(),
            AddressFamily = s.AddressFamily,
            AmazonAddress = amazon,
            CustomerAddress = customer,
        };
        var fallback = s.BgpStatus == "unknown" && state == "available" ? BgpBehaviour.Unknown : _defaultBehaviour;
        peer.Life.Behaviour = Names.ParseBehaviour(s.BgpBehaviour, fallback, what + ": bgpBehaviour");
        peer.Life.State = state;
        peer.Life.Since = SeedSince(state, s.BgpStatus == "unknown" ? null : s.BgpStatus, _dx, now, what);
        if (!_dxPeers.TryAdd(id, peer)) throw Duplicate(id);
        vif.Peers.Add(peer);
        ScheduleVanish(peer, peer.Life, _dx);
    }

    /// <summary>An available seeded peer whose BGP is <c>up</c> entered its state one BGP delay ago, so it is up now.</summary>
    private static DateTimeOffset SeedSince(string state, string? bgpStatus, PeerTiming timing, DateTimeOffset now, string what)
    {
        if (bgpStatus is not (null or "up" or "down")) throw new TopologyException(what + ": bgpStatus must be up or down.");
        return state == "available" && bgpStatus != "down" ? now - timing.BgpUp : now;
    }

    private static List<KeyValuePair<string, string>> TagList(Dictionary<string, string>? tags) =>
        tags is null ? new() : tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value ?? string.Empty)).ToList();

    private static void Require(string? id, string prefix, string field)
    {
        if (string.IsNullOrWhiteSpace(id) || !id.StartsWith(prefix, StringComparison.Ordinal) || id.Length <= prefix.Length)
            throw new TopologyException(field + " '" + id + "' must start with '" + prefix + "'.");
    }

    private static TopologyException Duplicate(string id) => new("The ID " + id + " appears twice in the seed.");

    private static uint ParseIPv4(string? text, string what)
    {
        if (text is null || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
            throw new TopologyException(what + ": '" + text + "' is not an IPv4 address.");
        var b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static string? FirstHost(string? cidr, uint offset)
    {
        if (cidr is null || !IPNetwork.TryParse(cidr, out var net) || net.BaseAddress.AddressFamily != AddressFamily.InterNetwork) return null;
        var b = net.BaseAddress.GetAddressBytes();
        return Ipv4((uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) + offset);
    }
}

/// <summary>One EC2 filter: a name and the values (with <c>*</c> and <c>?</c> wildcards) any of which may match.</summary>
internal sealed class FilterSpec
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _patterns = new();

    public FilterSpec(string name, IReadOnlyList<string> values)
    {
        Name = name;
        Values = values;
        foreach (var v in values)
        {
            if (v.AsSpan().IndexOfAny('*', '?') < 0) _exact.Add(v);
            else _patterns.Add(v);
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> Values { get; }

    public bool Matches(string? value)
    {
        if (value is null) return false;
        if (_exact.Contains(value)) return true;
        foreach (var pattern in _patterns)
        {
            if (Glob(pattern, value)) return true;
        }
        return false;
    }

    private static bool Glob(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v])) { p++; v++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
            else if (star >= 0) { p = star + 1; v = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
