using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>A request as the server saw it.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>A canned answer.</summary>
public sealed record CannedResponse(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

/// <summary>
/// A tiny HTTP server on 127.0.0.1 and a free port, for client tests that need exact control of the answer
/// (status, body, delay). It records every request it receives.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<CapturedRequest, CannedResponse> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FixtureServer(Func<CapturedRequest, CannedResponse> respond)
    {
        _respond = respond;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between probing and binding; try another.
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        try
        {
            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string? key in ctx.Request.Headers.AllKeys)
            {
                if (key is not null) headers[key] = ctx.Request.Headers[key] ?? string.Empty;
            }
            var captured = new CapturedRequest(ctx.Request.HttpMethod, ctx.Request.Url?.AbsolutePath ?? "/", headers, ms.ToArray());
            Requests.Enqueue(captured);
            var answer = _respond(captured);
            if (answer.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(answer.Delay, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    ctx.Response.Abort();
                    return;
                }
            }
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            ctx.Response.StatusCode = answer.Status;
            ctx.Response.ContentType = answer.ContentType;
            if (answer.Headers is not null)
            {
                foreach (var (k, v) in answer.Headers) ctx.Response.Headers[k] = v;
            }
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            ctx.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client went away (a cancelled call); nothing to answer.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        // Close alone: after Stop has let the port go, Close binds it again to remove the prefix, and fails with
        // "Address already in use" when a parallel test has taken the port in between.
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
    }
}
