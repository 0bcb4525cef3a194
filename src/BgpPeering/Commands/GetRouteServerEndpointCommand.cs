using System.Collections;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Internal;

namespace BgpPeering.Commands
{
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
        [ValidateFilterNames("DescribeRouteServerEndpoints")]
        public Hashtable? Filter { get; set; }

        protected override void ProcessRecord()
        {
            if (RouteServerEndpointId is { Length: > 0 } ids)
            {
                QueueIds(ids);
                return;
            }
            var client = CurrentSession().RouteServer;
            var query = BuildQuery();
            RunAsync((sink, ct) => RouteServerOperations.GetEndpointsAsync(client, new string[0], query, sink, ct), query);
        }

        protected override void EndProcessing()
        {
            foreach (var group in QueuedIdsBySession())
            {
                var query = BuildQuery();
                RunAsync((sink, ct) => RouteServerOperations.GetEndpointsAsync(group.Key.RouteServer, group.Value, query, sink, ct), group.Value.ToArray());
            }
        }

        private RouteServerEndpointQuery BuildQuery()
        {
            var query = new RouteServerEndpointQuery();
            QueryFilters.Add(query.Filters, "route-server-id", RouteServerId);
            QueryFilters.Add(query.Filters, "vpc-id", VpcId);
            QueryFilters.AddHashtable(query.Filters, Filter, "Filter", tagPrefix: false);
            return query;
        }
    }
}
