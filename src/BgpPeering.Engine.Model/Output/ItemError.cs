using System;

namespace BgpPeering.Engine.Model.Output;

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
/// A failure the engine reports, with a stable PascalCase ID and a category; the cmdlet turns it into an ErrorRecord
/// whose target is the item that failed. Every one is made from an entry of the engine's error catalogue
/// (BgpPeering.Engine.Errors.ErrorCatalogue), most of them by its one classifier.
/// </summary>
public sealed class ItemError
{
    public ItemError(Exception exception, string errorId, ErrorKind kind, object? target, string? message, bool doomsTheCall)
    {
        Exception = exception;
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        Message = message;
        DoomsTheCall = doomsTheCall;
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
    public bool DoomsTheCall { get; }

    public Exception Exception { get; }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    public object? Target { get; }
}
