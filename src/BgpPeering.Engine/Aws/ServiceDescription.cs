
namespace BgpPeering.Engine.Aws;

/// <summary>What tells one small service client from another: its names and API version.</summary>
internal sealed class ServiceDescription
{
    public ServiceDescription(string serviceId, string signingName, string endpointPrefix, string apiVersion)
    {
        ServiceId = serviceId;
        SigningName = signingName;
        EndpointPrefix = endpointPrefix;
        ApiVersion = apiVersion;
    }

    /// <summary>The SDK service ID, which also names the <c>AWS_ENDPOINT_URL_*</c> variable: "EC2", "Direct Connect".</summary>
    public string ServiceId { get; }

    /// <summary>The SigV4 signing name: "ec2", "directconnect".</summary>
    public string SigningName { get; }

    /// <summary>The first DNS label of the endpoint.</summary>
    public string EndpointPrefix { get; }

    public string ApiVersion { get; }

    public static readonly ServiceDescription Ec2 = new("EC2", "ec2", "ec2", "2016-11-15");
    public static readonly ServiceDescription DirectConnect = new("Direct Connect", "directconnect", "directconnect", "2012-10-25");
}
