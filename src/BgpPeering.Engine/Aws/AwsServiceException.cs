using System;

namespace BgpPeering.Engine.Aws
{
    /// <summary>
    /// The one exception the engine raises for an error AWS (or the emulator) answered with.
    /// BgpPeering.Engine.Errors.ErrorClassifier maps it to the module's error IDs and categories.
    /// </summary>
    public sealed class AwsServiceException : Exception
    {
        public AwsServiceException(string service, string action, string errorCode, string message, int statusCode, string? requestId, Exception? inner = null)
            : base(Compose(errorCode, message, requestId), inner)
        {
            Service = service;
            Action = action;
            ErrorCode = errorCode;
            AwsMessage = message;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        /// <summary><c>EC2</c> or <c>Direct Connect</c>.</summary>
        public string Service { get; }

        /// <summary>The API action that failed, such as <c>CreateRouteServerPeer</c>.</summary>
        public string Action { get; }

        /// <summary>The AWS error code, verbatim: <c>UnauthorizedOperation</c>, <c>InvalidRouteServerPeerId.NotFound</c>…</summary>
        public string ErrorCode { get; }

        /// <summary>The message AWS sent, without our decoration.</summary>
        public string AwsMessage { get; }

        public int StatusCode { get; }

        public string? RequestId { get; }

        /// <summary>True for the DryRun answer that means "the request would have succeeded".</summary>
        public bool IsDryRunSuccess => ErrorCode == "DryRunOperation";

        public bool IsThrottling => AwsErrorCodes.IsThrottling(ErrorCode);

        /// <summary>What kind of failure AWS reported (<see cref="AwsErrorCodes.Kind(AwsServiceException)"/>).</summary>
        public AwsErrorKind Kind => AwsErrorCodes.Kind(this);

        private static string Compose(string code, string message, string? requestId)
        {
            var text = string.IsNullOrEmpty(message) ? code : code + ": " + message;
            return string.IsNullOrEmpty(requestId) ? text : text + " (request ID " + requestId + ")";
        }
    }
}
