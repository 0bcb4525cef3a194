using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Gets Direct Connect BGP peers, flattened with their virtual interface's context.</para>
/// <para type="description">
/// With no parameters it lists every peer in the region. -VirtualInterfaceId, -ConnectionId and -BgpPeerId
/// narrow the result, and combine: a piped peer is read again by its interface and ID with one call per
/// interface. DescribeVirtualInterfaces cannot filter by peer, so -BgpPeerId alone lists the region's
/// interfaces once for all IDs. A peer or interface asked for by ID and not found is an ObjectNotFound error.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DxBgpPeer", DefaultParameterSetName = FilterSet)]
[OutputType(typeof(DxBgpPeer))]
public sealed class GetDxBgpPeerCommand : BgpPeeringCmdlet
{
    private const string FilterSet = "Filter";

    private readonly SessionBatches<DxBgpPeerSelector> _selectors = new();

    /// <summary>One or more BGP peer IDs (dxpeer-…). Binds a piped failover test's BgpPeerIds, to read the peers it tests.</summary>
    [Parameter(ParameterSetName = FilterSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PeerId", "BgpPeerIds")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string[]? BgpPeerId { get; set; }

    /// <summary>One or more virtual interface IDs (dxvif-…).</summary>
    [Parameter(ParameterSetName = FilterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string[]? VirtualInterfaceId { get; set; }

    /// <summary>One or more connection or LAG IDs (dxcon-… or dxlag-…).</summary>
    [Parameter(ParameterSetName = FilterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LagId")]
    [ValidateNotNullOrEmpty]
    public string[]? ConnectionId { get; set; }

    protected override void ProcessRecord()
    {
        var selectors = Build(() => DirectConnectRules.BuildSelectors(VirtualInterfaceId, ConnectionId, BgpPeerId), ConnectionId);
        if (selectors is not null) Queue(_selectors, selectors);
    }

    protected override void EndProcessing()
    {
        // Everything piped in is asked for together, per region and endpoint: one call per interface.
        ReadQueued(_selectors, (session, selectors) => session.DxBgpPeers().Get(selectors));
    }
}
