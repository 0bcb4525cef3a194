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
    }

    /// <summary>
    /// A per-item failure, with a stable PascalCase ID and a category; the cmdlet turns it into an ErrorRecord
    /// whose target is the item that failed.
    /// </summary>
    public sealed class ItemError
    {
        public ItemError(Exception exception, string errorId, ErrorKind kind, object? target)
        {
            Exception = exception;
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public Exception Exception { get; }

        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        public object? Target { get; }

        /// <summary>Classifies an engine exception: AWS codes map to the categories in the design.</summary>
        public static ItemError From(Exception exception, object? target)
        {
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
                    _ => new ItemError(aws, "AwsServiceError", ErrorKind.NotSpecified, target),
                };
            }
            if (exception is Session.CredentialResolutionException c)
                return new ItemError(c, c.ErrorId, c.Kind, target);
            if (exception is Validation.ValidationException v)
                return new ItemError(v, "InvalidArgument", ErrorKind.InvalidArgument, target);
            if (exception is System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException)
                return new ItemError(exception, "ConnectionFailed", ErrorKind.ConnectionError, target);
            return new ItemError(exception, "UnexpectedError", ErrorKind.NotSpecified, target);
        }
    }

    /// <summary>One progress update for the whole operation, turned into a ProgressRecord by the cmdlet.</summary>
    public sealed class ProgressUpdate
    {
        public ProgressUpdate(int activityId, string activity, string status, int percentComplete, int secondsRemaining, bool completed)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            Completed = completed;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }
        /// <summary>0 to 100, or -1 when unknown.</summary>
        public int PercentComplete { get; }
        /// <summary>Seconds left, or -1 when unknown.</summary>
        public int SecondsRemaining { get; }
        public bool Completed { get; }
    }
}
