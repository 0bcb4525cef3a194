using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// The official AWS SDK for JavaScript v3 as a test oracle: <c>tests/sdk-js</c> holds it (pinned as in
/// <c>bench/js</c>) and <c>call.mjs</c>, which makes one SDK call and prints what the SDK parsed. This class says
/// where Node.js and the harness are and whether they can run; <see cref="JsSdkProcess"/> runs the calls.
/// Where they cannot run, <see cref="JsSdkTheoryAttribute"/> skips with the reason, except under CI (the
/// environment variable <c>CI=true</c>), where a missing harness is a failure: tools/test.sh installs it.
/// </summary>
public static class JsSdk
{
    public static string HarnessDir => Path.Combine(BuildPaths.RepoRoot, "tests", "sdk-js");

    public static string Script => Path.Combine(HarnessDir, "call.mjs");

    /// <summary>True under CI, where a harness that cannot run fails its tests instead of skipping them.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string?> LazyNode = new(() => FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node"));
    private static readonly Lazy<string?> LazyReason = new(ComputeUnavailableReason);

    /// <summary>The node executable found on PATH, or null.</summary>
    public static string? NodePath => LazyNode.Value;

    /// <summary>Null when the harness can run; otherwise what is missing and the command that fixes it.</summary>
    public static string? UnavailableReason => LazyReason.Value;

    /// <summary>The versions <c>tests/sdk-js/package.json</c> pins, by package name.</summary>
    public static IReadOnlyDictionary<string, string> PinnedVersions(string packageJsonPath)
    {
        var deps = JsonNode.Parse(File.ReadAllText(packageJsonPath))!["dependencies"]!.AsObject();
        return deps.ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal);
    }

    private static string? ComputeUnavailableReason()
    {
        const string Fix = "run `npm ci --prefix tests/sdk-js` (tools/test.sh does it before the tests)";
        if (NodePath is null)
            return "Node.js (`node`) is not on PATH, so the official AWS SDK for JavaScript cannot parse the emulator's answers: install Node.js 20 or later, then " + Fix + ".";
        foreach (var (name, version) in PinnedVersions(Path.Combine(HarnessDir, "package.json")))
        {
            var installed = Path.Combine(HarnessDir, "node_modules", name, "package.json");
            if (!File.Exists(installed))
                return "The pinned " + name + " " + version + " is not installed in " + HarnessDir + ": " + Fix + ".";
            var found = (string?)JsonNode.Parse(File.ReadAllText(installed))!["version"];
            if (found != version)
                return "tests/sdk-js has " + name + " " + found + " installed, not the pinned " + version + ": " + Fix + ".";
        }
        return null;
    }

    private static string? FindOnPath(string file)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>
/// A theory that needs the JavaScript SDK harness. Without Node.js or the installed packages it is skipped and says
/// why, unless <see cref="JsSdk.Required"/> (under CI), where it runs and fails with the same reason.
/// </summary>
public sealed class JsSdkTheoryAttribute : TheoryAttribute
{
    public JsSdkTheoryAttribute()
    {
        if (JsSdk.UnavailableReason is { } reason && !JsSdk.Required) Skip = reason;
    }
}

/// <summary>A fact that needs the JavaScript SDK harness; skipped or failing as <see cref="JsSdkTheoryAttribute"/>.</summary>
public sealed class JsSdkFactAttribute : FactAttribute
{
    public JsSdkFactAttribute()
    {
        if (JsSdk.UnavailableReason is { } reason && !JsSdk.Required) Skip = reason;
    }
}

