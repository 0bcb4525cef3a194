using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Deletes Direct Connect BGP peers, by ID or by interface, ASN and customer address.</para>
/// <para type="description">
/// Direct Connect never deletes the last peer on a virtual interface; trying gives a LastBgpPeer error.
/// Direct Connect has no DryRun: -WhatIf finds the peer with read-only DescribeVirtualInterfaces calls and says
/// whether the delete would succeed. -Force skips the confirmation.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DxBgpPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
[OutputType(typeof(DxBgpPeer))]
public sealed class RemoveDxBgpPeerCommand : BgpPeeringCmdlet
{
    private const string IdSet = "ById";
    private const string KeySet = "ByInterface";

    /// <summary>The peers (dxpeer-…) to delete.</summary>
    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineIdTransformation(nameof(BgpPeerId), "PeerId")]
    [Alias("PeerId")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string[] BgpPeerId { get; set; } = new string[0];

    /// <summary>The virtual interface (dxvif-…) of the peer; give it with -Asn and -CustomerAddress.</summary>
    [Parameter(ParameterSetName = KeySet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId")]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>The peer's ASN, 1 to 4294967294.</summary>
    [Parameter(ParameterSetName = KeySet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PeerAsn", "BgpAsn", "AsnLong")]
    [WholeNumber("Asn", "1 to 4294967294")]
    [ValidateRange(DirectConnectRules.MinAsn, DirectConnectRules.MaxAsn)]
    public long Asn { get; set; }

    /// <summary>The peer's customer address in CIDR notation, as Get-DxBgpPeer shows it.</summary>
    [Parameter(ParameterSetName = KeySet, Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("CustomerIp", "RouterAddress")]
    [ValidateNotNullOrEmpty]
    public string CustomerAddress { get; set; } = string.Empty;

    /// <summary>Deletes without asking for confirmation. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each deleted peer, as the answer lists it (deleting).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var requests = ParameterSetName == KeySet
            ? new[] { Build(() => DirectConnectRules.BuildDeleteByKey(VirtualInterfaceId, Asn, CustomerAddress), CustomerAddress) }
            : BgpPeerId.Select(id => (DxBgpPeerDeleteRequest?)DxBgpPeerDeleteRequest.ById(id));
        foreach (var request in requests.OfType<DxBgpPeerDeleteRequest>()) Mutate(CurrentSession().DxBgpPeers().Remove(request, PassThru), Force);
    }
}
