using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BgpPeering.Emulator.Api;

/// <summary>The address formats the services accept in their input.</summary>
internal static class AddressText
{
    /// <summary>Four decimal octets 0–255 without leading zeros (EC2's PeerAddress).</summary>
    public static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)) return false;
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
        }
        return IPAddress.TryParse(value, out _);
    }

    /// <summary>An IPv4 address as <see cref="IsIPv4"/> reads it, with a prefix length (Direct Connect's addresses, such as <c>169.254.255.1/30</c>).</summary>
    public static bool IsIPv4Cidr(string text) =>
        IPNetwork.TryParse(text, out _) && text.Contains('/') && IPAddress.TryParse(text[..text.IndexOf('/')], out var ip)
        && ip.AddressFamily == AddressFamily.InterNetwork && IsIPv4(text[..text.IndexOf('/')]);
}
