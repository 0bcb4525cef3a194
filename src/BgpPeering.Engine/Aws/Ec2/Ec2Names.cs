using System.Xml;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>The element names of the Route Server responses, atomized once per reader.</summary>
internal sealed class Ec2Names
{
    public Ec2Names(XmlNameTable t)
    {
        RequestId = t.Add("requestId");
        NextToken = t.Add("nextToken");
        Item = t.Add("item");
        RouteServerPeerSet = t.Add("routeServerPeerSet");
        RouteServerEndpointSet = t.Add("routeServerEndpointSet");
        RouteServerPeer = t.Add("routeServerPeer");
        RouteServerPeerId = t.Add("routeServerPeerId");
        RouteServerEndpointId = t.Add("routeServerEndpointId");
        RouteServerId = t.Add("routeServerId");
        VpcId = t.Add("vpcId");
        SubnetId = t.Add("subnetId");
        State = t.Add("state");
        FailureReason = t.Add("failureReason");
        EndpointEniId = t.Add("endpointEniId");
        EndpointEniAddress = t.Add("endpointEniAddress");
        EniId = t.Add("eniId");
        EniAddress = t.Add("eniAddress");
        PeerAddress = t.Add("peerAddress");
        BgpOptions = t.Add("bgpOptions");
        PeerAsn = t.Add("peerAsn");
        PeerLivenessDetection = t.Add("peerLivenessDetection");
        BgpStatus = t.Add("bgpStatus");
        BfdStatus = t.Add("bfdStatus");
        Status = t.Add("status");
        TagSet = t.Add("tagSet");
        Key = t.Add("key");
        Value = t.Add("value");
        RouteSet = t.Add("routeSet");
        AreRoutesPersisted = t.Add("areRoutesPersisted");
        Prefix = t.Add("prefix");
        NextHopIp = t.Add("nextHopIp");
        Med = t.Add("med");
        RouteStatus = t.Add("routeStatus");
        AsPathSet = t.Add("asPathSet");
        RouteInstallationDetailSet = t.Add("routeInstallationDetailSet");
        RouteTableId = t.Add("routeTableId");
        RouteInstallationStatus = t.Add("routeInstallationStatus");
        RouteInstallationStatusReason = t.Add("routeInstallationStatusReason");
    }

    public string RequestId { get; }
    public string NextToken { get; }
    public string Item { get; }
    public string RouteServerPeerSet { get; }
    public string RouteServerEndpointSet { get; }
    public string RouteServerPeer { get; }
    public string RouteServerPeerId { get; }
    public string RouteServerEndpointId { get; }
    public string RouteServerId { get; }
    public string VpcId { get; }
    public string SubnetId { get; }
    public string State { get; }
    public string FailureReason { get; }
    public string EndpointEniId { get; }
    public string EndpointEniAddress { get; }
    public string EniId { get; }
    public string EniAddress { get; }
    public string PeerAddress { get; }
    public string BgpOptions { get; }
    public string PeerAsn { get; }
    public string PeerLivenessDetection { get; }
    public string BgpStatus { get; }
    public string BfdStatus { get; }
    public string Status { get; }
    public string TagSet { get; }
    public string Key { get; }
    public string Value { get; }
    public string RouteSet { get; }
    public string AreRoutesPersisted { get; }
    public string Prefix { get; }
    public string NextHopIp { get; }
    public string Med { get; }
    public string RouteStatus { get; }
    public string AsPathSet { get; }
    public string RouteInstallationDetailSet { get; }
    public string RouteTableId { get; }
    public string RouteInstallationStatus { get; }
    public string RouteInstallationStatusReason { get; }
}
