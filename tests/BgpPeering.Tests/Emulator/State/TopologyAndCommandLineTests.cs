// Also the command line (Hosting/CommandLine, EmulatorApp); most of it is the world a seed builds (State/Topology).
using System.Diagnostics;
using System.Text.RegularExpressions;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.State;

/// <summary>The demo topology, the seed format (including the example in docs/emulator.md) and the command line.</summary>
public sealed class TopologyAndCommandLineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_demo_topology_is_the_one_the_issue_describes_with_realistic_ids()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var endpoints = (await emu.RouteServer.DescribeEndpointsAsync(new RouteServerEndpointQuery(), null, None)).Items;
        Assert.Equal(2, endpoints.Count);
        Assert.Single(endpoints.Select(e => e.VpcId).Distinct());
        Assert.Single(endpoints.Select(e => e.RouteServerId).Distinct());
        Assert.Equal(2, endpoints.Select(e => e.SubnetId).Distinct().Count());
        Assert.Single((await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items);

        var vifs = (await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None)).Items;
        Assert.Equal(2, vifs.Select(v => v.ConnectionId).Distinct().Count());
        var @private = Assert.Single(vifs, v => v.VirtualInterfaceType == "private");
        Assert.Equal(AddressFamily.IPv4, Assert.Single(@private.BgpPeers).AddressFamily);
        var transit = Assert.Single(vifs, v => v.VirtualInterfaceType == "transit");
        Assert.Equal(new[] { AddressFamily.IPv4, AddressFamily.IPv6 }, transit.BgpPeers.Select(p => p.AddressFamily!.Value).OrderBy(f => f));
        Assert.Single(vifs, v => v.VirtualInterfaceType == "public");

        foreach (var id in endpoints.SelectMany(e => new[] { e.RouteServerEndpointId, e.RouteServerId!, e.VpcId!, e.SubnetId!, e.EniId! }))
            Assert.Matches("^(rse|rs|vpc|subnet|eni)-[0-9a-f]{17}$", id);
        foreach (var id in vifs.SelectMany(v => new[] { v.VirtualInterfaceId, v.ConnectionId! }.Concat(v.BgpPeers.Select(p => p.BgpPeerId))))
            Assert.Matches("^(dxvif|dxcon|dxpeer)-[a-z0-9]{8}$", id);

        var created = await emu.RouteServer.CreatePeerAsync(new NewRouteServerPeerRequest { RouteServerEndpointId = "rse-0123456789abcdef0", PeerAddress = "10.0.1.10", PeerAsn = 65001 }, None);
        Assert.Matches("^rsp-0[0-9a-f]{16}$", created.RouteServerPeerId);
    }

    [Fact]
    public async Task The_default_world_is_the_seed_file_embedded_in_the_emulator()
    {
        var file = Topology.Parse(await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "src", "BgpPeering.Emulator", "Seeds", "demo.json")));
        Assert.Equal(file.ToJson(), Topology.Demo().ToJson());

        // An emulator started without a seed serves exactly the peers that file lists.
        await using var emu = await EmulatorFixture.StartAsync();
        var rsIds = file.Vpcs.SelectMany(v => v.RouteServers).SelectMany(r => r.Endpoints).SelectMany(e => e.Peers).Select(p => p.RouteServerPeerId!).ToList();
        var dxIds = file.DirectConnect!.Connections.SelectMany(c => c.VirtualInterfaces).SelectMany(v => v.BgpPeers).Select(p => p.BgpPeerId!).ToList();
        Assert.Equal((rsIds.Count, dxIds.Count), (emu.State.RouteServerPeerCount, emu.State.DirectConnectPeerCount));
        Assert.All(rsIds.Concat(dxIds), id => Assert.NotNull(emu.State.GetPeerStatus(id)));
    }

    [Fact]
    public async Task The_example_seed_in_the_docs_loads_and_behaves_as_documented()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "emulator.md"));
        var section = doc[doc.IndexOf("## Seed format", StringComparison.Ordinal)..];
        var json = Regex.Match(section, "```json\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var seed = Topology.Parse(json);

        await using var emu = await EmulatorFixture.StartAsync(o => o.Seed = seed);

        Assert.Equal(TimeSpan.FromSeconds(20), emu.Delays.PeerAvailable);
        Assert.Equal(103, emu.State.RouteServerPeerCount); // three listed, a hundred generated
        var peers = (await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery { MaxResults = 5 }, null, None)).Items;
        Assert.Equal(("rsp-0aaaaaaaaaaaaaaaa", BgpStatus.Up, BgpStatus.Up), (peers[0].RouteServerPeerId, peers[0].BgpStatus, peers[0].BfdStatus));
        Assert.Equal(("Peer unreachable.", RouteServerState.Failed), (peers[2].FailureReason, peers[2].State));
        Assert.Equal("10.20.1.100", peers[3].PeerAddress);
        Assert.Equal("fw-a", peers[0].Name);

        var rule = emu.State.AddRouteServerPeer("rse-0aaaaaaaaaaaaaaaa", "10.20.1.66", 65010);
        emu.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(("available", "down", "never"), (emu.State.GetPeerStatus(rule)!.State, emu.State.GetPeerStatus(rule)!.BgpStatus, emu.State.GetPeerStatus(rule)!.BgpBehaviour));
        var vif = Assert.Single((await emu.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, None)).Items);
        Assert.Equal("lab-md5-key", vif.BgpPeers.Single().AuthKey!.Reveal());
        var drill = Assert.Single((await emu.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new DxBgpFailoverTestQuery(), null, None)).Items);
        Assert.Equal((DxBgpFailoverTestStatus.Failed, "dxpeer-fabcdefg", TimeSpan.FromMinutes(12)), (drill.Status, drill.BgpPeerIds.Single(), drill.EndTime - drill.StartTime));
        Assert.Equal("210987654321", Topology.Parse(json.Replace("123456789012", "210987654321")).AccountId);
    }

    [Theory]
    [InlineData("""{"vpcs":[{"vpcId":"vpc-1","colour":"blue"}]}""", "colour")]
    [InlineData("""{"vpcs":[{"vpcId":"vpc-1","routeServers":[{"routeServerId":"rs-1","endpoints":[{"routeServerEndpointId":"rse-1","subnetId":"subnet-9"}]}]}]}""", "names subnet 'subnet-9', which is not a subnet of vpc-1")]
    [InlineData("""{"vpcs":[{"vpcId":"vpc-1"},{"vpcId":"vpc-1"}]}""", "The ID vpc-1 appears twice")]
    [InlineData("""{"vpcs":[{"vpcId":"sg-1"}]}""", "must start with 'vpc-'")]
    [InlineData("""{"simulation":{"bgpBehaviour":"sometimes"}}""", "'sometimes' is not one of up, never, flap, unknown")]
    [InlineData("""{"simulation":{"delays":{"bgpUp":-1}}}""", "bgpUp must be zero or more seconds")]
    [InlineData("""{"rules":[{"bgpBehaviour":"never"}]}""", "matches every peer")]
    [InlineData("""{"directConnect":{"connections":[{"connectionId":"dxcon-1","virtualInterfaces":[{"virtualInterfaceId":"dxvif-1","virtualInterfaceType":"hosted","asn":65000}]}]}}""", "private, public or transit")]
    [InlineData("not json", "The seed is not valid")]
    public async Task A_bad_seed_is_refused_with_a_message_that_says_what_is_wrong(string json, string message)
    {
        var ex = await Assert.ThrowsAsync<TopologyException>(async () =>
        {
            await using var emu = await EmulatorFixture.StartAsync(o => o.Seed = Topology.Parse(json));
        });
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_fills_the_options_and_rejects_bad_values_with_reasons()
    {
        var seedFile = Path.GetTempFileName();
        try
        {
            var parsed = CommandLine.Parse(new[] { "--port=0", "--seed", seedFile, "--speed", "10", "--key", "AKIDONE:secret-one", "--deny", "AKIDONE:CreateRouteServerPeer,ec2:DeleteRouteServerPeer", "--verbose", "--random-seed", "7" });
            var o = parsed.Options;
            Assert.Equal((0, seedFile, 10.0, true, (int?)7), (o.Port, o.SeedPath, o.Speed, o.Verbose, o.RandomSeed));
            var key = Assert.Single(o.Keys);
            Assert.Equal("AKIDONE", key.AccessKeyId);
            Assert.Equal(new[] { "CreateRouteServerPeer", "ec2:DeleteRouteServerPeer" }, key.DeniedActions.OrderBy(a => a));

            var denyExample = CommandLine.Parse(new[] { "--deny", "AKIDEXAMPLE:sts:AssumeRole" });
            Assert.Contains("sts:AssumeRole", Assert.Single(denyExample.Options.Keys).DeniedActions);
        }
        finally
        {
            File.Delete(seedFile);
        }

        Assert.Contains("0 to 65535", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--port", "70000" })).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--seed", "/nonexistent/seed.json" })).Message, StringComparison.Ordinal);
        Assert.Contains("positive number", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--speed", "0" })).Message, StringComparison.Ordinal);
        Assert.Contains("not configured", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--deny", "AKIDOTHER:CreateBGPPeer" })).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown option '--colour'", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--colour" })).Message, StringComparison.Ordinal);
        Assert.Contains("needs a value", Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--port" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_demo_seed_and_bad_arguments_answer_without_starting_a_server()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await EmulatorApp.RunAsync(new[] { "--help" }, output, error));
        Assert.Contains("--port N", output.ToString(), StringComparison.Ordinal);

        output = new StringWriter();
        Assert.Equal(0, await EmulatorApp.RunAsync(new[] { "--print-demo-seed" }, output, error));
        Assert.Equal(Topology.Demo().ToJson(), Topology.Parse(output.ToString()).ToJson());

        Assert.Equal(2, await EmulatorApp.RunAsync(new[] { "--speed", "fast" }, output, error));
        Assert.Contains("--speed 'fast' is not a positive number", error.ToString(), StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task The_program_prints_its_url_and_the_example_credentials_serves_and_stops_cleanly_on_SIGTERM()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BgpPeering.Emulator.dll");
        Assert.True(File.Exists(dll), dll + " is copied to the test output by the project reference.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", "0", "--speed", "10" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var banner = new List<string>();
            string? line;
            var readDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
            {
                banner.Add(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal) || DateTime.UtcNow > readDeadline) break;
            }
            var text = string.Join('\n', banner);
            var url = Regex.Match(text, @"listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(url), "No URL in the banner:\n" + text);
            Assert.Contains("AKIDEXAMPLE", text, StringComparison.Ordinal);
            Assert.Contains("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", text, StringComparison.Ordinal);
            Assert.Contains("Speed: 10x", text, StringComparison.Ordinal);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync(url + "/_emulator/health"), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopping.", await process.StandardOutput.ReadToEndAsync(), StringComparison.Ordinal);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url + "/_emulator/health"));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}

/// <summary>A fact that needs POSIX signals (SIGTERM); skipped on Windows, where Ctrl+C needs a console.</summary>
public sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Sends SIGTERM to the emulator process; Windows has no SIGTERM (Ctrl+C there needs a console).";
    }
}
