using System;
using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace BgpPeering.Engine.Aws;

/// <summary>
/// The <see cref="ClientConfig"/> for our hand-built clients. Retry mode is forced to Standard: Adaptive mode
/// in AWSSDK.Core 4.0.102.x gets stuck after the first throttle.
/// </summary>
internal sealed class ServiceClientConfig : ClientConfig
{
    private static readonly ServiceEndpointProvider Provider = new();

    public ServiceClientConfig(ServiceDescription service, TimeProvider? time = null)
        : base(new DefaultConfigurationProvider(DefaultConfigurations()))
    {
        Service = service;
        ServiceId = service.ServiceId;
        AuthenticationServiceName = service.SigningName;
        EndpointProvider = Provider;
        RetryMode = RequestRetryMode.Standard;
        // Core's bucket is shared per service URL for the whole process and refills only on success; this
        // client's own refilling budget replaces it (EngineRetryPolicy).
        ThrottleRetries = false;
        Budget = new RetryBudget(time);
        // Each attempt of these small calls (one page, one create) is bounded well below the SDK's 100 s, so a
        // stalled endpoint costs a Get cmdlet about a minute and a half (3 attempts), not five minutes.
        Timeout = DefaultRequestTimeout;
    }

    /// <summary>How long one attempt of one request may take before it fails as RequestTimedOut (retried as a read).</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    public ServiceDescription Service { get; }

    /// <summary>This client's retry budget (see <see cref="RetryBudget"/>).</summary>
    public RetryBudget Budget { get; }

    /// <summary>The retry policy of the client built on this config (set when its pipeline is built).</summary>
    internal EngineRetryPolicy? RetryPolicy { get; set; }

    public override string RegionEndpointServiceName => Service.EndpointPrefix;

    public override string ServiceVersion => Service.ApiVersion;

    public override string UserAgent => "BgpPeering/" + EngineInfo.Version;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        Provider.ResolveEndpoint(ServiceEndpointParameters.From(this));

    private static IEnumerable<IDefaultConfiguration> DefaultConfigurations()
    {
        // One entry per mode, as the generated clients have; every one uses Standard retries.
        foreach (var mode in new[]
        {
            DefaultConfigurationMode.Standard, DefaultConfigurationMode.InRegion, DefaultConfigurationMode.CrossRegion,
            DefaultConfigurationMode.Mobile, DefaultConfigurationMode.Auto,
        })
        {
            yield return new DefaultConfiguration
            {
                Name = mode,
                RetryMode = RequestRetryMode.Standard,
                S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
                ConnectTimeout = TimeSpan.FromMilliseconds(mode == DefaultConfigurationMode.Mobile ? 30000 : 3100),
                TlsNegotiationTimeout = TimeSpan.FromMilliseconds(mode == DefaultConfigurationMode.Mobile ? 30000 : 3100),
            };
        }
    }
}
