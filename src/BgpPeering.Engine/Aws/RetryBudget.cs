using System;

namespace BgpPeering.Engine.Aws;

/// <summary>
/// The retry budget of one service client: a token bucket that a retry draws from and that refills, both with
/// every success and with time. A storm of failures empties it (so that a struggling service is not hammered by
/// retries), but it is never empty for good: it refills at <see cref="RefillPerSecond"/> tokens a second, from
/// empty to full in <see cref="Capacity"/> / <see cref="RefillPerSecond"/> seconds, also when no call succeeds.
/// This replaces AWSSDK.Core's Standard-mode bucket, which is shared per service URL for the life of the process
/// and refills only on success: after 100 failed retries it gave every later call no retry at all.
/// </summary>
public sealed class RetryBudget
{
    public const int DefaultCapacity = 500;
    public const int DefaultRetryCost = 5;
    public const int DefaultTimeoutRetryCost = 10;
    public const double DefaultRefillPerSecond = 10;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _stamp;

    public RetryBudget(TimeProvider? time = null, int capacity = DefaultCapacity, double refillPerSecond = DefaultRefillPerSecond)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        if (refillPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(refillPerSecond), refillPerSecond, "The refill rate must be positive.");
        _time = time ?? TimeProvider.System;
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _tokens = capacity;
        _stamp = _time.GetUtcNow();
    }

    public int Capacity { get; }

    public double RefillPerSecond { get; }

    /// <summary>The tokens left now (after the time-based refill).</summary>
    public double Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <summary>How many retries were refused for want of tokens (for tests and diagnostics).</summary>
    public int Refused { get; private set; }

    /// <summary>Takes the cost of one retry; false (and nothing taken) when the bucket has too little.</summary>
    public bool TryAcquire(int cost)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= cost)
            {
                _tokens -= cost;
                return true;
            }
            Refused++;
            return false;
        }
    }

    /// <summary>Gives tokens back: the cost of a retry that succeeded, or 1 for a first-attempt success.</summary>
    public void Release(int amount)
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(Capacity, _tokens + amount);
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var elapsed = (now - _stamp).TotalSeconds;
        _stamp = now;
        if (elapsed > 0) _tokens = Math.Min(Capacity, _tokens + elapsed * RefillPerSecond);
    }
}
