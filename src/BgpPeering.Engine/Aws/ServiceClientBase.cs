using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BgpPeering.Engine.Aws
{
    /// <summary>
    /// The common base of our two small clients: AWSSDK.Core's pipeline (credentials, SigV4, Standard retries,
    /// clock-skew correction) with our endpoint and auth handlers in place of the generated ones.
    /// </summary>
    internal abstract class ServiceClientBase : AmazonServiceClient
    {
        protected ServiceClientBase(AWSCredentials credentials, ServiceClientConfig config) : base(credentials, config)
        {
            ServiceConfig = config;
        }

        public ServiceClientConfig ServiceConfig { get; }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new ServiceEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthResolver());
            // Called from the base constructor: Config is set, ServiceConfig not yet.
            var config = (ServiceClientConfig)Config;
            config.RetryPolicy = new EngineRetryPolicy(config, config.Budget);
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(config.RetryPolicy));
        }

        /// <summary>Sends one request through the SDK pipeline; service errors become <see cref="AwsServiceException"/>.</summary>
        protected async Task<TResponse> SendAsync<TResponse>(
            AmazonWebServiceRequest request, string action, InvokeOptions options, CancellationToken cancellationToken)
            where TResponse : AmazonWebServiceResponse, new()
        {
            try
            {
                return await InvokeAsync<TResponse>(request, options, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex) when (!string.IsNullOrEmpty(ex.ErrorCode))
            {
                throw new AwsServiceException(ServiceConfig.Service.ServiceId, action, ex.ErrorCode, ex.Message,
                    (int)ex.StatusCode, ex.RequestId, ex);
            }
            catch (AmazonServiceException ex)
            {
                throw new AwsServiceException(ServiceConfig.Service.ServiceId, action, "HttpStatus" + (int)ex.StatusCode,
                    ex.Message, (int)ex.StatusCode, ex.RequestId, ex);
            }
        }
    }
}
