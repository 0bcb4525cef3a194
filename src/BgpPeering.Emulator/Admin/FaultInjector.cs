namespace BgpPeering.Emulator.Admin;

/// <summary>
/// A fault to inject into matching API requests (after their signature is checked): the next <see cref="Count"/>
/// of them, or each with <see cref="Probability"/>. <see cref="Phase"/> says whether the fault strikes before the
/// action runs (nothing changes) or after it (the change is made, and the answer is lost).
/// </summary>
public sealed class FaultSpec
{
    /// <summary>
    /// <c>throttling</c> (EC2 <c>RequestLimitExceeded</c> 503, Direct Connect <c>ThrottlingException</c> 400, STS
    /// <c>Throttling</c> 400; before the action only), <c>internalError</c> (EC2 <c>InternalError</c> 500, Direct
    /// Connect <c>DirectConnectServerException</c> 500, STS <c>InternalFailure</c> 500), <c>latency</c> (the answer
    /// waits <see cref="LatencyMs"/> on the emulator's clock) or <c>reset</c> (the connection is aborted with no answer).
    /// </summary>
    public string Kind { get; set; } = "throttling";

    /// <summary>The action to fail, such as <c>DescribeRouteServerPeers</c>; null or <c>*</c> for every action.</summary>
    public string? Action { get; set; }

    /// <summary>Limits the fault to one service: <c>EC2</c>, <c>DirectConnect</c> or <c>STS</c>; null for all.</summary>
    public string? Service { get; set; }

    /// <summary>
    /// How many matching requests fail (or are delayed). At least 1. Without a <see cref="Probability"/> the default
    /// is 1; with one, the default is no limit.
    /// </summary>
    public int? Count { get; set; }

    /// <summary>For <c>latency</c>: the added delay in milliseconds.</summary>
    public double? LatencyMs { get; set; }

    /// <summary>
    /// <c>before</c> (the default: the action does not run) or <c>after</c> (the action runs and changes the state,
    /// then the answer is replaced by the fault: a lost response). After-write faults strike only answers that
    /// succeeded.
    /// </summary>
    public string? Phase { get; set; }

    /// <summary>From 0 (exclusive) to 1: each matching request is faulted with this probability. Null: every one.</summary>
    public double? Probability { get; set; }

    /// <summary>The seed of the probability draws, for a reproducible run; null for the emulator's own seed.</summary>
    public int? Seed { get; set; }
}

internal enum FaultKind
{
    Throttling,
    InternalError,
    Latency,
    Reset,
}

internal enum FaultPhase
{
    BeforeWrite,
    AfterWrite,
}

internal sealed class ActiveFault
{
    public required FaultKind Kind { get; init; }
    public FaultPhase Phase { get; init; }
    public string? Action { get; init; }
    public string? Service { get; init; }
    /// <summary>Uses left; null for no limit.</summary>
    public int? Remaining { get; set; }
    public double? Probability { get; init; }
    public Random? Random { get; init; }
    public TimeSpan Latency { get; init; }
    /// <summary>How many requests this fault has struck.</summary>
    public int Struck { get; set; }
}

/// <summary>The queue of injected faults; each matching request takes one from the first rule that matches.</summary>
internal sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<ActiveFault> _faults = new();

    public static ActiveFault Parse(FaultSpec spec)
    {
        var kind = spec.Kind?.Replace("-", string.Empty).Replace("_", string.Empty).ToLowerInvariant() switch
        {
            "throttling" or "throttle" or "requestlimitexceeded" or "throttlingexception" => FaultKind.Throttling,
            "internalerror" or "internal" or "servererror" or "5xx" or "500" => FaultKind.InternalError,
            "latency" or "delay" => FaultKind.Latency,
            "reset" or "drop" or "connectionreset" => FaultKind.Reset,
            _ => throw new ArgumentException("The fault kind '" + spec.Kind + "' is not one of throttling, internalError, latency, reset."),
        };
        var phase = spec.Phase?.Replace("-", string.Empty).Replace("_", string.Empty).ToLowerInvariant() switch
        {
            null or "" or "before" or "beforewrite" => FaultPhase.BeforeWrite,
            "after" or "afterwrite" => FaultPhase.AfterWrite,
            _ => throw new ArgumentException("The fault phase '" + spec.Phase + "' is not one of before, after."),
        };
        if (spec.Count is < 1) throw new ArgumentException("The fault count must be at least 1.");
        if (spec.Probability is double p && !(p > 0 && p <= 1)) throw new ArgumentException("The fault probability must be greater than 0 and at most 1, such as 0.3.");
        if (kind == FaultKind.Latency && !(spec.LatencyMs > 0)) throw new ArgumentException("A latency fault needs latencyMs greater than 0.");
        if (kind == FaultKind.Throttling && phase == FaultPhase.AfterWrite) throw new ArgumentException("A throttling fault happens before the write only (AWS throttles a request instead of running it).");
        if (spec.Service is not (null or "EC2" or "DirectConnect" or "STS")) throw new ArgumentException("The fault service must be EC2, DirectConnect or STS (or left out for all).");
        return new ActiveFault
        {
            Kind = kind,
            Phase = phase,
            Action = spec.Action is null or "*" or "" ? null : spec.Action,
            Service = spec.Service,
            Remaining = spec.Count ?? (spec.Probability is null ? 1 : null),
            Probability = spec.Probability,
            Random = spec.Probability is null ? null : spec.Seed is int seed ? new Random(seed) : new Random(),
            Latency = TimeSpan.FromMilliseconds(spec.LatencyMs ?? 0),
        };
    }

    public void Add(ActiveFault fault)
    {
        lock (_gate) _faults.Add(fault);
    }

    /// <summary>Takes one use of the first fault of this phase matching this request (and drawn); null when none does.</summary>
    public ActiveFault? Take(string service, string action, FaultPhase phase = FaultPhase.BeforeWrite)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var f = _faults[i];
                if (f.Phase != phase) continue;
                if (f.Service is not null && f.Service != service) continue;
                if (f.Action is not null && !string.Equals(f.Action, action, StringComparison.Ordinal)) continue;
                if (f.Probability is double p && !(f.Random!.NextDouble() < p)) continue;
                f.Struck++;
                if (f.Remaining is not null && --f.Remaining <= 0) _faults.RemoveAt(i);
                return f;
            }
            return null;
        }
    }

    public IReadOnlyList<object> Snapshot()
    {
        lock (_gate)
        {
            return _faults.Select(f => (object)new
            {
                kind = f.Kind switch { FaultKind.Throttling => "throttling", FaultKind.InternalError => "internalError", FaultKind.Reset => "reset", _ => "latency" },
                phase = f.Phase == FaultPhase.AfterWrite ? "after" : "before",
                action = f.Action ?? "*",
                service = f.Service,
                remaining = f.Remaining,
                probability = f.Probability,
                struck = f.Struck,
                latencyMs = f.Kind == FaultKind.Latency ? f.Latency.TotalMilliseconds : (double?)null,
            }).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }
}