/// <summary>
/// One <c>node call.mjs --serve</c> process: each <see cref="CallAsync"/> writes one JSON line (endpoint, service,
/// operation, input) and reads the SDK's answer line. Node and the SDK load once, so a call costs milliseconds.
/// </summary>
public sealed class JsSdkProcess : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _node;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();

    private JsSdkProcess(Process node)
    {
        _node = node;
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _node.BeginErrorReadLine();
    }

    /// <summary>Starts the harness; throws with <see cref="JsSdk.UnavailableReason"/> where it cannot run.</summary>
    public static JsSdkProcess Start()
    {
        if (JsSdk.UnavailableReason is { } reason) throw new InvalidOperationException(reason);
        var info = new ProcessStartInfo(JsSdk.NodePath!)
        {
            WorkingDirectory = JsSdk.HarnessDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        // --no-warnings: the SDK's notice about future Node.js versions would only be noise on stderr.
        info.ArgumentList.Add("--no-warnings");
        info.ArgumentList.Add(JsSdk.Script);
        info.ArgumentList.Add("--serve");
        // The SDK must not pick up a developer's AWS settings: the harness gives it everything it needs.
        foreach (var name in new[] { "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE" })
            info.Environment.Remove(name);
        return new JsSdkProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start: " + JsSdk.NodePath));
    }

    /// <summary>
    /// Calls <paramref name="operation"/> of <paramref name="service"/> (<c>ec2</c> or <c>directconnect</c>) at
    /// <paramref name="endpoint"/> with <paramref name="input"/> (any object System.Text.Json writes with the
    /// SDK's member names: PascalCase for EC2, lowerCamel for Direct Connect).
    /// </summary>
    public async Task<SdkAnswer> CallAsync(string endpoint, string service, string operation, object input)
    {
        var line = JsonSerializer.Serialize(new { endpoint, service, operation, input });
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            await _node.StandardInput.WriteLineAsync(line.AsMemory(), timeout.Token).ConfigureAwait(false);
            await _node.StandardInput.FlushAsync(timeout.Token).ConfigureAwait(false);
            string? answer;
            try
            {
                answer = await _node.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The JavaScript SDK gave no answer to " + operation + " within " + CallTimeout.TotalSeconds + " s. stderr:\n" + Stderr());
            }
            if (answer is null) throw new InvalidOperationException("The JavaScript SDK harness exited while calling " + operation + ". stderr:\n" + Stderr());
            var result = new SdkAnswer(operation, JsonNode.Parse(answer)!.AsObject());
            if (result.Kind == "harness-error") throw new InvalidOperationException("The harness could not call " + operation + ": " + result.Message);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Stderr()
    {
        lock (_stderr) return _stderr.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _node.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }
        finally
        {
            _node.Dispose();
            _gate.Dispose();
        }
    }
}

/// <summary>
/// What the JavaScript SDK made of one answer: its parsed output (<see cref="Ok"/>) or the error it threw
/// (<see cref="Error"/>). Failed expectations quote the whole answer.
/// </summary>
public sealed class SdkAnswer
{
    internal SdkAnswer(string operation, JsonObject raw)
    {
        Operation = operation;
        Raw = raw;
    }

    public string Operation { get; }

    /// <summary>The line call.mjs printed (see its header for the fields).</summary>
    public JsonObject Raw { get; }

    /// <summary><c>output</c>, <c>error</c> or <c>harness-error</c>.</summary>
    public string Kind => (string)Raw["kind"]!;

    public int? HttpStatusCode => (int?)Raw["httpStatusCode"];

    public string? RequestId => (string?)Raw["requestId"];

    public string? Message => (string?)Raw["message"];

    /// <summary>The parsed output (without <c>$metadata</c>); fails the test if the SDK threw.</summary>
    public JsonObject Ok()
    {
        Assert.True(Kind == "output", Operation + ": expected the SDK to parse an answer, but it said " + Raw.ToJsonString());
        Assert.Equal(200, HttpStatusCode);
        return Raw["output"]!.AsObject();
    }

    /// <summary>Asserts the SDK threw <paramref name="name"/> with this HTTP status and fault; returns the message.</summary>
    public string Error(string name, int httpStatusCode, string fault = "client")
    {
        Assert.True(Kind == "error", Operation + ": expected the SDK to throw " + name + ", but it said " + Raw.ToJsonString());
        Assert.Equal(name, (string?)Raw["name"]);
        Assert.Equal(httpStatusCode, HttpStatusCode);
        Assert.Equal(fault, (string?)Raw["fault"]);
        Assert.False(string.IsNullOrWhiteSpace(Message), Operation + ": the error has no message: " + Raw.ToJsonString());
        return Message!;
    }
}
