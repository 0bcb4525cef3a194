using System.Text;
using System.Xml;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// STS's answers as XML in the 2011-06-15 namespace, in the shape AWSSDK.SecurityToken's unmarshallers read:
/// <c>&lt;XResponse&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata/&gt;</c>, and
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.
/// </summary>
internal static class StsXml
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    public const string ContentType = "text/xml";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };

    /// <summary>A successful answer: <paramref name="root"/> holding <paramref name="result"/> (written by <paramref name="body"/>) and the request ID.</summary>
    public static ApiResponse Write(string root, string result, string requestId, Action<XmlWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(root, Namespace);
            w.WriteStartElement(result, Namespace);
            body(w);
            w.WriteEndElement();
            w.WriteStartElement("ResponseMetadata", Namespace);
            w.WriteElementString("RequestId", Namespace, requestId);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(200, ContentType, ms.ToArray());
    }

    public static ApiResponse Error(string code, string message, int status, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("ErrorResponse", Namespace);
            w.WriteStartElement("Error", Namespace);
            w.WriteElementString("Type", Namespace, status >= 500 ? "Receiver" : "Sender");
            w.WriteElementString("Code", Namespace, code);
            w.WriteElementString("Message", Namespace, XmlText.Safe(message));
            w.WriteEndElement();
            w.WriteElementString("RequestId", Namespace, requestId);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return new ApiResponse(status, ContentType, ms.ToArray(), code);
    }
}
