using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Planning;
using BgpPeering.Engine.Session;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Makes the Route Server peers of the endpoints your rows name what the rows say: creates, keeps, re-tags or replaces each row's peer, and with -RemoveUnlisted removes the rest. -WhatIf is the plan, checked with EC2 DryRuns.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "RouteServerPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BgpPeerChange))]
public sealed class SyncRouteServerPeerCommand : SyncCmdlet<RouteServerSyncRow>
{
    /// <summary>The Route Server endpoint (rse-…) of the row's peer.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("EndpointId")]
    [ValidateAwsId(AwsIdKind.RouteServerEndpoint)]
    [ArgumentCompleter(typeof(RouteServerEndpointIdCompleter))]
    public string RouteServerEndpointId { get; set; } = string.Empty;

    /// <summary>The peer's IPv4 address: with the endpoint, what the peer is known by.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Address", "IpAddress")]
    [ValidateIPv4]
    public string PeerAddress { get; set; } = string.Empty;

    /// <summary>The peer's BGP ASN, 1 to 4294967295. A peer with another ASN is replaced.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("Asn")]
    [WholeNumber("PeerAsn", "1 to 4294967295")]
    [ValidateRange(RouteServerRules.MinAsn, RouteServerRules.MaxAsn)]
    public long PeerAsn { get; set; }

    /// <summary>BgpKeepalive (the default, as for New-RouteServerPeer) or Bfd. A peer with the other one is replaced.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Liveness")]
    [StrictEnum(typeof(PeerLivenessDetection), "PeerLivenessDetection", EmptyMeans = nameof(PeerLivenessDetection.BgpKeepalive))]
    public PeerLivenessDetection PeerLivenessDetection { get; set; } = PeerLivenessDetection.BgpKeepalive;

    /// <summary>
    /// The peer's tags: a hashtable, or text such as 'Name=fw-a;env=prod'. Given, the peer must have exactly these
    /// (tags AWS owns, aws:…, aside), changed in place with CreateTags/DeleteTags; left out or empty, the peer's tags
    /// are left as they are.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [TagTransformation]
    public Hashtable? Tag { get; set; }

    private protected override string Activity => "Sync-RouteServerPeer";

    private protected override RouteServerSyncRow? BuildRow()
    {
        var tags = TagInput.FromHashtable(Tag, "Tag");
        return Build(() => new RouteServerSyncRow(RouteServerRules.BuildCreate(RouteServerEndpointId, PeerAddress, PeerAsn, PeerLivenessDetection, tags), tags is { Count: > 0 }), PeerAddress);
    }

    private protected override EngineWork Plan(AwsSession session, List<RouteServerSyncRow> rows, SyncOptions options, System.Action<SyncPlan> planned) =>
        session.RouteServerPeerSync().Plan(rows, options, planned);

    private protected override SyncStep StepFor(AwsSession session, PlannedChange change) => session.RouteServerPeerSync().Step(change);
}
