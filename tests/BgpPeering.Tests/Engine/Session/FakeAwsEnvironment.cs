using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using BgpPeering.Engine.Session;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>
/// A machine for the resolver to look at: environment variables in a dictionary, a home folder and ~/.aws in a
/// temporary directory, and canned container/instance answers. Nothing reads the real environment, the real ~/.aws or
/// 169.254.169.254. Dispose deletes the directory.
/// </summary>
internal sealed class FakeAwsEnvironment : IAwsEnvironment, IDisposable
{
    public FakeAwsEnvironment()
    {
        Root = Path.Combine(Path.GetTempPath(), "bgp-cred-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        HomeDirectory = Path.Combine(Root, "home");
        Directory.CreateDirectory(Path.Combine(HomeDirectory, ".aws"));
        CredentialsPath = Path.Combine(Root, "aws", "credentials");
        ConfigPath = Path.Combine(Root, "aws", "config");
        Directory.CreateDirectory(Path.Combine(Root, "aws"));
        // Every test points the shared files at its own temporary folder, as a user would with these variables.
        Variables["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsPath;
        Variables["AWS_CONFIG_FILE"] = ConfigPath;
    }

    public string Root { get; }

    public string CredentialsPath { get; }

    public string ConfigPath { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string? HomeDirectory { get; }

    public ISdkProfileStore? SdkStore { get; set; }

    /// <summary>What the container/instance step answers; null means "not a container, not an instance".</summary>
    public MachineCredentials? Machine { get; set; }

    /// <summary>What instance metadata says the region is; null means "not an instance".</summary>
    public string? InstanceRegion { get; set; }

    public int MachineProbes { get; private set; }

    public int RegionProbes { get; private set; }

    public string? GetVariable(string name)
    {
        lock (VariableReads) VariableReads.Add(name);
        return Variables.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>Every variable name asked for, in order (tests clear it to count what one resolution reads).</summary>
    public List<string> VariableReads { get; } = new();

    public MachineCredentials? ProbeMachineCredentials(IList<string> trace)
    {
        MachineProbes++;
        if (Machine is null) trace.Add("no container endpoint and no EC2 instance role (fake)");
        return Machine;
    }

    public string? ProbeInstanceRegion(IList<string> trace)
    {
        RegionProbes++;
        if (InstanceRegion is null) trace.Add("not an EC2 instance (fake)");
        return InstanceRegion;
    }

    public void WriteCredentials(string text) => Write(CredentialsPath, text);

    public void WriteConfig(string text) => Write(ConfigPath, text);

    /// <summary>Writes a file and moves its timestamp on, so a rewrite within the same tick is still seen as a change.</summary>
    public static void Write(string path, string text)
    {
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        var after = File.GetLastWriteTimeUtc(path);
        if (after <= before) File.SetLastWriteTimeUtc(path, before.AddSeconds(1));
    }

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Write(path, text);
        return path;
    }

    public SessionFactory Factory(TimeProvider? time = null) => new(this, time);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A stand-in for the .NET SDK's encrypted store (which exists only on Windows).</summary>
internal sealed class FakeSdkStore : ISdkProfileStore, ICredentialProfileSource
{
    public Dictionary<string, CredentialProfile> Profiles { get; } = new(StringComparer.Ordinal);

    public string Description => "the fake SDK store";

    public string? FilePath => null;

    public ICredentialProfileSource Source => this;

    public bool TryGetProfile(string name, out CredentialProfile profile) => Profiles.TryGetValue(name, out profile!);

    public IReadOnlyList<string> ProfileNames() => Profiles.Keys.ToList();
}

/// <summary>Test helpers over a session's credentials.</summary>
internal static class SessionAssert
{
    public static ImmutableCredentials Keys(AwsSession session) => session.Credentials.GetCredentials();
}
