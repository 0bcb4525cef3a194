using System.Text.Json;
using System.Xml.Linq;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>The code and message of a raw error response, in each protocol's own shape (EC2 and STS XML; Direct Connect JSON).</summary>
public static class ErrorBodies
{
    public static async Task<(string Code, string Message)> Ec2Error(HttpResponseMessage response)
    {
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.Root!.Element("Errors")!.Element("Error")!;
        return (error.Element("Code")!.Value, error.Element("Message")!.Value);
    }

    public static async Task<(string Code, string Message)> DxError(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("__type").GetString()!, doc.RootElement.GetProperty("message").GetString()!);
    }
}
