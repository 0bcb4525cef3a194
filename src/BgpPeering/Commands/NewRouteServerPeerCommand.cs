using System.Collections;
using System.Management.Automation;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Creates a VPC Route Server peer. -WhatIf sends an EC2 DryRun: a real permission check that changes nothing.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "RouteServerPeer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RouteServerPeer))]
public sealed class NewRouteServerPeerCommand : BgpPeeringCmdlet
{
    /// <summary>The Route Server endpoint (rse-…) the peer talks to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("EndpointId")]
    [ValidateAwsId(AwsIdKind.RouteServerEndpoint)]
    [ArgumentCompleter(typeof(RouteServerEndpointIdCompleter))]
    public string RouteServerEndpointId { get; set; } = string.Empty;

    /// <summary>The peer's IPv4 address, such as a firewall's interface address in the endpoint's subnet.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Address", "IpAddress")]
    [ValidateIPv4]
    public string PeerAddress { get; set; } = string.Empty;

    /// <summary>The peer's BGP ASN, 1 to 4294967295.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("Asn")]
    [WholeNumber("PeerAsn", "1 to 4294967295")]
    [ValidateRange(RouteServerRules.MinAsn, RouteServerRules.MaxAsn)]
    public long PeerAsn { get; set; }

    /// <summary>How the Route Server detects a dead peer: BgpKeepalive (the default) or Bfd.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Liveness")]
    [StrictEnum(typeof(PeerLivenessDetection), "PeerLivenessDetection", EmptyMeans = nameof(PeerLivenessDetection.BgpKeepalive))]
    public PeerLivenessDetection PeerLivenessDetection { get; set; } = PeerLivenessDetection.BgpKeepalive;

    /// <summary>
    /// Tags for the peer: a hashtable, or text such as 'Name=fw-a;env=prod' (a CSV column named Tag). No alias
    /// binds a piped object's Tags: piping an endpoint must not give the new peer the endpoint's Name.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [TagTransformation]
    public Hashtable? Tag { get; set; }

    protected override void ProcessRecord()
    {
        var request = Build(() => RouteServerRules.BuildCreate(RouteServerEndpointId, PeerAddress, PeerAsn, PeerLivenessDetection, TagInput.FromHashtable(Tag, "Tag")), PeerAddress);
        if (request is not null) Mutate(CurrentSession().RouteServerPeers().Create(request));
    }
}
