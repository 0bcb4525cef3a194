using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Hosting;
using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>
/// One emulator (127.0.0.1, a free port, the demo topology) and one InitialSessionState that imports the BUILT module
/// from out/, shared by a test class. Each <see cref="Run"/> opens a fresh runspace from that state (the first costs
/// about a second, later ones tens of milliseconds), so no test sees another's variables.
/// In every runspace <c>$emu</c> is a splat of the emulator's URL, us-east-1 and AWS's example key pair.
/// </summary>
public sealed class PwshFixture : IAsyncLifetime
{
    public const string AccessKey = EmulatorOptions.ExampleAccessKeyId;
    public const string SecretKey = EmulatorOptions.ExampleSecretAccessKey;
    public const string Region = "us-east-1";

    /// <summary>A key the emulator knows but denies every EC2 and Direct Connect action.</summary>
    public const string DeniedAccessKey = "AKIDDENIEDEXAMPLE";
    public const string DeniedSecretKey = "deniedSecretKeyEXAMPLE/K7MDENG+bPxRfiCY";

    /// <summary>A secret the emulator does not accept: every call signed with it is an AuthFailure.</summary>
    public const string WrongSecretKey = "wrongSecretKeyEXAMPLE/K7MDENG+bPxRfiCYXX";

    private EmulatorHandle? _emulator;
    private InitialSessionState? _state;

    public EmulatorHandle Emulator => _emulator ?? throw new InvalidOperationException("The fixture has not started.");

    public string Url => Emulator.Url;

    public string ModuleManifest { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        ModuleManifest = RepoPaths.RequireModule();
        var options = new EmulatorOptions { Port = 0, RandomSeed = 1, Speed = 10 };
        options.Keys.Add(EmulatorKey.Example());
        options.Keys.Add(new EmulatorKey(DeniedAccessKey, DeniedSecretKey, new[] { "ec2:*", "directconnect:*" }));
        _emulator = await EmulatorApp.StartAsync(options);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ModuleManifest });
        _state = state;
        // Pays the first-runspace cost once, and fails loudly if the module does not import.
        var warm = Run("Get-Module BgpPeering | ForEach-Object Name");
        Assert.True(warm.Terminating is null && warm.Errors.Count == 0, "Importing " + ModuleManifest + " failed: " + warm.Describe());
        Assert.Equal("BgpPeering", Assert.Single(warm.Output).ToString());
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null) await _emulator.DisposeAsync();
    }

    /// <summary>Back to the demo topology: clears the request log and faults too.</summary>
    public void Reset() => Emulator.Reset();

    /// <summary>The request log since the last reset or clear.</summary>
    public IReadOnlyList<RequestLogEntry> Requests => Emulator.Requests;

    public void ClearRequests() => Emulator.ClearRequests();

    /// <summary>The emulator's request actions (only API calls: EC2, DirectConnect, STS), in order.</summary>
    public IReadOnlyList<string> Actions => Requests.Select(r => r.Action).ToList();

    public void Fault(string kind, string action, int count = 10, int latencyMs = 0, string? service = null) =>
        Emulator.InjectFault(new FaultSpec { Kind = kind, Action = action, Count = count, LatencyMs = latencyMs, Service = service });

    public Hashtable Splat(string accessKey = AccessKey, string secretKey = SecretKey) => new()
    {
        ["EndpointUrl"] = Url,
        ["Region"] = Region,
        ["AccessKey"] = accessKey,
        ["SecretKey"] = secretKey,
    };

    /// <summary>
    /// Runs <paramref name="script"/> in a fresh runspace (with <paramref name="host"/> when prompts must be answered)
    /// and copies every stream before the PowerShell object is disposed.
    /// </summary>
    public PwshResult Run(string script, TestHost? host = null, IDictionary<string, object?>? variables = null)
    {
        var state = _state ?? throw new InvalidOperationException("The fixture has not started.");
        using var runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        if (_emulator is not null)
        {
            runspace.SessionStateProxy.SetVariable("emu", Splat());
            runspace.SessionStateProxy.SetVariable("EmulatorUrl", Url);
            runspace.SessionStateProxy.SetVariable("denied", Splat(DeniedAccessKey, DeniedSecretKey));
            runspace.SessionStateProxy.SetVariable("wrongKey", Splat(AccessKey, WrongSecretKey));
        }
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>()) runspace.SessionStateProxy.SetVariable(name, value);
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        var result = new PwshResult { Script = script };
        try
        {
            foreach (var o in ps.Invoke()) result.Output.Add(o);
        }
        catch (RuntimeException ex)
        {
            result.Terminating = ex.ErrorRecord;
        }
        // Copied BEFORE disposal: a disposed PowerShell object's streams are empty.
        result.Errors.AddRange(ps.Streams.Error);
        result.Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
        result.Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
        result.Debug.AddRange(ps.Streams.Debug.Select(d => d.Message));
        result.Information.AddRange(ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        result.HadErrors = ps.HadErrors;
        return result;
    }
}

public sealed class PwshResult
{
    public string Script { get; init; } = string.Empty;
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Debug { get; } = new();
    public List<string> Information { get; } = new();

    /// <summary>
    /// The error that stopped the whole script (a throw, or -ErrorAction Stop), if any. A cmdlet's terminating error
    /// (ThrowTerminatingError) stops only its statement and lands in <see cref="Errors"/>: to tell terminating from
    /// non-terminating, run the call inside try/catch in the script (ErrorTests does).
    /// </summary>
    public ErrorRecord? Terminating { get; set; }

    public bool HadErrors { get; set; }

    /// <summary>The output as one string (for Out-String scripts).</summary>
    public string Text => string.Concat(Output.Select(o => o.ToString()));

    /// <summary>Every error record: the non-terminating ones, then the terminating one.</summary>
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);

    /// <summary>Fails the test with every stream shown when anything went wrong.</summary>
    public PwshResult AssertClean()
    {
        Assert.True(Terminating is null && Errors.Count == 0, "The script failed:\n" + Describe());
        return this;
    }

    /// <summary>Every record and line, for failure messages and for "no secret anywhere" checks.</summary>
    public string Describe() =>
        "SCRIPT: " + Script + "\n" +
        string.Join("\n", AllErrors.Select(e => "ERROR " + e.FullyQualifiedErrorId + " [" + e.CategoryInfo.Category + "] target=" + e.TargetObject + ": " +
            e.Exception?.Message + " | " + e.ErrorDetails?.Message + " | " + e.ErrorDetails?.RecommendedAction + " | " + e.CategoryInfo)) + "\n" +
        string.Join("\n", Warnings.Select(w => "WARNING " + w)) + "\n" +
        string.Join("\n", Verbose.Select(w => "VERBOSE " + w)) + "\n" +
        string.Join("\n", Debug.Select(w => "DEBUG " + w)) + "\n" +
        string.Join("\n", Information.Select(w => "INFO " + w)) + "\n" +
        "OUTPUT: " + string.Join("\n", Output.Select(o => o?.ToString()));
}
