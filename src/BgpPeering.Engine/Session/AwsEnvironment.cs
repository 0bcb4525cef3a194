using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Internal.Settings;
using Amazon.Util;

namespace BgpPeering.Engine.Session;

/// <summary>
/// Everything the resolver learns from the machine: environment variables, the home folder, the .NET SDK's
/// encrypted profile store, and the container and instance-metadata endpoints. Tests give a fake, so that no test
/// reads the real ~/.aws or reaches 169.254.169.254.
/// </summary>
internal interface IAwsEnvironment
{
    /// <summary>An environment variable, or null when it is unset.</summary>
    string? GetVariable(string name);

    /// <summary>The user's home folder, where ~/.aws lives; null when there is none.</summary>
    string? HomeDirectory { get; }

    /// <summary>The .NET SDK's encrypted credential store (Windows), or null where there is none.</summary>
    ISdkProfileStore? SdkStore { get; }

    /// <summary>
    /// Container credentials (ECS, EKS Pod Identity) or the EC2 instance role, or null when this is neither.
    /// Each step it takes is added to <paramref name="trace"/>.
    /// </summary>
    MachineCredentials? ProbeMachineCredentials(IList<string> trace);

    /// <summary>The region from EC2 instance metadata, or null when this is not an instance (or IMDS is off).</summary>
    string? ProbeInstanceRegion(IList<string> trace);
}

/// <summary>Credentials that come with the machine: a container endpoint or an instance role.</summary>
internal sealed class MachineCredentials
{
    public MachineCredentials(AWSCredentials credentials, string description, string identity)
    {
        Credentials = credentials;
        Description = description;
        Identity = identity;
    }

    public AWSCredentials Credentials { get; }

    /// <summary>For messages: "the ECS container credentials endpoint", "the EC2 instance role 'web'".</summary>
    public string Description { get; }

    /// <summary>Secret-free; tells one machine identity from another in cache keys.</summary>
    public string Identity { get; }
}

/// <summary>The .NET SDK's encrypted profile store, which AWS.Tools writes to by default on Windows.</summary>
internal interface ISdkProfileStore
{
    /// <summary>For messages: where the store lives.</summary>
    string Description { get; }

    /// <summary>The file behind the store, so that a change to it is noticed; null if unknown.</summary>
    string? FilePath { get; }

    bool TryGetProfile(string name, out CredentialProfile profile);

    IReadOnlyList<string> ProfileNames();

    /// <summary>The source profiles of an AssumeRole profile in this store are looked up here.</summary>
    ICredentialProfileSource Source { get; }
}

/// <summary>The real machine: the process environment, ~/.aws, the SDK store, and the metadata endpoints.</summary>
internal sealed class ProcessEnvironment : IAwsEnvironment
{
    private static readonly TimeSpan NegativeProbeLifetime = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private MachineCredentials? _instance;
    private DateTimeOffset _instanceMissingUntil;
    private string? _instanceRegion;
    private DateTimeOffset _regionMissingUntil;
    private ISdkProfileStore? _sdkStore;
    private bool _sdkStoreChecked;

