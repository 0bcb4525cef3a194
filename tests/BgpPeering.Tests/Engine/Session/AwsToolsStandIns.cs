using Amazon.Runtime;

namespace BgpPeering.Tests.Engine.Session.AwsTools;

/// <summary>Shaped like AWS.Tools' CredentialsSource enum.</summary>
public enum CredentialsSource
{
    Strings, Profile, CredentialsObject, Session, Environment, Container, InstanceProfile, Unknown,
}

/// <summary>
/// A stand-in for AWS.Tools' Amazon.PowerShell.Common.AWSPSCredentials, the object Set-AWSCredential puts in
/// $StoredAWSCredentials: a public class whose useful properties are internal (so only reflection reaches them from
/// another assembly), and whose ToString() is the name, else the inner credentials' ToString().
/// </summary>
public class AWSPSCredentials
{
    internal AWSPSCredentials(AWSCredentials? credentials, string? name, CredentialsSource source)
    {
        Credentials = credentials;
        Name = name;
        Source = source;
    }

    private AWSPSCredentials()
    {
    }

    internal AWSCredentials? Credentials { get; private set; }

    internal string? Name { get; private set; }

    internal CredentialsSource Source { get; private set; }

    public override string ToString()
    {
        if (!string.IsNullOrEmpty(Name)) return Name;
        return Credentials != null ? Credentials.ToString()! : base.ToString()!;
    }
}

/// <summary>
/// What AWS.Tools' credentials look like when AWS.Tools loaded another AWSSDK.Core than ours: not our AWSCredentials
/// type, but with the same public GetCredentials() whose result has AccessKey, SecretKey and Token.
/// </summary>
public sealed class ForeignCredentials
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string? _token;

    public ForeignCredentials(string accessKey, string secretKey, string? token)
    {
        _accessKey = accessKey;
        _secretKey = secretKey;
        _token = token;
    }

    public int Calls { get; private set; }

    public ForeignImmutableCredentials GetCredentials()
    {
        Calls++;
        return new ForeignImmutableCredentials(_accessKey, _secretKey, _token);
    }

    public override string ToString() => "Amazon.Runtime.BasicAWSCredentials";
}

public sealed class ForeignImmutableCredentials
{
    public ForeignImmutableCredentials(string accessKey, string secretKey, string? token)
    {
        AccessKey = accessKey;
        SecretKey = secretKey;
        Token = token;
    }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string? Token { get; }
}

/// <summary>AWS.Tools' stored object when it carries foreign credentials.</summary>
public class AWSPSForeignCredentials
{
    internal AWSPSForeignCredentials(object credentials, string? name)
    {
        Credentials = credentials;
        Name = name;
    }

    internal object Credentials { get; private set; }

    internal string? Name { get; private set; }

    public override string ToString() => !string.IsNullOrEmpty(Name) ? Name : Credentials.ToString()!;
}

/// <summary>Shaped like AWS.Tools' AWSRegion: the region in a property, a display name from ToString().</summary>
public sealed class AWSRegion
{
    public AWSRegion(string region, string name)
    {
        Region = region;
        Name = name;
    }

    public string Region { get; }

    public string Name { get; }

    public override string ToString() => Name;
}
