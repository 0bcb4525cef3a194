using System;
using System.Collections.Generic;
using Amazon.Runtime;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;

namespace BgpPeering.Engine.Session;

/// <summary>
/// A resolved identity, region and endpoint, with the service clients for them. Sessions are cached by
/// <see cref="SessionFactory"/>, so a loop of calls builds its clients once.
/// </summary>
public sealed class AwsSession
{
    private readonly Lazy<RouteServerClient> _routeServer;
    private readonly Lazy<DirectConnectClient> _directConnect;
    private readonly Func<string, string?>? _environment;

    internal AwsSession(AWSCredentials credentials, string region, string? endpointUrl, string credentialSource, string regionSource, TimeProvider time,
        Func<string, string?>? environment = null)
    {
        _environment = environment;
        Credentials = credentials;
        Region = region;
        EndpointUrl = string.IsNullOrEmpty(endpointUrl) ? null : endpointUrl;
        CredentialSource = credentialSource;
        RegionSource = regionSource;
        Time = time;
        _routeServer = new Lazy<RouteServerClient>(() =>
            new RouteServerClient(new Ec2QueryClient(Credentials, CreateConfig(ServiceDescription.Ec2)), Region, EndpointUrl, Time));
        _directConnect = new Lazy<DirectConnectClient>(() =>
            new DirectConnectClient(new DxJsonClient(Credentials, CreateConfig(ServiceDescription.DirectConnect)), Region, EndpointUrl, Time));
    }

    public string Region { get; }

    /// <summary>The service URL override (the emulator, say); null for the region's AWS endpoint.</summary>
    public string? EndpointUrl { get; }

    /// <summary>Where the credentials came from, for <c>-Verbose</c>: never the secret itself.</summary>
    public string CredentialSource { get; }

    /// <summary>Where the region came from, for <c>-Verbose</c>.</summary>
    public string RegionSource { get; }

    internal AWSCredentials Credentials { get; }

    /// <summary>What tells this session from another (identity, region, endpoint), with no secret in it.</summary>
    public string CacheKey { get; internal set; } = string.Empty;

    internal TimeProvider Time { get; }

    /// <summary>Called once per service client this session builds (every client is built through CreateConfig).</summary>
    internal Action? ClientBuilt { get; set; }

    public RouteServerClient RouteServer => _routeServer.Value;

    public DirectConnectClient DirectConnect => _directConnect.Value;

    /// <summary>Where and as whom this session calls; never a secret.</summary>
    public override string ToString() =>
        "AWS session in " + Region + " (region from " + RegionSource + "), credentials from " + CredentialSource +
        (EndpointUrl is null ? string.Empty : ", endpoint " + EndpointUrl);

    internal ServiceClientConfig CreateConfig(ServiceDescription service)
    {
        ClientBuilt?.Invoke();
        var config = new ServiceClientConfig(service, Time);
        var url = EndpointUrl ?? ConfiguredEndpoint(service)?.Url;
        if (url is null)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = Region;
        }
        return config;
    }

    /// <summary>
    /// The variables that name the endpoint when no -EndpointUrl is given. The session reads them itself as it
    /// builds its clients (see <see cref="ConfiguredEndpoint"/>), so <see cref="SessionFactory"/> keys sessions
    /// by them.
    /// </summary>
    internal static readonly string[] EndpointVariables =
    {
        "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    };

    /// <summary>
    /// Where the calls go, for -Verbose: ", endpoint URL" for -EndpointUrl (or a piped object's), ", endpoint URL
    /// (from VARIABLE)" for each endpoint a variable names, or nothing for the region's AWS endpoints.
    /// </summary>
    public string EndpointDescription
    {
        get
        {
            if (EndpointUrl is not null) return ", endpoint " + EndpointUrl;
            var described = new List<string>();
            foreach (var service in new[] { ServiceDescription.Ec2, ServiceDescription.DirectConnect })
            {
                if (ConfiguredEndpoint(service) is not { } configured) continue;
                var text = ", endpoint " + configured.Url + " (from " + configured.Variable + ")";
                if (!described.Contains(text)) described.Add(text);
            }
            return string.Concat(described);
        }
    }

    /// <summary>
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt; (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_DIRECT_CONNECT), then
    /// AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, with the variable it came from. Read
    /// here, as the session's clients are built, rather than left to AWSSDK.Core: Core reads these variables once
    /// per process, so a value set or changed later in a PowerShell session would never be seen.
    /// </summary>
    private (string Url, string Variable)? ConfiguredEndpoint(ServiceDescription service)
    {
        if (_environment is null) return null;
        if (string.Equals(_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return null;
        var specific = "AWS_ENDPOINT_URL_" + service.ServiceId.ToUpperInvariant().Replace(' ', '_');
        foreach (var name in new[] { specific, "AWS_ENDPOINT_URL" })
        {
            var value = _environment(name);
            if (!string.IsNullOrWhiteSpace(value)) return (value!.Trim(), name);
        }
        return null;
    }
}
