namespace BgpPeering.Emulator.Admin;

/// <summary>Who may use the admin API: only the user's own tools on this machine.</summary>
internal static class AdminGuard
{
    /// <summary>
    /// The admin API changes state without a signature, so only the user's own tools may reach it. A web page the user
    /// visits could otherwise reset the emulator or inject faults: by a cross-site form or fetch (its Origin is not
    /// loopback, or Sec-Fetch-Site says cross-site, or its body is text/plain or a form), or by DNS rebinding (its Host
    /// is the attacker's name resolving to 127.0.0.1). Refused: a Host that is not 127.0.0.1, localhost or [::1]
    /// (any port); an Origin that is not http(s) on one of those; a cross-site Sec-Fetch-Site; a POST whose body is not
    /// application/json. Null when the request may proceed.
    /// </summary>
    public static (int Status, string Message)? Check(HttpRequest request)
    {
        var host = request.Host.HasValue ? request.Host.Host : string.Empty;
        if (!IsLoopbackName(host))
            return (403, "The admin API answers only requests addressed to 127.0.0.1, localhost or [::1]; this one's Host is '" + request.Host.Value + "'.");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && (o.Scheme == Uri.UriSchemeHttp || o.Scheme == Uri.UriSchemeHttps) && IsLoopbackName(o.Host)))
            return (403, "The admin API refuses cross-site requests; this one's Origin is '" + origin + "'. Use it from a script or a tool on this machine.");
        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
            return (403, "The admin API refuses cross-site requests (Sec-Fetch-Site: cross-site).");
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            // A body must be JSON, which a cross-site form or "simple" fetch cannot send. An empty POST (reset) may
            // carry any type (Invoke-RestMethod sends one); a browser's empty cross-site POST carries an Origin.
            var contentType = request.ContentType;
            if (hasBody && !IsJson(contentType))
                return (415, "The admin API takes JSON: send the body with Content-Type: application/json (this one is '" + contentType + "').");
        }
        return null;
    }

    private static bool IsLoopbackName(string host) =>
        host is "127.0.0.1" or "[::1]" or "::1" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }
}
