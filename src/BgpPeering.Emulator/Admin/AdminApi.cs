using System.Text.Json;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Admin;

/// <summary>
/// Test control under <c>/_emulator/</c>. No signature is needed, but only loopback callers are served (see
/// <see cref="AdminGuard"/>). Bodies and answers are JSON (lowerCamel).
/// <list type="table">
/// <item><term>GET health</term><description>status, counts, the simulated time.</description></item>
/// <item><term>POST reset</term><description>back to the start seed, or to the seed in the body; clears the log, faults and temporary credentials.</description></item>
/// <item><term>GET requests</term><description>the request log (array of service, action, status, errorCode, timestamp, accessKeyId, requestId); DELETE clears it.</description></item>
/// <item><term>GET peers/{id}</term><description>a peer's status.</description></item>
/// <item><term>POST peers/{id}/status</term><description>sets state, bgpStatus, bfdStatus, bgpBehaviour, failureReason (rsp- and dxpeer- IDs).</description></item>
/// <item><term>GET / POST peers/{id}/routes</term><description>what a peer advertises while its BGP is up; POST replaces it with the body's <c>routes</c>.</description></item>
/// <item><term>POST faults</term><description>injects a fault (kind: throttling, internalError, latency or reset; phase: before or after the write; action, service, count, probability, seed, latencyMs); GET lists them with how often each struck; DELETE clears them.</description></item>
/// </list>
/// </summary>
internal sealed class AdminApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The admin bodies that must not pass a typo silently (a peer's routes): an unknown member is a 400.</summary>
    private static readonly JsonSerializerOptions StrictJson = new(Json)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private readonly EmulatorControl _control;

    public AdminApi(EmulatorControl control) => _control = control;

    public async Task HandleAsync(HttpContext ctx)
    {
        var path = (ctx.Request.Path.Value ?? string.Empty)["/_emulator".Length..].Trim('/');
        var method = ctx.Request.Method;
        if (AdminGuard.Check(ctx.Request) is (int refusedWith, string refusal))
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
                    _control.Reset(string.IsNullOrWhiteSpace(text) ? null : Topology.Parse(text));
                    await Write(ctx, 200, Health()).ConfigureAwait(false);
                    return;
                }
                case ["requests"] when HttpMethods.IsGet(method):
                    await Write(ctx, 200, _control.Log.Snapshot()).ConfigureAwait(false);
                    return;
                case ["requests"] when HttpMethods.IsDelete(method):
                    _control.Log.Clear();
                    await Write(ctx, 200, new { cleared = true }).ConfigureAwait(false);
                    return;
                case ["peers", var id] when HttpMethods.IsGet(method):
                {
                    var status = _control.State.GetPeerStatus(id);
                    if (status is null) await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'." }).ConfigureAwait(false);
                    else await Write(ctx, 200, status).ConfigureAwait(false);
                    return;
                }
                case ["peers", var id, "status"] when HttpMethods.IsPost(method):
                {
                    var change = await ReadJson<PeerStatusChange>(ctx).ConfigureAwait(false) ?? new PeerStatusChange();
                    if (_control.State.GetPeerStatus(id) is null)
                    {
                        await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'. Expected an existing rsp- or dxpeer- ID." }).ConfigureAwait(false);
                        return;
                    }
                    await Write(ctx, 200, _control.State.SetPeerStatus(id, change)).ConfigureAwait(false);
                    return;
                }
                case ["peers", var id, "routes"] when HttpMethods.IsGet(method):
                {
                    var routes = _control.State.GetPeerRoutes(id);
                    if (routes is null) await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'. Expected an existing rsp- or dxpeer- ID." }).ConfigureAwait(false);
                    else await Write(ctx, 200, routes).ConfigureAwait(false);
                    return;
                }
                case ["peers", var id, "routes"] when HttpMethods.IsPost(method):
                {
                    var change = await ReadJson<PeerRoutesChange>(ctx, StrictJson).ConfigureAwait(false);
                    if (_control.State.GetPeerRoutes(id) is null)
                    {
                        await Write(ctx, 404, new { error = "No peer has the ID '" + id + "'. Expected an existing rsp- or dxpeer- ID." }).ConfigureAwait(false);
                        return;
                    }
                    if (change?.Routes is null)
                        throw new ArgumentException("The body must be {\"routes\": [{\"prefix\": \"10.60.0.0/16\", \"asPath\": [65001], \"med\": 10}]}; an empty list withdraws every route.");
                    await Write(ctx, 200, _control.State.SetPeerRoutes(id, change.Routes)).ConfigureAwait(false);
                    return;
                }
                case ["faults"] when HttpMethods.IsPost(method):
                {
                    var spec = await ReadJson<FaultSpec>(ctx).ConfigureAwait(false) ?? throw new ArgumentException("The body must be a fault: {\"kind\": \"throttling\", \"action\": \"DescribeRouteServerPeers\", \"count\": 2}.");
                    _control.Faults.Add(FaultInjector.Parse(spec));
                    await Write(ctx, 200, _control.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                }
                case ["faults"] when HttpMethods.IsGet(method):
                    await Write(ctx, 200, _control.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                case ["faults"] when HttpMethods.IsDelete(method):
                    _control.Faults.Clear();
                    await Write(ctx, 200, _control.Faults.Snapshot()).ConfigureAwait(false);
                    return;
                default:
                    await Write(ctx, 404, new
                    {
                        error = "No admin endpoint " + method + " /_emulator/" + path + ".",
                        endpoints = new[]
                        {
                            "GET health", "POST reset", "GET requests", "DELETE requests", "GET peers/{id}", "POST peers/{id}/status",
                            "GET peers/{id}/routes", "POST peers/{id}/routes",
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

    private object Health() => new
    {
        status = "ok",
        endpoint = _control.Url,
        accountId = _control.State.AccountId,
        region = _control.State.Region,
        time = _control.State.Time.GetUtcNow(),
        speed = _control.State.Speed,
        epoch = _control.State.Epoch,
        routeServerPeers = _control.State.RouteServerPeerCount,
        directConnectPeers = _control.State.DirectConnectPeerCount,
        temporaryCredentials = _control.Credentials.SessionCount,
    };

    private static async Task<string> ReadText(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        return await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<T?> ReadJson<T>(HttpContext ctx, JsonSerializerOptions? options = null)
    {
        var text = await ReadText(ctx).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, options ?? Json);
    }

    private static async Task Write(HttpContext ctx, int status, object value)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, value.GetType(), Json, ctx.RequestAborted).ConfigureAwait(false);
    }
}
