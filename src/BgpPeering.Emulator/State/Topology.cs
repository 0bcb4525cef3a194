using System.Text.Json;
using System.Text.Json.Serialization;

namespace BgpPeering.Emulator.State;

/// <summary>
/// The seed: the world the emulator starts with. It is read from JSON (lowerCamel names, documented in
/// docs/emulator.md) or built in code. Unknown JSON members are an error, so that a typo does not pass silently.
/// </summary>
public sealed class Topology
{
    public string? AccountId { get; set; }

    /// <summary>The region reported for Direct Connect virtual interfaces (and in ARNs when a request names none).</summary>
    public string? Region { get; set; }

    public SimulationSeed? Simulation { get; set; }

    public List<VpcSeed> Vpcs { get; set; } = new();

    public DirectConnectSeed? DirectConnect { get; set; }

    /// <summary>Behaviours for peers created later through the API, matched by peer address and/or ASN.</summary>
    public List<PeerRuleSeed> Rules { get; set; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reads a seed from JSON text; the message of a failure names the position and the problem.</summary>
    public static Topology Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Topology>(json, JsonOptions) ?? throw new TopologyException("The seed is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new TopologyException("The seed is not valid: " + ex.Message, ex);
        }
    }

    public static Topology Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TopologyException("The seed file '" + path + "' could not be read: " + ex.Message, ex);
        }
        return Parse(text);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// The built-in demo, read from the seed file embedded in the emulator (<c>Seeds/demo.json</c>, resource
    /// <see cref="DemoResource"/>): one VPC with one route server, two endpoints in two subnets and one existing peer;
    /// two Direct Connect connections with three virtual interfaces (a private IPv4 one with a peer, a transit
    /// dual-stack one and a public one). The IDs match the wire fixtures where those name them. Each call returns a
    /// new object, so a caller may change it.
    /// </summary>
    public static Topology Demo() => Parse(DemoText.Value);

    /// <summary>The manifest name of the embedded demo seed.</summary>
    internal const string DemoResource = "BgpPeering.Emulator.Seeds.demo.json";

    private static readonly Lazy<string> DemoText = new(() =>
    {
        using var stream = typeof(Topology).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException("The demo seed " + DemoResource + " is not embedded in the emulator.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}

/// <summary>A seed that cannot be loaded; the message says what and where.</summary>
public sealed class TopologyException : Exception
{
    public TopologyException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
