using System;

namespace BgpPeering.Engine.Session;

/// <summary>Why a resolution failed.</summary>
public enum CredentialFailure
{
    /// <summary>No rung of the credential search had credentials (the message lists them all).</summary>
    CredentialsNotFound,

    /// <summary>No rung of the region search had a region (the message lists them all).</summary>
    RegionNotFound,

    /// <summary>A named profile (-ProfileName, AWS_PROFILE) does not exist; the search did not go on.</summary>
    ProfileNotFound,

    /// <summary>A profile exists but cannot give credentials (incomplete, a loop, needs MFA, a broken file).</summary>
    ProfileInvalid,

    /// <summary>A parameter or setting has a bad value (keys without their pair, a malformed region or URL).</summary>
    InvalidParameter,
}

/// <summary>
/// Credentials or region could not be resolved; the message says where the search looked and how to fix it. Its error ID
/// and category are the error catalogue's (ErrorClassifier.Credentials).
/// </summary>
public sealed class CredentialResolutionException : Exception
{
    public CredentialResolutionException(string message, CredentialFailure failure = CredentialFailure.CredentialsNotFound, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public CredentialFailure Failure { get; }
}
