using System.Net;
using System.Net.Sockets;

namespace BgpPeering.Emulator.State;

/// <summary>
/// Builds a fresh <see cref="World"/> from a seed, checking every part of it. A seed that fails throws
/// <see cref="TopologyException"/> and its half-built world is dropped; the live world is never touched.
/// </summary>
internal sealed class SeedLoader
{
    private readonly SimulationDelays _baseDelays;
    private readonly double _speed;
    private readonly IdGenerator _ids;

    public SeedLoader(SimulationDelays baseDelays, double speed, IdGenerator ids)
    {
        _baseDelays = baseDelays;
        _speed = speed;
        _ids = ids;
    }

    /// <summary>A world built from <paramref name="seed"/> at <paramref name="now"/>, numbering on from <paramref name="seq"/>.</summary>
    public World Build(Topology seed, long seq, DateTimeOffset now)
    {
        var world = new World(_ids, seq)
        {
            AccountId = string.IsNullOrWhiteSpace(seed.AccountId) ? "123456789012" : seed.AccountId!,
            Region = string.IsNullOrWhiteSpace(seed.Region) ? "us-east-1" : seed.Region!,
        };
        world.Speed = _speed;
        world.EffectiveDelays = Delays(seed.Simulation?.Delays).Scaled(_speed);
        world.Rs = PeerTiming.RouteServer(world.EffectiveDelays);
        world.Dx = PeerTiming.DirectConnect(world.EffectiveDelays);
        world.DefaultBehaviour = Names.ParseBehaviour(seed.Simulation?.BgpBehaviour, BgpBehaviour.Up, "simulation.bgpBehaviour");
        world.Rules = seed.Rules?.ToList() ?? new();
        for (var i = 0; i < world.Rules.Count; i++)
        {
            Names.ParseBehaviour(world.Rules[i].BgpBehaviour, BgpBehaviour.Up, "rules[" + i + "]");
            if (world.Rules[i].PeerAddress is null && world.Rules[i].Asn is null)
                throw new TopologyException("rules[" + i + "] matches every peer; give it a peerAddress, an asn or both.");
            try
            {
                RouteStore.ParseAll(world.Rules[i].Routes ?? new(), "rules[" + i + "].routes", directConnect: false, family: "ipv4");
            }
            catch (ArgumentException ex)
            {
                throw new TopologyException(ex.Message, ex);
            }
        }

        var rs = world.RouteServer;
        foreach (var vpc in seed.Vpcs ?? new())
        {
            Require(vpc.VpcId, "vpc-", "vpcs[].vpcId");
            if (!rs.Vpcs.TryAdd(vpc.VpcId, new VpcRecord { Id = vpc.VpcId, Cidr = vpc.Cidr })) throw Duplicate(vpc.VpcId);
            foreach (var subnet in vpc.Subnets ?? new())
            {
                Require(subnet.SubnetId, "subnet-", "subnets[].subnetId");
                if (!rs.Subnets.TryAdd(subnet.SubnetId, new SubnetRecord { Id = subnet.SubnetId, VpcId = vpc.VpcId, Cidr = subnet.Cidr, AvailabilityZone = subnet.AvailabilityZone }))
                    throw Duplicate(subnet.SubnetId);
            }
            foreach (var rsSeed in vpc.RouteServers ?? new())
            {
                Require(rsSeed.RouteServerId, "rs-", "routeServers[].routeServerId");
                var server = new RouteServerRecord { Id = rsSeed.RouteServerId, VpcId = vpc.VpcId, AmazonSideAsn = rsSeed.AmazonSideAsn ?? 65000, Tags = TagList(rsSeed.Tags) };
                if (!rs.RouteServers.TryAdd(server.Id, server)) throw Duplicate(server.Id);
                foreach (var table in rsSeed.RouteTables ?? new()) server.RouteTables.Add(RouteTable(table, server.Id));
                foreach (var epSeed in rsSeed.Endpoints ?? new()) LoadEndpoint(world, epSeed, server, vpc, now);
            }
        }
        foreach (var connSeed in seed.DirectConnect?.Connections ?? new()) LoadConnection(world, connSeed, now);
        var tests = seed.DirectConnect?.FailoverTests ?? new();
        for (var i = 0; i < tests.Count; i++) LoadFailoverTest(world, tests[i], "directConnect.failoverTests[" + i + "]");
        return world;
    }

    private SimulationDelays Delays(DelaysSeed? d)
    {
        var delays = _baseDelays.Clone();
        if (d is null) return delays;
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
        return delays;
    }

