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
/// <para type="synopsis">Makes the BGP peers of the Direct Connect virtual interfaces your rows name what the rows say: creates, keeps or replaces each row's peer, and with -RemoveUnlisted removes the rest, in an order Direct Connect's rules allow.</para>
/// <para type="description">
/// Direct Connect has no DryRun: -WhatIf writes the plan, checked against each interface's peers and Direct Connect's
/// rules with read-only calls (one DescribeVirtualInterfaces per interface, one DescribeConnections per connection
/// whose logical redundancy matters), and sends no write.
/// </para>
/// </summary>
[Cmdlet(VerbsData.Sync, "DxBgpPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BgpPeerChange))]
public sealed class SyncDxBgpPeerCommand : SyncCmdlet<DxSyncRow>
{
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

    private protected override string Activity => "Sync-DxBgpPeer";

    private protected override bool ChangesDependOnEachOther => true;

    private protected override DxSyncRow? BuildRow() =>
        Build(() => new DxSyncRow(DirectConnectRules.BuildCreate(VirtualInterfaceId, AddressFamily, Asn, (AuthKey as MaskedString)?.Reveal(), AmazonAddress, CustomerAddress)), VirtualInterfaceId);

    private protected override EngineWork Plan(AwsSession session, List<DxSyncRow> rows, SyncOptions options, System.Action<SyncPlan> planned) =>
        session.DxBgpPeerSync().Plan(rows, options, planned);

    private protected override SyncStep StepFor(AwsSession session, PlannedChange change) => session.DxBgpPeerSync().Step(change);
}
