using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Engine.Session;
using BgpPeering.Engine.Waiting;

// The BgpPeering benchmark harness. Each subcommand prints one JSON line of results; bench/run.sh runs them all,
// in fresh processes where memory is measured, and writes the table for docs/benchmarks.md.
//   seed --peers N --out FILE            an emulator seed: the demo topology plus N Route Server peers
//   stream --url URL                     our engine path: DescribeRouteServerPeers, 1000 a page, as Get-RouteServerPeer
//   sdk-stream --url URL                 the same listing through AWSSDK.EC2's paginator (the library under AWS.Tools.EC2)
//   parse --url URL [--rounds N]         parse only: the same raw pages through our reader and AWSSDK.EC2's unmarshaller
//   percall --url URL --count N          N single-peer gets: one cached client vs a new client per call
//   wait --rs N --dx N --window S        Wait-BgpPeerUp's engine vs a per-peer polling loop, in real time
//   pwsh-wait --rs N --window S --module PSD1 --sdk DIR    the same in real pwsh: the Wait-BgpPeerUp cmdlet vs an
//                                        AWS.Tools-style per-peer loop (bench/pwsh/Scenario.ps1), on an emulator hosted here
//   ids --url URL --count N              the first N peer IDs, one a line (the per-call scenarios' inputs)
//   throughput --peers N --seconds S     the emulator's sustained requests per second under a realistic mix
var command = args.FirstOrDefault() ?? "help";
var options = Options.Parse(args.Skip(1));
return command switch
{
    "seed" => Seed(options),
    "stream" => await StreamAsync(options),
    "sdk-stream" => await SdkSide.StreamAsync(options.String("url")),
    "parse" => await SdkSide.ParseAsync(options.String("url"), options.Int("rounds", 5)),
    "percall" => await PerCallAsync(options),
    "wait" => await WaitAsync(options),
    "pwsh-wait" => await PwshWaitAsync(options),
    "ids" => await IdsAsync(options),
    "throughput" => await ThroughputAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BgpPeering.Bench seed|stream|percall|wait|throughput [--option value]…  (see bench/run.sh)");
    return 2;
}

static int Seed(Options o)
{
    var topology = BenchTopology(o.Int("peers", 10_000), dxInterfaces: 0);
    File.WriteAllText(o.String("out"), JsonSerializer.Serialize(topology, Json.Seed));
    return 0;
}

static ConnectionParameters Connection(string url) => new()
{
    Region = "us-east-1",
    AccessKey = EmulatorOptions.ExampleAccessKeyId,
    SecretKey = EmulatorOptions.ExampleSecretAccessKey,
    EndpointUrl = url,
};

// Scenario 1: stream every peer through the engine path the cmdlet uses, counting objects as WriteObject would.
static async Task<int> StreamAsync(Options o)
{
    var session = SessionFactory.Shared.Resolve(Connection(o.String("url")));
    // Warm up: one small call, so the first-object time measures the listing, not the JIT of the first request.
    await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, null, CancellationToken.None);
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    double firstMs = -1;
    long count = 0, peakManaged = 0, peakLive = 0;
    OutputPump.Run((sink, ct) => new RouteServerPeers(session.RouteServer).GetAsync([], new RouteServerPeerQuery { MaxResults = 1000 }, sink, ct), e =>
    {
        if (e.Kind != PumpEventKind.Output) return;
        if (count++ == 0) firstMs = watch.Elapsed.TotalMilliseconds;
        if (count % 1000 == 0) peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        if (count % 10_000 == 0) peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true));
    }, CancellationToken.None);
    watch.Stop();
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Json.Print(new
    {
        scenario = "stream", side = "engine", objects = count, firstObjectMs = Math.Round(firstMs, 1), totalMs = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
        objectsPerSecond = Math.Round(count / watch.Elapsed.TotalSeconds), peakRssMb = Memory.PeakRssMb(), peakManagedMb = Math.Round(peakManaged / 1048576.0, 1),
        peakLiveMb = Math.Round(peakLive / 1048576.0, 1), allocatedMb = Math.Round(allocated / 1048576.0, 1), allocatedBytesPerPeer = count == 0 ? 0 : allocated / count,
    });
    return 0;
}

