using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Waiting;

/// <summary>How the waiter reads peers: one call per batch of Route Server peers, one per virtual interface.</summary>
internal interface IPeerReader
{
    /// <summary>One DescribeRouteServerPeers call for these IDs. Throws AwsServiceException as the API does.</summary>
    Task<IReadOnlyList<RouteServerPeer>> ReadRouteServerPeersAsync(AwsSession session, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>One DescribeVirtualInterfaces call for this interface; null when the interface no longer exists.</summary>
    Task<IReadOnlyList<DxBgpPeer>?> ReadVirtualInterfacePeersAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct);
}

internal sealed class ApiPeerReader : IPeerReader
{
    public static readonly ApiPeerReader Instance = new();

    public async Task<IReadOnlyList<RouteServerPeer>> ReadRouteServerPeersAsync(AwsSession session, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var result = new List<RouteServerPeer>(ids.Count);
        await session.RouteServer.ReadPeerPagesAsync(new RouteServerPeerQuery().ForIds(ids), (page, _) =>
        {
            result.AddRange(page.Items);
            return true;
        }, ct).ConfigureAwait(false);
        return result;
    }

    public async Task<IReadOnlyList<DxBgpPeer>?> ReadVirtualInterfacePeersAsync(AwsSession session, string virtualInterfaceId, CancellationToken ct)
    {
        var page = await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = virtualInterfaceId }, null, ct).ConfigureAwait(false);
        foreach (var vif in page.Items)
        {
            if (vif.VirtualInterfaceId == virtualInterfaceId) return vif.BgpPeers;
        }
        return null; // The interface is gone: every peer on it has disappeared.
    }
}
