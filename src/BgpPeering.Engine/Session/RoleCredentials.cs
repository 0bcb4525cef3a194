using System;
using System.IO;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace BgpPeering.Engine.Session;

/// <summary>
/// Role credentials from STS: AssumeRole with a source profile's credentials, or AssumeRoleWithWebIdentity with
/// a token file. AWSSDK.Core's own AssumeRoleAWSCredentials picks the STS region from the process-wide
/// FallbackRegionFactory (which may probe instance metadata and ignores -Region) and cannot be pointed at another
/// endpoint, so this calls STS in the session's region, at the endpoint the profile or environment configures.
/// Credentials are fetched on first use and again shortly before they expire.
/// </summary>
internal sealed class RoleCredentials : RefreshingAWSCredentials
{
    private readonly AWSCredentials? _source;
    private readonly string? _webIdentityTokenFile;
    private readonly string? _externalId;
    private readonly int? _durationSeconds;
    private readonly string _region;
    private readonly string? _stsEndpoint;
    private readonly string _description;
    private readonly TimeProvider _time;

    private RoleCredentials(AWSCredentials? source, string? webIdentityTokenFile, string roleArn, string sessionName,
        string? externalId, int? durationSeconds, string region, string? stsEndpoint, string description, TimeProvider time)
    {
        _time = time;
        _source = source;
        _webIdentityTokenFile = webIdentityTokenFile;
        RoleArn = roleArn;
        RoleSessionName = sessionName;
        _externalId = externalId;
        _durationSeconds = durationSeconds;
        _region = region;
        _stsEndpoint = stsEndpoint;
        _description = description;
        PreemptExpiryTime = durationSeconds is > 0 and <= 1200 ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(15);
    }

    public string RoleArn { get; }

    public string RoleSessionName { get; }

    /// <summary>The STS endpoint override, or null for the region's STS endpoint.</summary>
    public string? StsEndpoint => _stsEndpoint;

    public string StsRegion => _region;

    public static RoleCredentials AssumeRole(AWSCredentials source, string roleArn, string sessionName, string? externalId,
        int? durationSeconds, string region, string? stsEndpoint, string description, TimeProvider time) =>
        new(source, null, roleArn, sessionName, externalId, durationSeconds, region, stsEndpoint, description, time);

    public static RoleCredentials WebIdentity(string tokenFile, string roleArn, string sessionName, int? durationSeconds,
        string region, string? stsEndpoint, string description, TimeProvider time) =>
        new(null, tokenFile, roleArn, sessionName, null, durationSeconds, region, stsEndpoint, description, time);

    /// <summary>A session name as AWS SDKs make one when the profile gives none.</summary>
    public static string DefaultSessionName(TimeProvider time) =>
        "bgppeering-" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        Task.Run(GenerateNewCredentialsAsync).ConfigureAwait(false).GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_region) };
        if (_stsEndpoint is not null)
        {
            config.ServiceURL = _stsEndpoint;
            config.AuthenticationRegion = _region;
        }
        try
        {
            Amazon.SecurityToken.Model.Credentials result;
            if (_webIdentityTokenFile is not null)
            {
                string token;
                try
                {
                    token = File.ReadAllText(_webIdentityTokenFile).Trim();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CredentialResolutionException("The web identity token file " + _webIdentityTokenFile + " for " + _description +
                        " cannot be read: " + ex.Message, CredentialFailure.CredentialsNotFound, ex);
                }
                using var anonymous = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
                var response = await anonymous.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = RoleArn,
                    RoleSessionName = RoleSessionName,
                    WebIdentityToken = token,
                    DurationSeconds = _durationSeconds,
                }).ConfigureAwait(false);
                result = response.Credentials;
            }
            else
            {
                using var client = new AmazonSecurityTokenServiceClient(_source, config);
                var response = await client.AssumeRoleAsync(new AssumeRoleRequest
                {
                    RoleArn = RoleArn,
                    RoleSessionName = RoleSessionName,
                    ExternalId = _externalId,
                    DurationSeconds = _durationSeconds,
                }).ConfigureAwait(false);
                result = response.Credentials;
            }
            if (result is null || string.IsNullOrEmpty(result.AccessKeyId) || string.IsNullOrEmpty(result.SecretAccessKey))
                throw new CredentialResolutionException("STS answered the " + Operation + " for " + _description + " without credentials.", CredentialFailure.CredentialsNotFound);
            var expiration = (result.Expiration ?? _time.GetUtcNow().UtcDateTime.AddHours(1)).ToUniversalTime();
            return new CredentialsRefreshState(new ImmutableCredentials(result.AccessKeyId, result.SecretAccessKey, result.SessionToken), expiration);
        }
        catch (AmazonServiceException ex)
        {
            // Not left as a service error: the caller would report it as an EC2 or Direct Connect failure.
            throw new CredentialResolutionException("STS refused the " + Operation + " for " + _description + " (" +
                (string.IsNullOrEmpty(ex.ErrorCode) ? "HTTP " + (int)ex.StatusCode : ex.ErrorCode) + "): " + ex.Message,
                CredentialFailure.CredentialsNotFound, ex);
        }
        catch (AmazonClientException ex)
        {
            throw new CredentialResolutionException("The " + Operation + " call to STS for " + _description + " failed: " + ex.Message,
                CredentialFailure.CredentialsNotFound, ex);
        }
    }

    private string Operation => _webIdentityTokenFile is null ? "AssumeRole" : "AssumeRoleWithWebIdentity";

    public override string ToString() => "RoleCredentials(" + RoleArn + ", " + _description + ")";
}
