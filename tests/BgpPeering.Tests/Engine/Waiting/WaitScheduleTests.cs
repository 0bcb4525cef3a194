using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Waiting;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>
/// When the waiter polls, in virtual time: at -PollInterval while peers come up (never later than a per-peer loop
/// at the same interval), backing off when nothing moves and on throttling, and never at or past the deadline.
/// </summary>
public sealed class WaitScheduleTests
{
    private readonly ManualTimeProvider _time = new() { AutoAdvance = true };
    private readonly BgpPeering.Engine.Session.AwsSession _session = TestSessions.Session("http://127.0.0.1:9");

    private (PeerWaiter Waiter, ScriptedPeerReader Reader, RecordingSink Sink) Create(int seed = 42)
    {
        var reader = new ScriptedPeerReader(_time);
        return (new PeerWaiter(_time, new Random(seed)) { Reader = reader }, reader, new RecordingSink(_time));
    }

    private DateTimeOffset Start { get; } = new ManualTimeProvider().GetUtcNow();

    private WaitTarget Rs(string id) => WaitTarget.ForRouteServerPeerId(_session, id);

    private static string RsId(int i) => "rsp-" + i.ToString("x17");

    private List<double> RoundTimes(ScriptedPeerReader reader) =>
        reader.Calls.Select(c => (c.At - Start).TotalSeconds).Distinct().OrderBy(t => t).ToList();

    private static List<double> Gaps(List<double> times) => times.Zip(times.Skip(1), (a, b) => b - a).ToList();

    [Fact]
    public async Task While_peers_come_up_it_polls_at_the_interval_and_sees_each_within_one_interval()
    {
        // The benchmark's case: 300 new peers come up at random over 30 s.
        var (waiter, reader, sink) = Create();
        var random = new Random(20261122);
        var ids = Enumerable.Range(1, 300).Select(RsId).ToList();
        foreach (var id in ids) reader.UpAt[id] = random.NextDouble() * 30;

        await waiter.RunAsync(ids.Select(Rs).ToList(), new WaitOptions { PollInterval = TimeSpan.FromSeconds(5) }, sink, CancellationToken.None);

        var outputs = sink.Events.Where(e => e.Kind == PumpEventKind.Output).ToList();
        Assert.Equal(300, outputs.Count);
        // Every gap is the interval or a little less (the jitter only shortens it): never a backoff.
        Assert.All(Gaps(RoundTimes(reader)), g => Assert.InRange(g, 4, 5));
        // So each peer is written at most one interval after it came up, as a loop polling each peer every 5 s would.
        foreach (var o in outputs)
        {
            var peer = (RouteServerPeer)o.Payload!;
            var latency = (o.At - Start).TotalSeconds - reader.UpAt[peer.RouteServerPeerId];
            Assert.InRange(latency, 0, 5);
        }
        // And one call per round (300 peers fit one batch): a handful of calls, where the loop makes one per peer per round.
        Assert.Equal(waiter.Rounds, reader.Calls.Count);
        Assert.InRange(reader.Calls.Count, 7, 9);
    }

    [Fact]
    public async Task A_peer_still_being_created_keeps_the_interval_however_long_it_takes()
    {
        // Pending is a state AWS moves the peer out of by itself: the next poll may be the one that sees it up.
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 170;

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions(), sink, CancellationToken.None);

