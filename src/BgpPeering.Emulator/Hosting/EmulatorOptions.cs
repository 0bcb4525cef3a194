using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Hosting;

/// <summary>
/// Everything the emulator can be told at start. The command line fills it from <c>--port</c>, <c>--seed</c>,
/// <c>--speed</c>, <c>--key</c> and <c>--deny</c>; tests build it directly and pass it to
/// <see cref="EmulatorApp.StartAsync"/>.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>AWS's documented example access key ID, accepted by default.</summary>
    public const string ExampleAccessKeyId = "AKIDEXAMPLE";

    /// <summary>AWS's documented example secret key, accepted by default. It is public and is safe to print.</summary>
    public const string ExampleSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free port (read it back from <see cref="EmulatorHandle.Port"/>).</summary>
    public int Port { get; set; } = 4566;

    /// <summary>A topology seed file (see docs/emulator.md). Ignored when <see cref="Seed"/> is set.</summary>
    public string? SeedPath { get; set; }

    /// <summary>A topology given as an object. Null (and no <see cref="SeedPath"/>) uses the built-in demo topology.</summary>
    public Topology? Seed { get; set; }

    /// <summary>Divides every simulated delay: 10 makes peers come up ten times faster. Must be positive.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>
    /// The key pairs whose signatures are accepted. Empty means the single example key
    /// (<see cref="ExampleAccessKeyId"/>). Each key can be denied actions.
    /// </summary>
    public IList<EmulatorKey> Keys { get; } = new List<EmulatorKey>();

    /// <summary>
    /// The simulated delays at speed 1. A seed's <c>simulation.delays</c> overrides these field by field.
    /// </summary>
    public SimulationDelays Delays { get; set; } = new();

    /// <summary>
    /// The clock behind all simulated life: state transitions, BGP timing, flapping, deleted-peer retention, STS
    /// credential expiry and injected latency. Tests pass a manual clock and advance it; nothing sleeps.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The clock that SigV4 request dates are checked against. It stays the real clock even when
    /// <see cref="TimeProvider"/> is a fake one, because SDKs sign with the real time.
    /// </summary>
    public TimeProvider SignatureClock { get; set; } = TimeProvider.System;

    /// <summary>How far a request's signing time may be from <see cref="SignatureClock"/>; null turns the check off. AWS allows 15 minutes.</summary>
    public TimeSpan? MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Seeds the ID generator, so that created IDs repeat from run to run. Null uses a random seed.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Where the command line writes its banner and, with <see cref="Verbose"/>, one line a request. Null writes nothing.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>Write one line to <see cref="Output"/> for each API request.</summary>
    public bool Verbose { get; set; }

    /// <summary>How many request-log entries are kept (oldest dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    internal IReadOnlyList<EmulatorKey> EffectiveKeys() =>
        Keys.Count > 0 ? Keys.ToList() : new List<EmulatorKey> { new(ExampleAccessKeyId, ExampleSecretAccessKey) };

    internal void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be 0 to 65535 (0 picks a free port).");
        if (!(Speed > 0) || double.IsInfinity(Speed)) throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "The speed must be a positive number, such as 1 or 10.");
        if (RequestLogCapacity < 1) throw new ArgumentOutOfRangeException(nameof(RequestLogCapacity), RequestLogCapacity, "The request log needs room for at least one entry.");
        Delays.Validate();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in EffectiveKeys())
        {
            if (!seen.Add(key.AccessKeyId)) throw new ArgumentException("The access key ID '" + key.AccessKeyId + "' is configured twice.", nameof(Keys));
        }
    }
}
