using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>The Direct Connect (awsJson1_1) client on AWSSDK.Core: sends an operation and returns the response object.</summary>
internal sealed class DxJsonClient : ServiceClientBase
{
    // Read by the base constructor before this class's fields are set, so it must be static.
    private static readonly IServiceMetadata Metadata = new DxMetadata();

    public DxJsonClient(AWSCredentials credentials, ServiceClientConfig config) : base(credentials, config)
    {
    }

    protected override IServiceMetadata ServiceMetadata => Metadata;

    public async Task<JsonElement> CallAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions { RequestMarshaller = JsonMarshaller.Instance, ResponseUnmarshaller = JsonBodyUnmarshaller.Instance };
        var response = await SendAsync<JsonBodyResponse>(new JsonRequest(operation, body), operation, options, cancellationToken).ConfigureAwait(false);
        return response.Root;
    }

    private sealed class DxMetadata : IServiceMetadata
    {
        public string ServiceId => ServiceDescription.DirectConnect.ServiceId;

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
    }
}
