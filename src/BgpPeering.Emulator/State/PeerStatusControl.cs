namespace BgpPeering.Emulator.State;

/// <summary>
/// Admin status: what the test-control API reads and sets on one peer (state, BGP and BFD pins, behaviour).
/// Callers hold the state's lock and have swept.
/// </summary>
internal static class PeerStatusControl
{
    /// <summary>The current status of a <c>rsp-</c> or <c>dxpeer-</c> peer; null when there is none.</summary>
    public static PeerStatus? Get(World world, string peerId, DateTimeOffset now)
    {
        if (world.RouteServer.Peers.TryGetValue(peerId, out var rs)) return Status(world, rs, now);
        if (world.DirectConnect.Peers.TryGetValue(peerId, out var dx)) return Status(world, dx, now);
        return null;
    }

    /// <summary>Changes a peer's state or statuses. Unknown IDs and values throw <see cref="ArgumentException"/>.</summary>
    public static PeerStatus Set(World world, string peerId, PeerStatusChange change, DateTimeOffset now)
    {
        if (world.RouteServer.Peers.TryGetValue(peerId, out var rs))
        {
            world.Rs.Advance(rs.Life, now);
            Apply(rs.Life, change, now, Names.RouteServerPeerStates, Names.BgpStatuses, routeServer: true);
            if (change.State == "failed") rs.Life.FailureReason = change.FailureReason ?? rs.Life.FailureReason ?? RouteServerStore.DefaultFailureReason;
            world.Life.ScheduleVanish(rs);
            return Status(world, rs, now);
        }
        if (world.DirectConnect.Peers.TryGetValue(peerId, out var dx))
        {
            world.Dx.Advance(dx.Life, now);
            if (change.BfdStatus is not null) throw new ArgumentException("Direct Connect peers have no BFD status; leave bfdStatus out.", nameof(change));
            Apply(dx.Life, change, now, Names.DxPeerStates, Names.DxBgpStatuses, routeServer: false);
            world.Life.ScheduleVanish(dx);
            return Status(world, dx, now);
        }
        throw new ArgumentException("No peer has the ID '" + peerId + "'. Expected an existing rsp- or dxpeer- ID.", nameof(peerId));
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

    private static PeerStatus Status(World world, RsPeerRecord p, DateTimeOffset now)
    {
        var v = world.RouteServer.View(p, now);
        return new PeerStatus(p.Id, "route-server", v.State, v.BgpStatus, v.BfdStatus, Names.BehaviourName(p.Life.Behaviour));
    }

    private static PeerStatus Status(World world, DxPeerRecord p, DateTimeOffset now)
    {
        var v = world.DirectConnect.View(p, now);
        return new PeerStatus(p.Id, "direct-connect", v.State, v.BgpStatus, null, Names.BehaviourName(p.Life.Behaviour));
    }
}
