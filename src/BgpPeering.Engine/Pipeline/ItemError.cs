using System;
using BgpPeering.Engine.Aws;

namespace BgpPeering.Engine.Pipeline
{
    /// <summary>The PowerShell error categories the engine uses, named as in <c>ErrorCategory</c>.</summary>
    public enum ErrorKind
    {
        NotSpecified = 0,
        PermissionDenied,
        ObjectNotFound,
        InvalidArgument,
        LimitsExceeded,
        OperationTimeout,
        InvalidResult,
        InvalidOperation,
        AuthenticationError,
        ConnectionError,
        ResourceUnavailable,
    }

    /// <summary>
    /// A per-item failure, with a stable PascalCase ID and a category; the cmdlet turns it into an ErrorRecord
    /// whose target is the item that failed.
    /// </summary>
    public sealed class ItemError
    {
        public ItemError(Exception exception, string errorId, ErrorKind kind, object? target, string? message = null)
        {
            Exception = exception;
            ErrorId = errorId;
            Kind = kind;
            Target = target;
            Message = message;
        }

        /// <summary>
        /// A message for the user that says more than the exception's own (which may be the SDK's), or null to show
        /// the exception's message.
        /// </summary>
        public string? Message { get; }

        /// <summary>
        /// True where the failure dooms the whole call, not just this item: credentials that AWS rejected, or that
        /// could not be resolved. The error model in about_BgpPeering says which failures these are.
        /// </summary>
        public bool DoomsTheCall => Kind == ErrorKind.AuthenticationError;

        public Exception Exception { get; }

        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        public object? Target { get; }

        /// <summary>
        /// The one classifier of engine failures (about_BgpPeering, "Errors"): AWS error codes, network failures,
        /// timeouts and local rules each map to the module's own stable ID and a category. No exception type is
        /// ever an ID.
        /// </summary>
        public static ItemError From(Exception exception, object? target)
        {
            if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
            if (exception is AwsServiceException aws)
            {
                return ErrorClassifier.Classify(aws.ErrorCode) switch
                {
                    AwsErrorKind.PermissionDenied => new ItemError(aws, "PermissionDenied", ErrorKind.PermissionDenied, target),
                    AwsErrorKind.NotFound => new ItemError(aws, "ObjectNotFound", ErrorKind.ObjectNotFound, target),
                    AwsErrorKind.InvalidArgument => new ItemError(aws, "InvalidArgument", ErrorKind.InvalidArgument, target),
                    AwsErrorKind.Throttled => new ItemError(aws, "Throttled", ErrorKind.LimitsExceeded, target),
                    AwsErrorKind.InvalidState => new ItemError(aws, "IncorrectState", ErrorKind.InvalidOperation, target),
                    AwsErrorKind.AuthenticationFailed => new ItemError(aws, "AuthenticationFailed", ErrorKind.AuthenticationError, target),
                    _ when aws.StatusCode >= 500 => new ItemError(aws, "ServiceError", ErrorKind.ResourceUnavailable, target,
                        aws.Service + " " + aws.Action + " failed on the service side after retries (HTTP " + aws.StatusCode + "): " + aws.Message),
                    _ => new ItemError(aws, "AwsServiceError", ErrorKind.InvalidOperation, target),
                };
            }
            if (exception is Session.CredentialResolutionException c)
                return new ItemError(c, c.ErrorId, c.Kind, target);
            if (exception is Validation.ValidationException v)
                return new ItemError(v, "InvalidArgument", ErrorKind.InvalidArgument, target);
            if (Find<TimeoutException>(exception) is { } timeout)
                return new ItemError(exception, "RequestTimedOut", ErrorKind.OperationTimeout, target,
                    "The request timed out with no answer from the endpoint: " + timeout.Message);
            if (Find<System.Net.Http.HttpRequestException>(exception) is { } http)
                return new ItemError(exception, "ConnectionFailed", ErrorKind.ConnectionError, target,
                    "Could not reach the endpoint: " + Innermost(http).Message);
            if (Find<System.Net.Sockets.SocketException>(exception) is { } socket)
                return new ItemError(exception, "ConnectionFailed", ErrorKind.ConnectionError, target,
                    "Could not reach the endpoint: " + socket.Message);
            if (Find<System.IO.IOException>(exception) is { } io)
                return new ItemError(exception, "ConnectionFailed", ErrorKind.ConnectionError, target,
                    "The connection to the endpoint failed: " + io.Message);
            if (exception is OperationCanceledException)
                // Not the user's Ctrl+C (the cmdlet handles that before asking here): a timeout inside the SDK.
                return new ItemError(exception, "RequestTimedOut", ErrorKind.OperationTimeout, target,
                    "The request was cancelled before the endpoint answered (a timeout): " + exception.Message);
            if (exception is Amazon.Runtime.AmazonUnmarshallingException)
                return new ItemError(exception, "UnreadableResponse", ErrorKind.InvalidResult, target,
                    "The endpoint's answer could not be read: " + exception.Message);
            if (exception is Amazon.Runtime.AmazonClientException)
                return new ItemError(exception, "AwsClientError", ErrorKind.InvalidOperation, target);
            return new ItemError(exception, "UnexpectedError", ErrorKind.NotSpecified, target);
        }

        private static T? Find<T>(Exception? exception) where T : Exception
        {
            for (var e = exception; e is not null; e = e.InnerException)
                if (e is T match) return match;
            return null;
        }

        private static Exception Innermost(Exception exception)
        {
            var e = exception;
            while (e.InnerException is not null) e = e.InnerException;
            return e;
        }
    }
}
