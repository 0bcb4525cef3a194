namespace BgpPeering.Emulator.Hosting;

/// <summary>A key pair the emulator accepts, and the actions it is denied.</summary>
public sealed class EmulatorKey
{
    public EmulatorKey(string accessKeyId, string secretAccessKey, IEnumerable<string>? deniedActions = null, string? userName = null)
    {
        if (string.IsNullOrWhiteSpace(accessKeyId)) throw new ArgumentException("An access key ID is required.", nameof(accessKeyId));
        if (string.IsNullOrEmpty(secretAccessKey)) throw new ArgumentException("A secret access key is required.", nameof(secretAccessKey));
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        UserName = string.IsNullOrWhiteSpace(userName) ? "emulator-user" : userName;
        foreach (var action in deniedActions ?? Enumerable.Empty<string>()) DeniedActions.Add(action);
    }

    /// <summary>
    /// AWS's documented example key (<c>AKIDEXAMPLE</c>), optionally denied some actions. Adding any key to
    /// <see cref="EmulatorOptions.Keys"/> replaces the default, so add this one too to keep accepting it.
    /// </summary>
    public static EmulatorKey Example(params string[] deniedActions) =>
        new(EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey, deniedActions);

    public string AccessKeyId { get; }

    /// <summary>Never printed or logged.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The IAM user name shown in ARNs (<c>arn:aws:iam::123456789012:user/NAME</c>).</summary>
    public string UserName { get; }

    /// <summary>
    /// Actions this key may not call, such as <c>CreateRouteServerPeer</c>, <c>ec2:DeleteRouteServerPeer</c>,
    /// <c>directconnect:CreateBGPPeer</c>, <c>sts:AssumeRole</c>, or a service wildcard such as <c>ec2:*</c>.
    /// A bare name matches that action in any service.
    /// </summary>
    public ISet<string> DeniedActions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => AccessKeyId + " (" + UserName + ")";
}
