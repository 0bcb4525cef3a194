using System.Management.Automation;
using System.Net;
using System.Security;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Creates a BGP peer on a Direct Connect virtual interface and returns it.</para>
/// <para type="description">
/// Direct Connect has no DryRun: -WhatIf checks the input locally, then makes one read-only
/// DescribeVirtualInterfaces call to check that the interface exists and has no live peer of that address
/// family yet (a second one needs logical redundancy on the connection), and reports what would be created.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DxBgpPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DxBgpPeer))]
public sealed class NewDxBgpPeerCommand : BgpPeeringCmdlet
{
    /// <summary>The virtual interface (dxvif-…) to add the peer to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VifId", "VirtualInterface")]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>IPv4 or IPv6. A virtual interface takes one peer per family (two with logical redundancy).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Family")]
    [StrictEnum(typeof(AddressFamily), "AddressFamily")]
    public AddressFamily AddressFamily { get; set; }

    /// <summary>The customer side's BGP ASN, 1 to 4294967294 (sent as asnLong, so 4-byte ASNs work).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("PeerAsn", "BgpAsn", "AsnLong")]
    [WholeNumber("Asn", "1 to 4294967294")]
    [ValidateRange(DirectConnectRules.MinAsn, DirectConnectRules.MaxAsn)]
    public long Asn { get; set; }

    /// <summary>
    /// The BGP MD5 key, 6 to 80 characters: a string or a SecureString. Leave it out to have AWS generate one.
    /// It is never written to any stream, and never taken from a piped object (pass a peer's key on purpose
    /// with -AuthKey $peer.AuthKey).
    /// </summary>
    [Parameter]
    [Alias("BgpAuthKey")]
    [AuthKeyTransformation]
    public object? AuthKey { get; set; }

    /// <summary>The Amazon side's address in CIDR notation, such as 169.254.255.1/30. IPv4 only; give it with -CustomerAddress.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AmazonIp")]
    public string? AmazonAddress { get; set; }

    /// <summary>Your router's address in CIDR notation, such as 169.254.255.2/30. IPv4 only; give it with -AmazonAddress.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CustomerIp", "RouterAddress")]
    public string? CustomerAddress { get; set; }

    protected override void ProcessRecord()
    {
        var request = Build(() => DirectConnectRules.BuildCreate(VirtualInterfaceId, AddressFamily, Asn, (AuthKey as MaskedString)?.Reveal(), AmazonAddress, CustomerAddress), VirtualInterfaceId);
        if (request is not null) Mutate(CurrentSession().DxBgpPeers().Create(request));
    }
}
