using System.Text;
using System.Xml.Linq;
using BgpPeering.Emulator.Api;
using Xunit;

namespace BgpPeering.Tests.Emulator.Api;

/// <summary>
/// The last line of defence behind the pipeline's input checks: an error message that holds characters XML 1.0
/// cannot carry still makes a well-formed document (they become U+FFFD; surrogate pairs stay).
/// </summary>
public sealed class XmlTextTests
{
    [Fact]
    public void An_EC2_or_STS_error_whose_message_holds_a_NUL_is_still_a_well_formed_document()
    {
        foreach (var response in new[]
        {
            Ec2Xml.Error("InvalidParameterValue", "bad \0 value \uD800 and \uD83D\uDE00", 400, "req-1"),
            StsXml.Error("ValidationError", "bad \0 value", 400, "req-2"),
        })
        {
            var doc = XDocument.Parse(Encoding.UTF8.GetString(response.Body));
            var message = doc.Descendants().Single(e => e.Name.LocalName == "Message").Value;
            Assert.Contains("bad \uFFFD value", message, StringComparison.Ordinal);
            Assert.DoesNotContain("\0", message, StringComparison.Ordinal);
        }
        var ec2 = XDocument.Parse(Encoding.UTF8.GetString(Ec2Xml.Error("X", "emoji \uD83D\uDE00 kept", 400, "r").Body));
        Assert.Contains("\uD83D\uDE00", ec2.Descendants("Message").Single().Value, StringComparison.Ordinal);
    }
}