    private static void LoadEndpoint(World world, EndpointSeed s, RouteServerRecord rs, VpcSeed vpc, DateTimeOffset now)
    {
        var store = world.RouteServer;
        Require(s.RouteServerEndpointId, "rse-", "endpoints[].routeServerEndpointId");
        if (!store.Subnets.TryGetValue(s.SubnetId ?? string.Empty, out var subnet) || subnet.VpcId != vpc.VpcId)
            throw new TopologyException("Endpoint " + s.RouteServerEndpointId + " names subnet '" + s.SubnetId + "', which is not a subnet of " + vpc.VpcId + ".");
        var state = s.State ?? "available";
        if (!Names.EndpointStates.Contains(state)) throw new TopologyException("Endpoint " + s.RouteServerEndpointId + ": the state '" + state + "' is not one of " + string.Join(", ", Names.EndpointStates) + ".");
        var endpoint = new EndpointRecord
        {
            Seq = world.NextSeq(),
            Id = s.RouteServerEndpointId,
            RouteServer = rs,
            Subnet = subnet,
            EniId = s.EniId ?? "eni-0" + s.RouteServerEndpointId[^16..],
            EniAddress = s.EniAddress ?? FirstHost(subnet.Cidr, 4) ?? "10.0.0.4",
            State = state,
            FailureReason = s.FailureReason,
            Tags = TagList(s.Tags),
        };
        if (!store.Endpoints.TryAdd(endpoint.Id, endpoint)) throw Duplicate(endpoint.Id);
        store.EndpointOrder.Add(endpoint);
        foreach (var p in s.Peers ?? new()) LoadRsPeer(world, p, endpoint, now);
        if (s.GeneratePeers is GeneratePeersSeed g)
        {
            if (g.Count < 0 || g.Count > 1_000_000) throw new TopologyException("Endpoint " + endpoint.Id + ": generatePeers.count must be 0 to 1000000.");
            var first = g.FirstAddress ?? World.Ipv4(ParseIPv4(endpoint.EniAddress, "eniAddress") + 16);
            var address = ParseIPv4(first, "generatePeers.firstAddress");
            for (var i = 0; i < g.Count; i++)
            {
                LoadRsPeer(world, new RouteServerPeerSeed
                {
                    PeerAddress = World.Ipv4(address + (uint)i),
                    PeerAsn = g.PeerAsn,
                    PeerLivenessDetection = g.PeerLivenessDetection,
                    State = g.State,
                    BgpStatus = g.BgpStatus,
                }, endpoint, now);
            }
        }
    }

