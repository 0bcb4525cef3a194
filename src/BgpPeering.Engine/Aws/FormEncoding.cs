using System.Collections.Generic;
using System.Text;

namespace BgpPeering.Engine.Aws;

/// <summary>RFC 3986 form encoding, as the AWS SDKs write query-protocol bodies.</summary>
internal static class FormEncoding
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sb = new StringBuilder(256);
        foreach (var kv in pairs)
        {
            if (sb.Length > 0) sb.Append('&');
            AppendEscaped(sb, kv.Key);
            sb.Append('=');
            AppendEscaped(sb, kv.Value);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Percent-encodes everything but the RFC 3986 unreserved characters, as UTF-8.</summary>
    public static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
        }
    }
}
