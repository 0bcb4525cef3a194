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
/// again (a cmdlet in a loop) compares what it was given with the last few resolutions, field by field: the
/// parameters, the session variables (the same <c>$StoredAWSCredentials</c> object), the environment variables that
/// resolution read (only those: with -AccessKey, -Region and -EndpointUrl, a handful) and a stat of the profile
/// files it read. Anything changed is a full lookup: the environment variables that matter, hashed, and the files
/// read again only when they changed.
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

    /// <summary>How many recent resolutions are compared field by field before the hashed lookup.</summary>
    private const int MaxShortcuts = 8;

    private Shortcut[] _shortcuts = Array.Empty<Shortcut>();

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
        var shortcuts = Volatile.Read(ref _shortcuts);
        for (var i = 0; i < shortcuts.Length; i++)
        {
            if (!shortcuts[i].Matches(parameters, _environment)) continue;
            Replay(messages, shortcuts[i].Resolution);
            return shortcuts[i].Resolution.Session;
        }

        var key = LookupKey(parameters);
        if (_remembered.TryGetValue(key, out var hit) && AllCurrent(hit.Stamps))
        {
            Remember(parameters, hit);
            Replay(messages, hit);
            return hit.Session;
        }

        Interlocked.Increment(ref _searches);
        var reads = new RecordingEnvironment(_environment);
        var context = new ResolutionContext(parameters, reads, _files, _time);
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
                (endpoint ?? "env:" + string.Join("|", AwsSession.EndpointVariables.Select(reads.GetVariable)));
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
            var resolution = new Remembered(built, context.Warnings.Select(context.Secrets.Scrub).ToArray(),
                context.Debug.Select(context.Secrets.Scrub).ToArray(), context.Stamps().ToArray(), reads.Reads());
            _remembered[key] = resolution;
            Remember(parameters, resolution);
            Emit(messages, resolution.Warnings, resolution.Debug);
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
        Volatile.Write(ref _shortcuts, Array.Empty<Shortcut>());
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
        if (sink.Wants(PumpEventKind.Warning))
            foreach (var w in warnings) sink.Write(PumpEventKind.Warning, w);
        if (sink.Wants(PumpEventKind.Debug))
            foreach (var d in debug) sink.Write(PumpEventKind.Debug, d);
    }

    /// <summary>What a remembered resolution says again: its warnings, and its trace marked as remembered (built only for -Debug).</summary>
    private static void Replay(IOutputSink? sink, Remembered hit)
    {
        if (sink is null) return;
        if (sink.Wants(PumpEventKind.Warning))
            foreach (var w in hit.Warnings) sink.Write(PumpEventKind.Warning, w);
        if (sink.Wants(PumpEventKind.Debug))
            foreach (var d in hit.Debug) sink.Write(PumpEventKind.Debug, "(remembered) " + d);
    }

    private static bool AllCurrent(FileStamp[] stamps)
    {
        foreach (var stamp in stamps)
            if (!stamp.IsCurrent()) return false;
        return true;
    }

    /// <summary>Puts this resolution first among the shortcuts, dropping the oldest.</summary>
    private void Remember(ConnectionParameters parameters, Remembered resolution)
    {
        var shortcut = new Shortcut(parameters, resolution);
        while (true)
        {
            var current = Volatile.Read(ref _shortcuts);
            var next = new Shortcut[Math.Min(MaxShortcuts, current.Length + 1)];
            next[0] = shortcut;
            Array.Copy(current, 0, next, 1, next.Length - 1);
            if (Interlocked.CompareExchange(ref _shortcuts, next, current) == current) return;
        }
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
        public Remembered(AwsSession session, string[] warnings, string[] debug, FileStamp[] stamps, KeyValuePair<string, string?>[] variables)
        {
            Session = session;
            Warnings = warnings;
            Debug = debug;
            Stamps = stamps;
            Variables = variables;
        }

        /// <summary>Every environment variable the search read, with the value it read.</summary>
        public KeyValuePair<string, string?>[] Variables { get; }

        public AwsSession Session { get; }

        public string[] Warnings { get; }

        public string[] Debug { get; }

        public FileStamp[] Stamps { get; }
    }

    /// <summary>
    /// One recent resolution, kept to be compared with the next one field by field. It holds the parameters' values
    /// (a secret key among them, which the session's credentials hold too) and never goes into a key or a message.
    /// </summary>
    private sealed class Shortcut
    {
        private readonly string? _region, _profileName, _profileLocation, _accessKey, _secretKey, _sessionToken, _endpointUrl;
        private readonly object? _storedCredentials, _storedRegion;

        public Shortcut(ConnectionParameters p, Remembered resolution)
        {
            _region = p.Region;
            _profileName = p.ProfileName;
            _profileLocation = p.ProfileLocation;
            _accessKey = p.AccessKey;
            _secretKey = p.SecretKey;
            _sessionToken = p.SessionToken;
            _endpointUrl = p.EndpointUrl;
            _storedCredentials = p.StoredCredentials;
            _storedRegion = p.StoredRegion;
            Resolution = resolution;
        }

        public Remembered Resolution { get; }

        /// <summary>
        /// True when a search with these parameters would read exactly what this one read: the same parameters, the same
        /// session-variable objects, the same values of the environment variables it read, and the files unchanged.
        /// </summary>
        public bool Matches(ConnectionParameters p, IAwsEnvironment environment)
        {
            if (!Same(_region, p.Region) || !Same(_profileName, p.ProfileName) || !Same(_profileLocation, p.ProfileLocation) ||
                !Same(_accessKey, p.AccessKey) || !Same(_secretKey, p.SecretKey) || !Same(_sessionToken, p.SessionToken) ||
                !Same(_endpointUrl, p.EndpointUrl) || !SameVariable(_storedCredentials, p.StoredCredentials) ||
                !SameVariable(_storedRegion, p.StoredRegion))
                return false;
            foreach (var read in Resolution.Variables)
                if (!Same(read.Value, environment.GetVariable(read.Key))) return false;
            return AllCurrent(Resolution.Stamps);
        }

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

        /// <summary>The same session variable: an equal string, or the very same object (a new Set-AWSCredential is a new object).</summary>
        private static bool SameVariable(object? a, object? b) =>
            a is string sa ? b is string sb && Same(sa, sb) : ReferenceEquals(a, b);
    }
}
