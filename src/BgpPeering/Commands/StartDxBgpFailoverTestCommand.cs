using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Starts a Direct Connect BGP failover test: takes the named BGP sessions down for a while, to prove that traffic fails over.</para>
/// <para type="description">
/// Name the virtual interface and its peers, or pipe in peers from Get-DxBgpPeer: the peers of one interface become
/// one test (collected first, started at the end). ConfirmImpact is High, since a test takes production sessions
/// down; -Force skips the question. Direct Connect has no DryRun: -WhatIf checks with read-only calls that the
/// interface and peers exist and that no test runs there, and starts nothing.
/// </para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DxBgpFailoverTest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DxBgpFailoverTest))]
public sealed class StartDxBgpFailoverTestCommand : BgpPeeringCmdlet
{
    private readonly SessionBatches<StartDxBgpFailoverTestRequest> _rows = new();

    /// <summary>The virtual interface (dxvif-…) whose BGP sessions to test.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId")]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>The BGP peers (dxpeer-…) of that interface to take down for the test.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PeerId", "BgpPeerIds")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string[] BgpPeerId { get; set; } = new string[0];

    /// <summary>How long the sessions stay down: 1 to 4320 whole minutes (72 hours). The default is AWS's, 180 minutes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [FailoverDuration]
    [ValidateFailoverDuration]
    public TimeSpan Duration { get; set; } = FailoverTestRules.DefaultDuration;

    /// <summary>Starts without asking for confirmation. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var request = Build(() => FailoverTestRules.BuildStart(VirtualInterfaceId, BgpPeerId, Duration), VirtualInterfaceId);
        if (request is not null) Queue(_rows, new[] { request });
    }

    protected override void EndProcessing()
    {
        // The peers piped in for one interface are one test: an interface runs one test at a time.
        foreach (var batch in _rows.BySession())
        {
            foreach (var group in batch.Value.GroupBy(r => r.VirtualInterfaceId, StringComparer.Ordinal))
            {
                var minutes = group.Select(r => r.DurationInMinutes).Distinct().ToList();
                if (minutes.Count > 1)
                {
                    WriteError(ErrorRecords.From(ErrorCatalogue.InvalidArgument.For(new ValidationException("Duration",
                        "The rows for " + group.Key + " ask for different -Duration values (" + string.Join(", ", minutes.Select(m => m + " minutes")) +
                        "), but an interface runs one failover test at a time. Give one -Duration for the interface."), group.Key)));
                    continue;
                }
                var request = new StartDxBgpFailoverTestRequest
                {
                    VirtualInterfaceId = group.Key,
                    BgpPeerIds = group.SelectMany(r => r.BgpPeerIds).Distinct(StringComparer.Ordinal).ToList(),
                    DurationInMinutes = minutes[0],
                };
                Mutate(batch.Key.DxBgpFailoverTests().Start(request), Force);
            }
        }
    }
}
