using System.Text.Json.Nodes;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Engine.Aws.DirectConnect;

/// <summary>
/// DescribeConnections, which Sync-DxBgpPeer reads for a connection's logical-redundancy flag. No shared wire fixture
/// exists for it, so the official JavaScript SDK serialises the same inputs here, against a server that captures what
/// it is sent, and our client's requests must equal them; and our client reads the emulator's answers.
/// </summary>
public sealed class DescribeConnectionsTests
{
    private const string Answer = "{\"connections\":[{\"connectionId\":\"dxcon-fguhmqlc\",\"connectionName\":\"dx-prod-eqdc2\",\"connectionState\":\"available\",\"lagId\":\"dxlag-ffabc123\",\"hasLogicalRedundancy\":\"unknown\"}]}";

    [JsSdkFact]
    public async Task Our_request_is_the_official_SDKs_for_one_connection_and_for_all()
    {
        await using var server = new FixtureServer(_ => new CannedResponse(200, "application/x-amz-json-1.1", Answer));
        await using var sdk = JsSdkProcess.Start();
        var client = TestSessions.Session(server.Url).DirectConnect;

        (await sdk.CallAsync(server.Url, "directconnect", "DescribeConnections", new { connectionId = "dxcon-fguhmqlc" })).Ok();
        var one = await client.DescribeConnectionsAsync("dxcon-fguhmqlc", null, CancellationToken.None);
        (await sdk.CallAsync(server.Url, "directconnect", "DescribeConnections", new { connectionId = "dxcon-fguhmqlc", nextToken = "tok-1" })).Ok();
        await client.DescribeConnectionsAsync("dxcon-fguhmqlc", "tok-1", CancellationToken.None);
        (await sdk.CallAsync(server.Url, "directconnect", "DescribeConnections", new { })).Ok();
        await client.DescribeConnectionsAsync(null, null, CancellationToken.None);

        var sent = server.Requests.ToArray();
        Assert.Equal(6, sent.Length);
        for (var i = 0; i < sent.Length; i += 2)
        {
            var (theirs, ours) = (sent[i], sent[i + 1]);
            Assert.Equal("OvertureService.DescribeConnections", theirs.Header("X-Amz-Target"));
            Assert.Equal(theirs.Header("X-Amz-Target"), ours.Header("X-Amz-Target"));
            Assert.Equal(theirs.Header("Content-Type"), ours.Header("Content-Type"));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(theirs.BodyText), JsonNode.Parse(ours.BodyText)), theirs.BodyText + " <> " + ours.BodyText);
        }
        var connection = Assert.Single(one.Items);
        Assert.Equal(("dxcon-fguhmqlc", "dx-prod-eqdc2", "available", "dxlag-ffabc123", "unknown"),
            (connection.ConnectionId, connection.ConnectionName, connection.ConnectionState, connection.LagId, connection.HasLogicalRedundancy));
        Assert.Null(connection.LogicalRedundancy);
    }

    [Fact]
    public async Task Our_client_reads_each_emulated_connections_logical_redundancy_through_the_pager()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var seen = new List<(string, bool?)>();
        await emu.DirectConnect.ReadConnectionPagesAsync(null, (page, _) =>
        {
            seen.AddRange(page.Items.Select(c => (c.ConnectionId, c.LogicalRedundancy)));
            return true;
        }, CancellationToken.None);
        Assert.Equal([("dxcon-fguhmqlc", (bool?)false), ("dxcon-fgr7n2km", true)], seen);
        var ex = await Assert.ThrowsAsync<BgpPeering.Engine.Aws.AwsServiceException>(() => emu.DirectConnect.DescribeConnectionsAsync("dxcon-zzzzzzzz", null, CancellationToken.None));
        Assert.Equal(BgpPeering.Engine.Aws.AwsErrorKind.NotFound, ex.Kind);
    }
}
