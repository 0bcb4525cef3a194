using System.Collections;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Planning;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Makes the Route Server peers of the endpoints your rows name what the rows say: creates, keeps, re-tags or replaces each row's peer, and with -RemoveUnlisted removes the rest. -WhatIf is the plan, checked with EC2 DryRuns.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "RouteServerPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BgpPeerChange))]
public sealed class SyncRouteServerPeerCommand : BgpPeeringCmdlet
{
    private readonly SessionBatches<RouteServerSyncRow> _rows = new();
    private BindingErrorWatch? _bindingErrors;
    private int _refused;

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

    /// <summary>Also remove the peers on the endpoints the rows name that no row names. Endpoints no row names are never touched.</summary>
    [Parameter]
    public SwitchParameter RemoveUnlisted { get; set; }

    /// <summary>Make the Remove and Replace changes without asking. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() => _bindingErrors = new BindingErrorWatch(this);

    protected override void ProcessRecord()
    {
        var tags = TagInput.FromHashtable(Tag, "Tag");
        var row = Build(() => new RouteServerSyncRow(RouteServerRules.BuildCreate(RouteServerEndpointId, PeerAddress, PeerAsn, PeerLivenessDetection, tags), tags is { Count: > 0 }), PeerAddress);
        if (row is null) _refused++;
        else Queue(_rows, new[] { row });
    }

    protected override void EndProcessing()
    {
        var refused = _refused + (_bindingErrors?.Count(this) ?? 0);
        var whatIf = WhatIfRequested();
        var yesToAll = false;
        var noToAll = false;
        foreach (var batch in _rows.BySession())
        {
            var session = batch.Key;
            var options = new SyncOptions
            {
                RemoveUnlisted = RemoveUnlisted,
                WithholdRemovalsBecause = refused == 0 ? null : refused + " row(s) of this call were refused, and a refused row may name a peer that would look unlisted.",
                Region = session.Region,
                EndpointUrl = session.EndpointUrl,
            };
            var sync = session.RouteServerPeerSync();
            SyncPlan? plan = null;
            Read(sync.Plan(batch.Value, options, p => plan = p), batch.Value);
            if (plan is null) continue;
            var progress = new SyncProgress(this, "Sync-RouteServerPeer", plan);
            foreach (var change in plan.Changes)
            {
                if (change.Action == BgpPeerChangeAction.Keep)
                {
                    WriteObject(change.Kept(!whatIf));
                    continue;
                }
                progress.Next(change);
                Step(sync.Step(change), Force, ref yesToAll, ref noToAll);
            }
            progress.Done();
        }
    }
}