// Scenario 3: per-call overhead. Every cmdlet call resolves its session: ours is remembered per identity, region
// and endpoint, so a loop of calls builds one client; AWS.Tools resolves credentials and builds a new client on
// every call. Both are measured with explicit keys and with a profile from a credentials file.
static async Task<int> PerCallAsync(Options o)
{
    var url = o.String("url");
    var count = o.Int("count", 200);
    var credentials = Path.Combine(Path.GetTempPath(), "bgppeering-bench-credentials-" + Environment.ProcessId);
    File.WriteAllText(credentials, "[bench]\naws_access_key_id = " + EmulatorOptions.ExampleAccessKeyId + "\naws_secret_access_key = " + EmulatorOptions.ExampleSecretAccessKey + "\n");
    Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
    try
    {
        var keys = Connection(url);
        var profile = new ConnectionParameters { Region = "us-east-1", ProfileName = "bench", EndpointUrl = url };
        var ids = (await SessionFactory.Shared.Resolve(keys).RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 1000 }, null, CancellationToken.None))
            .Items.Select(p => p.RouteServerPeerId).ToList();
        async Task<double> Loop(Func<AwsSession> session)
        {
            await GetOne(session(), 0); // warm this path
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++) await GetOne(session(), i);
            return watch.Elapsed.TotalMilliseconds / count;
        }
        async Task GetOne(AwsSession s, int i)
        {
            var q = new RouteServerPeerQuery();
            q.RouteServerPeerIds.Add(ids[i % ids.Count]);
            await s.RouteServer.DescribePeersAsync(q, null, CancellationToken.None);
        }
        var cachedKeys = await Loop(() => SessionFactory.Shared.Resolve(keys));
        // The same cached call as a cmdlet makes it: through the output pump (work on the thread pool, the calling
        // thread draining), so that the pump's own cost per call shows.
        double Pumped()
        {
            void One(int i) => OutputPump.Run(async (sink, ct) =>
            {
                await GetOne(SessionFactory.Shared.Resolve(keys), i);
                sink.Write(PumpEventKind.Output, i);
            }, _ => { }, CancellationToken.None);
            One(0);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++) One(i);
            return watch.Elapsed.TotalMilliseconds / count;
        }
        var pumpedKeys = await Task.Run(Pumped);
        var freshKeys = await Loop(() => new SessionFactory().Resolve(keys));
        var cachedProfile = await Loop(() => SessionFactory.Shared.Resolve(profile));
        var freshProfile = await Loop(() => new SessionFactory().Resolve(profile));
        Json.Print(new
        {
            scenario = "percall", calls = count,
            keys = new { cachedMsPerCall = Math.Round(cachedKeys, 2), cachedThroughPumpMsPerCall = Math.Round(pumpedKeys, 2), newClientMsPerCall = Math.Round(freshKeys, 2), ratio = Math.Round(freshKeys / cachedKeys, 2) },
            profile = new { cachedMsPerCall = Math.Round(cachedProfile, 2), newClientMsPerCall = Math.Round(freshProfile, 2), ratio = Math.Round(freshProfile / cachedProfile, 2) },
        });
        return 0;
    }
    finally
    {
        File.Delete(credentials);
    }
}

