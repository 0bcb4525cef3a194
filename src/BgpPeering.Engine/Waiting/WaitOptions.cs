using System;

namespace BgpPeering.Engine.Waiting;

/// <summary>How Wait-BgpPeerUp polls.</summary>
public sealed class WaitOptions
{
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultMaxInterval = TimeSpan.FromSeconds(30);

    /// <summary>When the wait ends and every peer still down becomes an OperationTimeout error.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// The delay between polls while peers are moving (see <see cref="WaitSchedule"/>): the waiter is never later
    /// than a per-peer loop at this interval. When nothing moves, or a read fails, delays grow towards <see cref="MaxInterval"/>.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>The longest delay when backing off (30 seconds, or <see cref="PollInterval"/> if that is longer).</summary>
    public TimeSpan MaxInterval { get; set; } = DefaultMaxInterval;

    /// <summary>How much each backoff delay grows over the one before.</summary>
    public double Growth { get; set; } = 1.5;

    /// <summary>
    /// Backoff delays are scaled by a random factor in [1 - Jitter, 1 + Jitter]; at the poll interval only
    /// downwards, in [1 - Jitter, 1].
    /// </summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>How many rounds in a row must see nothing move before the waiter backs off.</summary>
    public int QuietRounds { get; set; } = DefaultQuietRounds;

    public const int DefaultQuietRounds = 3;

    /// <summary>Also require BFD up for Route Server peers whose liveness detection is BFD.</summary>
    public bool RequireBfd { get; set; }

    /// <summary>
    /// How long one read may take (its SDK retries included) before it counts as failed for this round. These
    /// calls are small; the SDK's own 100-second default would let one stalled read hold the wait.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With more than 0, a peer is done only when its session is up and it has this many routes in the FIB (Route
    /// Server) or accepted (Direct Connect): RouteCondition.cs.
    /// </summary>
    public int MinimumRouteCount { get; set; }

    /// <summary>Route Server peer IDs per DescribeRouteServerPeers call.</summary>
    public int RouteServerBatchSize { get; set; } = 1000;

    public void Validate()
    {
        if (PollInterval < MinimumPollInterval)
            throw new Model.Validation.ValidationException("PollInterval", "-PollInterval " + PollInterval + " is too short; the minimum is 1 second (00:00:01).");
        if (Timeout <= TimeSpan.Zero)
            throw new Model.Validation.ValidationException("Timeout", "-Timeout must be positive, such as 00:10:00 for ten minutes.");
        if (MinimumRouteCount < 0)
            throw new Model.Validation.ValidationException("MinimumRouteCount", "-MinimumRouteCount must be 0 or more; 0 waits for BGP alone.");
        if (MaxInterval < PollInterval) MaxInterval = PollInterval;
        if (Growth < 1) Growth = 1;
        if (Jitter < 0 || Jitter >= 1) Jitter = 0;
        if (QuietRounds < 1) QuietRounds = 1;
    }
}
