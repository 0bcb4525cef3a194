using System;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Waiting;

/// <summary>
/// When the waiter polls next. One batched call costs the same for one peer or a thousand, so while the set is
/// still moving the waiter polls at <see cref="WaitOptions.PollInterval"/> (never later than a per-peer loop at
/// the same interval would look); it backs off, jittered, towards <see cref="WaitOptions.MaxInterval"/> only when
/// nothing has moved for <see cref="WaitOptions.QuietRounds"/> rounds, and whenever a round's read failed for now
/// (throttling, 5xx, a timeout).
/// <list type="bullet">
///   <item><description>Moving: in the round just made a peer's state or BGP (or BFD, or its interface's state)
///   changed, a peer came up or failed, or some peer is still in a state AWS is moving it out of by itself
///   (a new Route Server peer that is <c>pending</c>, a Direct Connect peer that is <c>pending</c> or
///   <c>verifying</c>, or its interface <c>pending</c>). The first round always moves: every peer is new.</description></item>
///   <item><description>At the interval the jitter only shortens the delay (by up to <see cref="WaitOptions.Jitter"/>),
///   so that many waiters do not poll in step and none waits longer than the interval.</description></item>
///   <item><description>Idle (nothing moved for <see cref="WaitOptions.QuietRounds"/> rounds, such as peers
///   available with BGP down until someone configures the other router): each delay grows by
///   <see cref="WaitOptions.Growth"/>, ± the jitter, to the cap; the first movement brings it back to the interval.</description></item>
///   <item><description>A failed read: the delay grows from the longer of the current delay and the interval, to the
///   cap, and steps back down by the same factor with each round that reads cleanly.</description></item>
/// </list>
/// The waiter clamps every delay to its deadline, so no poll is made at or after <see cref="WaitOptions.Timeout"/>.
/// </summary>
internal sealed class WaitSchedule
{
    private readonly WaitOptions _options;
    private readonly Random _random;
    private int _quietRounds;
    private TimeSpan _idle;     // the idle backoff before jitter; zero while the set moves
    private TimeSpan _failing;  // the backoff after failed reads before jitter; zero when reads succeed

    public WaitSchedule(WaitOptions options, Random random)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>Why the last delay is what it is, for -Verbose.</summary>
    public WaitPace Pace { get; private set; } = WaitPace.Moving;

    /// <summary>
    /// The delay before the next round, given what the round just made saw: whether anything moved (see the class
    /// remarks), and whether a read failed for now.
    /// </summary>
    public TimeSpan Next(bool moved, bool readFailed)
    {
        var interval = _options.PollInterval;
        if (readFailed)
            _failing = Grow(_failing > interval ? _failing : interval);
        else if (_failing > TimeSpan.Zero)
        {
            var less = TimeSpan.FromTicks((long)(_failing.Ticks / _options.Growth));
            _failing = less > interval ? less : TimeSpan.Zero;
        }

        if (moved)
        {
            _quietRounds = 0;
            _idle = TimeSpan.Zero;
        }
        else if (!readFailed && ++_quietRounds >= _options.QuietRounds) // a failed read saw nothing: not a quiet round
        {
            _idle = Grow(_idle > TimeSpan.Zero ? _idle : interval);
        }

        var delay = interval;
        Pace = WaitPace.Moving;
        if (_idle > delay)
        {
            delay = _idle;
            Pace = WaitPace.Idle;
        }
        if (_failing > delay)
        {
            delay = _failing;
            Pace = WaitPace.BackingOffAfterFailure;
        }
        return Pace == WaitPace.Moving ? Jittered(delay, -_options.Jitter, 0) : Jittered(delay, -_options.Jitter, _options.Jitter);
    }

    /// <summary>How many rounds in a row nothing has moved.</summary>
    public int QuietRounds => _quietRounds;

    /// <summary>
    /// True for a peer that AWS is still moving by itself: a Route Server peer being created (<c>pending</c>), a
    /// Direct Connect peer <c>pending</c> or <c>verifying</c>, or one whose interface is <c>pending</c>.
    /// </summary>
    public static bool InTransition(IBgpPeer? peer) => peer switch
    {
        RouteServerPeer r => r.State == RouteServerState.Pending,
        DxBgpPeer d => d.State is DxBgpPeerState.Pending or DxBgpPeerState.Verifying ||
            string.Equals(d.VirtualInterfaceState, "pending", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private TimeSpan Grow(TimeSpan from)
    {
        var cap = _options.MaxInterval;
        var ticks = from.Ticks * _options.Growth;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay scaled by a random factor in [1 + <paramref name="low"/>, 1 + <paramref name="high"/>].</summary>
    private TimeSpan Jittered(TimeSpan delay, double low, double high)
    {
        double u;
        lock (_random) u = _random.NextDouble();
        return TimeSpan.FromTicks((long)(delay.Ticks * (1 + low + (high - low) * u)));
    }
}

/// <summary>The pace the waiter polls at, for -Verbose.</summary>
internal enum WaitPace
{
    /// <summary>Peers are moving: every -PollInterval.</summary>
    Moving,

    /// <summary>Nothing moved for a while: backing off towards the cap.</summary>
    Idle,

    /// <summary>A read failed for now (throttling, 5xx, a timeout): backing off.</summary>
    BackingOffAfterFailure,
}
