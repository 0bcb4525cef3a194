namespace BgpPeering.Emulator.State;

/// <summary>
/// The simulated delays at speed 1, in real seconds. Every one is divided by the emulator's speed (<c>--speed</c>,
/// <c>EmulatorOptions.Speed</c>) when a world is built from a seed.
/// </summary>
public sealed class SimulationDelays
{
    /// <summary>Route Server peer: <c>pending</c> to <c>available</c>.</summary>
    public TimeSpan PeerAvailable { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Route Server peer: from <c>available</c> until its BGP session (and BFD, with <c>bfd</c> liveness) is up.</summary>
    public TimeSpan BgpUp { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Route Server peer: <c>deleting</c> to <c>deleted</c>.</summary>
    public TimeSpan PeerDelete { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a deleted Route Server peer stays listed before it vanishes.</summary>
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Direct Connect peer: <c>pending</c> to <c>available</c>.</summary>
    public TimeSpan DxPeerAvailable { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Direct Connect peer: from <c>available</c> until its BGP status is <c>up</c>.</summary>
    public TimeSpan DxBgpUp { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Direct Connect peer: <c>deleting</c> to <c>deleted</c>.</summary>
    public TimeSpan DxPeerDelete { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a deleted Direct Connect peer stays listed (AWS documents 15 minutes for deleted virtual interfaces).</summary>
    public TimeSpan DxDeletedRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A flapping session: how long each up phase lasts.</summary>
    public TimeSpan FlapUp { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A flapping session: how long each down phase lasts.</summary>
    public TimeSpan FlapDown { get; set; } = TimeSpan.FromSeconds(10);

    public SimulationDelays Clone() => (SimulationDelays)MemberwiseClone();

    /// <summary>Every delay divided by <paramref name="speed"/>.</summary>
    public SimulationDelays Scaled(double speed)
    {
        TimeSpan S(TimeSpan t) => TimeSpan.FromTicks((long)(t.Ticks / speed));
        return new SimulationDelays
        {
            PeerAvailable = S(PeerAvailable),
            BgpUp = S(BgpUp),
            PeerDelete = S(PeerDelete),
            DeletedRetention = S(DeletedRetention),
            DxPeerAvailable = S(DxPeerAvailable),
            DxBgpUp = S(DxBgpUp),
            DxPeerDelete = S(DxPeerDelete),
            DxDeletedRetention = S(DxDeletedRetention),
            FlapUp = S(FlapUp),
            FlapDown = S(FlapDown),
        };
    }

    internal void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(PeerAvailable), PeerAvailable), (nameof(BgpUp), BgpUp), (nameof(PeerDelete), PeerDelete),
                     (nameof(DeletedRetention), DeletedRetention), (nameof(DxPeerAvailable), DxPeerAvailable), (nameof(DxBgpUp), DxBgpUp),
                     (nameof(DxPeerDelete), DxPeerDelete), (nameof(DxDeletedRetention), DxDeletedRetention),
                 })
        {
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, "A simulated delay cannot be negative.");
        }
        if (FlapUp <= TimeSpan.Zero || FlapDown <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(FlapUp), "The flapping phases (FlapUp, FlapDown) must be longer than zero.");
    }
}
