using System.Security.Cryptography;
using System.Text;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// Opaque paging tokens: the cursor (the last item's sequence number), bound to the query that produced it and to the
/// state's epoch, so that a token from another query or from before a reset is refused.
/// </summary>
internal static class PageToken
{
    public static string Encode(string kind, int epoch, long after, string fingerprint)
    {
        var text = "v1|" + kind + "|" + epoch + "|" + after + "|" + fingerprint;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string token, string kind, int epoch, string fingerprint, out long after)
    {
        after = 0;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('|');
            return parts.Length == 5 && parts[0] == "v1" && parts[1] == kind && parts[2] == epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && parts[4] == fingerprint && long.TryParse(parts[3], out after);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A token whose cursor is a sort key (routes, listed in prefix order) rather than a sequence number.</summary>
    public static string EncodeKey(string kind, int epoch, string after, string fingerprint) =>
        Encode(kind, epoch, 0, fingerprint + "|" + Convert.ToBase64String(Encoding.UTF8.GetBytes(after)));

    /// <summary>The sort key of a token from <see cref="EncodeKey"/> for this query and epoch; false for any other token.</summary>
    public static bool TryDecodeKey(string token, string kind, int epoch, string fingerprint, out string after)
    {
        after = string.Empty;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('|');
            if (parts.Length != 6 || parts[0] != "v1" || parts[1] != kind || parts[2] != epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)
                || parts[4] != fingerprint) return false;
            after = Encoding.UTF8.GetString(Convert.FromBase64String(parts[5]));
            return after.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A short hash of everything that shapes a query's result set (not its page size).</summary>
    public static string Fingerprint(IEnumerable<string> parts)
    {
        var text = string.Join("\u0001", parts);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
