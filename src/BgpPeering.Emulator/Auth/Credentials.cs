using System.Collections.Concurrent;
using System.Text;
using BgpPeering.Emulator.Hosting;

namespace BgpPeering.Emulator.Auth;

/// <summary>Who made a request: a configured key, or temporary credentials from AssumeRole.</summary>
internal sealed class Principal
{
    private readonly Func<string> _arn;

    public Principal(string accessKeyId, string arn, string userId, ISet<string> deniedActions)
        : this(accessKeyId, () => arn, userId, deniedActions)
    {
    }

    /// <param name="arn">Computed on each use: a user's ARN follows the account of the seed in force.</param>
    public Principal(string accessKeyId, Func<string> arn, string userId, ISet<string> deniedActions)
    {
        AccessKeyId = accessKeyId;
        _arn = arn;
        UserId = userId;
        DeniedActions = deniedActions;
    }

    public string AccessKeyId { get; }

    public string Arn => _arn();

    public string UserId { get; }

    public ISet<string> DeniedActions { get; }

    /// <summary>True when <paramref name="action"/> of <paramref name="signingName"/> (ec2, directconnect, sts) is denied.</summary>
    public bool IsDenied(string signingName, string action) =>
        DeniedActions.Contains(action) || DeniedActions.Contains(signingName + ":" + action) || DeniedActions.Contains(signingName + ":*") || DeniedActions.Contains("*");
}

/// <summary>Temporary credentials issued by AssumeRole. The secret and token are never logged.</summary>
internal sealed record TemporarySession(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration, Principal Principal, string RoleArn, string AssumedRoleId);

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

/// <summary>The keys the emulator accepts and the temporary credentials it has issued.</summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, (EmulatorKey Key, Principal Principal)> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TemporarySession> _sessions = new(StringComparer.Ordinal);
    private readonly EmulatorOptions _options;

    public CredentialStore(EmulatorOptions options, Func<string> accountId)
    {
        _options = options;
        foreach (var key in options.EffectiveKeys())
        {
            var userName = key.UserName;
            var principal = new Principal(key.AccessKeyId, () => "arn:aws:iam::" + accountId() + ":user/" + userName,
                "AIDA" + Convert.ToHexString(Encoding.UTF8.GetBytes(key.AccessKeyId)).PadRight(17, '0')[..17], key.DeniedActions);
            _keys.Add(key.AccessKeyId, (key, principal));
        }
    }

    public int SessionCount => _sessions.Count;

    public void Add(TemporarySession session) => _sessions[session.AccessKeyId] = session;

    public void ClearSessions() => _sessions.Clear();

    /// <summary>Checks the request's SigV4 signature against the key it names.</summary>
    public AuthResult Verify(HttpRequest request, ReadOnlySpan<byte> body, string expectedService, DateTimeOffset simulatedNow)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return new AuthResult(AuthOutcome.Missing, "The request carries no Authorization header.");
        if (!SigV4.TryParse(header, out var auth, out var error)) return new AuthResult(AuthOutcome.Incomplete, error);
        var a = auth!;
        if (!a.SignedHeaders.Contains("host"))
            return new AuthResult(AuthOutcome.Incomplete, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", AccessKeyId: a.AccessKeyId);

        var amzDateText = request.Headers["X-Amz-Date"].ToString();
        if (!SigV4.TryParseAmzDate(amzDateText, out var signedAt))
            return new AuthResult(AuthOutcome.Incomplete, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", AccessKeyId: a.AccessKeyId);

        // Which secret, and for temporary keys whether the token is right and still valid.
        string secret;
        Principal principal;
        var token = request.Headers["X-Amz-Security-Token"].ToString();
        if (_keys.TryGetValue(a.AccessKeyId, out var key))
        {
            if (!string.IsNullOrEmpty(token)) return new AuthResult(AuthOutcome.TokenInvalid, "A session token was sent with a long-term key.", AccessKeyId: a.AccessKeyId);
            secret = key.Key.SecretAccessKey;
            principal = key.Principal;
        }
        else if (_sessions.TryGetValue(a.AccessKeyId, out var session))
        {
            if (!SigV4.SignaturesEqual(session.SessionToken, token)) return new AuthResult(AuthOutcome.TokenInvalid, "The session token is missing or wrong.", AccessKeyId: a.AccessKeyId);
            secret = session.SecretAccessKey;
            principal = session.Principal;
            if (simulatedNow >= session.Expiration) return new AuthResult(AuthOutcome.TokenExpired, "The temporary credentials expired at " + session.Expiration.ToString("u") + ".", principal, a.Region, a.AccessKeyId);
        }
        else
        {
            return new AuthResult(AuthOutcome.UnknownKey, "The access key ID is not known.", AccessKeyId: a.AccessKeyId);
        }

        if (!string.Equals(a.Service, expectedService, StringComparison.Ordinal))
            return new AuthResult(AuthOutcome.WrongService, "Credential should be scoped to correct service: '" + expectedService + "'. ", AccessKeyId: a.AccessKeyId);
        if (amzDateText[..8] != a.Date)
            return new AuthResult(AuthOutcome.BadSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + a.Date + "' != '" + amzDateText[..8] + "', from '" + amzDateText + "'.", AccessKeyId: a.AccessKeyId);

        var payloadHash = SigV4.HexSha256(body);
        var declared = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (!string.IsNullOrEmpty(declared) && declared != "UNSIGNED-PAYLOAD" && !string.Equals(declared, payloadHash, StringComparison.OrdinalIgnoreCase))
            return new AuthResult(AuthOutcome.BadSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.", AccessKeyId: a.AccessKeyId);
        var hashInRequest = string.IsNullOrEmpty(declared) ? payloadHash : declared;

        var canonical = SigV4.CanonicalRequest(request, a.SignedHeaders, hashInRequest);
        var expected = SigV4.Signature(secret, a, SigV4.StringToSign(amzDateText, a.Scope, canonical));
        if (!SigV4.SignaturesEqual(expected, a.Signature))
            return new AuthResult(AuthOutcome.BadSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", AccessKeyId: a.AccessKeyId);

        if (_options.MaxClockSkew is TimeSpan skew)
        {
            var wallNow = _options.SignatureClock.GetUtcNow();
            const string F = "yyyyMMdd'T'HHmmss'Z'";
            if (signedAt < wallNow - skew)
                return new AuthResult(AuthOutcome.Expired, "Signature expired: " + amzDateText + " is now earlier than " + (wallNow - skew).ToString(F) + " (" + wallNow.ToString(F) + " - " + skew.TotalMinutes + " min.)", AccessKeyId: a.AccessKeyId);
            if (signedAt > wallNow + skew)
                return new AuthResult(AuthOutcome.Expired, "Signature not yet current: " + amzDateText + " is still later than " + (wallNow + skew).ToString(F) + " (" + wallNow.ToString(F) + " + " + skew.TotalMinutes + " min.)", AccessKeyId: a.AccessKeyId);
        }
        return new AuthResult(AuthOutcome.Ok, string.Empty, principal, a.Region, a.AccessKeyId);
    }
}
