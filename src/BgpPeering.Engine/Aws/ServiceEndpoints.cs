using System;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace BgpPeering.Engine.Aws;

/// <summary>The inputs of endpoint resolution, in the property bag the SDK compares between attempts.</summary>
internal sealed class ServiceEndpointParameters : EndpointParameters
{
    public string? Prefix { get => (string?)this["Prefix"]; set => this["Prefix"] = value; }
    public string? Region { get => (string?)this["Region"]; set => this["Region"] = value; }
    public bool UseFips { get => (bool?)this["UseFIPS"] ?? false; set => this["UseFIPS"] = value; }
    public bool UseDualStack { get => (bool?)this["UseDualStack"] ?? false; set => this["UseDualStack"] = value; }
    public string? Endpoint { get => (string?)this["Endpoint"]; set => this["Endpoint"] = value; }

    public static ServiceEndpointParameters From(ServiceClientConfig config) => new()
    {
        Prefix = config.Service.EndpointPrefix,
        Region = config.RegionEndpoint?.SystemName ?? config.AuthenticationRegion,
        UseFips = config.UseFIPSEndpoint,
        UseDualStack = config.UseDualstackEndpoint,
        Endpoint = config.ServiceURL,
    };
}

/// <summary>
/// Resolves <c>https://{prefix}[-fips].{region}.{dnsSuffix}</c> through the SDK's partition data (so China and
/// GovCloud get their own suffixes), the dual-stack suffix when asked, or the explicit service URL.
/// </summary>
internal sealed class ServiceEndpointProvider : IEndpointProvider
{
    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        var p = parameters as ServiceEndpointParameters ?? throw new ArgumentException("Unexpected endpoint parameters.", nameof(parameters));
        if (!string.IsNullOrEmpty(p.Endpoint)) return new Endpoint(p.Endpoint);
        if (string.IsNullOrEmpty(p.Region))
            throw new AmazonClientException("No region was resolved for the " + p.Prefix + " endpoint.");
        var partition = Fn.Partition(p.Region!);
        var suffix = p.UseDualStack ? (partition?.dualStackDnsSuffix ?? "api.aws") : (partition?.dnsSuffix ?? "amazonaws.com");
        if (p.UseFips && partition is { supportsFIPS: false })
            throw new AmazonClientException("FIPS endpoints are not supported in region " + p.Region + ".");
        var host = p.Prefix + (p.UseFips ? "-fips" : string.Empty) + "." + p.Region + "." + suffix;
        return new Endpoint("https://" + host);
    }
}

/// <summary>Puts our endpoint into the request, in place of the SDK's generated resolver.</summary>
internal sealed class ServiceEndpointResolver : BaseEndpointResolver
{
    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext) =>
        ServiceEndpointParameters.From((ServiceClientConfig)requestContext.ClientConfig);
}

/// <summary>Chooses SigV4 for every operation. Without an auth handler every call fails before it is sent.</summary>
internal sealed class SigV4AuthResolver : BaseAuthResolverHandler
{
    protected override System.Collections.Generic.List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
        new(AuthSchemeOption.DEFAULT_SIGV4);
}
