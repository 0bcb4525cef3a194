using System;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>
/// The typed Direct Connect API the front doors call. Every method is async and honours its token; every service
/// error is an <see cref="AwsServiceException"/>. Direct Connect has no DryRun. CreateBGPPeer and DeleteBGPPeer
/// return the whole virtual interface, not the peer.
/// </summary>
public sealed class DirectConnectClient : ApiClient
{
    private readonly DxJsonClient _client;

    internal DirectConnectClient(DxJsonClient client, string region, string? endpointUrl, TimeProvider? time = null)
        : base(ServiceDescription.DirectConnect, region, endpointUrl, time)
    {
        _client = client;
    }

    internal DxJsonClient Client => _client;
    /// <summary>CreateBGPPeer: returns the virtual interface with all its peers, the new one among them.</summary>
    public async Task<DxVirtualInterface> CreateBgpPeerAsync(NewDxBgpPeerRequest input, CancellationToken cancellationToken)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        var root = await _client.CallAsync(DxRequests.CreateBgpPeer, DxRequests.ForCreate(input), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseSingle(root, Context(), DxRequests.CreateBgpPeer), DxRequests.CreateBgpPeer);
    }

    /// <summary>DeleteBGPPeer by peer ID, or by interface, ASN and customer address.</summary>
    public async Task<DxVirtualInterface> DeleteBgpPeerAsync(DxBgpPeerDeleteRequest input, CancellationToken cancellationToken)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        var root = await _client.CallAsync(DxRequests.DeleteBgpPeer, DxRequests.ForDelete(input), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseSingle(root, Context(), DxRequests.DeleteBgpPeer), DxRequests.DeleteBgpPeer);
    }

    public Task<DxVirtualInterface> DeleteBgpPeerAsync(string bgpPeerId, CancellationToken cancellationToken) =>
        DeleteBgpPeerAsync(DxBgpPeerDeleteRequest.ById(bgpPeerId), cancellationToken);

    /// <summary>
    /// One page of DescribeVirtualInterfaces. The API pages with <c>maxResults</c>/<c>nextToken</c> (added in
    /// 2024/2025; older endpoints, and AWS without <c>maxResults</c>, may answer everything with no token).
    /// </summary>
    public async Task<Page<DxVirtualInterface>> DescribeVirtualInterfacesAsync(DxVirtualInterfaceQuery query, string? nextToken, CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        var root = await _client.CallAsync(DxRequests.DescribeVirtualInterfaces, DxRequests.ForDescribe(query, nextToken), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParsePage(root, Context()), DxRequests.DescribeVirtualInterfaces);
    }

    /// <summary>Every page of DescribeVirtualInterfaces for the query, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadVirtualInterfacePagesAsync(DxVirtualInterfaceQuery query, Func<Page<DxVirtualInterface>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(DxRequests.DescribeVirtualInterfaces, (token, ct) => DescribeVirtualInterfacesAsync(query, token, ct), onPage, cancellationToken);

    /// <summary>
    /// One page of ListVirtualInterfaceRoutes for an interface: the routes in <paramref name="direction"/>, of
    /// <paramref name="family"/> and exactly <paramref name="cidr"/> when given; at most 100 a page.
    /// </summary>
    public Task<Page<BgpRoute>> ListVirtualInterfaceRoutesAsync(string virtualInterfaceId, RouteDirection direction, AddressFamily? family, string? cidr, int? maxResults, string? nextToken, CancellationToken cancellationToken) =>
        ListVirtualInterfaceRoutesAsync(virtualInterfaceId, new DxRouteFilters(direction, family, cidr is null ? null : new[] { cidr }), maxResults, nextToken, cancellationToken);

    /// <summary>One page of ListVirtualInterfaceRoutes with any of the model's filters.</summary>
    internal async Task<Page<BgpRoute>> ListVirtualInterfaceRoutesAsync(string virtualInterfaceId, DxRouteFilters filters, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var root = await _client.CallAsync(DxRequests.ListVirtualInterfaceRoutes, DxRequests.ForListRoutes(virtualInterfaceId, filters, maxResults, nextToken), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseRoutePage(root, Context(), virtualInterfaceId), DxRequests.ListVirtualInterfaceRoutes);
    }

    /// <summary>Every page of an interface's routes, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadVirtualInterfaceRoutePagesAsync(string virtualInterfaceId, RouteDirection direction, AddressFamily? family, string? cidr, int? maxResults, Func<Page<BgpRoute>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(DxRequests.ListVirtualInterfaceRoutes, (token, ct) => ListVirtualInterfaceRoutesAsync(virtualInterfaceId, direction, family, cidr, maxResults, token, ct), onPage, cancellationToken);
    /// <summary>One page of DescribeConnections: one connection by ID, or (with none) every connection in the region.</summary>
    public async Task<Page<DxConnection>> DescribeConnectionsAsync(string? connectionId, string? nextToken, CancellationToken cancellationToken)
    {
        var root = await _client.CallAsync(DxRequests.DescribeConnections, DxRequests.ForDescribeConnections(connectionId, nextToken), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseConnectionPage(root), DxRequests.DescribeConnections);
    }

    /// <summary>Every page of DescribeConnections, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadConnectionPagesAsync(string? connectionId, Func<Page<DxConnection>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(DxRequests.DescribeConnections, (token, ct) => DescribeConnectionsAsync(connectionId, token, ct), onPage, cancellationToken);

    /// <summary>StartBgpFailoverTest: the test as AWS started it (in progress).</summary>
    public async Task<DxBgpFailoverTest> StartBgpFailoverTestAsync(StartDxBgpFailoverTestRequest input, CancellationToken cancellationToken)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        var root = await _client.CallAsync(DxRequests.StartBgpFailoverTest, DxRequests.ForStartFailoverTest(input), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseTest(root, Context(), DxRequests.StartBgpFailoverTest), DxRequests.StartBgpFailoverTest);
    }

    /// <summary>StopBgpFailoverTest: stops the test running on the interface (the API names no test) and returns it.</summary>
    public async Task<DxBgpFailoverTest> StopBgpFailoverTestAsync(string virtualInterfaceId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(virtualInterfaceId)) throw new ArgumentNullException(nameof(virtualInterfaceId));
        var root = await _client.CallAsync(DxRequests.StopBgpFailoverTest, DxRequests.ForStopFailoverTest(virtualInterfaceId), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseTest(root, Context(), DxRequests.StopBgpFailoverTest), DxRequests.StopBgpFailoverTest);
    }

    /// <summary>One page of ListVirtualInterfaceTestHistory (<c>maxResults</c> up to 100, <c>nextToken</c>).</summary>
    public async Task<Page<DxBgpFailoverTest>> ListVirtualInterfaceTestHistoryAsync(DxBgpFailoverTestQuery query, string? nextToken, CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        var root = await _client.CallAsync(DxRequests.ListVirtualInterfaceTestHistory, DxRequests.ForTestHistory(query, nextToken), cancellationToken).ConfigureAwait(false);
        return Parse(() => DxResponses.ParseTestPage(root, Context()), DxRequests.ListVirtualInterfaceTestHistory);
    }

    /// <summary>Every page of ListVirtualInterfaceTestHistory for the query, each handed to <paramref name="onPage"/> as it arrives (false stops).</summary>
    public Task ReadTestHistoryPagesAsync(DxBgpFailoverTestQuery query, Func<Page<DxBgpFailoverTest>, int, bool> onPage, CancellationToken cancellationToken) =>
        ReadPagesAsync(DxRequests.ListVirtualInterfaceTestHistory, (token, ct) => ListVirtualInterfaceTestHistoryAsync(query, token, ct), onPage, cancellationToken);

    private T Parse<T>(Func<T> parse, string action)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            // A well-formed JSON answer of the wrong shape: as bad as unparseable, and reported the same way.
            throw new AwsServiceException(Service.ServiceId, action, "UnexpectedResponse",
                action + " returned a response this client cannot read: " + ex.Message, 200, null, ex);
        }
    }
}