    private static void LoadRsPeer(World world, RouteServerPeerSeed s, EndpointRecord endpoint, DateTimeOffset now)
    {
        var id = s.RouteServerPeerId ?? world.NewId(() => world.Ids.Ec2("rsp"));
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
            Seq = world.NextSeq(),
            Id = id,
            Endpoint = endpoint,
            PeerAddress = s.PeerAddress,
            Asn = s.PeerAsn,
            Liveness = liveness,
            Tags = TagList(s.Tags),
        };
        peer.Life.Behaviour = world.RouteServerBehaviour(s.BgpBehaviour, what + ": bgpBehaviour");
        peer.Life.State = state;
        peer.Life.FailureReason = state == "failed" ? s.FailureReason ?? RouteServerStore.DefaultFailureReason : s.FailureReason;
        peer.Life.Since = SeedSince(state, s.BgpStatus, world.Rs, now, what);
        if (world.RouteServer.Peers.ContainsKey(id)) throw Duplicate(id);
        world.RouteServer.AddPeer(peer);
        if (s.Routes is { Count: > 0 }) Routes(world, id, s.Routes, now, what);
    }

    private static RouteTableRecord RouteTable(RouteTableSeed s, string routeServerId)
    {
        Require(s.RouteTableId, "rtb-", "routeServers[].routeTables[].routeTableId");
        var table = new RouteTableRecord { Id = s.RouteTableId };
        foreach (var prefix in s.StaticRoutes ?? new())
        {
            var canonical = RouteStore.Canonical(prefix)
                ?? throw new TopologyException("Route server " + routeServerId + ", route table " + s.RouteTableId + ": the static route '" + prefix + "' is not a CIDR such as 10.60.1.0/24.");
            table.StaticRoutes.Add(canonical);
        }
        return table;
    }

    /// <summary>A seeded peer's routes, checked as the admin API checks them.</summary>
    private static void Routes(World world, string peerId, List<RouteSeed> routes, DateTimeOffset now, string what)
    {
        try
        {
            world.Routes.Set(peerId, routes, now);
        }
        catch (ArgumentException ex)
        {
            throw new TopologyException(what + ": " + ex.Message, ex);
        }
    }

    private static void LoadConnection(World world, ConnectionSeed s, DateTimeOffset now)
    {
        var store = world.DirectConnect;
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
        if (!store.Connections.TryAdd(c.Id, c)) throw Duplicate(c.Id);
        foreach (var v in s.VirtualInterfaces ?? new())
        {
            Require(v.VirtualInterfaceId, "dxvif-", "virtualInterfaces[].virtualInterfaceId");
            var what = "Virtual interface " + v.VirtualInterfaceId;
            if (v.VirtualInterfaceType is not ("private" or "public" or "transit")) throw new TopologyException(what + ": virtualInterfaceType must be private, public or transit.");
            if (v.Asn is < 1 or > 4294967294) throw new TopologyException(what + ": asn must be 1 to 4294967294.");
            var vif = new VifRecord
            {
                Seq = world.NextSeq(),
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
            if (!store.Vifs.TryAdd(vif.Id, vif)) throw Duplicate(vif.Id);
            store.VifOrder.Add(vif);
            c.VirtualInterfaces.Add(vif);
            foreach (var p in v.BgpPeers ?? new()) LoadDxPeer(world, p, vif, now);
            foreach (var prefix in v.AdvertisedPrefixes ?? new())
                vif.AdvertisedPrefixes.Add(RouteStore.Canonical(prefix) ?? throw new TopologyException(what + ": the advertised prefix '" + prefix + "' is not a CIDR such as 10.0.0.0/16."));
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

    private static void LoadDxPeer(World world, DxPeerSeed s, VifRecord vif, DateTimeOffset now)
    {
        var id = s.BgpPeerId ?? world.NewId(() => world.Ids.Dx("dxpeer"));
        Require(id, "dxpeer-", "bgpPeers[].bgpPeerId");
        var what = "BGP peer " + id;
        if (s.AddressFamily is not ("ipv4" or "ipv6")) throw new TopologyException(what + ": addressFamily must be ipv4 or ipv6.");
        if (s.Asn is < 1 or > 4294967294) throw new TopologyException(what + ": asn must be 1 to 4294967294.");
        var state = s.BgpPeerState ?? "available";
        if (!Names.DxPeerStates.Contains(state)) throw new TopologyException(what + ": the bgpPeerState '" + state + "' is not one of " + string.Join(", ", Names.DxPeerStates) + ".");
        if (s.BgpStatus is not (null or "up" or "down" or "unknown")) throw new TopologyException(what + ": bgpStatus must be up, down or unknown.");
        var amazon = s.AmazonAddress;
        var customer = s.CustomerAddress;
        if (amazon is null || customer is null) (amazon, customer) = s.AddressFamily == "ipv6" ? world.NextIPv6Pair() : world.NextIPv4Pair();
        var peer = new DxPeerRecord
        {
            Id = id,
            Vif = vif,
            Asn = s.Asn,
            AuthKey = s.AuthKey ?? world.Ids.AuthKey(),
            AddressFamily = s.AddressFamily,
            AmazonAddress = amazon,
            CustomerAddress = customer,
        };
        var fallback = s.BgpStatus == "unknown" && state == "available" ? BgpBehaviour.Unknown : world.DefaultBehaviour;
        peer.Life.Behaviour = Names.ParseBehaviour(s.BgpBehaviour, fallback, what + ": bgpBehaviour");
        peer.Life.State = state;
        peer.Life.Since = SeedSince(state, s.BgpStatus == "unknown" ? null : s.BgpStatus, world.Dx, now, what);
        if (world.DirectConnect.Peers.ContainsKey(id)) throw Duplicate(id);
        world.DirectConnect.AddPeer(peer);
        if (s.Routes is { Count: > 0 }) Routes(world, id, s.Routes, now, what);
    }

    /// <summary>A finished failover test: its interface and peers must be the seed's own, its times in order.</summary>
    private static void LoadFailoverTest(World world, FailoverTestSeed s, string what)
    {
        Require(s.VirtualInterfaceId, "dxvif-", what + ".virtualInterfaceId");
        if (!world.DirectConnect.Vifs.TryGetValue(s.VirtualInterfaceId, out var vif))
            throw new TopologyException(what + ": virtual interface " + s.VirtualInterfaceId + " is not in the seed.");
        var status = s.Status ?? FailoverTestStore.Completed;
        if (status is not (FailoverTestStore.Completed or FailoverTestStore.Cancelled or FailoverTestStore.Failed))
            throw new TopologyException(what + ": status must be completed, cancelled or failed (a seeded test is finished).");
        var minutes = s.TestDurationInMinutes ?? FailoverTestStore.DefaultMinutes;
        if (minutes is < FailoverTestStore.MinMinutes or > FailoverTestStore.MaxMinutes) throw new TopologyException(what + ": testDurationInMinutes must be 1 to 4320.");
        var peers = s.BgpPeers ?? new();
        if (peers.Count == 0) throw new TopologyException(what + ": bgpPeers must name at least one peer.");
        foreach (var id in peers)
        {
            if (!world.DirectConnect.Peers.TryGetValue(id, out var peer) || !ReferenceEquals(peer.Vif, vif))
                throw new TopologyException(what + ": BGP peer " + id + " is not a peer of " + vif.Id + " in the seed.");
        }
        var end = s.EndTime ?? s.StartTime + TimeSpan.FromMinutes(minutes);
        if (end < s.StartTime) throw new TopologyException(what + ": endTime is before startTime.");
        var testId = string.IsNullOrWhiteSpace(s.TestId) ? world.Ids.Uuid() : s.TestId!;
        if (world.FailoverTests.History.Any(t => t.TestId == testId)) throw Duplicate(testId);
        world.FailoverTests.AddSeeded(new FailoverTestRecord
        {
            Seq = world.NextSeq(),
            TestId = testId,
            Vif = vif,
            VirtualInterfaceId = vif.Id,
            PeerIds = peers.ToList(),
            Minutes = minutes,
            StartTime = s.StartTime,
            PlannedEnd = end,
            SeededStatus = status,
            SeededEnd = end,
        });
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
        return World.Ipv4((uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) + offset);
    }
}