// Scenario 2: N Route Server and M Direct Connect peers come up at random times over the window; the waiter and a
// per-peer polling loop (what a script must do without it) each watch the same schedule on a fresh emulator.
static async Task<int> WaitAsync(Options o)
{
    var rsCount = o.Int("rs", 500);
    var dxCount = o.Int("dx", 20);
    var window = TimeSpan.FromSeconds(o.Double("window", 30));
    var poll = TimeSpan.FromSeconds(o.Double("poll", 5));
    var results = new List<object>();
    foreach (var side in new[] { "waiter", "per-peer loop" })
    {
        await using var emu = await EmulatorApp.StartAsync(new EmulatorOptions
        {
            Port = 0, Output = TextWriter.Null, Seed = BenchTopology(rsCount, dxInterfaces: (dxCount + 1) / 2, pendingPeers: true),
        });
        var session = new SessionFactory().Resolve(Connection(emu.Url));
        var rs = (await ListPeersAsync(session)).Select(p => p.RouteServerPeerId).Take(rsCount).ToList();
        var dx = (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None)).Items
            .Where(v => v.VirtualInterfaceId.StartsWith("dxvif-b", StringComparison.Ordinal)).SelectMany(v => v.BgpPeers).Take(dxCount).ToList();
        var random = new Random(20261122);
        var upAt = rs.Concat(dx.Select(p => p.BgpPeerId)).ToDictionary(id => id, _ => TimeSpan.FromTicks((long)(random.NextDouble() * window.Ticks)));
        emu.ClearRequests();
        var start = Stopwatch.StartNew();
        var timers = upAt.Select(kv => new Timer(_ => emu.State.SetPeerStatus(kv.Key, new PeerStatusChange { State = "available", BgpStatus = "up" }),
            null, kv.Value, Timeout.InfiniteTimeSpan)).ToList();
        var seen = new Dictionary<string, TimeSpan>();
        if (side == "waiter")
        {
            var targets = rs.Select(id => WaitTarget.ForRouteServerPeerId(session, id)).Concat(dx.Select(p => WaitTarget.For(session, p))).ToList();
            OutputPump.Run((sink, ct) => new PeerWaiter().RunAsync(targets, new WaitOptions { PollInterval = poll, Timeout = window + TimeSpan.FromMinutes(2) }, sink, ct), e =>
            {
                if (e.Kind == PumpEventKind.Output) seen[((IBgpPeer)e.Payload!).PeerId] = start.Elapsed;
            }, CancellationToken.None);
        }
        else
        {
            await PerPeerLoopAsync(session, rs, dx, poll, seen, start);
        }
        foreach (var t in timers) await t.DisposeAsync();
        var log = emu.Requests.Where(r => r.Action is "DescribeRouteServerPeers" or "DescribeVirtualInterfaces").ToList();
        var calls = log.Count;
        var latency = upAt.Where(kv => seen.ContainsKey(kv.Key)).Select(kv => (seen[kv.Key] - kv.Value).TotalSeconds).OrderBy(x => x).ToList();
        // "Within one poll interval": a peer is seen in the first poll round after it came up, i.e. its latency is no
        // more than the gap between the two rounds around that moment (the interval in force then).
        var logStart = log.Count == 0 ? DateTimeOffset.MinValue : log[0].Timestamp;
        var rounds = log.Where(r => r.Action == "DescribeRouteServerPeers").Select(r => (r.Timestamp - logStart).TotalSeconds)
            .Aggregate(new List<double>(), (acc, t) => { if (acc.Count == 0 || t - acc[^1] > 0.5) acc.Add(t); return acc; });
        var withinInterval = side == "waiter"
            ? upAt.Where(kv => seen.ContainsKey(kv.Key)).Count(kv =>
            {
                var up = kv.Value.TotalSeconds;
                var before = rounds.LastOrDefault(r => r <= up);
                var after = rounds.FirstOrDefault(r => r > up);
                var gap = after > 0 ? after - before : poll.TotalSeconds;
                return (seen[kv.Key] - kv.Value).TotalSeconds <= gap + 0.5;
            })
            : -1;
        results.Add(new
        {
            side, peers = upAt.Count, detected = seen.Count, apiCalls = calls, pollRounds = side == "waiter" ? rounds.Count : -1,
            detectedWithinOneInterval = withinInterval,
            p50LatencyS = Math.Round(Percentile(latency, 0.50), 2), p99LatencyS = Math.Round(Percentile(latency, 0.99), 2), maxLatencyS = Math.Round(latency.LastOrDefault(), 2),
            elapsedS = Math.Round(start.Elapsed.TotalSeconds, 1),
        });
    }
    Json.Print(new { scenario = "wait", rs = rsCount, dx = dxCount, windowS = window.TotalSeconds, pollIntervalS = poll.TotalSeconds, results });
    return 0;
}

// Scenario 2 in real pwsh: this process hosts the emulator and the schedule; each side runs in a fresh pwsh
// (bench/pwsh/Scenario.ps1 -Scenario wait) and reports when it saw each peer up; calls come from the request log.
static async Task<int> PwshWaitAsync(Options o)
{
    var rsCount = o.Int("rs", 300);
    var window = TimeSpan.FromSeconds(o.Double("window", 30));
    var poll = o.Double("poll", 5);
    var results = new List<object>();
    foreach (var side in new[] { "BgpPeering", "AwsTools" })
    {
        await using var emu = await EmulatorApp.StartAsync(new EmulatorOptions
        {
            Port = 0, Output = TextWriter.Null, Seed = BenchTopology(rsCount, dxInterfaces: 0, pendingPeers: true),
        });
        var session = new SessionFactory().Resolve(Connection(emu.Url));
        var rs = (await ListPeersAsync(session)).Where(p => p.State == RouteServerState.Pending).Select(p => p.RouteServerPeerId).Take(rsCount).ToList();
        var idFile = Path.GetTempFileName();
        File.WriteAllLines(idFile, rs);
        var random = new Random(20261122);
        var upAt = rs.ToDictionary(id => id, _ => TimeSpan.FromTicks((long)(random.NextDouble() * window.Ticks)));
        emu.ClearRequests();
        var startUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var timers = upAt.Select(kv => new Timer(_ => emu.State.SetPeerStatus(kv.Key, new PeerStatusChange { State = "available", BgpStatus = "up" }),
            null, kv.Value, Timeout.InfiniteTimeSpan)).ToList();
        var json = await RunPwshAsync(o.String("repo"), "-Scenario", "wait", "-Side", side, "-Url", emu.Url, "-Module", o.String("module"),
            "-SdkDirectory", o.String("sdk"), "-IdFile", idFile, "-PollSeconds", poll.ToString(CultureInfo.InvariantCulture),
            "-TimeoutSeconds", (window.TotalSeconds + 120).ToString(CultureInfo.InvariantCulture));
        foreach (var t in timers) await t.DisposeAsync();
        File.Delete(idFile);
        var seen = JsonDocument.Parse(json).RootElement.GetProperty("seen").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var latency = upAt.Where(kv => seen.ContainsKey(kv.Key))
            .Select(kv => (seen[kv.Key] - startUnixMs) / 1000.0 - kv.Value.TotalSeconds).OrderBy(x => x).ToList();
        var calls = emu.Requests.Count(r => r.Action == "DescribeRouteServerPeers");
        results.Add(new
        {
            side, peers = upAt.Count, detected = seen.Count, apiCalls = calls,
            p50LatencyS = Math.Round(Percentile(latency, 0.50), 2), p99LatencyS = Math.Round(Percentile(latency, 0.99), 2), maxLatencyS = Math.Round(latency.LastOrDefault(), 2),
        });
    }
    Json.Print(new { scenario = "pwsh-wait", rs = rsCount, windowS = window.TotalSeconds, pollIntervalS = poll, results });
    return 0;
}

