using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Session;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Gets VPC Route Server peers, streamed page by page.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RouteServerPeer", DefaultParameterSetName = ListSet)]
[OutputType(typeof(RouteServerPeer))]
public sealed class GetRouteServerPeerCommand : BgpPeeringCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "ById";

    /// <summary>One or more peer IDs (rsp-…). Missing IDs are non-terminating errors.</summary>
    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineIdTransformation(nameof(RouteServerPeerId))]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.RouteServerPeer)]
    [ArgumentCompleter(typeof(RouteServerPeerIdCompleter))]
    public string[]? RouteServerPeerId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateAwsId(AwsIdKind.RouteServerEndpoint)]
    [ArgumentCompleter(typeof(RouteServerEndpointIdCompleter))]
    public string[]? RouteServerEndpointId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateAwsId(AwsIdKind.RouteServer)]
    public string[]? RouteServerId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateAwsId(AwsIdKind.Vpc)]
    public string[]? VpcId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public RouteServerState[]? State { get; set; }

    /// <summary>EC2 filters: a hashtable of filter name to one or more values.</summary>
    [Parameter]
    [ValidateFilterNames(FilterNames.PeersOperation)]
    public Hashtable? Filter { get; set; }

    /// <summary>Tag filters: a hashtable of tag key to one or more values.</summary>
    [Parameter]
    public Hashtable? Tag { get; set; }

    /// <summary>How many peers to ask for per call, 5 to 1000.</summary>
    [Parameter]
    [ValidateRange(5, 1000)]
    public int PageSize { get; set; } = 1000;

    private readonly SessionBatches<string> _ids = new();

    protected override void ProcessRecord() => ReadIdsOrQuery(_ids, RouteServerPeerId, Query, Get);

    // IDs from the pipeline are asked for together, per region and endpoint, rather than one call each.
    protected override void EndProcessing() => ReadQueued(_ids, (session, ids) => Get(session, ids, Query()));

    private static EngineWork Get(AwsSession session, IReadOnlyList<string> ids, RouteServerPeerQuery query) => session.RouteServerPeers().Get(ids, query);

    private RouteServerPeerQuery Query() => RouteServerPeerQuery.Select(RouteServerEndpointId, RouteServerId, VpcId, State,
        QueryFilters.FromHashtable(Filter, "Filter"), QueryFilters.FromHashtable(Tag, "Tag"), PageSize);
}
