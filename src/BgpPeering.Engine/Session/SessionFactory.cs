using System;
using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace BgpPeering.Engine.Session
{
    /// <summary>
    /// Resolves <see cref="ConnectionParameters"/> to an <see cref="AwsSession"/> and caches sessions per
    /// (identity, region, endpoint) for the life of the process.
    /// </summary>
    public sealed class SessionFactory
    {
        private readonly ConcurrentDictionary<string, AwsSession> _cache = new(StringComparer.Ordinal);
        private readonly TimeProvider _time;

        public SessionFactory(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

        /// <summary>The factory the cmdlets share.</summary>
        public static SessionFactory Shared { get; } = new();

        /// <summary>How many distinct sessions (and so client sets) this factory has built.</summary>
        public int SessionsBuilt => _cache.Count;

        public AwsSession Resolve(ConnectionParameters parameters)
        {
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            var (credentials, credentialSource, identity) = ResolveCredentials(parameters);
            var (region, regionSource) = ResolveRegion(parameters);
            var endpoint = string.IsNullOrWhiteSpace(parameters.EndpointUrl) ? null : parameters.EndpointUrl!.Trim();
            var key = identity + "\n" + region + "\n" + endpoint;
            return _cache.GetOrAdd(key, _ => new AwsSession(credentials, region, endpoint, credentialSource, regionSource, _time) { CacheKey = key });
        }

        private static (AWSCredentials, string source, string identity) ResolveCredentials(ConnectionParameters p)
        {
            if (!string.IsNullOrEmpty(p.AccessKey) || !string.IsNullOrEmpty(p.SecretKey))
            {
                if (string.IsNullOrEmpty(p.AccessKey) || string.IsNullOrEmpty(p.SecretKey))
                    throw new CredentialResolutionException("-AccessKey and -SecretKey must be given together.");
                AWSCredentials creds = string.IsNullOrEmpty(p.SessionToken)
                    ? new BasicAWSCredentials(p.AccessKey, p.SecretKey)
                    : new SessionAWSCredentials(p.AccessKey, p.SecretKey, p.SessionToken);
                return (creds, "the -AccessKey/-SecretKey parameters", "keys:" + p.AccessKey + ":" + Fingerprint(p.SecretKey + "\n" + p.SessionToken));
            }
            if (!string.IsNullOrEmpty(p.ProfileName))
            {
                var chain = string.IsNullOrEmpty(p.ProfileLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(p.ProfileLocation);
                if (!chain.TryGetAWSCredentials(p.ProfileName, out var creds))
                    throw new CredentialResolutionException("The profile '" + p.ProfileName + "' was not found" +
                        (string.IsNullOrEmpty(p.ProfileLocation) ? " in the shared credentials and config files." : " in " + p.ProfileLocation + "."));
                return (creds, "profile '" + p.ProfileName + "'", "profile:" + p.ProfileLocation + ":" + p.ProfileName);
            }
            var env = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
            var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(env) && !string.IsNullOrEmpty(secret))
            {
                var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
                AWSCredentials creds = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(env, secret) : new SessionAWSCredentials(env, secret, token);
                return (creds, "the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables", "env:" + env + ":" + Fingerprint(secret + "\n" + token));
            }
            throw new CredentialResolutionException("No AWS credentials were found. Searched: the -AccessKey/-SecretKey parameters, -ProfileName, and the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables.");
        }

        private static (string region, string source) ResolveRegion(ConnectionParameters p)
        {
            if (!string.IsNullOrWhiteSpace(p.Region)) return (p.Region!.Trim(), "the -Region parameter");
            foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                var value = Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrWhiteSpace(value)) return (value.Trim(), "the " + name + " environment variable");
            }
            throw new CredentialResolutionException("No AWS region was found. Searched: the -Region parameter and the AWS_REGION/AWS_DEFAULT_REGION environment variables. Pass -Region, for example -Region us-east-1.");
        }

        /// <summary>A one-way fingerprint, so that cache keys never hold a secret.</summary>
        internal static string Fingerprint(string value)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(value));
            return BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty);
        }
    }

    /// <summary>Credentials or region could not be resolved; the message says where the search looked.</summary>
    public sealed class CredentialResolutionException : Exception
    {
        public CredentialResolutionException(string message, Exception? inner = null) : base(message, inner)
        {
        }
    }
}
