using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>The front door for Route Server endpoints: what Get-RouteServerEndpoint calls.</summary>
public sealed class RouteServerEndpoints
{
    private readonly RouteServerClient _client;

    public RouteServerEndpoints(RouteServerClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The work of Get-RouteServerEndpoint: the endpoints with these IDs, or (with none) every one the query selects.</summary>
    public EngineWork Get(IReadOnlyList<string> ids, RouteServerEndpointQuery query) => (sink, ct) => GetAsync(ids, query, sink, ct);

    /// <summary>Streams endpoints page by page, with the same missing-ID handling as peers (bisecting, not one call per ID).</summary>
    public async Task GetAsync(IReadOnlyList<string> ids, RouteServerEndpointQuery query, IOutputSink sink, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            await StreamAsync(query, sink, ct).ConfigureAwait(false);
            return;
        }
        await ByIdReads.ReadChunksAsync(ids, (part, t) => StreamAsync(CopyWithIds(query, part), sink, t), sink, ct).ConfigureAwait(false);
    }

    private async Task StreamAsync(RouteServerEndpointQuery query, IOutputSink sink, CancellationToken ct)
    {
        string? token = null;
        do
        {
            ct.ThrowIfCancellationRequested();
            var result = await _client.DescribeEndpointsAsync(query, token, ct).ConfigureAwait(false);
            foreach (var endpoint in result.Items) sink.Write(PumpEventKind.Output, endpoint);
            token = result.NextToken;
        }
        while (token is not null);
    }

    private static RouteServerEndpointQuery CopyWithIds(RouteServerEndpointQuery query, IEnumerable<string> ids)
    {
        var q = new RouteServerEndpointQuery { MaxResults = query.MaxResults };
        foreach (var f in query.Filters) q.Filters.Add(f);
        foreach (var id in ids) q.RouteServerEndpointIds.Add(id);
        if (q.RouteServerEndpointIds.Count > 0) q.MaxResults = null;
        return q;
    }
}
