using System.Text;

namespace BgpPeering.Emulator.State;

/// <summary>
/// Realistic IDs: EC2 IDs are a prefix and 17 lowercase hex digits (<c>rsp-0123456789abcdef0</c>), Direct Connect IDs
/// a prefix and 8 lowercase letters and digits (<c>dxpeer-fgq9j6xo</c>). Thread-safe; seedable for repeatable runs.
/// </summary>
internal sealed class IdGenerator
{
    private const string Hex = "0123456789abcdef";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string UpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string KeyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    private const string SecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private readonly Random _random;

    public IdGenerator(int? seed) => _random = seed is int s ? new Random(s) : new Random();

    /// <summary><c>prefix-0</c> and 16 hex digits: 17 in all, as EC2's long IDs.</summary>
    public string Ec2(string prefix) => prefix + "-0" + Take(Hex, 16);

    /// <summary><c>prefix-f</c> and 7 letters or digits, as Direct Connect's IDs.</summary>
    public string Dx(string prefix) => prefix + "-f" + Take(LowerAlnum, 7);

    /// <summary>A BGP MD5 key in the style AWS generates: <c>0x</c> and 22 characters.</summary>
    public string AuthKey() => "0x" + Take(KeyChars, 22);

    /// <summary>An STS temporary access key ID: <c>ASIA</c> and 16 characters.</summary>
    public string TemporaryAccessKeyId() => "ASIA" + Take(UpperAlnum, 16);

    public string Secret() => Take(SecretChars, 40);

    public string SessionToken() => "IQoJb3JpZ2luX2VjE" + Take(SecretChars, 300);

    public string RoleId() => "AROA" + Take(UpperAlnum, 17);

    /// <summary>A version-4 UUID in lower case, as the failover test IDs in the project's wire fixtures.</summary>
    public string Uuid()
    {
        var bytes = new byte[16];
        lock (_random) _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return hex[..8] + "-" + hex[8..12] + "-" + hex[12..16] + "-" + hex[16..20] + "-" + hex[20..];
    }

    private string Take(string alphabet, int count)
    {
        var sb = new StringBuilder(count);
        lock (_random)
        {
            for (var i = 0; i < count; i++) sb.Append(alphabet[_random.Next(alphabet.Length)]);
        }
        return sb.ToString();
    }
}
