using System;

namespace BgpPeering.Engine.Aws;

/// <summary>How the engine retries a mutation (create or delete) that the SDK is not allowed to retry.</summary>
public sealed class MutationRetryOptions
{
    /// <summary>Sends and read-backs in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff; each later one doubles, with full jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send may take before it counts as timed out (its outcome then unknown).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the backoff and the attempt timeout.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    internal Random Random { get; set; } = new();

    internal TimeSpan Backoff(int retry)
    {
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
        double r;
        lock (Random) r = Random.NextDouble();
        // Full jitter, but never less than a quarter of the step, so that a storm is actually waited out.
        return TimeSpan.FromMilliseconds(cap * (0.25 + 0.75 * r));
    }
}
