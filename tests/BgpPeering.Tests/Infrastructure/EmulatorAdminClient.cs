using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BgpPeering.Emulator.State;

// The tests' client of the emulator's admin API. It lives with the tests that use it, in the namespace of the admin
// types it sends and reads (BgpPeering.Emulator.Admin: FaultSpec, RequestLogEntry), so one using brings both.
namespace BgpPeering.Emulator.Admin;

/// <summary>The emulator's health, as <c>GET /_emulator/health</c> answers.</summary>
public sealed record EmulatorHealth(string Status, string Endpoint, string AccountId, string Region, DateTimeOffset Time, double Speed, int Epoch,
    int RouteServerPeers, int DirectConnectPeers, int TemporaryCredentials);

/// <summary>A typed client for the admin API under <c>/_emulator/</c> (no signing needed).</summary>
public sealed class EmulatorAdminClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="baseUrl">The emulator's URL, such as <c>http://127.0.0.1:4566</c>.</param>
    /// <param name="http">An HttpClient to use; null creates one that this client disposes.</param>
    public EmulatorAdminClient(string baseUrl, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        BaseUrl = baseUrl.TrimEnd('/');
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public Task<EmulatorHealth> HealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync<EmulatorHealth>(HttpMethod.Get, "health", null, cancellationToken);

    /// <summary>Back to the start seed, or to <paramref name="seed"/>; clears the request log, faults and temporary credentials.</summary>
    public Task<EmulatorHealth> ResetAsync(Topology? seed = null, CancellationToken cancellationToken = default) =>
        SendAsync<EmulatorHealth>(HttpMethod.Post, "reset", seed is null ? null : new StringContent(seed.ToJson(), Encoding.UTF8, "application/json"), cancellationToken);

    public Task<IReadOnlyList<RequestLogEntry>> GetRequestsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<RequestLogEntry>>(HttpMethod.Get, "requests", null, cancellationToken);

    public Task ClearRequestsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, "requests", null, cancellationToken);

    public Task<PeerStatus> GetPeerStatusAsync(string peerId, CancellationToken cancellationToken = default) =>
        SendAsync<PeerStatus>(HttpMethod.Get, "peers/" + Uri.EscapeDataString(peerId), null, cancellationToken);

    /// <summary>Sets a peer's state, BGP/BFD status or behaviour (see <see cref="PeerStatusChange"/>).</summary>
    public Task<PeerStatus> SetPeerStatusAsync(string peerId, PeerStatusChange change, CancellationToken cancellationToken = default) =>
        SendAsync<PeerStatus>(HttpMethod.Post, "peers/" + Uri.EscapeDataString(peerId) + "/status", JsonContent.Create(change, options: AdminApi.Json), cancellationToken);

    /// <summary>What a peer advertises, and whether those routes count now (its BGP is up).</summary>
    public Task<PeerRoutes> GetPeerRoutesAsync(string peerId, CancellationToken cancellationToken = default) =>
        SendAsync<PeerRoutes>(HttpMethod.Get, "peers/" + Uri.EscapeDataString(peerId) + "/routes", null, cancellationToken);

    /// <summary>Replaces what a <c>rsp-</c> or <c>dxpeer-</c> peer advertises (<c>POST /_emulator/peers/{id}/routes</c>).</summary>
    public Task<PeerRoutes> SetPeerRoutesAsync(string peerId, IEnumerable<RouteSeed> routes, CancellationToken cancellationToken = default) =>
        SendAsync<PeerRoutes>(HttpMethod.Post, "peers/" + Uri.EscapeDataString(peerId) + "/routes",
            JsonContent.Create(new PeerRoutesChange { Routes = routes.ToList() }, options: AdminApi.Json), cancellationToken);

    public Task InjectFaultAsync(FaultSpec fault, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, "faults", JsonContent.Create(fault, options: AdminApi.Json), cancellationToken);

    /// <summary>The pending faults, each with how often it has struck (<c>struck</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetFaultsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<JsonElement>(HttpMethod.Get, "faults", null, cancellationToken).ConfigureAwait(false)).EnumerateArray().ToList();

    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, "faults", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + "/_emulator/" + path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string message = text;
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.TryGetProperty("error", out var e)) message = e.GetString() ?? text;
            }
            catch (JsonException)
            {
            }
            throw new EmulatorAdminException((int)response.StatusCode, method + " /_emulator/" + path + " failed (" + (int)response.StatusCode + "): " + message);
        }
        return JsonSerializer.Deserialize<T>(text, AdminApi.Json)!;
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}

/// <summary>The admin API refused a request; the message carries its explanation.</summary>
public sealed class EmulatorAdminException : Exception
{
    public EmulatorAdminException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public int StatusCode { get; }
}
