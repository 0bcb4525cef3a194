namespace BgpPeering.Emulator.State;

/// <summary>
/// Simulated life: deleted peers vanish from listings once their retention has passed. The rest of a peer's life
/// (pending → available, deleting → deleted, BGP up, flapping) is computed lazily from the clock by
/// <see cref="PeerTiming"/>; only vanishing changes the tables, so only it needs a queue.
/// </summary>
internal sealed class SimulatedLife
{
    private readonly World _world;
    private readonly PriorityQueue<object, DateTimeOffset> _vanish = new();

    public SimulatedLife(World world) => _world = world;

    /// <summary>Queues a Route Server peer that is being deleted to vanish at the end of its retention.</summary>
    public void ScheduleVanish(RsPeerRecord peer) => Schedule(peer, peer.Life, _world.Rs);

    /// <summary>Queues a Direct Connect peer that is being deleted to vanish at the end of its retention.</summary>
    public void ScheduleVanish(DxPeerRecord peer) => Schedule(peer, peer.Life, _world.Dx);

    /// <summary>Removes the deleted peers whose retention has passed. Cheap: it looks only at the queue's due head.</summary>
    public void Sweep(DateTimeOffset now)
    {
        while (_vanish.TryPeek(out var item, out var due) && due <= now)
        {
            _vanish.Dequeue();
            switch (item)
            {
                case RsPeerRecord rs when _world.RouteServer.Peers.TryGetValue(rs.Id, out var current) && ReferenceEquals(current, rs):
                {
                    _world.Rs.Advance(rs.Life, now);
                    var at = _world.Rs.VanishAt(rs.Life);
                    if (at is null) break;
                    if (at <= now) _world.RouteServer.RemovePeer(rs);
                    else _vanish.Enqueue(rs, at.Value);
                    break;
                }
                case DxPeerRecord dx when _world.DirectConnect.Peers.TryGetValue(dx.Id, out var current) && ReferenceEquals(current, dx):
                {
                    _world.Dx.Advance(dx.Life, now);
                    var at = _world.Dx.VanishAt(dx.Life);
                    if (at is null) break;
                    if (at <= now) _world.DirectConnect.RemovePeer(dx);
                    else _vanish.Enqueue(dx, at.Value);
                    break;
                }
            }
        }
    }

    private void Schedule(object peer, Lifecycle life, PeerTiming timing)
    {
        if (timing.VanishAt(life) is DateTimeOffset at) _vanish.Enqueue(peer, at);
    }
}
