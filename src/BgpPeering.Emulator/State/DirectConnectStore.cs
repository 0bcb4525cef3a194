using System.Globalization;

namespace BgpPeering.Emulator.State;

/// <summary>
/// The Direct Connect half of the world: connections, virtual interfaces and BGP peers, with the operations behind
/// the Direct Connect actions. Callers hold the state's lock and have swept.
/// </summary>
internal sealed class DirectConnectStore
{
    private readonly World _world;

    public DirectConnectStore(World world) => _world = world;

    public Dictionary<string, ConnectionRecord> Connections { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VifRecord> Vifs { get; } = new(StringComparer.Ordinal);

    /// <summary>The virtual interfaces in sequence order.</summary>
    public List<VifRecord> VifOrder { get; } = new();

    /// <summary>The peers listed (deleted ones count until they vanish).</summary>
    public Dictionary<string, DxPeerRecord> Peers { get; } = new(StringComparer.Ordinal);

    private PeerTiming Timing => _world.Dx;

    public VifView CreatePeer(string vifId, string family, long asn, string? authKey, string? amazonAddress, string? customerAddress, DateTimeOffset now)
    {
        var vif = FindVif(vifId);
        if (vif.State is "deleting" or "deleted" or "rejected")
            throw ServiceException.DxClient("Virtual interface " + vifId + " is in the " + vif.State + " state; BGP peers cannot be added to it.");
        if (family == "ipv4" && amazonAddress is null && vif.Type == "public")
            throw ServiceException.DxClient("amazonAddress and customerAddress are required for an IPv4 BGP peer on a public virtual interface.");
        foreach (var other in vif.Peers)
        {
            Timing.Advance(other.Life, now);
            if (other.Life.State is "deleting" or "deleted" || other.AddressFamily != family) continue;
            if (other.Asn == asn)
                throw ServiceException.DxClient("A BGP peer with ASN " + asn.ToString(CultureInfo.InvariantCulture) + " and address family " + family + " already exists on " + vifId + ".");
            if (vif.Connection.HasLogicalRedundancy != "yes")
                throw ServiceException.DxClient("A BGP peer with address family " + family + " already exists on " + vifId + ", and connection "
                    + vif.Connection.Id + " does not support logical redundancy, so a virtual interface holds one BGP peer per address family.");
        }
        if (amazonAddress is null)
        {
            (amazonAddress, customerAddress) = family == "ipv6" ? _world.NextIPv6Pair() : _world.NextIPv4Pair();
        }
        var rule = _world.MatchRule(customerAddress, asn);
        var peer = new DxPeerRecord
        {
            Id = _world.NewId(() => _world.Ids.Dx("dxpeer")),
            Vif = vif,
            Asn = asn,
            AuthKey = authKey ?? _world.Ids.AuthKey(),
            AddressFamily = family,
            AmazonAddress = amazonAddress,
            CustomerAddress = customerAddress,
        };
        peer.Life.State = "pending";
        peer.Life.Since = now;
        peer.Life.Behaviour = rule?.BgpBehaviour is string b ? Names.ParseBehaviour(b, _world.DefaultBehaviour, "rule") : _world.DefaultBehaviour;
        vif.Peers.Add(peer);
        Peers.Add(peer.Id, peer);
        return View(vif, now);
    }

    public VifView DeletePeer(string? peerId, string? vifId, long? asn, string? customerAddress, DateTimeOffset now)
    {
        DxPeerRecord? peer;
        if (peerId is not null)
        {
            if (!Peers.TryGetValue(peerId, out peer)) throw ServiceException.DxClient("BGP peer " + peerId + " does not exist.");
            if (vifId is not null && peer.Vif.Id != vifId)
                throw ServiceException.DxClient("BGP peer " + peerId + " does not belong to virtual interface " + vifId + ".");
        }
        else
        {
            var vif = FindVif(vifId!);
            peer = null;
            foreach (var p in vif.Peers)
            {
                Timing.Advance(p.Life, now);
                if (p.Life.State is "deleting" or "deleted") continue;
                if (p.Asn == asn && World.SameAddress(p.CustomerAddress, customerAddress)) { peer = p; break; }
            }
            if (peer is null)
                throw ServiceException.DxClient("No BGP peer with ASN " + asn?.ToString(CultureInfo.InvariantCulture) + " and customer address " + customerAddress + " exists on " + vifId + ".");
        }
        Timing.Advance(peer.Life, now);
        if (peer.Life.State is "deleting" or "deleted")
            throw ServiceException.DxClient("BGP peer " + peer.Id + " is already " + peer.Life.State + ".");
        var remaining = 0;
        foreach (var p in peer.Vif.Peers)
        {
            Timing.Advance(p.Life, now);
            if (!ReferenceEquals(p, peer) && p.Life.State is not ("deleting" or "deleted")) remaining++;
        }
        if (remaining == 0) throw ServiceException.DxClient("You cannot delete the last BGP peer from a virtual interface.");
        peer.Life.State = "deleting";
        peer.Life.Since = now;
        peer.Life.BgpPin = null;
        _world.Life.ScheduleVanish(peer);
        return View(peer.Vif, now);
    }

    public PageResult<VifView> DescribeVirtualInterfaces(string? connectionId, string? vifId, int? maxResults, long? after, DateTimeOffset now)
    {
        IEnumerable<VifRecord> source;
        if (vifId is not null)
        {
            var vif = FindVif(vifId);
            source = connectionId is not null && vif.Connection.Id != connectionId ? Array.Empty<VifRecord>() : new[] { vif };
        }
        else if (connectionId is not null)
        {
            if (!Connections.TryGetValue(connectionId, out var connection)) throw ServiceException.DxClient("Connection " + connectionId + " does not exist.");
            source = connection.VirtualInterfaces;
        }
        else
        {
            source = VifOrder;
        }
        return Paging.Page(source.Where(v => after is null || v.Seq > after), _ => true, v => View(v, now), maxResults, v => v.Seq);
    }

    /// <summary>
    /// DescribeConnections: one connection by ID (unknown: a client error, as DescribeVirtualInterfaces answers an
    /// unknown connection), or every connection in the order the seed listed them, paged by position.
    /// </summary>
    public PageResult<ConnectionView> DescribeConnections(string? connectionId, int? maxResults, long? after)
    {
        IEnumerable<(ConnectionRecord C, long Position)> source;
        if (connectionId is not null)
        {
            if (!Connections.TryGetValue(connectionId, out var c)) throw ServiceException.DxClient("Connection " + connectionId + " does not exist.");
            source = new[] { (c, 1L) };
        }
        else
        {
            source = Connections.Values.Select((c, i) => (c, (long)i + 1));
        }
        return Paging.Page(source.Where(x => after is null || x.Position > after), _ => true, x => View(x.C), maxResults, x => x.Position);
    }

    private ConnectionView View(ConnectionRecord c) =>
        new(_world.AccountId, c.Id, c.Name, c.State, _world.Region, c.Location, c.Bandwidth, c.AwsDeviceV2, c.AwsLogicalDeviceId, c.HasLogicalRedundancy);

    /// <summary>Lists a peer on its virtual interface and queues it to vanish if it is being deleted.</summary>
    public void AddPeer(DxPeerRecord peer)
    {
        Peers.Add(peer.Id, peer);
        peer.Vif.Peers.Add(peer);
        _world.Life.ScheduleVanish(peer);
    }

    public void RemovePeer(DxPeerRecord peer)
    {
        Peers.Remove(peer.Id);
        peer.Vif.Peers.Remove(peer);
    }

    public DxPeerView View(DxPeerRecord p, DateTimeOffset now)
    {
        Timing.Advance(p.Life, now);
        var c = p.Vif.Connection;
        return new DxPeerView(p.Id, p.Asn, p.AuthKey, p.AddressFamily, p.AmazonAddress, p.CustomerAddress, p.Life.State, Timing.Bgp(p.Life, now),
            c.AwsDeviceV2, c.AwsLogicalDeviceId);
    }

    private VifRecord FindVif(string vifId) =>
        Vifs.TryGetValue(vifId, out var vif) ? vif : throw ServiceException.DxClient("Virtual interface " + vifId + " does not exist.");

    private VifView View(VifRecord v, DateTimeOffset now)
    {
        var peers = new List<DxPeerView>(v.Peers.Count);
        foreach (var p in v.Peers) peers.Add(View(p, now));
        var c = v.Connection;
        // AWS: an interface is "testing" from StartBgpFailoverTest until its test ends.
        var state = _world.FailoverTests.Running(v, now) is null ? v.State : "testing";
        return new VifView(_world.AccountId, v.Id, c.Location, c.Id, v.Type, v.Name, v.Vlan, v.Asn, v.AmazonSideAsn, v.AuthKey, v.AmazonAddress,
            v.CustomerAddress, v.AddressFamily, state, v.CustomerRouterConfig, v.Mtu, v.JumboFrameCapable, v.VirtualGatewayId,
            v.DirectConnectGatewayId, v.RouteFilterPrefixes, peers, _world.Region, c.AwsDeviceV2, c.AwsLogicalDeviceId, v.Tags, v.SiteLinkEnabled);
    }
}
