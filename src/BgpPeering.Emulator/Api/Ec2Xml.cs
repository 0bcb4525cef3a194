using System.Globalization;
using System.Text;
using System.Xml;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// EC2's answers as XML: documents in the 2016-11-15 namespace with lowerCamel names and <c>&lt;item&gt;</c> list
/// entries, and <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> error documents (see /work/shared/wire/README.md and
/// the fixtures in tests/BgpPeering.Tests/Wire/responses).
/// </summary>
internal static class Ec2Xml
{
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public const string ContentType = "text/xml;charset=UTF-8";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "    ",
    };

    /// <summary>A successful answer: <c>&lt;root&gt;&lt;requestId/&gt;…&lt;/root&gt;</c>, the rest written by <paramref name="body"/>.</summary>
    public static ApiResponse Write(string root, string requestId, Action<XmlWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(root, Namespace);
            E(w, "requestId", requestId);
            body(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(200, ContentType, ms.ToArray());
    }

    /// <summary>An EC2 error document, as in the EC2.*.error-*.xml fixtures.</summary>
    public static ApiResponse Error(string code, string message, int status, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Response");
            w.WriteStartElement("Errors");
            w.WriteStartElement("Error");
            w.WriteElementString("Code", code);
            w.WriteElementString("Message", XmlText.Safe(message));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("RequestID", requestId);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(status, ContentType, ms.ToArray(), code);
    }

    /// <summary>A Route Server peer's members, inside its <c>routeServerPeer</c> or <c>item</c> element.</summary>
    public static void WritePeer(XmlWriter w, RsPeerView peer)
    {
        E(w, "routeServerPeerId", peer.Id);
        E(w, "routeServerEndpointId", peer.EndpointId);
        E(w, "routeServerId", peer.RouteServerId);
        E(w, "vpcId", peer.VpcId);
        E(w, "subnetId", peer.SubnetId);
        E(w, "state", peer.State);
        if (peer.FailureReason is not null) E(w, "failureReason", peer.FailureReason);
        E(w, "endpointEniId", peer.EniId);
        E(w, "endpointEniAddress", peer.EniAddress);
        E(w, "peerAddress", peer.PeerAddress);
        w.WriteStartElement("bgpOptions", Namespace);
        E(w, "peerAsn", peer.Asn.ToString(CultureInfo.InvariantCulture));
        E(w, "peerLivenessDetection", peer.Liveness);
        w.WriteEndElement();
        if (peer.BgpStatus is not null)
        {
            w.WriteStartElement("bgpStatus", Namespace);
            E(w, "status", peer.BgpStatus);
            w.WriteEndElement();
        }
        if (peer.BfdStatus is not null)
        {
            w.WriteStartElement("bfdStatus", Namespace);
            E(w, "status", peer.BfdStatus);
            w.WriteEndElement();
        }
        WriteTags(w, peer.Tags);
    }

    /// <summary>A Route Server endpoint's members, inside its <c>item</c> element.</summary>
    public static void WriteEndpoint(XmlWriter w, EndpointView e)
    {
        E(w, "routeServerId", e.RouteServerId);
        E(w, "routeServerEndpointId", e.Id);
        E(w, "vpcId", e.VpcId);
        E(w, "subnetId", e.SubnetId);
        E(w, "eniId", e.EniId);
        E(w, "eniAddress", e.EniAddress);
        E(w, "state", e.State);
        if (e.FailureReason is not null) E(w, "failureReason", e.FailureReason);
        WriteTags(w, e.Tags);
    }

    /// <summary>
    /// A route of a routing database, inside its <c>item</c>, in the fixtures' member order. Lists are
    /// <c>routeInstallationDetailSet</c> and <c>asPathSet</c> (ASNs as strings); an in-rib route has no installation
    /// details, a route without a MED no <c>med</c>.
    /// </summary>
    public static void WriteRoute(XmlWriter w, RsRouteView r)
    {
        E(w, "routeServerEndpointId", r.EndpointId);
        E(w, "routeServerPeerId", r.PeerId);
        if (r.Installations.Count > 0)
        {
            WriteSet(w, "routeInstallationDetailSet", r.Installations, static (w, i) =>
            {
                E(w, "routeTableId", i.RouteTableId);
                E(w, "routeInstallationStatus", i.Status);
                if (i.Reason is not null) E(w, "routeInstallationStatusReason", i.Reason);
            });
        }
        E(w, "routeStatus", r.Status);
        E(w, "prefix", r.Prefix);
        WriteSet(w, "asPathSet", r.AsPath, static (w, asn) => w.WriteString(asn));
        if (r.Med is long med) E(w, "med", med.ToString(CultureInfo.InvariantCulture));
        E(w, "nextHopIp", r.NextHop);
    }

    /// <summary>A list of items, each written by <paramref name="item"/> inside its <c>&lt;item&gt;</c>.</summary>
    public static void WriteSet<T>(XmlWriter w, string name, IEnumerable<T> items, Action<XmlWriter, T> item)
    {
        w.WriteStartElement(name, Namespace);
        foreach (var value in items)
        {
            w.WriteStartElement("item", Namespace);
            item(w, value);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>One element in the EC2 namespace with text content.</summary>
    public static void E(XmlWriter w, string name, string value) => w.WriteElementString(name, Namespace, value);

    private static void WriteTags(XmlWriter w, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count == 0) return;
        WriteSet(w, "tagSet", tags, static (w, tag) =>
        {
            E(w, "key", tag.Key);
            E(w, "value", tag.Value);
        });
    }
}
