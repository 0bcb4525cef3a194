using Amazon.EC2;
using Amazon.Runtime;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Session;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// The emulator hosted in this test process on 127.0.0.1 and a free port (real time), with the two clients under
/// test pointed at it: the official SDK's <see cref="AmazonEC2Client"/> and our engine's session, both signed with
/// AWS's example key in us-east-1.
/// </summary>
public sealed class OracleEmulator : IAsyncDisposable
{
    public const string AccessKey = EmulatorOptions.ExampleAccessKeyId;
    public const string SecretKey = EmulatorOptions.ExampleSecretAccessKey;
    public const string Region = "us-east-1";

    private OracleEmulator(EmulatorHandle emulator)
    {
        Emulator = emulator;
        Engine = new SessionFactory().Resolve(new ConnectionParameters { Region = Region, AccessKey = AccessKey, SecretKey = SecretKey, EndpointUrl = emulator.Url });
    }

    public static async Task<OracleEmulator> StartAsync(Topology? seed = null, Action<EmulatorOptions>? configure = null)
    {
        // The emulator's clock stands still, so the state both clients read is the same state (no peer comes up
        // between the SDK's listing and ours). It stands at the real time, which the SigV4 check compares against.
        var options = new EmulatorOptions { Port = 0, Output = TextWriter.Null, Seed = seed ?? Topology.Demo(), RandomSeed = 1, TimeProvider = new FrozenTime(DateTimeOffset.UtcNow) };
        configure?.Invoke(options);
        return new OracleEmulator(await EmulatorApp.StartAsync(options));
    }

    public EmulatorHandle Emulator { get; }

    public string Url => Emulator.Url;

    public EmulatorState State => Emulator.State;

    /// <summary>Our engine's session (the path the cmdlets take).</summary>
    public AwsSession Engine { get; }

    /// <summary>A new official SDK client, as AWS.Tools makes one per cmdlet call; no retries, so errors show as sent.</summary>
    public AmazonEC2Client Sdk(string accessKey = AccessKey, string secretKey = SecretKey) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonEC2Config { ServiceURL = Url, AuthenticationRegion = Region, MaxErrorRetry = 0 });

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    /// <summary>A clock that stands still: its time never moves and its timers never fire.</summary>
    private sealed class FrozenTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
