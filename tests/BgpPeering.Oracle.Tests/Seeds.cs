using BgpPeering.Emulator.State;

namespace BgpPeering.Oracle.Tests;

/// <summary>Emulator seeds: the demo topology plus generated peers, and peers with the edge values the parsers must agree on.</summary>
public static class Seeds
{
    public const string EndpointA = "rse-0123456789abcdef0";
    public const string EndpointB = "rse-0fedcba9876543210";

    /// <summary>The demo topology plus <paramref name="count"/> generated peers, split over its two endpoints.</summary>
    public static Topology Generated(int count)
    {
        var topology = Topology.Demo();
        var endpoints = Endpoints(topology);
        endpoints[0].GeneratePeers = new GeneratePeersSeed { Count = count - count / 2, FirstAddress = "10.0.1.100" };
        if (count / 2 > 0) endpoints[1].GeneratePeers = new GeneratePeersSeed { Count = count / 2, FirstAddress = "10.0.2.100", PeerAsn = 4200000000, PeerLivenessDetection = "bfd" };
        return topology;
    }

    /// <summary>
    /// <see cref="Generated"/> plus peers with edge values: the largest and smallest ASN, failed peers without any BGP
    /// or BFD status, peers with BGP down, pending and deleting peers, tag keys and values with <c>=</c>, <c>;</c>,
    /// XML's special characters, non-ASCII text, inner spaces, empty values, and many tags.
    /// </summary>
    public static Topology WithEdgeValues(int generated)
    {
        var topology = Generated(generated);
        var a = Endpoints(topology)[0];
        var b = Endpoints(topology)[1];
        a.Peers.Add(new RouteServerPeerSeed
        {
            PeerAddress = "10.0.1.200", PeerAsn = 4294967295, PeerLivenessDetection = "bfd", State = "available", BgpStatus = "up",
            Tags = new()
            {
                ["Name"] = "edge-max-asn",
                ["k=v"] = "a=b;c=d",
                ["semi;colon"] = "x;y=z;",
                ["xml<&>\"'"] = "<tag> & \"quoted\" 'single'",
                ["unicode"] = "Grüße ✓ 日本",
                ["inner space"] = "two  spaces inside",
                ["empty"] = "",
            },
        });
        a.Peers.Add(new RouteServerPeerSeed { PeerAddress = "10.0.1.201", PeerAsn = 1, State = "available", BgpStatus = "down", Tags = new() { ["=;"] = ";=" } });
        a.Peers.Add(new RouteServerPeerSeed
        {
            PeerAddress = "10.0.1.202", PeerAsn = 65002, State = "failed",
            FailureReason = "The peer address is not reachable from the route server endpoint; check the route table (a=b).",
        });
        a.Peers.Add(new RouteServerPeerSeed { PeerAddress = "10.0.1.203", PeerAsn = 65003, State = "failed" });
        b.Peers.Add(new RouteServerPeerSeed { PeerAddress = "10.0.2.204", PeerAsn = 65004, State = "pending" });
        b.Peers.Add(new RouteServerPeerSeed { PeerAddress = "10.0.2.205", PeerAsn = 65005, State = "deleting" });
        var many = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++) many["tag" + i] = "value=" + i + ";";
        b.Peers.Add(new RouteServerPeerSeed { PeerAddress = "10.0.2.206", PeerAsn = 4200000001, PeerLivenessDetection = "bfd", Tags = many });
        return topology;
    }

    private static List<EndpointSeed> Endpoints(Topology topology) =>
        topology.Vpcs.SelectMany(v => v.RouteServers).SelectMany(r => r.Endpoints).ToList();
}
