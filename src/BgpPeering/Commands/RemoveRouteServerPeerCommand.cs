using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Internal;

namespace BgpPeering.Commands
{
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
            var client = CurrentSession().RouteServer;
            foreach (var id in RouteServerPeerId)
            {
                switch (Decide(id, "Delete Route Server peer", Force))
                {
                    case Decision.Proceed:
                        RunAsync((sink, ct) => RouteServerOperations.RemovePeerAsync(client, id, PassThru, sink, ct), id);
                        break;
                    case Decision.WhatIf:
                        RunAsync((sink, ct) => RouteServerOperations.DryRunRemovePeerAsync(client, id, sink, ct), id);
                        break;
                }
            }
        }
    }
}
