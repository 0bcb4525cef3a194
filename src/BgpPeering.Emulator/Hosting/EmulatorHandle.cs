using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Hosting;

/// <summary>A running emulator. Dispose it to stop listening.</summary>
public sealed class EmulatorHandle : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorRuntime _runtime;
    private int _disposed;

    internal EmulatorHandle(WebApplication app, EmulatorRuntime runtime, int port)
    {
        _app = app;
        _runtime = runtime;
        Port = port;
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:4566</c>: the endpoint URL for every client.</summary>
    public string Url => _runtime.Control.Url;

    public int Port { get; }

    /// <summary>The emulated world, for direct inspection and fast set-up in tests.</summary>
    public EmulatorState State => _runtime.State;

    public EmulatorOptions Options => _runtime.Options;

    /// <summary>The request log (what <c>GET /_emulator/requests</c> returns).</summary>
    public IReadOnlyList<RequestLogEntry> Requests => _runtime.Control.Log.Snapshot();

    public void ClearRequests() => _runtime.Control.Log.Clear();

    /// <summary>Injects a fault (what <c>POST /_emulator/faults</c> does).</summary>
    public void InjectFault(FaultSpec fault) => _runtime.Control.Faults.Add(FaultInjector.Parse(fault));

    public void ClearFaults() => _runtime.Control.Faults.Clear();

    /// <summary>Back to the start seed (or <paramref name="seed"/>), with an empty log, no faults and no temporary credentials.</summary>
    public void Reset(Topology? seed = null) => _runtime.Control.Reset(seed);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