    public ProcessEnvironment(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public string? GetVariable(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string? HomeDirectory
    {
        get
        {
            var home = GetVariable("HOME") ?? GetVariable("USERPROFILE");
            if (home is null)
            {
                try
                {
                    home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                }
                catch (PlatformNotSupportedException)
                {
                    home = null;
                }
            }
            return string.IsNullOrEmpty(home) ? null : home;
        }
    }

    public ISdkProfileStore? SdkStore
    {
        get
        {
            lock (_gate)
            {
                if (!_sdkStoreChecked)
                {
                    _sdkStoreChecked = true;
                    try
                    {
                        if (UserCrypto.IsUserCryptAvailable) _sdkStore = new NetSdkStore();
                    }
                    catch (Exception)
                    {
                        // No usable SDK store on this machine: the shared files still work.
                        _sdkStore = null;
                    }
                }
                return _sdkStore;
            }
        }
    }

    public MachineCredentials? ProbeMachineCredentials(IList<string> trace)
    {
        var relative = GetVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        var full = GetVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (relative is not null || full is not null)
        {
            // GenericContainerCredentials reads the same variables itself (ECS and EKS Pod Identity).
            var name = relative is not null ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" : "AWS_CONTAINER_CREDENTIALS_FULL_URI";
            return new MachineCredentials(new GenericContainerCredentials(), "the container credentials endpoint (" + name + ")",
                "container:" + (relative ?? full));
        }
        trace.Add("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
        if (ImdsDisabled())
        {
            trace.Add("instance metadata is turned off (AWS_EC2_METADATA_DISABLED=true)");
            return null;
        }
        lock (_gate)
        {
            if (_instance is not null) return _instance;
            if (_time.GetUtcNow() < _instanceMissingUntil)
            {
                trace.Add("no EC2 instance role (instance metadata did not answer a moment ago)");
                return null;
            }
            try
            {
                var credentials = new InstanceProfileAWSCredentials();
                credentials.GetCredentials();
                _instance = new MachineCredentials(credentials, "the EC2 instance role '" + credentials.Role + "'", "instance:" + credentials.Role);
                return _instance;
            }
            catch (Exception ex)
            {
                _instanceMissingUntil = _time.GetUtcNow() + NegativeProbeLifetime;
                trace.Add("no EC2 instance role (instance metadata: " + ex.GetType().Name + ")");
                return null;
            }
        }
    }

    public string? ProbeInstanceRegion(IList<string> trace)
    {
        if (ImdsDisabled())
        {
            trace.Add("instance metadata is turned off (AWS_EC2_METADATA_DISABLED=true)");
            return null;
        }
        lock (_gate)
        {
            if (_instanceRegion is not null) return _instanceRegion;
            if (_time.GetUtcNow() < _regionMissingUntil)
            {
                trace.Add("instance metadata did not answer a moment ago");
                return null;
            }
            try
            {
                _instanceRegion = EC2InstanceMetadata.Region?.SystemName;
            }
            catch (Exception)
            {
                _instanceRegion = null;
            }
            if (_instanceRegion is null)
            {
                _regionMissingUntil = _time.GetUtcNow() + NegativeProbeLifetime;
                trace.Add("this is not an EC2 instance, or its metadata did not answer");
            }
            return _instanceRegion;
        }
    }

    private bool ImdsDisabled() => string.Equals(GetVariable("AWS_EC2_METADATA_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private sealed class NetSdkStore : ISdkProfileStore
    {
        private readonly NetSDKCredentialsFile _file = new();

        public string Description => "the .NET SDK credential store (" + (FilePath ?? "RegisteredAccounts.json") + ")";

        public string? FilePath
        {
            get
            {
                var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "AWSToolkit", "RegisteredAccounts.json");
            }
        }

        public ICredentialProfileSource Source => _file;

        public bool TryGetProfile(string name, out CredentialProfile profile) => _file.TryGetProfile(name, out profile);

        public IReadOnlyList<string> ProfileNames() => _file.ListProfileNames();
    }
}

/// <summary>
/// The environment as one resolution sees it, noting every variable it reads and the value it read: the
/// resolution depends on these and nothing else of the environment, so the next one with the same parameters
/// only has to compare them (<see cref="SessionFactory"/>). The home folder and the metadata probes note the
/// variables they depend on.
/// </summary>
internal sealed class RecordingEnvironment : IAwsEnvironment
{
    private static readonly string[] HomeVariables = { "HOME", "USERPROFILE" };
    private static readonly string[] MachineVariables = { "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED" };
    private static readonly string[] InstanceVariables = { "AWS_EC2_METADATA_DISABLED" };

    private readonly IAwsEnvironment _inner;
    private readonly List<KeyValuePair<string, string?>> _reads = new();

    public RecordingEnvironment(IAwsEnvironment inner) => _inner = inner;

    /// <summary>Each variable read, once, with its value then.</summary>
    public KeyValuePair<string, string?>[] Reads() => _reads.ToArray();

    public string? GetVariable(string name)
    {
        var value = _inner.GetVariable(name);
        Note(name, value);
        return value;
    }

    public string? HomeDirectory
    {
        get
        {
            foreach (var name in HomeVariables) GetVariable(name);
            return _inner.HomeDirectory;
        }
    }

    public ISdkProfileStore? SdkStore => _inner.SdkStore;

    public MachineCredentials? ProbeMachineCredentials(IList<string> trace)
    {
        foreach (var name in MachineVariables) GetVariable(name);
        return _inner.ProbeMachineCredentials(trace);
    }

    public string? ProbeInstanceRegion(IList<string> trace)
    {
        foreach (var name in InstanceVariables) GetVariable(name);
        return _inner.ProbeInstanceRegion(trace);
    }

    private void Note(string name, string? value)
    {
        foreach (var read in _reads)
            if (string.Equals(read.Key, name, StringComparison.Ordinal)) return;
        _reads.Add(new KeyValuePair<string, string?>(name, value));
    }
}
