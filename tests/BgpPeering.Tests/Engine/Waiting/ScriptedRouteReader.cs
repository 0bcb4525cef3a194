using System.Collections.Concurrent;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;
using BgpPeering.Engine.Waiting;

namespace BgpPeering.Tests.Engine.Waiting;

/// <summary>
/// A route reader whose answers are a function of the fake clock: each peer's routes are installed at scripted
/// times. It records every call (route server or interface), so tests can count reads per round.
/// </summary>
internal sealed class ScriptedRouteReader : IRouteReader
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private int _calls;

    public ScriptedRouteReader(TimeProvider time)
    {
        _time = time;
        _start = time.GetUtcNow();
    }

    /// <summary>For each peer (rsp- ID, or dxvif-/family key), the seconds after the start at which each of its routes is installed.</summary>
    public Dictionary<string, double[]> InstalledAt { get; } = new();

    /// <summary>Call numbers (1-based) that fail with this error.</summary>
    public Dictionary<int, AwsServiceException> Failures { get; } = new();

    public ConcurrentQueue<(DateTimeOffset At, string What)> Calls { get; } = new();

    private double Now => (_time.GetUtcNow() - _start).TotalSeconds;

    private int Count(string key) => InstalledAt.TryGetValue(key, out var times) ? times.Count(t => Now >= t) : 0;

    private void Call(string what)
    {
        var n = Interlocked.Increment(ref _calls);
        Calls.Enqueue((_time.GetUtcNow(), what));
        if (Failures.TryGetValue(n, out var ex)) throw ex;
    }

    public Task<IReadOnlyDictionary<string, int>> CountInstalledRoutesAsync(AwsSession session, string routeServerId, CancellationToken ct)
    {
        Call(routeServerId);
        IReadOnlyDictionary<string, int> counts = InstalledAt.Keys.Where(k => k.StartsWith("rsp-", StringComparison.Ordinal)).ToDictionary(k => k, Count);
        return Task.FromResult(counts);
    }

    public Task<IReadOnlyDictionary<AddressFamily, int>> CountAcceptedRoutesAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct)
    {
        Call(virtualInterfaceId);
        IReadOnlyDictionary<AddressFamily, int> counts = new Dictionary<AddressFamily, int>
        {
            [AddressFamily.IPv4] = Count(virtualInterfaceId + "/IPv4"),
            [AddressFamily.IPv6] = Count(virtualInterfaceId + "/IPv6"),
        };
        return Task.FromResult(counts);
    }
}
