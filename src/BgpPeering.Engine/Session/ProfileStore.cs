using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Amazon.Runtime.CredentialManagement;

namespace BgpPeering.Engine.Session;

/// <summary>One profile as found: its merged settings and where they came from.</summary>
internal sealed class ProfileData
{
    public ProfileData(string name, string origin, ProfileStore store)
    {
        Name = name;
        Origin = origin;
        Store = store;
    }

    public string Name { get; }

    /// <summary>For messages: "the credentials file /home/u/.aws/credentials".</summary>
    public string Origin { get; }

    public ProfileStore Store { get; }

    /// <summary>Settings with lower-case keys; credentials-file values win over config-file values.</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The profile's <c>[services …]</c> section, service key to settings; empty when it names none.</summary>
    public Dictionary<string, Dictionary<string, string>> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set when the profile came from the .NET SDK's encrypted store rather than the shared files.</summary>
    public CredentialProfile? SdkProfile { get; set; }

    /// <summary>Why the profile cannot be used, or null. Never holds a value from the file.</summary>
    public string? Problem { get; set; }

    public string? Get(string key) => Properties.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public string? Region => SdkProfile is not null ? SdkProfile.Region?.SystemName : Get("region");

    /// <summary>The setting names (never values), sorted, for messages.</summary>
    public string KeyList() => Properties.Count == 0 ? "nothing" : string.Join(", ", Properties.Keys.OrderBy(k => k, StringComparer.Ordinal));
}

/// <summary>
/// The profiles one invocation can see: the .NET SDK store (when no -ProfileLocation is given, on Windows), then
/// the shared credentials file and the shared config file, found as AWSSDK.Core finds them.
/// </summary>
internal sealed class ProfileStore
{
    public const string DefaultProfile = "default";
    public const string LegacyPowerShellProfile = "AWS PS Default";

    private ProfileStore(IniFile credentials, IniFile? config, ISdkProfileStore? sdk)
    {
        Credentials = credentials;
        Config = config;
        Sdk = sdk;
    }

    public IniFile Credentials { get; }

    public IniFile? Config { get; }

    public ISdkProfileStore? Sdk { get; }

    /// <summary>
    /// The credentials file is -ProfileLocation, else AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. The
    /// config file is AWS_CONFIG_FILE, else the file named <c>config</c> beside the credentials file (as
    /// AWSSDK.Core does). The SDK store is searched only when no -ProfileLocation is given.
    /// </summary>
    public static ProfileStore Open(string? profileLocation, IAwsEnvironment environment, IniFileCache cache)
    {
        var home = environment.HomeDirectory;
        var credentialsPath = Expand(profileLocation, home)
            ?? Expand(environment.GetVariable("AWS_SHARED_CREDENTIALS_FILE"), home)
            ?? Path.Combine(home ?? Directory.GetCurrentDirectory(), ".aws", "credentials");
        var configPath = Expand(environment.GetVariable("AWS_CONFIG_FILE"), home);
        if (configPath is null)
        {
            var dir = Path.GetDirectoryName(credentialsPath);
            configPath = string.IsNullOrEmpty(dir) ? "config" : Path.Combine(dir, "config");
        }
        var config = string.Equals(configPath, credentialsPath, StringComparison.Ordinal) ? null : cache.Get(configPath);
        return new ProfileStore(cache.Get(credentialsPath), config, string.IsNullOrEmpty(profileLocation) ? environment.SdkStore : null);
    }

