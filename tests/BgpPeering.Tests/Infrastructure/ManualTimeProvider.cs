namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// A fake clock for deterministic tests: time moves only when <see cref="Advance"/> is called, and timers
/// (including <c>Task.Delay(…, timeProvider)</c>) fire in due order as it passes them. No test sleeps.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>How many timers are waiting to fire; tests use it to know that the code under test is now waiting.</summary>
    public int PendingTimers
    {
        get { lock (_gate) return _timers.Count(t => t.DueAt is not null); }
    }

    /// <summary>The earliest time a waiting timer is due, or null.</summary>
    public DateTimeOffset? NextDue
    {
        get { lock (_gate) return _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt).Min(); }
    }

    /// <summary>
    /// When set, every timer created jumps the clock to its due time at once (on the thread pool): code that
    /// sleeps runs in virtual time, as fast as it can. For code whose only timers are its own waits.
    /// </summary>
    public bool AutoAdvance { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        if (AutoAdvance && timer.DueAt is { } due)
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                var now = GetUtcNow();
                Advance(due > now ? due - now : TimeSpan.Zero);
            });
        }
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by));
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is not null && t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    // Never backwards: with AutoAdvance another Advance may already have moved past our target.
                    if (target > _now) _now = target;
                    return;
                }
                if (next.DueAt > _now) _now = next.DueAt!.Value;
                next.Reschedule(_now);
            }
            next.Fire();
        }
    }

    /// <summary>Advances to the next due timer (if any) and fires it; returns false when nothing is waiting.</summary>
    public bool AdvanceToNext()
    {
        var due = NextDue;
        if (due is null) return false;
        var now = GetUtcNow();
        Advance(due.Value > now ? due.Value - now : TimeSpan.Zero);
        return true;
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _owner._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }
            return true;
        }

        /// <summary>Called under the owner's lock just before firing.</summary>
        public void Reschedule(DateTimeOffset now) =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero ? null : now + _period;

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._gate) DueAt = null;
            _owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
