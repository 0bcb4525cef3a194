namespace BgpPeering.Emulator.State;

/// <summary>
/// The life of one peer, computed lazily from the clock: a base state entered at a time, plus what follows from
/// it (pending → available/failed after a delay, deleting → deleted after a delay). A failover test holds the BGP
/// session down until <see cref="BgpHeldUntil"/>, after which it comes back up as a new session does. Admin pins
/// override the BGP and BFD statuses until they are set back to <c>auto</c>.
/// </summary>
internal sealed class Lifecycle
{
    public string State = "pending";
    public DateTimeOffset Since;
    /// <summary>Route Server: a pending peer ends <c>failed</c> with this reason.</summary>
    public string? FailureReason;
    public BgpBehaviour Behaviour;
    public string? BgpPin;
    public string? BfdPin;
    /// <summary>
    /// Direct Connect: a failover test holds the BGP session down until this instant (its planned end, or when it was
    /// stopped); the session is up again one BGP-up delay later. Null when no test ever held it.
    /// </summary>
    public DateTimeOffset? BgpHeldUntil;
}

/// <summary>The scaled delays for one kind of peer.</summary>
internal sealed class PeerTiming
{
    public PeerTiming(TimeSpan available, TimeSpan bgpUp, TimeSpan delete, TimeSpan retention, TimeSpan flapUp, TimeSpan flapDown)
    {
        Available = available;
        BgpUp = bgpUp;
        Delete = delete;
        Retention = retention;
        FlapUp = flapUp;
        FlapDown = flapDown;
    }

    public TimeSpan Available { get; }
    public TimeSpan BgpUp { get; }
    public TimeSpan Delete { get; }
    public TimeSpan Retention { get; }
    public TimeSpan FlapUp { get; }
    public TimeSpan FlapDown { get; }

    public static PeerTiming RouteServer(SimulationDelays d) => new(d.PeerAvailable, d.BgpUp, d.PeerDelete, d.DeletedRetention, d.FlapUp, d.FlapDown);

    public static PeerTiming DirectConnect(SimulationDelays d) => new(d.DxPeerAvailable, d.DxBgpUp, d.DxPeerDelete, d.DxDeletedRetention, d.FlapUp, d.FlapDown);

    /// <summary>Moves the lifecycle through every transition that is due by <paramref name="now"/>.</summary>
    public void Advance(Lifecycle l, DateTimeOffset now)
    {
        while (true)
        {
            switch (l.State)
            {
                case "pending":
                {
                    var at = l.Since + Available;
                    if (now < at) return;
                    l.State = l.FailureReason is null ? "available" : "failed";
                    l.Since = at;
                    continue;
                }
                case "deleting":
                {
                    var at = l.Since + Delete;
                    if (now < at) return;
                    l.State = "deleted";
                    l.Since = at;
                    continue;
                }
                default:
                    return;
            }
        }
    }

    /// <summary>
    /// The BGP status at <paramref name="now"/>; call <see cref="Advance"/> first. An admin pin wins; then a failover
    /// test's hold (down while it lasts, and for the BGP-up delay after it, as the session re-establishes); then the
    /// peer's state and behaviour.
    /// </summary>
    public string Bgp(Lifecycle l, DateTimeOffset now)
    {
        if (l.BgpPin is not null) return l.BgpPin;
        if (l.BgpHeldUntil is DateTimeOffset held && now < held + BgpUp) return "down";
        if (l.State == "verifying") return "unknown";
        if (l.State != "available") return "down";
        if (l.Behaviour == BgpBehaviour.Unknown) return "unknown";
        if (l.Behaviour == BgpBehaviour.Never) return "down";
        var upAt = l.Since + BgpUp;
        if (now < upAt) return "down";
        if (l.Behaviour == BgpBehaviour.Up) return "up";
        var cycle = FlapUp + FlapDown;
        var phase = TimeSpan.FromTicks((now - upAt).Ticks % cycle.Ticks);
        return phase < FlapUp ? "up" : "down";
    }

    /// <summary>When a deleting or deleted peer vanishes from listings; null when it is not being deleted.</summary>
    public DateTimeOffset? VanishAt(Lifecycle l) => l.State switch
    {
        "deleting" => l.Since + Delete + Retention,
        "deleted" => l.Since + Retention,
        _ => null,
    };
}