static async Task<string> RunPwshAsync(string repo, params string[] scenarioArgs)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
    foreach (var a in new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Path.Combine(repo, "bench", "pwsh", "Scenario.ps1") }.Concat(scenarioArgs))
        start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var output = (await stdout).Trim();
    if (process.ExitCode != 0) throw new InvalidOperationException("pwsh failed (" + process.ExitCode + "): " + output + await stderr);
    return output.Split('\n').Last();
}

// What a script does without a batched waiter: every interval, one Describe per pending peer.
static async Task PerPeerLoopAsync(AwsSession session, List<string> rs, List<DxBgpPeer> dx, TimeSpan poll, Dictionary<string, TimeSpan> seen, Stopwatch start)
{
    var pendingRs = new List<string>(rs);
    var pendingDx = new List<DxBgpPeer>(dx);
    while (pendingRs.Count + pendingDx.Count > 0)
    {
        foreach (var id in pendingRs.ToList())
        {
            var q = new RouteServerPeerQuery();
            q.RouteServerPeerIds.Add(id);
            var peer = (await session.RouteServer.DescribePeersAsync(q, null, CancellationToken.None)).Items.Single();
            if (peer.State == RouteServerState.Available && peer.BgpStatus == BgpStatus.Up) { seen[id] = start.Elapsed; pendingRs.Remove(id); }
        }
        foreach (var p in pendingDx.ToList())
        {
            var vif = (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = p.VirtualInterfaceId }, null, CancellationToken.None)).Items.Single();
            var fresh = vif.BgpPeers.Single(x => x.BgpPeerId == p.BgpPeerId);
            if (fresh.State == DxBgpPeerState.Available && fresh.BgpStatus == BgpStatus.Up) { seen[p.BgpPeerId] = start.Elapsed; pendingDx.Remove(p); }
        }
        if (pendingRs.Count + pendingDx.Count > 0) await Task.Delay(poll);
    }
}

// The emulator's own capacity: 10,000 peers, at least 200 requests a second on 2 cores.
static async Task<int> ThroughputAsync(Options o)
{
    var peers = o.Int("peers", 10_000);
    var seconds = o.Double("seconds", 10);
    var workers = o.Int("workers", 4);
    await using var emu = await EmulatorApp.StartAsync(new EmulatorOptions { Port = 0, Output = TextWriter.Null, Seed = BenchTopology(peers, dxInterfaces: 0), RequestLogCapacity = 1000 });
    var session = new SessionFactory().Resolve(Connection(emu.Url));
    var ids = (await ListPeersAsync(session)).Select(p => p.RouteServerPeerId).ToList();
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var counts = new long[4];
    async Task Worker(int w)
    {
        var random = new Random(w);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            switch (i % 10)
            {
                case 0: // a full page of 1000 (the expensive one)
                    await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 1000 }, null, CancellationToken.None);
                    Interlocked.Increment(ref counts[0]);
                    break;
                case 1: case 2:
                    await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None);
                    Interlocked.Increment(ref counts[1]);
                    break;
                default: // single peers by ID, as a per-peer script or tab completion does
                    var q = new RouteServerPeerQuery();
                    q.RouteServerPeerIds.Add(ids[random.Next(ids.Count)]);
                    await session.RouteServer.DescribePeersAsync(q, null, CancellationToken.None);
                    Interlocked.Increment(ref counts[2]);
                    break;
            }
        }
    }
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(Worker));
    var total = counts.Sum();
    Json.Print(new
    {
        scenario = "throughput", peers = ids.Count, workers, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1), requests = total,
        requestsPerSecond = Math.Round(total / watch.Elapsed.TotalSeconds), pagesOf1000 = counts[0], describeVirtualInterfaces = counts[1], singlePeerGets = counts[2],
        note = "client and emulator share this process and the machine's 2 cores",
    });
    return 0;
}

