namespace BgpPeering.Engine.Session;

/// <summary>
/// What a cmdlet was told about where and as whom to call AWS: its common parameters, plus the
/// session variables AWS.Tools leaves behind. Plain values only, so the cmdlets need no AWSSDK reference.
/// </summary>
public sealed class ConnectionParameters
{
    public string? Region { get; set; }
    public string? ProfileName { get; set; }
    public string? ProfileLocation { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string? SessionToken { get; set; }
    public string? EndpointUrl { get; set; }

    /// <summary>The value of <c>$StoredAWSCredentials</c> (from <c>Set-AWSCredential</c>), unwrapped from any PSObject.</summary>
    public object? StoredCredentials { get; set; }

    /// <summary>The value of <c>$StoredAWSRegion</c> (from <c>Set-DefaultAWSRegion</c>), unwrapped from any PSObject.</summary>
    public object? StoredRegion { get; set; }
}
