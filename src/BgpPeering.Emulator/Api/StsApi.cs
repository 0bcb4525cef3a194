using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// STS on the query protocol (<c>Version=2011-06-15</c>, signing name <c>sts</c>): AssumeRole, whose temporary
/// credentials the emulator then accepts for EC2 and Direct Connect (session token checked, expiry on the emulator's
/// clock), and GetCallerIdentity. The XML shape is the one AWSSDK.SecurityToken's unmarshallers read:
/// <c>&lt;AssumeRoleResponse&gt;&lt;AssumeRoleResult&gt;&lt;Credentials&gt;…</c> and
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.
/// Temporary credentials inherit the denied actions of the key that assumed the role.
/// </summary>
internal sealed partial class StsApi
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    public const string Version = "2011-06-15";
    public const string ContentType = "text/xml";

    public const string AssumeRole = "AssumeRole";
    public const string GetCallerIdentity = "GetCallerIdentity";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };

    private readonly EmulatorState _state;
    private readonly CredentialStore _credentials;
    private readonly IdGenerator _ids;

    public StsApi(EmulatorState state, CredentialStore credentials, IdGenerator ids)
    {
        _state = state;
        _credentials = credentials;
        _ids = ids;
    }

    public static bool IsAction(string action) => action is AssumeRole or GetCallerIdentity;

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/([\w+=,.@/-]*/)?([\w+=,.@-]{1,64})\z")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}\z")]
    private static partial Regex SessionNamePattern();

    public ApiResponse Invoke(string action, QueryParameters p, Principal principal, string requestId) => action switch
    {
        AssumeRole => DoAssumeRole(p, principal, requestId),
        GetCallerIdentity => DoGetCallerIdentity(principal, requestId),
        _ => throw new ApiException("InvalidAction", "Could not find operation " + action + " for version " + Version, 400),
    };

    private ApiResponse DoAssumeRole(QueryParameters p, Principal principal, string requestId)
    {
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
            throw new ApiException("ValidationError", errors.Count + " validation error" + (errors.Count > 1 ? "s" : string.Empty) + " detected: " + string.Join("; ", errors), 400);
        var match = RoleArnPattern().Match(roleArn!);
        if (!match.Success) throw new ApiException("ValidationError", roleArn + " is invalid", 400);
        if (principal.IsDenied("sts", AssumeRole))
            throw new ApiException("AccessDenied", "User: " + principal.Arn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, 403);

        var roleName = match.Groups[2].Value;
        var roleId = _ids.RoleId();
        var assumedArn = "arn:aws:sts::" + _state.AccountId + ":assumed-role/" + roleName + "/" + sessionName;
        var expiration = _state.Time.GetUtcNow().AddSeconds(duration);
        var accessKeyId = _ids.TemporaryAccessKeyId();
        var assumedRoleId = roleId + ":" + sessionName;
        var session = new TemporarySession(accessKeyId, _ids.Secret(), _ids.SessionToken(), expiration,
            new Principal(accessKeyId, assumedArn, assumedRoleId, principal.DeniedActions), roleArn!, assumedRoleId);
        _credentials.Add(session);

        return Write("AssumeRoleResponse", "AssumeRoleResult", requestId, w =>
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

    private ApiResponse DoGetCallerIdentity(Principal principal, string requestId) =>
        Write("GetCallerIdentityResponse", "GetCallerIdentityResult", requestId, w =>
        {
            w.WriteElementString("Arn", Namespace, principal.Arn);
            w.WriteElementString("UserId", Namespace, principal.UserId);
            w.WriteElementString("Account", Namespace, _state.AccountId);
        });

    private static ApiResponse Write(string root, string result, string requestId, Action<XmlWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(root, Namespace);
            w.WriteStartElement(result, Namespace);
            body(w);
            w.WriteEndElement();
            w.WriteStartElement("ResponseMetadata", Namespace);
            w.WriteElementString("RequestId", Namespace, requestId);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(200, ContentType, ms.ToArray());
    }

    public static ApiResponse Error(string code, string message, int status, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("ErrorResponse", Namespace);
            w.WriteStartElement("Error", Namespace);
            w.WriteElementString("Type", Namespace, status >= 500 ? "Receiver" : "Sender");
            w.WriteElementString("Code", Namespace, code);
            w.WriteElementString("Message", Namespace, XmlText.Safe(message));
            w.WriteEndElement();
            w.WriteElementString("RequestId", Namespace, requestId);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(status, ContentType, ms.ToArray(), code);
    }
}
