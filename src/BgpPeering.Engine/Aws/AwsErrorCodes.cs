using System;
using System.Text.RegularExpressions;

namespace BgpPeering.Engine.Aws
{
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

    /// <summary>The AWS error codes (and Direct Connect's messages) that say what kind of failure a call met.</summary>
    public static class AwsErrorCodes
    {
        private static readonly Regex DxNotFoundMessage = new(
            "(does not exist|doesn't exist|do not exist|not found|could not be found|no such|unknown (virtual interface|bgp peer|connection))",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static bool IsThrottling(string code) =>
            code is "RequestLimitExceeded" or "Throttling" or "ThrottlingException" or "TooManyRequestsException"
                or "RequestThrottled" or "RequestThrottledException" or "LimitExceededException";

        /// <summary>
        /// What <paramref name="ex"/> reports: its code, and for Direct Connect, which reports a missing resource as
        /// a <c>DirectConnectClientException</c>, its message.
        /// </summary>
        public static AwsErrorKind Kind(AwsServiceException ex)
        {
            if (ex is null) throw new ArgumentNullException(nameof(ex));
            var kind = Kind(ex.ErrorCode);
            return kind != AwsErrorKind.NotFound && ex.ErrorCode == "DirectConnectClientException" && DxNotFoundMessage.IsMatch(ex.AwsMessage)
                ? AwsErrorKind.NotFound
                : kind;
        }

        /// <summary>What an AWS error code means, from the code alone.</summary>
        public static AwsErrorKind Kind(string code)
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
