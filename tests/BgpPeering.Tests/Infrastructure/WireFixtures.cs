using System.Text.Json;
using System.Text.Json.Nodes;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>Loads the copied AWS wire fixtures from the test output folder (see Wire/README.md).</summary>
public static class WireFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Wire");

    public static IEnumerable<string> RequestNames(string servicePrefix) =>
        Directory.EnumerateFiles(Path.Combine(Root, "requests"), servicePrefix + ".*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal);

    public static JsonObject Request(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "requests", name + ".json")))!.AsObject();

    public static string ResponseBody(string file) => File.ReadAllText(Path.Combine(Root, "responses", file));

    /// <summary>The index entries: file, status, content type and what the official SDK parsed.</summary>
    public static IReadOnlyList<JsonObject> ResponseIndex()
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "responses", "index.json")))!;
        return doc["responses"]!.AsArray().Select(n => n!.AsObject()).ToList();
    }

    public static JsonObject ResponseEntry(string file) =>
        ResponseIndex().Single(e => (string?)e["file"] == file);

    /// <summary>Splits and percent-decodes a form body into key/value pairs, in order.</summary>
    public static List<KeyValuePair<string, string>> DecodeForm(string body) =>
        body.Length == 0
            ? new List<KeyValuePair<string, string>>()
            : body.Split('&').Select(part =>
            {
                var i = part.IndexOf('=');
                var key = i < 0 ? part : part[..i];
                var value = i < 0 ? string.Empty : part[(i + 1)..];
                return new KeyValuePair<string, string>(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value.Replace('+', ' ')));
            }).ToList();

    public static CannedResponse Canned(string file)
    {
        var entry = ResponseEntry(file);
        var headers = new Dictionary<string, string>();
        if (entry["responseHeaders"] is JsonObject h)
        {
            foreach (var (k, v) in h)
            {
                if (!string.Equals(k, "content-type", StringComparison.OrdinalIgnoreCase) && v is not null) headers[k] = v.ToString();
            }
        }
        return new CannedResponse((int)entry["status"]!, (string)entry["contentType"]!, ResponseBody(file), headers);
    }

    /// <summary>
    /// The hand-written Direct Connect ListVirtualInterfaceRoutes fixtures (no JS SDK has the operation): each entry's
    /// file, status, content type and what botocore parsed from it (responses/INDEX.md, "Hand-written").
    /// </summary>
    public static IReadOnlyList<JsonObject> HandWrittenIndex() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "responses", "DirectConnect.ListVirtualInterfaceRoutes.handwritten.json")))!["responses"]!
            .AsArray().Select(n => n!.AsObject()).ToList();

    /// <summary>A hand-written fixture served as its entry says, with an x-amzn-RequestId header as Direct Connect sends one.</summary>
    public static CannedResponse HandWritten(string file)
    {
        var entry = HandWrittenIndex().Single(e => (string?)e["file"] == file);
        return new CannedResponse((int)entry["status"]!, (string)entry["contentType"]!, ResponseBody(file),
            new Dictionary<string, string> { ["x-amzn-RequestId"] = "5d0e2ad8-7b38-4b8f-9c1e-00000000a024" });
    }

    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
