using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Deletes VPC Route Server peers. -WhatIf sends an EC2 DryRun; -Force skips the confirmation.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RouteServerPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RouteServerPeer))]
public sealed class RemoveRouteServerPeerCommand : BgpPeeringCmdlet
{
    /// <summary>The peers (rsp-…) to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineIdTransformation(nameof(RouteServerPeerId))]
    [ValidateAwsId(AwsIdKind.RouteServerPeer)]
    [ArgumentCompleter(typeof(RouteServerPeerIdCompleter))]
    public string[] RouteServerPeerId { get; set; } = new string[0];

    /// <summary>Deletes without asking for confirmation. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each deleted peer, in its deleting state.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in RouteServerPeerId) Mutate(CurrentSession().RouteServerPeers().Remove(id, PassThru), Force);
    }
}
