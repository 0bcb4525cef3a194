using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Gets the Direct Connect BGP failover test history: running, completed, cancelled and failed tests.</para>
/// <para type="description">
/// With no parameters it lists the region's whole history. -TestId, -VirtualInterfaceId and -BgpPeerId narrow it and
/// combine (one ListVirtualInterfaceTestHistory call for each combination of the values given); -Status keeps the
/// tests in those states. Tests are written page by page as they arrive. A test asked for by ID and not found is an
/// ObjectNotFound error.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DxBgpFailoverTest")]
[OutputType(typeof(DxBgpFailoverTest))]
public sealed class GetDxBgpFailoverTestCommand : BgpPeeringCmdlet
{
    private readonly SessionBatches<DxBgpFailoverTestQuery> _queries = new();

    /// <summary>One or more failover test IDs.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FailoverTestIdCompleter))]
    public string[]? TestId { get; set; }

    /// <summary>One or more virtual interface IDs (dxvif-…): the tests run on them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VifId")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string[]? VirtualInterfaceId { get; set; }

    /// <summary>One or more BGP peer IDs (dxpeer-…): the tests that took them down.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PeerId", "BgpPeerIds")]
    [ValidateNotNullOrEmpty]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string[]? BgpPeerId { get; set; }

    /// <summary>Only tests in one of these states: InProgress, Completed, Cancelled, Failed (Unknown: a status this version cannot read).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public DxBgpFailoverTestStatus[]? Status { get; set; }

    protected override void ProcessRecord() =>
        Queue(_queries, FailoverTestRules.BuildQueries(TestId, VirtualInterfaceId, BgpPeerId));

    protected override void EndProcessing()
    {
        // Everything piped in is read together, per region and endpoint, and each test is written once.
        ReadQueued(_queries, (session, queries) => session.DxBgpFailoverTests().Get(queries, Status));
    }
}
