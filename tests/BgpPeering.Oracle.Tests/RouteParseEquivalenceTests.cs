using System.Globalization;
using Amazon.EC2.Model;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using Xunit;
using Xunit.Abstractions;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// GetRouteServerRoutingDatabase, field by field: the official SDK's parse and ours of the same emulator state agree,
/// paged and filtered, with in-fib and in-rib routes, installations and a rejection with its reason, routes with and
/// without a MED, and long AS paths.
/// </summary>
public sealed class RouteParseEquivalenceTests(ITestOutputHelper output)
{
    private const string RouteServer = "rs-0123456789abcdef0";

    private static async Task<OracleEmulator> StartAsync()
    {
        var emu = await OracleEmulator.StartAsync();
        var second = emu.State.AddRouteServerPeer(Seeds.EndpointA, "10.0.1.40", 4294967295);
        emu.State.SetPeerStatus(second, new PeerStatusChange { State = "available", BgpStatus = "up" });
        emu.State.SetPeerRoutes(second, Enumerable.Range(0, 40).Select(i =>
            RouteSeed.Of("10.170." + i + ".0/24", Enumerable.Range(0, 1 + i % 9).Select(a => 4294967295L - a), i % 4 == 0 ? null : i * 1000)).ToList());
        emu.State.SetPeerRoutes("rsp-0fedcba9876543210", Enumerable.Range(0, 40).Where(i => i % 2 == 0)
            .Select(i => RouteSeed.Of("10.170." + i + ".0/24", [4200000001], int.MaxValue))
            .Append(RouteSeed.Of("10.61.0.0/16", [4200000001], 0)).ToList());
        return emu;
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(1000, null)]
    [InlineData(5, "route-search.subnet-of-match")]
    public async Task Every_route_field_parses_as_the_sdk_parses_it(int pageSize, string? filter)
    {
        await using var emu = await StartAsync();
        using var ec2 = emu.Sdk();
        var sdk = new List<RouteServerRoute>();
        bool? sdkPersisted = null;
        string? token = null;
        do
        {
            var request = new GetRouteServerRoutingDatabaseRequest { RouteServerId = RouteServer, MaxResults = pageSize, NextToken = token };
            if (filter is not null) request.Filters = [new Amazon.EC2.Model.Filter(filter, ["10.170.0.0/16"])];
            var page = await ec2.GetRouteServerRoutingDatabaseAsync(request);
            sdk.AddRange(page.Routes ?? []);
            sdkPersisted = page.AreRoutesPersisted;
            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (token is not null);
        var ours = new List<BgpRoute>();
        var filters = filter is null ? Array.Empty<Engine.Model.Filter>() : [new Engine.Model.Filter(filter, "10.170.0.0/16")];
        await emu.Engine.RouteServer.ReadRoutingDatabasePagesAsync(RouteServer, filters, pageSize, (page, _) =>
        {
            ours.AddRange(page.Items);
            return true;
        }, CancellationToken.None);

        Assert.Equal(filter is null ? 61 : 60, sdk.Count);
        Assert.Equal(sdk.Select(Fields).ToList(), ours.Select(Fields).ToList());
        Assert.All(ours, r => Assert.Equal(sdkPersisted, r.AreRoutesPersisted));
        output.WriteLine($"{sdk.Count} routes compared, pages of {pageSize}, filter {filter ?? "none"}");

        // The edge values really were there.
        Assert.Contains(ours, r => r.Status == BgpRouteStatus.InRib && r.Med == int.MaxValue);
        Assert.Contains(ours, r => r.AsPathLength == 9 && r.AsPath.StartsWith("4294967295 4294967294", StringComparison.Ordinal));
        Assert.Contains(ours, r => r.Med is null);
        if (filter is null) Assert.Contains(ours, r => r.RejectionReason is not null);
    }

    private static string Fields(RouteServerRoute r) => string.Join("|",
        r.Prefix, r.RouteServerEndpointId, r.RouteServerPeerId, r.RouteStatus?.Value, string.Join(" ", r.AsPaths ?? []),
        r.Med?.ToString(CultureInfo.InvariantCulture), r.NextHopIp,
        string.Join(";", (r.RouteInstallationDetails ?? []).Select(d => d.RouteTableId + "=" + d.RouteInstallationStatus?.Value + ":" + d.RouteInstallationStatusReason)));

    private static string Fields(BgpRoute r) => string.Join("|",
        r.Prefix, r.RouteServerEndpointId, r.RouteServerPeerId, WireNames.ToWire(r.Status), r.AsPath,
        r.Med?.ToString(CultureInfo.InvariantCulture), r.NextHop,
        string.Join(";", r.Installations.Select(d => d.RouteTableId + "=" + WireNames.ToWire(d.Status) + ":" + d.Reason)));
}
