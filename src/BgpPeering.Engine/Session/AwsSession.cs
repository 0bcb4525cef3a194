using System;
using Amazon.Runtime;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;

namespace BgpPeering.Engine.Session
{
    /// <summary>
    /// A resolved identity, region and endpoint, with the service clients for them. Sessions are cached by
    /// <see cref="SessionFactory"/>, so a loop of calls builds its clients once.
    /// </summary>
    public sealed class AwsSession
    {
        private readonly Lazy<RouteServerClient> _routeServer;
        private readonly Lazy<DirectConnectClient> _directConnect;

        internal AwsSession(AWSCredentials credentials, string region, string? endpointUrl, string credentialSource, string regionSource, TimeProvider time)
        {
            Credentials = credentials;
            Region = region;
            EndpointUrl = string.IsNullOrEmpty(endpointUrl) ? null : endpointUrl;
            CredentialSource = credentialSource;
            RegionSource = regionSource;
            Time = time;
            _routeServer = new Lazy<RouteServerClient>(() =>
                new RouteServerClient(new Ec2Client(Credentials, CreateConfig(ServiceDescription.Ec2)), Region, EndpointUrl, Time));
            _directConnect = new Lazy<DirectConnectClient>(() =>
                new DirectConnectClient(new DxServiceClient(Credentials, CreateConfig(ServiceDescription.DirectConnect)), Region, EndpointUrl, Time));
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
            if (EndpointUrl is null)
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
            }
            else
            {
                config.ServiceURL = EndpointUrl;
                config.AuthenticationRegion = Region;
            }
            return config;
        }
    }
}
