using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>The front door for Route Server endpoints: what Get-RouteServerEndpoint calls.</summary>
public sealed class RouteServerEndpoints
{
    private readonly RouteServerClient _client;

    public RouteServerEndpoints(RouteServerClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The work of Get-RouteServerEndpoint: the endpoints with these IDs, or (with none) every one the query selects.</summary>
    public EngineWork Get(IReadOnlyList<string> ids, RouteServerEndpointQuery query) => (sink, ct) => GetAsync(ids, query, sink, ct);

    /// <summary>Streams endpoints page by page, with the same missing-ID handling as peers (bisecting, not one call per ID).</summary>
    public Task GetAsync(IReadOnlyList<string> ids, RouteServerEndpointQuery query, IOutputSink sink, CancellationToken ct) =>
        ByIdReads.GetAsync(ids, (part, t) => _client.ReadEndpointPagesAsync(query.ForIds(part), (page, _) =>
        {
            sink.WriteAll(PumpEventKind.Output, page.Items);
            return true;
        }, t), sink, ct);
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door for Route Server endpoints in this session.</summary>
    public static RouteServerEndpoints RouteServerEndpoints(this AwsSession session) => new(session.RouteServer);
}
