using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Planning;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Makes the BGP peers of the Direct Connect virtual interfaces your rows name what the rows say: creates, keeps or replaces each row's peer, and with -RemoveUnlisted removes the rest, in an order Direct Connect's rules allow.</para>
/// <para type="description">
/// Direct Connect has no DryRun: -WhatIf writes the plan, checked against each interface's peers and Direct Connect's
/// rules with read-only calls (one DescribeVirtualInterfaces per interface, one DescribeConnections per connection
/// whose logical redundancy matters), and sends no write.
/// </para>
/// </summary>
[Cmdlet(VerbsData.Sync, "DxBgpPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BgpPeerChange))]
public sealed class SyncDxBgpPeerCommand : BgpPeeringCmdlet
{
    private readonly SessionBatches<DxSyncRow> _rows = new();
    private BindingErrorWatch? _bindingErrors;
    private int _refused;

    /// <summary>The virtual interface (dxvif-…) of the row's peer.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId", "VirtualInterface")]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>IPv4 or IPv6.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Family")]
    [StrictEnum(typeof(AddressFamily), "AddressFamily")]
    public AddressFamily AddressFamily { get; set; }

    /// <summary>The customer side's BGP ASN, 1 to 4294967294: with the interface, family and customer address, what the peer is known by.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("PeerAsn", "BgpAsn", "AsnLong")]
    [WholeNumber("Asn", "1 to 4294967294")]
    [ValidateRange(DirectConnectRules.MinAsn, DirectConnectRules.MaxAsn)]
    public long Asn { get; set; }

    /// <summary>
    /// The BGP MD5 key, 6 to 80 characters: a string or a SecureString. Unlike New-DxBgpPeer's, it binds from the
    /// row (a CSV column named AuthKey), because the row is the peer's desired state; it is never written to any
    /// stream. Given, a peer with another key is replaced; left out, the peer's key is left as it is.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("BgpAuthKey")]
    [AuthKeyTransformation]
    public object? AuthKey { get; set; }

    /// <summary>The Amazon side's address in CIDR notation (IPv4 only; give it with -CustomerAddress). A peer with another one is replaced.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AmazonIp")]
    public string? AmazonAddress { get; set; }

    /// <summary>Your router's address in CIDR notation (IPv4 only; give it with -AmazonAddress). Part of what the peer is known by.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CustomerIp", "RouterAddress")]
    public string? CustomerAddress { get; set; }

    /// <summary>Also remove the peers on the interfaces the rows name that no row names (never an interface's last). Interfaces no row names are never touched.</summary>
    [Parameter]
    public SwitchParameter RemoveUnlisted { get; set; }

    /// <summary>Make the Remove and Replace changes without asking. -WhatIf is still honoured.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() => _bindingErrors = new BindingErrorWatch(this);

    protected override void ProcessRecord()
    {
        var row = Build(() => new DxSyncRow(DirectConnectRules.BuildCreate(VirtualInterfaceId, AddressFamily, Asn, (AuthKey as MaskedString)?.Reveal(), AmazonAddress, CustomerAddress)), VirtualInterfaceId);
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
            var sync = session.DxBgpPeerSync();
            SyncPlan? plan = null;
            Read(sync.Plan(batch.Value, options, p => plan = p), batch.Value);
            if (plan is null) continue;
            // The changes of one interface were ordered to keep Direct Connect's rules: once one is not made (declined,
            // or failed), the later ones of that interface are not attempted.
            var stopped = new Dictionary<string, string>();
            var progress = new SyncProgress(this, "Sync-DxBgpPeer", plan);
            foreach (var change in plan.Changes)
            {
                if (change.Action == BgpPeerChangeAction.Keep)
                {
                    WriteObject(change.Kept(!whatIf));
                    continue;
                }
                if (stopped.TryGetValue(change.Parent, out var first))
                {
                    WriteWarning("Not attempted: " + change.Change + ", because the earlier " + first + " was not made, and the changes of " + change.Parent +
                        " were ordered to keep Direct Connect's rules. Run the sync again.");
                    continue;
                }
                progress.Next(change);
                if (!Step(sync.Step(change), Force, ref yesToAll, ref noToAll) && !whatIf) stopped[change.Parent] = change.Change.ToString();
            }
            progress.Done();
        }
    }
}
