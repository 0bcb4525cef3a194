using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BgpPeering.Engine.Aws.Ec2
{
    /// <summary>The EC2 query-protocol client on AWSSDK.Core: sends an action and returns the response root.</summary>
    internal sealed class Ec2Client : ServiceClientBase
    {
        // Read by the base constructor before this class's fields are set, so it must be static.
        private static readonly IServiceMetadata Metadata = new Ec2Metadata();

        public Ec2Client(AWSCredentials credentials, ServiceClientConfig config) : base(credentials, config)
        {
        }

        protected override IServiceMetadata ServiceMetadata => Metadata;

        public async Task<XElement> CallAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            var options = new InvokeOptions { RequestMarshaller = QueryMarshaller.Instance, ResponseUnmarshaller = XmlBodyUnmarshaller.Instance };
            var response = await SendAsync<XmlBodyResponse>(new QueryRequest(action, parameters), action, options, cancellationToken).ConfigureAwait(false);
            return response.Root;
        }

        private sealed class Ec2Metadata : IServiceMetadata
        {
            public string ServiceId => "EC2";

            public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
        }
    }
}
