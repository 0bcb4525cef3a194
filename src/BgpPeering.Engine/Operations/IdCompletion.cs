using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// IDs for tab completion: asked of the API with a short timeout and cached per session, so a second Tab
/// answers at once. A failure (no credentials, no network, a timeout) completes nothing and never throws.
/// </summary>
public sealed class IdCompletion
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<string> Ids)> _cache = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public IdCompletion(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public static IdCompletion Shared { get; } = new();

    /// <summary>How long the API may take before completion gives up.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an answer is reused.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(2);

    public IReadOnlyList<string> RouteServerPeerIds(AwsSession session) =>
        Get(session, "rsp", async ct =>
        {
            var page = await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 1000 }, null, ct).ConfigureAwait(false);
            return page.Items.Where(p => p.State != RouteServerState.Deleted).Select(p => p.RouteServerPeerId);
        });

    public IReadOnlyList<string> RouteServerEndpointIds(AwsSession session) =>
        Get(session, "rse", async ct =>
        {
            var page = await session.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery { MaxResults = 1000 }, null, ct).ConfigureAwait(false);
            return page.Items.Select(e => e.RouteServerEndpointId);
        });

    /// <summary>The route servers of the region's endpoints (the client reads no route servers of their own).</summary>
    public IReadOnlyList<string> RouteServerIds(AwsSession session) =>
        Get(session, "rs", async ct =>
        {
            var page = await session.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery { MaxResults = 1000 }, null, ct).ConfigureAwait(false);
            return page.Items.Select(e => e.RouteServerId).OfType<string>();
        });

    public IReadOnlyList<string> VirtualInterfaceIds(AwsSession session) =>
        Get(session, "dxvif", async ct => (await VirtualInterfacesAsync(session, ct).ConfigureAwait(false)).Select(v => v.VirtualInterfaceId));

    /// <summary>The region's Direct Connect peers, or only those of <paramref name="virtualInterfaceIds"/> when any are given.</summary>
    public IReadOnlyList<string> DxBgpPeerIds(AwsSession session, IReadOnlyCollection<string>? virtualInterfaceIds = null)
    {
        var on = virtualInterfaceIds is { Count: > 0 } ? new HashSet<string>(virtualInterfaceIds, StringComparer.Ordinal) : null;
        var kind = on is null ? "dxpeer" : "dxpeer@" + string.Join(",", on.OrderBy(id => id, StringComparer.Ordinal));
        return Get(session, kind, async ct => (await VirtualInterfacesAsync(session, ct).ConfigureAwait(false))
            .Where(v => on is null || on.Contains(v.VirtualInterfaceId))
            .SelectMany(v => v.BgpPeers).Where(p => p.State != DxBgpPeerState.Deleted).Select(p => p.BgpPeerId));
    }

    private static async Task<IReadOnlyList<DxVirtualInterface>> VirtualInterfacesAsync(AwsSession session, CancellationToken ct) =>
        (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, ct).ConfigureAwait(false)).Items;

    /// <summary>Caches under the session and kind; other kinds (Direct Connect) can use the same mechanism.</summary>
    public IReadOnlyList<string> Get(AwsSession session, string kind, Func<CancellationToken, Task<IEnumerable<string>>> fetch)
    {
        var key = kind + "\n" + session.CacheKey;
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < CacheLifetime) return hit.Ids;
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            var ids = Task.Run(() => fetch(cts.Token)).GetAwaiter().GetResult().Distinct(StringComparer.Ordinal).ToList();
            _cache[key] = (now, ids);
            return ids;
        }
        catch (Exception)
        {
            return Array.Empty<string>();
        }
    }
}
