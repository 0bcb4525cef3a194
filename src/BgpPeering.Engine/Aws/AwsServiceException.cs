using System;

namespace BgpPeering.Engine.Aws
{
    /// <summary>
    /// The one exception the engine raises for an error AWS (or the emulator) answered with.
    /// The cmdlets map <see cref="ErrorCode"/> onto PowerShell error categories.
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

        public bool IsThrottling => ErrorClassifier.IsThrottling(ErrorCode);

        private static string Compose(string code, string message, string? requestId)
        {
            var text = string.IsNullOrEmpty(message) ? code : code + ": " + message;
            return string.IsNullOrEmpty(requestId) ? text : text + " (request ID " + requestId + ")";
        }
    }

    /// <summary>What kind of failure an AWS error code is, for the cmdlets' error categories.</summary>
    public enum AwsErrorKind
    {
        Other = 0,
        PermissionDenied,
        NotFound,
        InvalidArgument,
        Throttled,
        InvalidState,
        DryRunSucceeded,
        AuthenticationFailed,
    }

    public static class ErrorClassifier
    {
        public static bool IsThrottling(string code) =>
            code is "RequestLimitExceeded" or "Throttling" or "ThrottlingException" or "TooManyRequestsException"
                or "RequestThrottled" or "RequestThrottledException" or "LimitExceededException";

        public static AwsErrorKind Classify(string code)
        {
            if (code == "DryRunOperation") return AwsErrorKind.DryRunSucceeded;
            if (IsThrottling(code)) return AwsErrorKind.Throttled;
            if (code is "UnauthorizedOperation" or "AccessDenied" or "AccessDeniedException") return AwsErrorKind.PermissionDenied;
            if (code is "AuthFailure" or "InvalidSignatureException" or "UnrecognizedClientException" or "SignatureDoesNotMatch"
                or "InvalidClientTokenId" or "ExpiredToken" or "ExpiredTokenException" or "MissingAuthenticationToken")
                return AwsErrorKind.AuthenticationFailed;
            if (code.EndsWith(".NotFound", StringComparison.Ordinal) || code.EndsWith(".Malformed", StringComparison.Ordinal) && code.Contains("Id")
                || code is "NotFoundException" or "ResourceNotFoundException")
                return code.EndsWith(".Malformed", StringComparison.Ordinal) ? AwsErrorKind.InvalidArgument : AwsErrorKind.NotFound;
            if (code is "IncorrectState" or "InvalidState" or "IncorrectInstanceState") return AwsErrorKind.InvalidState;
            if (code.StartsWith("Invalid", StringComparison.Ordinal) || code is "MissingParameter" or "ValidationError"
                or "ValidationException" or "UnknownParameter" or "DirectConnectClientException")
                return AwsErrorKind.InvalidArgument;
            return AwsErrorKind.Other;
        }
    }
}
