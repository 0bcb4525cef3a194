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
/// <para type="synopsis">Gets VPC Route Server endpoints; they pipe into New-RouteServerPeer.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RouteServerEndpoint", DefaultParameterSetName = ListSet)]
[OutputType(typeof(RouteServerEndpoint))]
public sealed class GetRouteServerEndpointCommand : BgpPeeringCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "ById";

    /// <summary>One or more endpoint IDs (rse-…).</summary>
    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineIdTransformation(nameof(RouteServerEndpointId))]
    [ValidateAwsId(AwsIdKind.RouteServerEndpoint)]
    [ArgumentCompleter(typeof(RouteServerEndpointIdCompleter))]
    public string[]? RouteServerEndpointId { get; set; }

    // Not from the pipeline: a piped endpoint or peer carries RouteServerId and VpcId too, and must select
    // itself (the ById set), not every endpoint of its route server or VPC.
    [Parameter(ParameterSetName = ListSet)]
    [ValidateAwsId(AwsIdKind.RouteServer)]
    public string[]? RouteServerId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateAwsId(AwsIdKind.Vpc)]
    public string[]? VpcId { get; set; }

    /// <summary>EC2 filters: a hashtable of filter name to one or more values.</summary>
    [Parameter]
    [ValidateFilterNames(FilterNames.EndpointsOperation)]
    public Hashtable? Filter { get; set; }

    private readonly SessionBatches<string> _ids = new();

    protected override void ProcessRecord() => ReadIdsOrQuery(_ids, RouteServerEndpointId, Query, Get);

    protected override void EndProcessing() => ReadQueued(_ids, (session, ids) => Get(session, ids, Query()));

    private static EngineWork Get(AwsSession session, IReadOnlyList<string> ids, RouteServerEndpointQuery query) => session.RouteServerEndpoints().Get(ids, query);

    private RouteServerEndpointQuery Query() => RouteServerEndpointQuery.Select(RouteServerId, VpcId, QueryFilters.FromHashtable(Filter, "Filter"));
}
