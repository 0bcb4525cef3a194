using System.Globalization;
using System.Text.Json.Nodes;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.DirectConnect;

/// <summary>
/// ListVirtualInterfaceRoutes against the hand-written fixtures (Wire/responses/INDEX.md, "Hand-written"): no AWS SDK
/// for JavaScript served here has the operation, so what botocore's own JSON parser made of each body, with the 2026
/// model, is the reference. Our page, put back into the model's shape, must equal it.
/// </summary>
public sealed class DxRouteFixtureTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var e in WireFixtures.HandWrittenIndex()) data.Add((string)e["file"]!);
        return data;
    }

    [Fact]
    public void The_three_hand_written_answers_are_there()
    {
        Assert.Equal(3, WireFixtures.HandWrittenIndex().Count);
        Assert.All(WireFixtures.HandWrittenIndex(), e => Assert.True((bool)e["handWritten"]!));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_answer_parses_as_botocore_parsed_it(string file)
    {
        var entry = WireFixtures.HandWrittenIndex().Single(e => (string?)e["file"] == file);
        var expected = entry["botocoreParsed"]!.AsObject();
        await using var server = new FixtureServer(_ => WireFixtures.HandWritten(file));
        var client = TestSessions.Session(server.Url).DirectConnect;

        if (expected["Error"] is JsonObject error)
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
                client.ListVirtualInterfaceRoutesAsync("dxvif-00000000", RouteDirection.Accepted, null, null, null, null, CancellationToken.None));
            Assert.Equal((string)error["Code"]!, ex.ErrorCode);
            Assert.Equal((string)error["Message"]!, ex.AwsMessage);
            Assert.Equal(400, ex.StatusCode);
            Assert.Equal(AwsErrorKind.NotFound, ex.Kind);
            return;
        }

        var page = await client.ListVirtualInterfaceRoutesAsync("dxvif-ffabc123", RouteDirection.Accepted, null, null, null, null, CancellationToken.None);
        var actual = new JsonObject
        {
            ["virtualInterfaceId"] = "dxvif-ffabc123",
            ["routes"] = new JsonArray(page.Items.Select(r => (JsonNode)Project(r)).ToArray()),
        };
        if (page.NextToken is not null) actual["nextToken"] = page.NextToken;
        Assert.Equal(expected.ToJsonString(WireFixtures.Indented), actual.ToJsonString(WireFixtures.Indented));
        Assert.All(page.Items, r =>
        {
            Assert.Equal("dxvif-ffabc123", r.VirtualInterfaceId);
            Assert.Equal("us-east-1", r.Region);
            Assert.Equal(server.Url, r.EndpointUrl);
            Assert.Null(r.NextHop);
            Assert.Null(r.Med);
            Assert.Null(r.RouteServerPeerId);
        });
    }

    [Fact]
    public async Task A_set_segment_prints_in_braces_and_counts_once_in_the_path_length()
    {
        await using var server = new FixtureServer(_ => WireFixtures.HandWritten("DirectConnect.ListVirtualInterfaceRoutes.success.json"));
        var page = await TestSessions.Session(server.Url).DirectConnect.ListVirtualInterfaceRoutesAsync("dxvif-ffabc123", RouteDirection.Accepted, null, null, null, null, CancellationToken.None);

        var route = Assert.Single(page.Items, r => r.Prefix == "10.61.0.0/16");
        Assert.Equal("65000 4200000001 {65101 65102}", route.AsPath);
        Assert.Equal(3, route.AsPathLength);
        Assert.Equal(BgpRouteStatus.Accepted, route.Status);
        Assert.Equal(AddressFamily.IPv4, route.AddressFamily);
        Assert.Equal(["65000:100"], route.Communities);
        // Fractional epoch seconds keep their milliseconds.
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 30, 500, TimeSpan.Zero), route.InstalledAt);
    }

    /// <summary>A route in the model's shape, its AS path split back into segments from the text.</summary>
    private static JsonObject Project(BgpRoute r)
    {
        var segments = new JsonArray();
        var sequence = new List<long>();
        var text = r.AsPath;
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == ' ') { i++; continue; }
            if (text[i] == '{')
            {
                if (sequence.Count > 0) segments.Add(Segment("seq", sequence));
                sequence = new List<long>();
                var end = text.IndexOf('}', i);
                segments.Add(Segment("set", text[(i + 1)..end].Split(' ').Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToList()));
                i = end + 1;
                continue;
            }
            var next = text.IndexOf(' ', i);
            if (next < 0) next = text.Length;
            sequence.Add(long.Parse(text[i..next], CultureInfo.InvariantCulture));
            i = next;
        }
        if (sequence.Count > 0) segments.Add(Segment("seq", sequence));
        return new JsonObject
        {
            ["cidr"] = r.Prefix,
            ["routeDirection"] = WireNames.ToWire(r.Status),
            ["addressFamily"] = r.AddressFamily is AddressFamily f ? WireNames.ToWire(f) : null,
            ["asPath"] = segments,
            ["communities"] = new JsonArray(r.Communities.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["awsLogicalDeviceId"] = r.AwsLogicalDeviceId,
            ["routeInstalledAt"] = r.InstalledAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
    }

    private static JsonObject Segment(string type, List<long> asns) =>
        new() { ["pathType"] = type, ["path"] = new JsonArray(asns.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()) };
}
