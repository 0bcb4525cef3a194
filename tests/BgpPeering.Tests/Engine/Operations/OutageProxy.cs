using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BgpPeering.Tests.Engine.Operations;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of the emulator that can be taken down (connection refused, open
/// connections dropped) and brought back on the same port: "the endpoint going away" without losing the
/// emulator's state.
/// </summary>
internal sealed class OutageProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public OutageProxy(string targetUrl)
    {
        _targetPort = new Uri(targetUrl).Port;
        Up();
    }

    public int Port { get; private set; }

    public string Url => "http://127.0.0.1:" + Port;

    public bool IsUp => _listener is not null;

    public void Up()
    {
        if (_listener is not null) return;
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _ = AcceptAsync(listener, _stop.Token);
    }

    /// <summary>Stops listening (new connections are refused) and drops every open connection.</summary>
    public void Down()
    {
        if (_listener is null) return;
        _stop!.Cancel();
        _listener.Stop();
        _listener = null;
        foreach (var c in _open.Keys)
        {
            try
            {
                c.Client.LingerState = new LingerOption(true, 0);
                c.Close();
            }
            catch (Exception)
            {
            }
        }
        _open.Clear();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception)
            {
                return;
            }
            _ = ForwardAsync(inbound, ct);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken ct)
    {
        using var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, ct);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            var up = a.CopyToAsync(b, ct);
            var down = b.CopyToAsync(a, ct);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
        }
        finally
        {
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
            inbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }
}
