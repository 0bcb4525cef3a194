using System.Management.Automation;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Internal
{
    /// <summary>Engine error and progress types to their PowerShell records.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(ItemError error)
        {
            var record = new ErrorRecord(error.Exception, error.ErrorId, Category(error.Kind), error.Target);
            var message = error.Message ?? error.Exception.Message;
            if (error.Message is not null || Recommendation(error.Kind) is not null)
            {
                record.ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = Recommendation(error.Kind),
                };
            }
            return record;
        }

        public static ErrorCategory Category(ErrorKind kind) => kind switch
        {
            ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            ErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            ErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };

        private static string? Recommendation(ErrorKind kind) => kind switch
        {
            ErrorKind.PermissionDenied => "Grant the IAM action named in the message, or use -ProfileName with a role that has it.",
            ErrorKind.LimitsExceeded => "AWS throttled the calls after retries; slow down the loop or try again later.",
            ErrorKind.AuthenticationError => "Check the access key and secret key, or the profile named with -ProfileName.",
            ErrorKind.ConnectionError => "Check -EndpointUrl (or AWS_ENDPOINT_URL*), the network and any proxy; the other items are still tried.",
            ErrorKind.OperationTimeout => "The endpoint did not answer in time; try again, or check the network.",
            ErrorKind.ResourceUnavailable => "AWS had a service-side failure; try again later.",
            _ => null,
        };
    }

    internal static class ProgressRecords
    {
        public static ProgressRecord From(object payload)
        {
            var update = (ProgressUpdate)payload;
            return new ProgressRecord(update.ActivityId, update.Activity, update.Status)
            {
                PercentComplete = update.PercentComplete,
                SecondsRemaining = update.SecondsRemaining,
                RecordType = update.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
        }
    }
}
