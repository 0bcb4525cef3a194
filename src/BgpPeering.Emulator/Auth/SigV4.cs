using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace BgpPeering.Emulator.Auth;

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 …</c> header.</summary>
internal sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => Date + "/" + Region + "/" + Service + "/aws4_request";
}

/// <summary>
/// Signature Version 4, verified from first principles (the AWS "Create a signed AWS API request" steps): the
/// canonical request from the method, path, query, the signed headers and the payload hash; the string to sign; the
/// HMAC chain from the secret; a constant-time comparison. Nothing here comes from an AWS SDK.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Parses the header; on failure <paramref name="error"/> says what is wrong, in AWS's words where known.</summary>
    public static bool TryParse(string header, out SigV4Authorization? auth, out string error)
    {
        auth = null;
        error = string.Empty;
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            error = "Unsupported authorization type; expected " + Algorithm + ".";
            return false;
        }
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var raw in header[(Algorithm.Length + 1)..].Split(','))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var name = part[..eq];
            var value = part[(eq + 1)..];
            switch (name)
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        var missing = new List<string>();
        if (credential is null) missing.Add("Credential");
        if (signedHeaders is null) missing.Add("SignedHeaders");
        if (signature is null) missing.Add("Signature");
        if (missing.Count > 0)
        {
            error = "Authorization header requires " + string.Join(", ", missing.Select(m => "'" + m + "'")) + " parameter(s).";
            return false;
        }
        var scope = credential!.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[1].Length != 8)
        {
            error = "Credential should be scoped to a valid region and service, in the form ACCESSKEY/yyyyMMdd/region/service/aws4_request.";
            return false;
        }
        auth = new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders!.Split(';'), signature!.ToLowerInvariant());
        return true;
    }

    /// <summary>The canonical request for <paramref name="request"/> as the client must have built it.</summary>
    public static string CanonicalRequest(HttpRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var sb = new StringBuilder(512);
        sb.Append(request.Method).Append('\n');
        sb.Append(CanonicalPath(request)).Append('\n');
        sb.Append(CanonicalQuery(request.QueryString.Value)).Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':').Append(HeaderValue(request, name)).Append('\n');
        }
        sb.Append('\n');
        sb.Append(string.Join(';', signedHeaders)).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        Algorithm + "\n" + amzDate + "\n" + scope + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

    public static string Signature(string secretKey, SigV4Authorization auth, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), auth.Date);
        key = Hmac(key, auth.Region);
        key = Hmac(key, auth.Service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    public static bool SignaturesEqual(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static bool TryParseAmzDate(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Header values joined by commas, trimmed, with runs of spaces collapsed to one.</summary>
    private static string HeaderValue(HttpRequest request, string name)
    {
        string joined;
        if (name == "host")
        {
            joined = request.Headers.Host.ToString();
        }
        else
        {
            var values = request.Headers[name];
            joined = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.Select(v => v?.Trim()));
        }
        var sb = new StringBuilder(joined.Length);
        var lastWasSpace = false;
        foreach (var c in joined.Trim())
        {
            if (c == ' ')
            {
                if (lastWasSpace) continue;
                lastWasSpace = true;
            }
            else
            {
                lastWasSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The path, each segment URI-encoded once; <c>/</c> for the root.</summary>
    private static string CanonicalPath(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var q = raw.IndexOf('?');
        if (q >= 0) raw = raw[..q];
        if (raw.Length == 0 || raw == "/") return "/";
        var segments = raw.Split('/').Select(s => UriEncode(Uri.UnescapeDataString(s)));
        return string.Join('/', segments);
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return string.Empty;
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(key.Replace('+', ' '))), UriEncode(Uri.UnescapeDataString(value.Replace('+', ' ')))));
        }
        pairs.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 encoding: unreserved characters stay, everything else is %XX of its UTF-8 bytes, uppercase.</summary>
    public static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