        Assert.All(Gaps(RoundTimes(reader)), g => Assert.InRange(g, 4, 5));
        Assert.InRange((sink.Events.Single(e => e.Kind == PumpEventKind.Output).At - Start).TotalSeconds, 170, 175);
    }

    [Fact]
    public async Task When_nothing_moves_it_backs_off_and_the_first_movement_brings_it_back_to_the_interval()
    {
        var (waiter, reader, sink) = Create();
        // Both available with BGP down (waiting for the other router); the second comes up at 200 s.
        reader.AvailableAt[RsId(1)] = 0;
        reader.AvailableAt[RsId(2)] = 0;
        reader.UpAt[RsId(2)] = 200;

        await waiter.RunAsync([Rs(RsId(1)), Rs(RsId(2))], new WaitOptions { Timeout = TimeSpan.FromMinutes(6) }, sink, CancellationToken.None);

        var times = RoundTimes(reader);
        var gaps = Gaps(times);
        // Idle: after three quiet rounds the delays grow to the 30 s cap (± 20 % jitter).
        Assert.All(gaps.Take(3), g => Assert.InRange(g, 4, 5));
        Assert.True(gaps[3] > 5, "no backoff after three quiet rounds: " + string.Join(", ", gaps));
        var upRound = times.First(t => t >= 200);
        Assert.Contains(gaps.Where((g, i) => times[i + 1] < 200), g => g > 24);
        // The round that sees the second peer up is movement: the next delay is the interval again…
        var afterUp = times.First(t => t > upRound) - upRound;
        Assert.InRange(afterUp, 4, 5);
        // …and with nothing moving after it, the backoff comes back.
        Assert.Contains(gaps.Where((g, i) => times[i] > upRound + 20), g => g > 20);
        Assert.Contains(sink.Verbose, v => v.Contains("Nothing has changed for 3 rounds", StringComparison.Ordinal));
        Assert.Contains(sink.Verbose, v => v.Contains("Peers are moving; polling every 00:00:05", StringComparison.Ordinal));
        // Idle costs far fewer calls than polling at the interval: 6 minutes at 5 s would be 72 rounds.
        Assert.True(reader.Calls.Count < 30, reader.Calls.Count + " calls");
    }

    [Fact]
    public async Task Throttling_backs_off_even_while_peers_are_moving_then_steps_back_to_the_interval()
    {
        var (waiter, reader, sink) = Create();
        reader.UpAt[RsId(1)] = 170; // pending the whole time: the schedule would poll at the interval
        reader.ThrottleCalls.UnionWith([3, 4, 5]);

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions(), sink, CancellationToken.None);

        var gaps = Gaps(RoundTimes(reader));
        Assert.All(gaps.Take(2), g => Assert.InRange(g, 4, 5));
        // Calls 3, 4 and 5 were throttled: each delay after them is longer than the one before (7.5, 11.25, 16.9 s ± 20 %).
        Assert.InRange(gaps[2], 7.5 * 0.8, 7.5 * 1.2);
        Assert.InRange(gaps[3], 11.25 * 0.8, 11.25 * 1.2);
        Assert.InRange(gaps[4], 16.875 * 0.8, 16.875 * 1.2);
        // Clean reads step it back down by the same factor (11.25, 7.5 s), then the interval again.
        Assert.InRange(gaps[5], 11.25 * 0.8, 11.25 * 1.2);
        Assert.InRange(gaps[6], 7.5 * 0.8, 7.5 * 1.2);
        Assert.All(gaps.Skip(7), g => Assert.InRange(g, 4, 5));
        Assert.Single(sink.Of<RouteServerPeer>(PumpEventKind.Output));
        Assert.Contains(sink.Verbose, v => v.Contains("A read failed for now; polling less often", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(17)]   // a deadline between rounds at the interval
    [InlineData(40)]   // a deadline that falls inside a backoff delay
    [InlineData(93)]
    public async Task No_poll_is_made_at_or_past_the_deadline(int timeoutSeconds)
    {
        var (waiter, reader, sink) = Create(seed: timeoutSeconds);
        reader.AvailableAt[RsId(1)] = 0; // never up: idle, so the delays grow

        await waiter.RunAsync([Rs(RsId(1))], new WaitOptions { Timeout = TimeSpan.FromSeconds(timeoutSeconds) }, sink, CancellationToken.None);

        Assert.All(reader.Calls, c => Assert.True(c.At - Start < TimeSpan.FromSeconds(timeoutSeconds), "polled at " + (c.At - Start)));
        Assert.Equal(TimeSpan.FromSeconds(timeoutSeconds), _time.GetUtcNow() - Start); // it ends at the deadline itself
        Assert.Equal("WaitTimedOut", Assert.Single(sink.Of<ItemError>(PumpEventKind.Error)).ErrorId);
    }

    [Fact]
    public void In_transition_are_the_states_AWS_moves_a_peer_out_of_by_itself()
    {
        Assert.True(WaitSchedule.InTransition(new RouteServerPeer { State = RouteServerState.Pending }));
        Assert.False(WaitSchedule.InTransition(new RouteServerPeer { State = RouteServerState.Available, BgpStatus = BgpStatus.Down }));
        Assert.True(WaitSchedule.InTransition(new DxBgpPeer { State = DxBgpPeerState.Pending }));
        Assert.True(WaitSchedule.InTransition(new DxBgpPeer { State = DxBgpPeerState.Verifying }));
        Assert.True(WaitSchedule.InTransition(new DxBgpPeer { State = DxBgpPeerState.Available, VirtualInterfaceState = "pending" }));
        Assert.False(WaitSchedule.InTransition(new DxBgpPeer { State = DxBgpPeerState.Available, VirtualInterfaceState = "down" }));
        Assert.False(WaitSchedule.InTransition(null));
    }
}
