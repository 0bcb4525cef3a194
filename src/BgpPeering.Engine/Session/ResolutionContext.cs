using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.Runtime;

namespace BgpPeering.Engine.Session;

/// <summary>The credentials a search settled on, before the region is known.</summary>
internal sealed class CredentialChoice
{
    public CredentialChoice(string source, string identity, ProfileData? profile, Func<string, AWSCredentials> create)
    {
        Source = source;
        Identity = identity;
        Profile = profile;
        Create = create;
    }

    /// <summary>For -Verbose and messages: "profile 'dev' (the credentials file …)". Never a secret.</summary>
    public string Source { get; }

    /// <summary>Secret-free; equal for the same identity, different for different ones.</summary>
    public string Identity { get; }

    /// <summary>The profile the credentials came from, whose region is the third rung of the region search.</summary>
    public ProfileData? Profile { get; }

    /// <summary>Builds the credentials for a region (role credentials call STS in the session's region).</summary>
    public Func<string, AWSCredentials> Create { get; }
}

/// <summary>Every secret seen during one resolution, so that no message can carry one by accident.</summary>
internal sealed class SecretSet
{
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret!.Length >= 4) _secrets.Add(secret);
    }

    public IEnumerable<string> All => _secrets;

    /// <summary>The text with every known secret replaced by asterisks.</summary>
    public string Scrub(string text)
    {
        foreach (var s in _secrets.OrderByDescending(s => s.Length))
            if (text.IndexOf(s, StringComparison.Ordinal) >= 0) text = text.Replace(s, "****");
        return text;
    }
}

/// <summary>The state of one resolution: inputs, what it read, and what it has to say.</summary>
internal sealed class ResolutionContext
{
    private readonly Dictionary<string, ProfileStore> _stores = new(StringComparer.Ordinal);
    private readonly IniFileCache _files;

    public ResolutionContext(ConnectionParameters parameters, IAwsEnvironment environment, IniFileCache files, TimeProvider time)
    {
        Parameters = parameters;
        Environment = environment;
        _files = files;
        Time = time;
        // Known before anything can fail, so that even the first error is scrubbed.
        Secrets.Add(parameters.SecretKey);
        Secrets.Add(parameters.SessionToken);
        foreach (var name in new[] { "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN" }) Secrets.Add(environment.GetVariable(name));
    }

    public ConnectionParameters Parameters { get; }

    public IAwsEnvironment Environment { get; }

    public TimeProvider Time { get; }

    /// <summary>Debug lines: each rung looked at and what it held.</summary>
    public List<string> Debug { get; } = new();

    /// <summary>Warnings: something was set but could not be used, and the search went on.</summary>
    public List<string> Warnings { get; } = new();

    public SecretSet Secrets { get; } = new();

    /// <summary>A trimmed environment variable, or null when unset or blank.</summary>
    public string? Var(string name)
    {
        var value = Environment.GetVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    public ProfileStore Store(string? location)
    {
        var key = location ?? string.Empty;
        if (!_stores.TryGetValue(key, out var store))
        {
            store = ProfileStore.Open(location, Environment, _files);
            _stores[key] = store;
        }
        return store;
    }

    /// <summary>Every file this resolution read (or looked for): a change to any of them makes it stale.</summary>
    public IReadOnlyList<FileStamp> Stamps() => _stores.Values.SelectMany(s => s.Stamps()).Distinct().ToList();

    public void Warn(string message) => Warnings.Add(message);

    public void Trace(string message) => Debug.Add(message);
}
