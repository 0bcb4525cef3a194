using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Pipeline;

namespace BgpPeering.Emulator.Hosting;

/// <summary>
/// Where a request goes: <c>/_emulator/…</c> to the admin API, a bare <c>GET /</c> to a line saying what this is,
/// everything else to the API pipeline.
/// </summary>
internal sealed class RequestRouter
{
    private readonly EmulatorControl _control;
    private readonly AdminApi _admin;
    private readonly ApiPipeline _pipeline;

    public RequestRouter(EmulatorControl control, AdminApi admin, ApiPipeline pipeline)
    {
        _control = control;
        _admin = admin;
        _pipeline = pipeline;
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/_emulator", StringComparison.Ordinal))
        {
            await _admin.HandleAsync(ctx).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsGet(request.Method) && !request.QueryString.HasValue)
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("BgpPeering emulator: EC2 Route Server (query), Direct Connect (JSON 1.1) and STS. Sign requests with SigV4. Test control: " + _control.Url + "/_emulator/health\n").ConfigureAwait(false);
            return;
        }
        await _pipeline.HandleAsync(ctx).ConfigureAwait(false);
    }
}
