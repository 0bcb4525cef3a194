namespace BgpPeering.Emulator.Auth;

/// <summary>How a request's signature check ended; each service answers each outcome with its own error code.</summary>
internal enum AuthOutcome
{
    Ok,
    Missing,
    Incomplete,
    UnknownKey,
    BadSignature,
    WrongService,
    Expired,
    TokenInvalid,
    TokenExpired,
}

/// <summary>What a signature check found: its outcome, a detail for the error message, and who signed in which region.</summary>
internal sealed record AuthResult(AuthOutcome Outcome, string Detail, Principal? Principal = null, string? Region = null, string? AccessKeyId = null);
