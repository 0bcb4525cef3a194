using System;
using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Stops the Direct Connect BGP failover test running on a virtual interface, and returns the stopped test.</para>
/// <para type="description">
/// StopBgpFailoverTest names no test: it stops the one running on the interface, and AWS then restores the BGP
/// sessions the test took down. Pipe in a test from Start- or Get-DxBgpFailoverTest (it binds by VirtualInterfaceId),
/// or peers from Get-DxBgpPeer; each interface is stopped once. With no test running there it is a
/// NoFailoverTestRunning error. ConfirmImpact is High, as for a start: a stop changes live BGP sessions too (traffic
/// moves back onto the tested path while the sessions re-establish, and a piped history may hold someone else's
/// drill). -Force skips the question; -WhatIf reads which test would be stopped.
/// </para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "DxBgpFailoverTest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DxBgpFailoverTest))]
public sealed class StopDxBgpFailoverTestCommand : BgpPeeringCmdlet
{
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    /// <summary>The virtual interfaces (dxvif-…) whose running test to stop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PipelineIdTransformation(nameof(VirtualInterfaceId), "VifId")]
    [Alias("VifId")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string[] VirtualInterfaceId { get; set; } = new string[0];

    /// <summary>Stops without asking for confirmation. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var session = CurrentSession();
        foreach (var id in VirtualInterfaceId)
        {
            if (!_stopped.Add(session.CacheKey + "\n" + id))
            {
                WriteVerbose(id + " was already stopped by this command; once is enough.");
                continue;
            }
            Mutate(session.DxBgpFailoverTests().Stop(id), Force);
        }
    }
}
