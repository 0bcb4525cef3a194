using System.Globalization;
using System.Text.RegularExpressions;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// STS on the query protocol (<c>Version=2011-06-15</c>, signing name <c>sts</c>): AssumeRole, whose temporary
/// credentials the emulator then accepts for EC2 and Direct Connect (session token checked, expiry on the emulator's
/// clock), and GetCallerIdentity, one handler each. Answers are written by <see cref="StsXml"/>. Temporary
/// credentials inherit the denied actions of the key that assumed the role.
/// </summary>
internal sealed partial class StsApi : ApiService<QueryParameters>
{
    public const string Version = "2011-06-15";

    public const string AssumeRole = "AssumeRole";
    public const string GetCallerIdentity = "GetCallerIdentity";

    private const string Namespace = StsXml.Namespace;

    private readonly EmulatorState _state;
    private readonly CredentialStore _credentials;
    private readonly IdGenerator _ids;

    public StsApi(EmulatorState state, CredentialStore credentials, IdGenerator ids)
    {
        _state = state;
        _credentials = credentials;
        _ids = ids;
        Register(AssumeRole, DoAssumeRole);
        Register(GetCallerIdentity, DoGetCallerIdentity);
    }

    public override string Name => "STS";

    public override string SigningName => "sts";

    public override ApiProtocol Protocol => ApiProtocol.Query;

    protected override QueryParameters ReadInput(ApiRequest request) => request.Query!;

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/([\w+=,.@/-]*/)?([\w+=,.@-]{1,64})\z")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}\z")]
    private static partial Regex SessionNamePattern();

    private ApiResponse DoAssumeRole(QueryParameters p, ApiRequest call)
    {
        var principal = call.Principal;
        var roleArn = p.Get("RoleArn");
        var sessionName = p.Get("RoleSessionName");
        var errors = new List<string>();
        if (roleArn is null) errors.Add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        if (sessionName is null) errors.Add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        else if (!SessionNamePattern().IsMatch(sessionName))
            errors.Add("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*");
        var duration = 3600;
        if (p.Get("DurationSeconds") is string d && (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200))
            errors.Add("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        if (errors.Count > 0)
            throw new ServiceException("ValidationError", errors.Count + " validation error" + (errors.Count > 1 ? "s" : string.Empty) + " detected: " + string.Join("; ", errors), 400);
        var match = RoleArnPattern().Match(roleArn!);
        if (!match.Success) throw new ServiceException("ValidationError", roleArn + " is invalid", 400);
        if (principal.IsDenied("sts", AssumeRole))
            throw new ServiceException("AccessDenied", "User: " + principal.Arn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, 403);

        var roleName = match.Groups[2].Value;
        var roleId = _ids.RoleId();
        var assumedArn = "arn:aws:sts::" + _state.AccountId + ":assumed-role/" + roleName + "/" + sessionName;
        var expiration = _state.Time.GetUtcNow().AddSeconds(duration);
        var accessKeyId = _ids.TemporaryAccessKeyId();
        var assumedRoleId = roleId + ":" + sessionName;
        var session = new TemporarySession(accessKeyId, _ids.Secret(), _ids.SessionToken(), expiration,
            new Principal(accessKeyId, assumedArn, assumedRoleId, principal.DeniedActions), roleArn!, assumedRoleId);
        _credentials.Add(session);

        return StsXml.Write("AssumeRoleResponse", "AssumeRoleResult", call.RequestId, w =>
        {
            w.WriteStartElement("AssumedRoleUser", Namespace);
            w.WriteElementString("AssumedRoleId", Namespace, session.AssumedRoleId);
            w.WriteElementString("Arn", Namespace, assumedArn);
            w.WriteEndElement();
            w.WriteStartElement("Credentials", Namespace);
            w.WriteElementString("AccessKeyId", Namespace, session.AccessKeyId);
            w.WriteElementString("SecretAccessKey", Namespace, session.SecretAccessKey);
            w.WriteElementString("SessionToken", Namespace, session.SessionToken);
            w.WriteElementString("Expiration", Namespace, expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndElement();
        });
    }

    private ApiResponse DoGetCallerIdentity(QueryParameters p, ApiRequest call) =>
        StsXml.Write("GetCallerIdentityResponse", "GetCallerIdentityResult", call.RequestId, w =>
        {
            w.WriteElementString("Arn", Namespace, call.Principal.Arn);
            w.WriteElementString("UserId", Namespace, call.Principal.UserId);
            w.WriteElementString("Account", Namespace, _state.AccountId);
        });

    // ------------------------------------------------------------------ the protocol's own answers

    public override ServiceException UnknownAction(string action) =>
        new("InvalidAction", "Could not find operation " + action + " for version " + Version, 400);

    public override ServiceException Unauthenticated(AuthResult result) => result.Outcome switch
    {
        AuthOutcome.Missing => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        AuthOutcome.Incomplete => new("IncompleteSignature", result.Detail, 400),
        AuthOutcome.UnknownKey or AuthOutcome.TokenInvalid => new("InvalidClientTokenId", InvalidToken, 403),
        AuthOutcome.TokenExpired => new("ExpiredToken", ExpiredToken, 403),
        _ => new("SignatureDoesNotMatch", result.Detail, 403),
    };

    public override ServiceException Throttling() => new("Throttling", "Rate exceeded", 400);

    public override ServiceException InternalError() => new("InternalFailure", "An internal error has occurred", 500);

    public override ApiResponse Error(string code, string message, int status, string requestId) => StsXml.Error(code, message, status, requestId);
}
