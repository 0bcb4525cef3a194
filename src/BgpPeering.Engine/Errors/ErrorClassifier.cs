using System;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Errors
{
    /// <summary>
    /// The one classifier of engine failures. The AWS codes' meanings are in <see cref="AwsErrorCodes"/>; every
    /// failure, whatever threw it, becomes an <see cref="ItemError"/> here and nowhere else.
    /// </summary>
    public static class ErrorClassifier
    {
        /// <summary>
        /// The one classifier of engine failures (about_BgpPeering, "Errors"): AWS error codes, network failures,
        /// timeouts and local rules each map to the module's own stable ID and a category. No exception type is
        /// ever an ID.
        /// </summary>
        public static ItemError Classify(Exception exception, object? target)
        {
            if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
            if (exception is AwsServiceException aws)
            {
                return aws.Kind switch
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
            if (exception is CredentialResolutionException c)
                return new ItemError(c, c.ErrorId, c.Kind, target);
            if (exception is ValidationException v)
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
