using System.Collections.Concurrent;
using System.Text;

namespace BgpPeering.Emulator.Auth;

/// <summary>The keys the emulator accepts and the temporary credentials it has issued.</summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, (string Secret, Principal Principal)> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TemporarySession> _sessions = new(StringComparer.Ordinal);
    private readonly Func<string> _accountId;
    private readonly TimeProvider _signatureClock;
    private readonly TimeSpan? _maxClockSkew;

    /// <param name="accountId">The account in force, read on each use: a user's ARN follows the seed.</param>
    /// <param name="signatureClock">The clock request dates are checked against (SDKs sign with the real time).</param>
    /// <param name="maxClockSkew">How far a signing time may be from <paramref name="signatureClock"/>; null for no check.</param>
    public CredentialStore(Func<string> accountId, TimeProvider signatureClock, TimeSpan? maxClockSkew)
    {
        _accountId = accountId;
        _signatureClock = signatureClock;
        _maxClockSkew = maxClockSkew;
    }

    /// <summary>
    /// Accepts a long-term key pair; its requests are made as the IAM user <paramref name="userName"/>. The key is
    /// denied what <paramref name="deniedActions"/> holds when a request arrives, so later changes to the set apply.
    /// </summary>
    public void AddKey(string accessKeyId, string secretAccessKey, string userName, ISet<string> deniedActions)
    {
        var principal = new Principal(accessKeyId, () => "arn:aws:iam::" + _accountId() + ":user/" + userName,
            "AIDA" + Convert.ToHexString(Encoding.UTF8.GetBytes(accessKeyId)).PadRight(17, '0')[..17], deniedActions);
        _keys.Add(accessKeyId, (secretAccessKey, principal));
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
            secret = key.Secret;
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

        if (_maxClockSkew is TimeSpan skew)
        {
            var wallNow = _signatureClock.GetUtcNow();
            const string F = "yyyyMMdd'T'HHmmss'Z'";
            if (signedAt < wallNow - skew)
                return new AuthResult(AuthOutcome.Expired, "Signature expired: " + amzDateText + " is now earlier than " + (wallNow - skew).ToString(F) + " (" + wallNow.ToString(F) + " - " + skew.TotalMinutes + " min.)", AccessKeyId: a.AccessKeyId);
            if (signedAt > wallNow + skew)
                return new AuthResult(AuthOutcome.Expired, "Signature not yet current: " + amzDateText + " is still later than " + (wallNow + skew).ToString(F) + " (" + wallNow.ToString(F) + " + " + skew.TotalMinutes + " min.)", AccessKeyId: a.AccessKeyId);
        }
        return new AuthResult(AuthOutcome.Ok, string.Empty, principal, a.Region, a.AccessKeyId);
    }
}
