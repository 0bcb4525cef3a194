
namespace BgpPeering.Emulator.Auth;

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

internal sealed record AuthResult(AuthOutcome Outcome, string Detail, Principal? Principal = null, string? Region = null, string? AccessKeyId = null);
