using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>The EC2 query-protocol client on AWSSDK.Core: sends an action and returns the response root.</summary>
internal sealed class Ec2QueryClient : ServiceClientBase
{
    // Read by the base constructor before this class's fields are set, so it must be static.
    private static readonly IServiceMetadata Metadata = new Ec2Metadata();

    public Ec2QueryClient(AWSCredentials credentials, ServiceClientConfig config) : base(credentials, config)
    {
    }

    protected override IServiceMetadata ServiceMetadata => Metadata;

    /// <summary>Sends an action and reads the response with <paramref name="read"/>, straight from the HTTP stream.</summary>
    public async Task<T> CallAsync<T>(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, Func<Ec2XmlCursor, T> read, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions { RequestMarshaller = QueryMarshaller.Instance, ResponseUnmarshaller = new XmlBodyUnmarshaller<T>(read) };
        var response = await SendAsync<XmlBodyResponse<T>>(new QueryRequest(action, parameters), action, options, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Sends an action for its outcome alone: an error throws, and a success answer's body is not read.</summary>
    public Task SendAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        CallAsync(action, parameters, _ => true, cancellationToken);

    private sealed class Ec2Metadata : IServiceMetadata
    {
        public string ServiceId => "EC2";

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
    }
}
