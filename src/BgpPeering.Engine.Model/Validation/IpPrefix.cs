using System;
using System.Globalization;
using System.Net;

namespace BgpPeering.Engine.Model.Validation;

/// <summary>
/// An IPv4 or IPv6 network in CIDR form (<c>10.60.0.0/16</c>, <c>2001:db8::/32</c>), with the containment tests
/// route matching needs. Parsing is strict: a prefix length is required, and an address with host bits set
/// (<c>10.60.1.5/16</c>) is refused rather than silently widened.
/// </summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>
{
    private readonly byte[] _bytes;

    private IpPrefix(byte[] bytes, int length)
    {
        _bytes = bytes;
        Length = length;
    }

    /// <summary>The prefix length in bits.</summary>
    public int Length { get; }

    public bool IsIPv6 => _bytes.Length == 16;

    public Model.AddressFamily Family => IsIPv6 ? Model.AddressFamily.IPv6 : Model.AddressFamily.IPv4;

    /// <summary>Parses a CIDR; false for anything else, with the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out IpPrefix prefix, out string error)
    {
        prefix = default;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty";
            return false;
        }
        var slash = text!.IndexOf('/');
        if (slash < 0)
        {
            error = "it has no prefix length";
            return false;
        }
        var address = text.Substring(0, slash);
        var lengthText = text.Substring(slash + 1);
        if (!IPAddress.TryParse(address, out var ip) || address.IndexOf('%') >= 0 ||
            ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !RouteServerRules.IsIPv4(address))
        {
            error = "'" + address + "' is not an IPv4 or IPv6 address";
            return false;
        }
        var bytes = ip.GetAddressBytes();
        var max = bytes.Length * 8;
        if (lengthText.Length is 0 or > 3 || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
        {
            error = "the prefix length '" + lengthText + "' is not 0 to " + max;
            return false;
        }
        var candidate = new IpPrefix(bytes, length);
        if (!candidate.HostBitsClear())
        {
            error = "it has host bits set; the network is " + candidate.Network();
            return false;
        }
        prefix = candidate;
        return true;
    }

    /// <summary>Parses a CIDR or throws a <see cref="ValidationException"/> naming <paramref name="parameterName"/>.</summary>
    public static IpPrefix Check(string? text, string parameterName)
    {
        if (TryParse(text, out var prefix, out var error)) return prefix;
        throw new ValidationException(parameterName,
            "'" + text + "' is not a valid CIDR for -" + parameterName + ": " + error + ". Expected a network address and a prefix length, such as 10.60.0.0/16 or 2001:db8::/32.");
    }

    /// <summary>True when <paramref name="other"/> lies within this prefix (itself included).</summary>
    public bool Contains(IpPrefix other)
    {
        if (_bytes is null || other._bytes is null || _bytes.Length != other._bytes.Length || other.Length < Length) return false;
        return SameLeadingBits(_bytes, other._bytes, Length);
    }

    public bool Equals(IpPrefix other) =>
        Length == other.Length && _bytes is not null && other._bytes is not null && _bytes.Length == other._bytes.Length && SameLeadingBits(_bytes, other._bytes, _bytes.Length * 8);

    public override bool Equals(object? obj) => obj is IpPrefix p && Equals(p);

    public override int GetHashCode()
    {
        var hash = Length;
        if (_bytes is not null) foreach (var b in _bytes) hash = hash * 31 + b;
        return hash;
    }

    /// <summary>The canonical text: the address as .NET writes it and the length.</summary>
    public override string ToString() => _bytes is null ? string.Empty : new IPAddress(_bytes) + "/" + Length.ToString(CultureInfo.InvariantCulture);

    private bool HostBitsClear()
    {
        for (var bit = Length; bit < _bytes.Length * 8; bit++)
            if ((_bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) return false;
        return true;
    }

    private string Network()
    {
        var copy = (byte[])_bytes.Clone();
        for (var bit = Length; bit < copy.Length * 8; bit++) copy[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IpPrefix(copy, Length).ToString();
    }

    private static bool SameLeadingBits(byte[] a, byte[] b, int bits)
    {
        var whole = bits / 8;
        for (var i = 0; i < whole; i++) if (a[i] != b[i]) return false;
        var rest = bits % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (b[whole] & mask);
    }
}
