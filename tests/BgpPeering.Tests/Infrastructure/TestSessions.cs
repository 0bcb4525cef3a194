using Amazon.Runtime;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Session;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>Clients pointed at a loopback URL with AWS's documented example key pair.</summary>
public static class TestSessions
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    public static AwsSession Session(string endpointUrl, string accessKey = AccessKey, string secretKey = SecretKey, string region = Region, TimeProvider? time = null) =>
        new(new BasicAWSCredentials(accessKey, secretKey), region, endpointUrl, "test keys", "test region", time ?? TimeProvider.System);

    public static RouteServerClient RouteServer(string endpointUrl) => Session(endpointUrl).RouteServer;
}
