using System.Text.Json;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Admin;

/// <summary>
/// Test control under <c>/_emulator/</c>. No signature is needed, but only loopback callers are served (see
/// <see cref="Guard"/>). Bodies and answers are JSON (lowerCamel).
/// <list type="table">
/// <item><term>GET health</term><description>status, counts, the simulated time.</description></item>
/// <item><term>POST reset</term><description>back to the start seed, or to the seed in the body; clears the log, faults and temporary credentials.</description></item>
/// <item><term>GET requests</term><description>the request log (array of service, action, status, errorCode, timestamp, accessKeyId, requestId); DELETE clears it.</description></item>
/// <item><term>GET peers/{id}</term><description>a peer's status.</description></item>
/// <item><term>POST peers/{id}/status</term><description>sets state, bgpStatus, bfdStatus, bgpBehaviour, failureReason (rsp- and dxpeer- IDs).</description></item>
/// <item><term>POST faults</term><description>injects a fault (kind: throttling, internalError, latency or reset; phase: before or after the write; action, service, count, probability, seed, latencyMs); GET lists them with how often each struck; DELETE clears them.</description></item>
/// </list>
/// </summary>
internal sealed class AdminApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly EmulatorRuntime _rt;

    public AdminApi(EmulatorRuntime runtime) => _rt = runtime;

    public async Task HandleAsync(HttpContext ctx)
    {
        var path = (ctx.Request.Path.Value ?? string.Empty)["/_emulator".Length..].Trim('/');
        var method = ctx.Request.Method;
        if (Guard(ctx.Request) is (int refusedWith, string refusal))
        {
            await Write(ctx, refusedWith, new { error = refusal }).ConfigureAwait(false);
            return;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            switch (segments)
            {
                case ["health"] when HttpMethods.IsGet(method):
                    await Write(ctx, 200, Health()).ConfigureAwait(false);
                    return;
                case ["reset"] when HttpMethods.IsPost(method):
                {
                    var text = await ReadText(ctx).ConfigureAwait(false);
                    _rt.Reset(string.IsNullOrWhiteSpace(text) ? null : Topology.Parse(text));
                    await Write(ctx, 200, Health()).ConfigureAwait(false);
                    return;
                }
                case ["requests"] when HttpMethods.IsGet(method):
                    await Write(ctx, 200, _rt.Log.Snapshot()).ConfigureAwait(false);
                    return;
                case ["requests"] when HttpMethods.IsDelete(method):
                    _rt.Log.Clear();
                    await Write(ctx, 200, new { cleared = true }).ConfigureAwait(false);
                    return;
                case ["peers", var id] when HttpMethods.IsGet(method):
                {
                    var status = _rt.State.GetPeerStatus(id);
                    if (status is null) await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'." }).ConfigureAwait(false);
                    else await Write(ctx, 200, status).ConfigureAwait(false);
                    return;
                }
                case ["peers", var id, "status"] when HttpMethods.IsPost(method):
                {
                    var change = await ReadJson<PeerStatusChange>(ctx).ConfigureAwait(false) ?? new PeerStatusChange();
                    if (_rt.State.GetPeerStatus(id) is null)
                    {
                        await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'. Expected an existing rsp- or dxpeer- ID." }).ConfigureAwait(false);
                        return;
                    }
                    await Write(ctx, 200, _rt.State.SetPeerStatus(id, change)).ConfigureAwait(false);
                    return;
                }
                case ["faults"] when HttpMethods.IsPost(method):
                {
                    var spec = await ReadJson<FaultSpec>(ctx).ConfigureAwait(false) ?? throw new ArgumentException("The body must be a fault: {\"kind\": \"throttling\", \"action\": \"DescribeRouteServerPeers\", \"count\": 2}.");
                    _rt.Faults.Add(FaultInjector.Parse(spec));
                    await Write(ctx, 200, _rt.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                }
                case ["faults"] when HttpMethods.IsGet(method):
                    await Write(ctx, 200, _rt.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                case ["faults"] when HttpMethods.IsDelete(method):
                    _rt.Faults.Clear();
                    await Write(ctx, 200, _rt.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                default:
                    await Write(ctx, 404, new
                    {
                        error = "No admin endpoint " + method + " /_emulator/" + path + ".",
                        endpoints = new[]
                        {
                            "GET health", "POST reset", "GET requests", "DELETE requests", "GET peers/{id}", "POST peers/{id}/status",
                            "GET faults", "POST faults", "DELETE faults",
                        },
                    }).ConfigureAwait(false);
                    return;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or TopologyException or JsonException)
        {
            await Write(ctx, 400, new { error = ex.Message }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The admin API changes state without a signature, so only the user's own tools may reach it. A web page the user
    /// visits could otherwise reset the emulator or inject faults: by a cross-site form or fetch (its Origin is not
    /// loopback, or Sec-Fetch-Site says cross-site, or its body is text/plain or a form), or by DNS rebinding (its Host
    /// is the attacker's name resolving to 127.0.0.1). Refused: a Host that is not 127.0.0.1, localhost or [::1]
    /// (any port); an Origin that is not http(s) on one of those; a cross-site Sec-Fetch-Site; a POST whose body is not
    /// application/json. Null when the request may proceed.
    /// </summary>
    internal static (int Status, string Message)? Guard(HttpRequest request)
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

    private object Health() => new
    {
        status = "ok",
        endpoint = _rt.Url,
        accountId = _rt.State.AccountId,
        region = _rt.State.Region,
        time = _rt.State.Time.GetUtcNow(),
        speed = _rt.Options.Speed,
        epoch = _rt.State.Epoch,
        routeServerPeers = _rt.State.RouteServerPeerCount,
        directConnectPeers = _rt.State.DirectConnectPeerCount,
        temporaryCredentials = _rt.Credentials.SessionCount,
    };

    private static async Task<string> ReadText(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        return await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<T?> ReadJson<T>(HttpContext ctx)
    {
        var text = await ReadText(ctx).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, Json);
    }

    private static async Task Write(HttpContext ctx, int status, object value)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, value.GetType(), Json, ctx.RequestAborted).ConfigureAwait(false);
    }
}
