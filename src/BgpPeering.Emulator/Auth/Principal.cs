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
