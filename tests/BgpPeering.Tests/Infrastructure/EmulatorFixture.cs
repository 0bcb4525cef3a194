using System.Text;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Session;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// The BgpPeering emulator hosted in this test process, on 127.0.0.1 and a free port, driven by a
/// <see cref="ManualTimeProvider"/>: peers move only when the test advances <see cref="Clock"/>, and nothing sleeps.
/// <code>
/// await using var emu = await EmulatorFixture.StartAsync();            // built-in demo topology
/// var peer = await emu.RouteServer.CreatePeerAsync(new NewRouteServerPeerRequest { … }, ct);   // pending
/// emu.Advance(emu.Delays.PeerAvailable + emu.Delays.BgpUp);            // available, BGP up
/// var calls = await emu.Admin.GetRequestsAsync();                       // the request log
/// await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 2 });
/// await emu.Admin.SetPeerStatusAsync(peer.RouteServerPeerId, new PeerStatusChange { BgpStatus = "down" });
/// </code>
/// <list type="bullet">
/// <item><see cref="Session"/>, <see cref="RouteServer"/> and <see cref="DirectConnect"/> are engine clients signed with
/// the example key (AKIDEXAMPLE) in us-east-1; <see cref="CreateSession"/> makes others (a denied key, another region).</item>
/// <item><see cref="Admin"/> is the HTTP client for <c>/_emulator/</c>; <see cref="Emulator"/> and <see cref="State"/> give
/// direct access (fast bulk set-up: <c>emu.State.AddRouteServerPeer(…)</c>).</item>
/// <item><see cref="Delays"/> are the simulated delays in force (defaults: peer available after 10 s, BGP up 5 s later,
/// deleting → deleted after 10 s, deleted peers listed for 10 min).</item>
/// <item>Injected latency waits on the emulator's clock too: advance <see cref="Clock"/> to release the request.</item>
/// <item><see cref="SendSignedAsync"/> sends a raw request signed by AWSSDK.Core's own SigV4 signer.</item>
/// </list>
/// Pass <c>configure</c> to change options (seed, keys and denied actions, delays, speed) before start. Adding a key
/// replaces the example key, so add <c>EmulatorKey.Example()</c> too when the default clients must keep working:
/// <c>StartAsync(o =&gt; { o.Keys.Add(EmulatorKey.Example()); o.Keys.Add(new EmulatorKey("AKIDREADONLY", "s", new[] { "ec2:CreateRouteServerPeer" })); })</c>.
/// </summary>
public sealed class EmulatorFixture : IAsyncDisposable
{
    public const string AccessKey = TestSessions.AccessKey;
    public const string SecretKey = TestSessions.SecretKey;
    public const string Region = TestSessions.Region;

    private readonly Lazy<AwsSession> _session;

    private EmulatorFixture(EmulatorHandle emulator, ManualTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        Admin = new EmulatorAdminClient(emulator.Url, Http);
        _session = new Lazy<AwsSession>(() => CreateSession());
    }

    /// <summary>Starts an emulator with the demo topology (or what <paramref name="configure"/> sets) and a manual clock.</summary>
    public static async Task<EmulatorFixture> StartAsync(Action<EmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        // The clock starts at the real time (to the minute): temporary credentials from the emulator's STS carry an
        // expiry on this clock, and AWSSDK.Core checks expiry against the real one. A fixed date would make every
        // AssumeRole test fail an hour after it.
        var now = DateTimeOffset.UtcNow;
        var clock = new ManualTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero));
        var options = new EmulatorOptions { Port = 0, TimeProvider = clock, RandomSeed = 1 };
        configure?.Invoke(options);
        var emulator = await EmulatorApp.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new EmulatorFixture(emulator, clock);
    }

    /// <summary>The simulated clock; advance it to move peers along.</summary>
    public ManualTimeProvider Clock { get; }

    public EmulatorHandle Emulator { get; }

    /// <summary>The endpoint URL, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => Emulator.Url;

    public EmulatorState State => Emulator.State;

    /// <summary>The delays in force (after the seed and speed).</summary>
    public SimulationDelays Delays => State.EffectiveDelays;

    public EmulatorAdminClient Admin { get; }

    /// <summary>A plain HTTP client for raw requests (no signing).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>An engine session with the example key in us-east-1, on the emulator's clock.</summary>
    public AwsSession Session => _session.Value;

    public RouteServerClient RouteServer => Session.RouteServer;

    public DirectConnectClient DirectConnect => Session.DirectConnect;

    /// <summary>A new engine session pointed at the emulator (another key, another region).</summary>
    public AwsSession CreateSession(string accessKey = AccessKey, string secretKey = SecretKey, string region = Region) =>
        TestSessions.Session(Url, accessKey, secretKey, region, Clock);

    /// <summary>Advances the simulated clock (firing due timers, such as injected latency).</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>
    /// Sends <paramref name="body"/> to the emulator signed by AWSSDK.Core's SigV4 signer for
    /// <paramref name="signingName"/> (<c>ec2</c>, <c>directconnect</c> or <c>sts</c>). <paramref name="tamper"/>
    /// may change the request after signing (to prove a bad signature is refused).
    /// </summary>
    public async Task<HttpResponseMessage> SendSignedAsync(string signingName, string body, string contentType, string? target = null,
        string accessKey = AccessKey, string secretKey = SecretKey, string? sessionToken = null, string region = Region,
        Action<HttpRequestMessage>? tamper = null, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var sdkRequest = new DefaultRequest(new GetCallerIdentityRequest(), "Raw")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(Url),
            ResourcePath = "/",
            Content = bytes,
        };
        sdkRequest.Headers["Content-Type"] = contentType;
        if (target is not null) sdkRequest.Headers["X-Amz-Target"] = target;
        if (sessionToken is not null) sdkRequest.Headers["X-Amz-Security-Token"] = sessionToken;
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = Url, AuthenticationRegion = region, AuthenticationServiceName = signingName };
        var signing = new AWS4Signer().SignRequest(sdkRequest, config, null, accessKey, secretKey);
        sdkRequest.Headers["Authorization"] = signing.ForAuthorizationHeader;

        using var message = new HttpRequestMessage(HttpMethod.Post, Url + "/") { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in sdkRequest.Headers)
        {
            if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, value);
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        tamper?.Invoke(message);
        return await Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An EC2 query request (<c>Action=…&amp;Version=2016-11-15&amp;…</c>), signed for <c>ec2</c>.</summary>
    public Task<HttpResponseMessage> SendEc2Async(string formBody, string accessKey = AccessKey, string secretKey = SecretKey, string? sessionToken = null) =>
        SendSignedAsync("ec2", formBody, "application/x-www-form-urlencoded", null, accessKey, secretKey, sessionToken);

    /// <summary>A Direct Connect JSON 1.1 request for <paramref name="operation"/>, signed for <c>directconnect</c>.</summary>
    public Task<HttpResponseMessage> SendDirectConnectAsync(string operation, string jsonBody, string accessKey = AccessKey, string secretKey = SecretKey, string? sessionToken = null) =>
        SendSignedAsync("directconnect", jsonBody, "application/x-amz-json-1.1", "OvertureService." + operation, accessKey, secretKey, sessionToken);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync().ConfigureAwait(false);
    }
}