static async Task<int> IdsAsync(Options o)
{
    var session = new SessionFactory().Resolve(Connection(o.String("url")));
    var page = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = Math.Clamp(o.Int("count", 1000), 5, 1000) }, null, CancellationToken.None);
    foreach (var p in page.Items) Console.WriteLine(p.RouteServerPeerId);
    return 0;
}

static async Task<List<RouteServerPeer>> ListPeersAsync(AwsSession session)
{
    var all = new List<RouteServerPeer>();
    string? token = null;
    do
    {
        var page = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 1000 }, token, CancellationToken.None);
        all.AddRange(page.Items);
        token = page.NextToken;
    }
    while (token is not null);
    return all;
}

// The demo topology plus bulk Route Server peers (spread over both endpoints) and, for the wait scenario, extra
// Direct Connect interfaces with two pending peers each (IPv4 and IPv6).
static Topology BenchTopology(int routeServerPeers, int dxInterfaces, bool pendingPeers = false)
{
    var topology = Topology.Demo();
    var endpoints = topology.Vpcs.SelectMany(v => v.RouteServers).SelectMany(r => r.Endpoints).ToList();
    for (var i = 0; i < endpoints.Count; i++)
    {
        var share = routeServerPeers / endpoints.Count + (i < routeServerPeers % endpoints.Count ? 1 : 0);
        endpoints[i].GeneratePeers = new GeneratePeersSeed
        {
            Count = share,
            FirstAddress = $"10.{100 + i * 16}.0.10", // a /12 of addresses each, enough for 100,000 peers
            State = pendingPeers ? "pending" : null,
            // For the listings: the first endpoint's peers have BGP down (and stay down), so that
            // `Where-Object BgpStatus -eq Down` matches about half, from the first page on.
            BgpStatus = pendingPeers || i == 0 ? "down" : null,
        };
    }
    topology.Simulation ??= new SimulationSeed();
    if (pendingPeers) topology.Simulation.BgpBehaviour = "never"; // the wait scenarios' timers decide when each peer is up
    else topology.Simulation.Delays = new DelaysSeed { BgpUp = 86_400 }; // listed peers that are down stay down for the run
    if (dxInterfaces > 0)
    {
        var connection = new ConnectionSeed { ConnectionId = "dxcon-benchaaa", Location = "EqDC2", ConnectionState = "available" };
        for (var v = 0; v < dxInterfaces; v++)
        {
            connection.VirtualInterfaces.Add(new VirtualInterfaceSeed
            {
                VirtualInterfaceId = "dxvif-b" + v.ToString("x7", CultureInfo.InvariantCulture), Vlan = 1000 + v, Asn = 65500, VirtualInterfaceState = "available",
                BgpPeers =
                {
                    new DxPeerSeed { AddressFamily = "ipv4", Asn = 65500, AmazonAddress = $"169.254.{v}.1/30", CustomerAddress = $"169.254.{v}.2/30", BgpPeerState = "pending", BgpStatus = "down", BgpBehaviour = "never" },
                    new DxPeerSeed { AddressFamily = "ipv6", Asn = 65500, BgpPeerState = "pending", BgpStatus = "down", BgpBehaviour = "never" },
                },
            });
        }
        (topology.DirectConnect ??= new DirectConnectSeed()).Connections.Add(connection);
    }
    return topology;
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

internal static class Json
{
    public static readonly JsonSerializerOptions Seed = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static void Print(object value) => Console.WriteLine(JsonSerializer.Serialize(value));
}

internal static class Memory
{
    /// <summary>The process's peak resident set (VmHWM), in MiB; -1 where /proc is not there.</summary>
    public static double PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        string? key = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal)) key = a[2..];
            else if (key is not null) { o._values[key] = a; key = null; }
        }
        return o;
    }

    public string String(string key) => _values.TryGetValue(key, out var v) ? v : throw new ArgumentException("--" + key + " is required.");

    public int Int(string key, int fallback) => _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string key, double fallback) => _values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
