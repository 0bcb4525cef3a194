using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Errors;

/// <summary>What an error costs: only the item it is about, or the whole call.</summary>
public enum ErrorScope
{
    /// <summary>Non-terminating: the error is written and the cmdlet goes on with the next item.</summary>
    Item,

    /// <summary>Terminating: every other item would fail the same way (rejected or missing credentials).</summary>
    Call,
}

/// <summary>One entry of <see cref="ErrorCatalogue"/>: a stable ID, its category, and what it costs.</summary>
public sealed class ErrorDefinition
{
    internal ErrorDefinition(string id, ErrorKind kind, ErrorScope scope = ErrorScope.Item)
    {
        Id = id;
        Kind = kind;
        Scope = scope;
    }

    /// <summary>The PascalCase ID, the first part of the record's FullyQualifiedErrorId.</summary>
    public string Id { get; }

    /// <summary>The PowerShell error category.</summary>
    public ErrorKind Kind { get; }

    public ErrorScope Scope { get; }

    /// <summary>This error about <paramref name="target"/> (the failing item), with a message that says more than the exception's own.</summary>
    public ItemError For(Exception exception, object? target, string? message = null) =>
        new ItemError(exception, Id, Kind, target, message, Scope == ErrorScope.Call);

    /// <summary>This error about <paramref name="target"/>, with <paramref name="message"/> as its exception's message.</summary>
    public ItemError For(string message, object? target) => For(new InvalidOperationException(message), target);

    public override string ToString() => Id + " (" + Kind + ", " + Scope + ")";
}

/// <summary>
/// Every error the module writes, in one place: its stable ID, its category and whether it ends the call. Every
/// <see cref="ItemError"/> is made from one of these (by <see cref="ErrorClassifier"/> for failures of any kind, or
/// by the engine where it knows more, such as <see cref="LastBgpPeer"/>). about_BgpPeering's error table lists the
/// same entries, and a test keeps the two equal.
/// </summary>
public static class ErrorCatalogue
{
    // Bad input and the connection settings.
    public static readonly ErrorDefinition InvalidArgument = new("InvalidArgument", ErrorKind.InvalidArgument);
    public static readonly ErrorDefinition CredentialsNotResolved = new("CredentialsNotResolved", ErrorKind.AuthenticationError, ErrorScope.Call);
    public static readonly ErrorDefinition RegionNotResolved = new("RegionNotResolved", ErrorKind.InvalidArgument, ErrorScope.Call);
    public static readonly ErrorDefinition ProfileNotFound = new("ProfileNotFound", ErrorKind.ObjectNotFound, ErrorScope.Call);
    public static readonly ErrorDefinition ProfileInvalid = new("ProfileInvalid", ErrorKind.AuthenticationError, ErrorScope.Call);
    public static readonly ErrorDefinition InvalidConnectionParameter = new("InvalidConnectionParameter", ErrorKind.InvalidArgument, ErrorScope.Call);

    // What AWS answered.
    public static readonly ErrorDefinition AuthenticationFailed = new("AuthenticationFailed", ErrorKind.AuthenticationError, ErrorScope.Call);
    public static readonly ErrorDefinition PermissionDenied = new("PermissionDenied", ErrorKind.PermissionDenied);
    public static readonly ErrorDefinition ObjectNotFound = new("ObjectNotFound", ErrorKind.ObjectNotFound);
    public static readonly ErrorDefinition Throttled = new("Throttled", ErrorKind.LimitsExceeded);
    public static readonly ErrorDefinition IncorrectState = new("IncorrectState", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition ServiceError = new("ServiceError", ErrorKind.ResourceUnavailable);
    public static readonly ErrorDefinition AwsServiceError = new("AwsServiceError", ErrorKind.InvalidOperation);

    // The network and the client.
    public static readonly ErrorDefinition ConnectionFailed = new("ConnectionFailed", ErrorKind.ConnectionError);
    public static readonly ErrorDefinition RequestTimedOut = new("RequestTimedOut", ErrorKind.OperationTimeout);
    public static readonly ErrorDefinition UnreadableResponse = new("UnreadableResponse", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition AwsClientError = new("AwsClientError", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition UnexpectedError = new("UnexpectedError", ErrorKind.NotSpecified);

    // Peers: what the module checks or finds itself.
    public static readonly ErrorDefinition PeerAlreadyDeleting = new("PeerAlreadyDeleting", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition LastBgpPeer = new("LastBgpPeer", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition DuplicatePeer = new("DuplicatePeer", ErrorKind.InvalidArgument);
    public static readonly ErrorDefinition DuplicateAddress = new("DuplicateAddress", ErrorKind.InvalidArgument);
    public static readonly ErrorDefinition PeerFamilyFull = new("PeerFamilyFull", ErrorKind.LimitsExceeded);
    public static readonly ErrorDefinition CreatedPeerNotIdentified = new("CreatedPeerNotIdentified", ErrorKind.InvalidResult);

    // Failover tests: what the module finds on the interface before it starts or stops one.
    public static readonly ErrorDefinition FailoverTestInProgress = new("FailoverTestInProgress", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition NoFailoverTestRunning = new("NoFailoverTestRunning", ErrorKind.InvalidOperation);

    // Waiting.
    public static readonly ErrorDefinition PeerFailed = new("PeerFailed", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition PeerDeleted = new("PeerDeleted", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition PeerDisappeared = new("PeerDisappeared", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition VirtualInterfaceGone = new("VirtualInterfaceGone", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition VirtualInterfaceUnavailable = new("VirtualInterfaceUnavailable", ErrorKind.InvalidResult);
    public static readonly ErrorDefinition WaitTimedOut = new("WaitTimedOut", ErrorKind.OperationTimeout);

    // Sync-RouteServerPeer and Sync-DxBgpPeer: rows and plans.
    public static readonly ErrorDefinition DuplicateRow = new("DuplicateRow", ErrorKind.InvalidArgument);
    public static readonly ErrorDefinition RemovalsWithheld = new("RemovalsWithheld", ErrorKind.InvalidOperation);
    public static readonly ErrorDefinition ReplaceIncomplete = new("ReplaceIncomplete", ErrorKind.InvalidOperation);

    /// <summary>Every entry, in the order declared.</summary>
    public static IReadOnlyList<ErrorDefinition> All { get; } = typeof(ErrorCatalogue)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ErrorDefinition))
        .OrderBy(f => f.MetadataToken)
        .Select(f => (ErrorDefinition)f.GetValue(null)!)
        .ToList();
}
