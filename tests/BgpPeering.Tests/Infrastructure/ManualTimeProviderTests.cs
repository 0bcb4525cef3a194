using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Infrastructure;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public async Task Delay_completes_only_when_the_clock_passes_it()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(5), time);
        Assert.False(delay.IsCompleted);
        Assert.Equal(1, time.PendingTimers);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(delay.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_passed_and_in_order()
    {
        var time = new ManualTimeProvider();
        var fired = new List<string>();
        using var a = time.CreateTimer(_ => fired.Add("a@" + time.GetUtcNow().Second), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var b = time.CreateTimer(_ => fired.Add("b@" + time.GetUtcNow().Second), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(new[] { "a@2", "b@3", "a@4", "a@6" }, fired);
        Assert.Equal(TimeSpan.FromSeconds(6), time.GetUtcNow() - new ManualTimeProvider().GetUtcNow());
    }
}

public sealed class ManualTimeProviderOrderingTests
{
    [Fact]
    public void The_clock_never_goes_backwards_when_advances_overlap()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        // A timer whose callback advances the clock further, as a sleeping loop under AutoAdvance does.
        using var timer = time.CreateTimer(_ => time.Advance(TimeSpan.FromSeconds(10)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(start + TimeSpan.FromSeconds(11), time.GetUtcNow());
    }
}
