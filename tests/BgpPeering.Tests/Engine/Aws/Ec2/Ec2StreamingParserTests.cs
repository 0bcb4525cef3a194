using System.Text;
using System.Xml;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Model;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.Ec2;

/// <summary>
/// The streaming EC2 reader (Ec2Responses over Ec2XmlCursor) on inputs the wire fixtures do not have: the first
/// member wins, text is all the text inside, unknown members are skipped, no namespace is needed; entities and CDATA,
/// values longer than its buffer, and answers that are cut short or miss their peer.
/// </summary>
public sealed class Ec2StreamingParserTests
{
    private static readonly ReadContext Ctx = new("us-east-1", "http://127.0.0.1:1", DateTimeOffset.UnixEpoch);

    private static Ec2XmlCursor Stream(string xml) =>
        new(XmlReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Ec2XmlCursor.Settings()));

    private const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    [Fact]
    public void First_member_wins_unknown_members_are_skipped_and_text_includes_entities_and_cdata()
    {
        var xml = $"""
            <DescribeRouteServerPeersResponse xmlns="{Ns}">
              <requestId>req-1</requestId>
              <unknownMember><item><routeServerPeerId>rsp-wrong</routeServerPeerId></item></unknownMember>
              <routeServerPeerSet>
                <item>
                  <routeServerPeerId>rsp-1</routeServerPeerId>
                  <routeServerPeerId>rsp-second</routeServerPeerId>
                  <futureField><nested>x</nested></futureField>
                  <state> AVAILABLE </state>
                  <bgpOptions><peerAsn>4294967295</peerAsn><peerAsn>1</peerAsn></bgpOptions>
                  <bgpStatus><status>down</status></bgpStatus>
                  <tagSet>
                    <item><key>k=v</key><value>a &amp; b;&lt;c&gt; <![CDATA[<raw>&]]></value></item>
                    <item><key>dup</key><value>first</value></item>
                    <item><key>dup</key><value>last</value></item>
                    <item><value>no key</value></item>
                    <notAnItem><key>x</key></notAnItem>
                  </tagSet>
                </item>
                <item/>
                <notAnItem><routeServerPeerId>rsp-skip</routeServerPeerId></notAnItem>
              </routeServerPeerSet>
              <nextToken>tok=;1</nextToken>
              <nextToken>tok-2</nextToken>
            </DescribeRouteServerPeersResponse>
            """;
        var cursor = Stream(xml);
        var page = Ec2Responses.ReadPeerPage(cursor, Ctx);

        Assert.Equal("req-1", cursor.RequestId);
        Assert.Equal("tok=;1", page.NextToken);
        Assert.Equal(2, page.Items.Count);
        var p = page.Items[0];
        Assert.Equal("rsp-1", p.RouteServerPeerId);
        Assert.Equal(RouteServerState.Available, p.State);
        Assert.Equal(4294967295L, p.PeerAsn);
        Assert.Equal(PeerLivenessDetection.BgpKeepalive, p.PeerLivenessDetection);
        Assert.Equal(BgpStatus.Down, p.BgpStatus);
        Assert.Equal(BgpStatus.Unknown, p.BfdStatus);
        Assert.Equal("a & b;<c> <raw>&", p.Tags["k=v"]);
        Assert.Equal("last", p.Tags["dup"]);
        Assert.Equal("no key", p.Tags[string.Empty]);
        Assert.Equal(3, p.Tags.Count);
        Assert.Equal("us-east-1", p.Region);
        Assert.Equal(string.Empty, page.Items[1].RouteServerPeerId);
        Assert.Equal(0, page.Items[1].PeerAsn);
        Assert.Same(Tags.Empty, page.Items[1].Tags);
    }

    [Fact]
    public void Long_values_and_no_namespace_read_whole()
    {
        var reason = string.Concat(Enumerable.Repeat("The peer is unreachable; a=b & c. ", 200));
        var escaped = reason.Replace("&", "&amp;");
        var xml = $"<CreateRouteServerPeerResponse><routeServerPeer><routeServerPeerId>rsp-2</routeServerPeerId><state>failed</state><failureReason>{escaped}</failureReason></routeServerPeer></CreateRouteServerPeerResponse>";
        var peer = Ec2Responses.Require(Ec2Responses.ReadSinglePeer(Stream(xml), Ctx), "CreateRouteServerPeer");
        Assert.Equal(reason, peer.FailureReason);
        Assert.Equal(RouteServerState.Failed, peer.State);
        Assert.Equal(BgpStatus.Unknown, peer.BgpStatus);
    }

    [Fact]
    public void A_single_peer_answer_without_routeServerPeer_is_a_format_error()
    {
        var peer = Ec2Responses.ReadSinglePeer(Stream("<DeleteRouteServerPeerResponse><requestId>r</requestId></DeleteRouteServerPeerResponse>"), Ctx);
        Assert.Null(peer);
        var ex = Assert.Throws<FormatException>(() => Ec2Responses.Require(peer, "DeleteRouteServerPeer"));
        Assert.Contains("routeServerPeer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_cut_short_is_an_xml_error()
    {
        Assert.ThrowsAny<XmlException>(() => Ec2Responses.ReadPeerPage(Stream($"<DescribeRouteServerPeersResponse xmlns=\"{Ns}\"><routeServerPeerSet><item><routeServerPeerId>rsp-1"), Ctx));
    }
}