    /// <summary>Expands a leading ~ and makes the path absolute.</summary>
    internal static string? Expand(string? path, string? home)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        var p = path!.Trim();
        if (home is not null && (p == "~" || p.StartsWith("~/", StringComparison.Ordinal) || p.StartsWith("~\\", StringComparison.Ordinal)))
            p = Path.Combine(home, p.Length > 2 ? p.Substring(2) : string.Empty);
        try
        {
            return Path.GetFullPath(p);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return p;
        }
    }

    /// <summary>The files whose change must make a cached resolution stale.</summary>
    public IEnumerable<FileStamp> Stamps()
    {
        yield return Credentials.Stamp;
        if (Config is not null) yield return Config.Stamp;
        if (Sdk?.FilePath is { } sdkPath) yield return FileStamp.Of(sdkPath);
    }

    /// <summary>For messages: every place a profile is looked for, and whether each exists.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Sdk is not null) parts.Add(Sdk.Description);
        parts.Add("the credentials file " + Credentials.Path + (Credentials.Exists ? string.Empty : " (not found)"));
        if (Config is not null) parts.Add("the config file " + Config.Path + (Config.Exists ? string.Empty : " (not found)"));
        return Join(parts);
    }

    /// <summary>Every file problem that stops profiles from being read, as sentences without file content.</summary>
    public string? FileProblem()
    {
        if (Credentials.Problem is not null) return "The credentials file " + Credentials.Path + " cannot be used: " + Credentials.Problem + ".";
        if (Config?.Problem is not null) return "The config file " + Config.Path + " cannot be used: " + Config.Problem + ".";
        return null;
    }

    /// <summary>Every profile name the store holds (any kind), in file order, without duplicates.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string n)
        {
            if (n.Length > 0 && seen.Add(n)) names.Add(n);
        }
        if (Sdk is not null)
        {
            try
            {
                foreach (var n in Sdk.ProfileNames()) Add(n);
            }
            catch (Exception)
            {
                // An unreadable SDK store just lists nothing.
            }
        }
        if (Credentials.Problem is null)
            foreach (var s in Credentials.Sections)
                if (StripPrefix(s.Name, "sso-session") is null && StripPrefix(s.Name, "services") is null)
                    Add(StripPrefix(s.Name, "profile") ?? s.Name);
        if (Config is { Problem: null })
        {
            foreach (var s in Config.Sections)
            {
                if (s.Name == DefaultProfile) Add(s.Name);
                else if (StripPrefix(s.Name, "profile") is { } n) Add(n);
            }
        }
        return names;
    }

    /// <summary>Finds a profile as AWSSDK.Core's CredentialProfileStoreChain would: the SDK store first, then the shared files.</summary>
    public bool TryFind(string name, out ProfileData profile)
    {
        if (Sdk is not null)
        {
            CredentialProfile? sdkProfile = null;
            try
            {
                if (!Sdk.TryGetProfile(name, out sdkProfile)) sdkProfile = null;
            }
            catch (Exception)
            {
                sdkProfile = null;
            }
            if (sdkProfile is not null)
            {
                profile = new ProfileData(name, Sdk.Description, this) { SdkProfile = sdkProfile };
                return true;
            }
        }
        var inCredentials = Credentials.Problem is null ? Credentials.Find(name) ?? Credentials.Find("profile", name) : null;
        IniSection? inConfig = null;
        if (Config is { Problem: null })
            inConfig = name == DefaultProfile ? Config.Find(name) ?? Config.Find("profile", name) : Config.Find("profile", name);
        if (inCredentials is null && inConfig is null)
        {
            profile = null!;
            return false;
        }
        var origin = inCredentials is not null && inConfig is not null
            ? "the credentials file " + Credentials.Path + " and the config file " + Config!.Path
            : inCredentials is not null ? "the credentials file " + Credentials.Path : "the config file " + Config!.Path;
        profile = new ProfileData(name, origin, this) { Problem = inCredentials?.Problem ?? inConfig?.Problem };
        if (inConfig is not null)
            foreach (var kv in inConfig.Properties) profile.Properties[kv.Key] = kv.Value;
        if (inCredentials is not null)
            foreach (var kv in inCredentials.Properties) profile.Properties[kv.Key] = kv.Value;

        if (profile.Get("services") is { } servicesName && !IgnoresConfiguredEndpoints(profile))
        {
            var services = Config is { Problem: null } ? Config.Find("services", servicesName) : null;
            if (services is not null)
                foreach (var kv in services.Nested) profile.Services[kv.Key] = kv.Value;
        }
        return true;
    }

    /// <summary>The <c>[sso-session name]</c> section's settings, from either file (credentials-file values win).</summary>
    public Dictionary<string, string>? FindSsoSession(string name)
    {
        var inConfig = Config is { Problem: null } ? Config.Find("sso-session", name) : null;
        var inCredentials = Credentials.Problem is null ? Credentials.Find("sso-session", name) : null;
        if (inConfig is null && inCredentials is null) return null;
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (inConfig is not null)
            foreach (var kv in inConfig.Properties) merged[kv.Key] = kv.Value;
        if (inCredentials is not null)
            foreach (var kv in inCredentials.Properties) merged[kv.Key] = kv.Value;
        return merged;
    }

    internal static bool IgnoresConfiguredEndpoints(ProfileData profile) =>
        string.Equals(profile.Get("ignore_configured_endpoint_urls"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? StripPrefix(string sectionName, string prefix)
    {
        if (sectionName.Length <= prefix.Length + 1 || !sectionName.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var c = sectionName[prefix.Length];
        return c == ' ' || c == '\t' ? sectionName.Substring(prefix.Length + 1).TrimStart(' ', '\t') : null;
    }

    internal static string Join(IReadOnlyList<string> parts) =>
        parts.Count switch
        {
            0 => string.Empty,
            1 => parts[0],
            2 => parts[0] + " and " + parts[1],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[parts.Count - 1],
        };
}
