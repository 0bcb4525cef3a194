using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Session;

/// <summary>
/// Resolves <see cref="ConnectionParameters"/> to an <see cref="AwsSession"/>, finding credentials and region as
/// AWS.Tools does (the order is in <see cref="CredentialResolver"/> and about_BgpPeering). Sessions, and so their
/// clients, are cached per (identity, region, endpoint) for the life of the process. Resolving the same parameters
/// again is a hash lookup plus a stat of the profile files: the files are read again only when they change, and
/// the environment variables that matter are part of the lookup key.
/// </summary>
public sealed class SessionFactory
{
    /// <summary>The environment variables a resolution depends on; a change to any of them is a different lookup.</summary>
    private static readonly string[] RelevantVariables =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "HOME", "USERPROFILE",
        "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT",
    };

    private const int MaxRemembered = 256;

    private readonly ConcurrentDictionary<string, Lazy<AwsSession>> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.Ordinal);
    private readonly IAwsEnvironment _environment;
    private readonly IniFileCache _files = new();
    private readonly TimeProvider _time;
    private int _clientsBuilt;
    private int _searches;

    /// <summary>A factory that reads the real machine: the process environment, ~/.aws and instance metadata.</summary>
    public SessionFactory(TimeProvider? time = null)
        : this(new ProcessEnvironment(time), time)
    {
    }

    internal SessionFactory(IAwsEnvironment environment, TimeProvider? time = null)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The factory the cmdlets share: one per process, so one set of clients per PowerShell session.</summary>
    public static SessionFactory Shared { get; } = new();

    /// <summary>How many distinct sessions (identity, region, endpoint) this factory has built.</summary>
    public int SessionsBuilt => _sessions.Count;

    /// <summary>How many service clients the sessions of this factory have built.</summary>
    public int ClientsBuilt => Volatile.Read(ref _clientsBuilt);

    /// <summary>How many full searches ran; a resolution answered from what was remembered does not count.</summary>
    public int Searches => Volatile.Read(ref _searches);

    /// <summary>How many times a profile file was read from disk.</summary>
    internal int FileLoads => _files.Loads;

    /// <summary>Resolves credentials, region and endpoint, or throws <see cref="CredentialResolutionException"/>.</summary>
    public AwsSession Resolve(ConnectionParameters parameters) => Resolve(parameters, null);

    /// <summary>
    /// Resolves credentials, region and endpoint, or throws <see cref="CredentialResolutionException"/> whose message
    /// lists every place searched and how to fix it. <paramref name="messages"/> receives Warning events (a session
    /// variable or environment variable was set but unusable, and the search went on) and Debug events (each place
    /// looked at), also when the answer was remembered. No message, and no exception, holds a secret.
    /// </summary>
    public AwsSession Resolve(ConnectionParameters parameters, IOutputSink? messages)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var key = LookupKey(parameters);
        if (_remembered.TryGetValue(key, out var hit) && hit.Stamps.All(s => s.IsCurrent()))
        {
            Emit(messages, hit.Warnings, hit.Debug.Select(d => "(remembered) " + d));
            return hit.Session;
        }

        Interlocked.Increment(ref _searches);
        var context = new ResolutionContext(parameters, _environment, _files, _time);
        try
        {
            var endpoint = CredentialResolver.Endpoint(parameters.EndpointUrl);
            var credentialSearch = new List<string>();
            var regionSearch = new List<string>();
            var credentials = CredentialResolver.ResolveCredentials(context, credentialSearch);
            var region = CredentialResolver.ResolveRegion(context, credentials, regionSearch);
            if (credentials is null || region is null)
                throw NothingFound(credentials is null ? credentialSearch : null, region is null ? regionSearch : null);

            var (regionName, regionSource) = region.Value;
            var sessionKey = credentials.Identity + "\n" + regionName + "\n" +
                (endpoint ?? "env:" + string.Join("|", AwsSession.EndpointVariables.Select(_environment.GetVariable)));
            var lazy = _sessions.GetOrAdd(sessionKey, k => new Lazy<AwsSession>(() =>
            {
                var session = new AwsSession(credentials.Create(regionName), regionName, endpoint, credentials.Source, regionSource, _time,
                    _environment.GetVariable)
                {
                    CacheKey = k,
                };
                session.ClientBuilt = () => Interlocked.Increment(ref _clientsBuilt);
                return session;
            }, LazyThreadSafetyMode.ExecutionAndPublication));
            AwsSession built;
            try
            {
                built = lazy.Value;
            }
            catch (Exception)
            {
                _sessions.TryRemove(sessionKey, out _);
                throw;
            }
            context.Trace("Session: " + built + ".");

            if (_remembered.Count >= MaxRemembered) _remembered.Clear();
            _remembered[key] = new Remembered(built, context.Warnings.Select(context.Secrets.Scrub).ToArray(),
                context.Debug.Select(context.Secrets.Scrub).ToArray(), context.Stamps().ToArray());
            Emit(messages, _remembered[key].Warnings, _remembered[key].Debug);
            return built;
        }
        catch (CredentialResolutionException ex)
        {
            Emit(messages, context.Warnings.Select(context.Secrets.Scrub), context.Debug.Select(context.Secrets.Scrub));
            var scrubbed = context.Secrets.Scrub(ex.Message);
            if (scrubbed == ex.Message) throw;
            throw new CredentialResolutionException(scrubbed, ex.Failure, ex.InnerException);
        }
    }

    /// <summary>Forgets every cached session and remembered resolution (the next call searches and builds again).</summary>
    public void Reset()
    {
        _remembered.Clear();
        _sessions.Clear();
    }

    /// <summary>A one-way fingerprint, so that cache keys never hold a secret.</summary>
    internal static string Fingerprint(string value)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
        return BitConverter.ToString(hash, 0, 16).Replace("-", string.Empty);
    }

    /// <summary>Everything a resolution depends on, hashed: parameters, session variables and environment.</summary>
    private string LookupKey(ConnectionParameters p)
    {
        var sb = new StringBuilder("v1");
        foreach (var value in new[] { p.Region, p.ProfileName, p.ProfileLocation, p.AccessKey, p.SecretKey, p.SessionToken, p.EndpointUrl })
            sb.Append('\u0001').Append(value);
        sb.Append('\u0001').Append(VariableKey(p.StoredCredentials)).Append('\u0001').Append(VariableKey(p.StoredRegion));
        foreach (var name in RelevantVariables) sb.Append('\u0001').Append(_environment.GetVariable(name));
        return Fingerprint(sb.ToString());
    }

    private static string VariableKey(object? value) => value switch
    {
        null => "-",
        string s => "s:" + s,
        _ => "o:" + StoredVariables.IdentityOf(value),
    };

    private static void Emit(IOutputSink? sink, IEnumerable<string> warnings, IEnumerable<string> debug)
    {
        if (sink is null) return;
        foreach (var w in warnings) sink.Write(PumpEventKind.Warning, w);
        foreach (var d in debug) sink.Write(PumpEventKind.Debug, d);
    }

    private static CredentialResolutionException NothingFound(List<string>? credentialSearch, List<string>? regionSearch)
    {
        var sb = new StringBuilder();
        if (credentialSearch is not null)
        {
            sb.Append("No AWS credentials were found. BgpPeering looked, in order, at:");
            Number(sb, credentialSearch);
            sb.Append("\nTo fix it, do one of these:")
              .Append("\n  - pass -ProfileName <profile> (Tab lists your profiles), or -AccessKey and -SecretKey;")
              .Append("\n  - run Set-AWSCredential -ProfileName <profile> (AWS.Tools) to use a profile for this PowerShell session;")
              .Append("\n  - set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;")
              .Append("\n  - create a 'default' profile with 'aws configure', or Set-AWSCredential -AccessKey <key> -SecretKey <secret> -StoreAs default.");
        }
        if (regionSearch is not null)
        {
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append("No AWS region was found. BgpPeering looked, in order, at:");
            Number(sb, regionSearch);
            sb.Append("\nTo fix it, do one of these:")
              .Append("\n  - pass -Region, such as -Region us-east-1 (Tab lists the regions);")
              .Append("\n  - run Set-DefaultAWSRegion -Region us-east-1 (AWS.Tools) for this PowerShell session;")
              .Append("\n  - set AWS_REGION;")
              .Append("\n  - add 'region = us-east-1' to your profile in the config file ('aws configure' does this).");
        }
        return new CredentialResolutionException(sb.ToString(),
            credentialSearch is not null ? CredentialFailure.CredentialsNotFound : CredentialFailure.RegionNotFound);
    }

    private static void Number(StringBuilder sb, List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++) sb.Append("\n  ").Append(i + 1).Append(". ").Append(lines[i]);
    }

    private sealed class Remembered
    {
        public Remembered(AwsSession session, string[] warnings, string[] debug, FileStamp[] stamps)
        {
            Session = session;
            Warnings = warnings;
            Debug = debug;
            Stamps = stamps;
        }

        public AwsSession Session { get; }

        public string[] Warnings { get; }

        public string[] Debug { get; }

        public FileStamp[] Stamps { get; }
    }
}
