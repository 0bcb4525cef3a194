using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Errors;

/// <summary>What a failed attempt of a write says about the write.</summary>
public enum WriteFailure
{
    /// <summary>A refusal (4xx, bad input, permissions): the write did not happen, and sending again will not help.</summary>
    Refused,

    /// <summary>Certain to have failed before the write (throttling, connection refused): safe to send again.</summary>
    BeforeWrite,

    /// <summary>The request may have been applied (5xx, reset, timeout, an unreadable 200): read back first.</summary>
    Ambiguous,
}

/// <summary>
/// The one classifier of engine failures (about_BgpPeering, "Errors"). It says what a failure is for the user (an
/// entry of <see cref="ErrorCatalogue"/>: AWS's codes, whose meanings are in <see cref="AwsErrorCodes"/>, network
/// failures, timeouts and local rules), and what it means for the engine's own retries: whether a write may have
/// happened (<see cref="ClassifyWrite"/>, and <see cref="WriteError"/> for the row's error) and whether a read is worth trying again (<see cref="IsTransient"/>).
/// No exception type is ever an error ID.
/// </summary>
public static class ErrorClassifier
{
    /// <summary>The catalogue's error for <paramref name="exception"/>, about <paramref name="target"/>.</summary>
    public static ItemError Classify(Exception exception, object? target)
    {
        var (definition, cause, message) = Match(exception);
        return definition.For(cause, target, message);
    }

    /// <summary>
    /// The error for a row whose create or delete failed: classified as any failure, with the row's key in the
    /// message, and a warning when the write may have happened and could not be read back either.
    /// </summary>
    public static ItemError WriteError(string action, object target, Exception failure, bool ambiguous)
    {
        var (definition, cause, detail) = Match(failure);
        var message = action + " for " + target + " failed: " + (detail ?? cause.Message) +
            (ambiguous ? " The outcome is unknown: the request may have been applied, and reading it back failed too; check before trying again." : string.Empty);
        return definition.For(new MutationFailedException(message, action, target, failure), target, message);
    }

    /// <summary>The catalogue entry for a failure, the exception it is about, and a message that says more than the exception's own.</summary>
    private static (ErrorDefinition, Exception, string?) Match(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        if (exception is AwsServiceException aws)
        {
            return aws.Kind switch
            {
                AwsErrorKind.PermissionDenied => (ErrorCatalogue.PermissionDenied, aws, null),
                AwsErrorKind.NotFound => (ErrorCatalogue.ObjectNotFound, aws, null),
                AwsErrorKind.InvalidArgument => (ErrorCatalogue.InvalidArgument, aws, null),
                AwsErrorKind.Throttled => (ErrorCatalogue.Throttled, aws, null),
                AwsErrorKind.InvalidState => (ErrorCatalogue.IncorrectState, aws, null),
                AwsErrorKind.AuthenticationFailed => (ErrorCatalogue.AuthenticationFailed, aws, null),
                _ when aws.StatusCode >= 500 => (ErrorCatalogue.ServiceError, aws,
                    aws.Service + " " + aws.Action + " failed on the service side after retries (HTTP " + aws.StatusCode + "): " + aws.Message),
                _ => (ErrorCatalogue.AwsServiceError, aws, null),
            };
        }
        if (exception is CredentialResolutionException c) return (Credentials(c.Failure), c, null);
        if (exception is ValidationException v) return (ErrorCatalogue.InvalidArgument, v, null);
        if (Find<TimeoutException>(exception) is { } timeout)
            return (ErrorCatalogue.RequestTimedOut, exception, "The request timed out with no answer from the endpoint: " + timeout.Message);
        if (Find<HttpRequestException>(exception) is { } http)
            return (ErrorCatalogue.ConnectionFailed, exception, "Could not reach the endpoint: " + Innermost(http).Message);
        if (Find<SocketException>(exception) is { } socket)
            return (ErrorCatalogue.ConnectionFailed, exception, "Could not reach the endpoint: " + socket.Message);
        if (Find<IOException>(exception) is { } io)
            return (ErrorCatalogue.ConnectionFailed, exception, "The connection to the endpoint failed: " + io.Message);
        if (exception is OperationCanceledException)
            // Not the user's Ctrl+C (the cmdlet handles that before asking here): a timeout inside the SDK.
            return (ErrorCatalogue.RequestTimedOut, exception, "The request was cancelled before the endpoint answered (a timeout): " + exception.Message);
        if (exception is Amazon.Runtime.AmazonUnmarshallingException)
            return (ErrorCatalogue.UnreadableResponse, exception, "The endpoint's answer could not be read: " + exception.Message);
        if (exception is Amazon.Runtime.AmazonClientException) return (ErrorCatalogue.AwsClientError, exception, null);
        return (ErrorCatalogue.UnexpectedError, exception, null);
    }

    /// <summary>Whether a write whose attempt failed with <paramref name="ex"/> may have happened.</summary>
    public static WriteFailure ClassifyWrite(Exception ex)
    {
        switch (ex)
        {
            case AwsServiceException aws:
                if (aws.IsThrottling) return WriteFailure.BeforeWrite;
                if (aws.StatusCode >= 500 || aws.StatusCode is >= 200 and < 300) return WriteFailure.Ambiguous;
                return WriteFailure.Refused;
            case TimeoutException:
            case OperationCanceledException:
                return WriteFailure.Ambiguous;
        }
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain
                    or SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NoData or SocketError.AddressNotAvailable
                    ? WriteFailure.BeforeWrite
                    : WriteFailure.Ambiguous;
            }
        }
        return ex is HttpRequestException or IOException ? WriteFailure.Ambiguous : WriteFailure.Refused;
    }

    /// <summary>
    /// Whether a read that failed with <paramref name="ex"/> is worth asking again later (throttling, a service
    /// fault, the network, a timeout) rather than reported now. <paramref name="ct"/> is the caller's own token: a
    /// cancellation on it is the user's stop, not a timeout.
    /// </summary>
    public static bool IsTransient(Exception ex, CancellationToken ct) => ex switch
    {
        AwsServiceException aws => aws.IsThrottling || aws.StatusCode >= 500,
        HttpRequestException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        TimeoutException => !ct.IsCancellationRequested,
        SocketException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>The catalogue entry for a failure to resolve credentials or a region.</summary>
    public static ErrorDefinition Credentials(CredentialFailure failure) => failure switch
    {
        CredentialFailure.RegionNotFound => ErrorCatalogue.RegionNotResolved,
        CredentialFailure.ProfileNotFound => ErrorCatalogue.ProfileNotFound,
        CredentialFailure.ProfileInvalid => ErrorCatalogue.ProfileInvalid,
        CredentialFailure.InvalidParameter => ErrorCatalogue.InvalidConnectionParameter,
        _ => ErrorCatalogue.CredentialsNotResolved,
    };

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

/// <summary>A create or delete failed for one row; the message names the row's natural key, the inner exception is the cause.</summary>
public sealed class MutationFailedException : Exception
{
    public MutationFailedException(string message, string action, object target, Exception inner) : base(message, inner)
    {
        Action = action;
        Target = target;
    }

    /// <summary>The API action, such as <c>CreateRouteServerPeer</c>.</summary>
    public string Action { get; }

    /// <summary>The row's request.</summary>
    public object Target { get; }
}
