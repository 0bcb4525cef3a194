using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Gets the routes BGP peers taught AWS: a route server's routing database, a Route Server peer's routes, or a Direct Connect virtual interface's.</para>
/// <para type="description">One BgpRoute object per route, streamed page by page. Route Server routes come from
/// GetRouteServerRoutingDatabase, one read per route server for every peer asked for (the API has no filter by
/// peer); Direct Connect routes from ListVirtualInterfaceRoutes, one read per virtual interface.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BgpRoute", DefaultParameterSetName = RouteServerSet)]
[OutputType(typeof(BgpRoute))]
public sealed class GetBgpRouteCommand : BgpPeeringCmdlet
{
    private const string RouteServerSet = "RouteServer";
    private const string PeerSet = "RouteServerPeer";
    private const string VirtualInterfaceSet = "VirtualInterface";

    private readonly SessionBatches<RouteSource> _sources = new();
    private BgpRouteQuery _query = new();

    /// <summary>
    /// Route servers (rs-…) whose whole routing database to list; with none, every route server of the region that has
    /// endpoints. With -RouteServerPeerId, the peers' route server: it binds from a piped peer, and saves looking the
    /// peers up.
    /// </summary>
    // Not from the pipeline in its own set: a piped peer carries RouteServerId too, and must select its own routes.
    [Parameter(ParameterSetName = RouteServerSet, Position = 0)]
    [Parameter(ParameterSetName = PeerSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.RouteServer)]
    [ArgumentCompleter(typeof(RouteServerIdCompleter))]
    public string[]? RouteServerId { get; set; }

    /// <summary>Route Server peers (rsp-…) whose routes to list: typed, from a piped peer, or from a CSV column.</summary>
    [Parameter(ParameterSetName = PeerSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.RouteServerPeer)]
    [ArgumentCompleter(typeof(RouteServerPeerIdCompleter))]
    public string[]? RouteServerPeerId { get; set; }

    /// <summary>Direct Connect virtual interfaces (dxvif-…) whose routes to list; a piped DxBgpPeer gives its own.</summary>
    [Parameter(ParameterSetName = VirtualInterfaceSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string[]? VirtualInterfaceId { get; set; }

    /// <summary>
    /// A Direct Connect BGP peer (dxpeer-…) on the interface, with its -AddressFamily: only that family's routes are
    /// listed, and they name the peer. Both bind from a piped DxBgpPeer.
    /// </summary>
    [Parameter(ParameterSetName = VirtualInterfaceSet, ValueFromPipelineByPropertyName = true)]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string? BgpPeerId { get; set; }

    /// <summary>Direct Connect: only the routes of this address family (IPv4 or IPv6).</summary>
    [Parameter(ParameterSetName = VirtualInterfaceSet, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(AddressFamily), "AddressFamily")]
    public AddressFamily? AddressFamily { get; set; }

    /// <summary>Direct Connect: the routes AWS accepted from you (the default) or those it advertises to you.</summary>
    [Parameter(ParameterSetName = VirtualInterfaceSet)]
    [StrictEnum(typeof(RouteDirection), "Direction")]
    public RouteDirection Direction { get; set; } = RouteDirection.Accepted;

    /// <summary>Only routes for this CIDR, matched as -Match says.</summary>
    [Parameter]
    [ValidateIpPrefix]
    public string? Prefix { get; set; }

    /// <summary>How -Prefix matches: Exact (the default), LongestPrefix, SubnetOf or SupernetOf.</summary>
    [Parameter]
    [StrictEnum(typeof(RoutePrefixMatch), "Match")]
    public RoutePrefixMatch Match { get; set; }

    /// <summary>Routes per call: 5 to 1000 for Route Server; Direct Connect pages hold at most 100.</summary>
    [Parameter]
    [ValidateRange(5, 1000)]
    public int PageSize { get; set; } = BgpRouteQuery.MaxRouteServerPageSize;

    protected override void BeginProcessing()
    {
        try
        {
            _query = BgpRouteQuery.Build(Prefix, MyInvocation.BoundParameters.ContainsKey(nameof(Match)) ? Match : null, Direction, PageSize);
        }
        catch (ValidationException ex)
        {
            // The cmdlet's own settings, not an item: nothing could be read as asked.
            ThrowTerminatingError(ErrorRecords.From(ErrorCatalogue.InvalidArgument.For(ex, ex.ParamName, ex.Reason)));
        }
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case RouteServerSet when RouteServerId is null:
                Read(CurrentSession().BgpRoutes().GetAll(_query), _query);
                break;
            case RouteServerSet:
                Queue(_sources, RouteServerId.Select(RouteSource.ForRouteServer));
                break;
            case PeerSet:
                // One route server for the record's peers when it says (a piped peer does); else they are looked up.
                var routeServer = RouteServerId is { Length: 1 } one ? one[0] : null;
                Queue(_sources, RouteServerPeerId!.Select(id => RouteSource.ForRouteServerPeer(id, routeServer)));
                break;
            default:
                Queue(_sources, VirtualInterfaceId!.Select(vif => RouteSource.ForVirtualInterface(vif, BgpPeerId, AddressFamily)));
                break;
        }
    }

    protected override void EndProcessing()
    {
        // Everything piped in is read together, per region and endpoint: one read per route server or interface.
        ReadQueued(_sources, (session, sources) => session.BgpRoutes().Get(sources, _query));
    }
}
