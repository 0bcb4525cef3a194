using System.Text.RegularExpressions;
using BgpPeering.Emulator.State;
using BgpPeering.PowerShell.Tests.Infrastructure;
using static BgpPeering.PowerShell.Tests.Infrastructure.Rendered;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// Get-BgpRoute and Wait-BgpPeerUp -MinimumRouteCount in a real runspace against the emulator: what issue 24's
/// "Done when" asks of them, the binding of every input shape, the views at 80 and 120 columns, completion, and bad
/// input refused before anything is sent.
/// </summary>
public sealed class BgpRouteTests : IClassFixture<PwshFixture>, IDisposable
{
    private const string Rs = "rs-0123456789abcdef0";
    private const string SeededPeer = "rsp-0fedcba9876543210";

    private readonly PwshFixture _ps;
    private readonly string _csv = Path.Combine(Path.GetTempPath(), "bgppeering-routes-" + Guid.NewGuid().ToString("N") + ".csv");

    public BgpRouteTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    public void Dispose()
    {
        if (File.Exists(_csv)) File.Delete(_csv);
    }

    /// <summary>A peer on endpoint A with its session pinned up, advertising one route.</summary>
    private string UpPeer(string address, long asn, params RouteSeed[] routes)
    {
        var id = _ps.Emulator.State.AddRouteServerPeer("rse-0123456789abcdef0", address, asn);
        _ps.Emulator.State.SetPeerStatus(id, new PeerStatusChange { State = "available", BgpStatus = "up" });
        _ps.Emulator.State.SetPeerRoutes(id, routes);
        return id;
    }

    [Fact]
    public void The_shorter_path_is_InFib_the_longer_InRib_and_when_the_first_goes_down_the_second_is_InFib()
    {
        var first = UpPeer("10.0.1.131", 65131, RouteSeed.Of("10.140.0.0/16", [65131]));
        _ps.Emulator.State.SetPeerRoutes(SeededPeer, [RouteSeed.Of("10.140.0.0/16", [4200000001, 65010])]);
        const string Show = "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.140.0.0/16 | ForEach-Object { '{0} {1}' -f $_.RouteServerPeerId, $_.Status }";

        var before = _ps.Run(Show).AssertClean().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal);
        _ps.Emulator.State.SetPeerStatus(first, new PeerStatusChange { BgpStatus = "down" });
        var after = _ps.Run(Show).AssertClean().Output.Select(o => o.ToString());

        Assert.Equal(new[] { first + " InFib", SeededPeer + " InRib" }.Order(StringComparer.Ordinal), before);
        Assert.Equal([SeededPeer + " InFib"], after);
    }

    [Fact]
    public void A_piped_peer_lists_only_its_own_routes_with_one_read_and_no_lookup()
    {
        var other = UpPeer("10.0.1.132", 65132, RouteSeed.Of("10.141.0.0/16", [65132]));
        _ps.ClearRequests();

        var r = _ps.Run("Get-RouteServerPeer @emu -RouteServerPeerId " + other + " | Get-BgpRoute @emu | ForEach-Object { $_.RouteServerPeerId + ' ' + $_.Prefix }").AssertClean();

        Assert.Equal([other + " 10.141.0.0/16"], r.Output.Select(o => o.ToString()));
        Assert.Equal(["DescribeRouteServerPeers", "GetRouteServerRoutingDatabase"], _ps.Actions);
    }

    [Fact]
    public void Longest_prefix_of_a_24_finds_the_covering_16s_of_both_peers()
    {
        UpPeer("10.0.1.10", 65001, RouteSeed.Of("10.60.0.0/16", [65001], 10));

        var r = _ps.Run("Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.0/24 -Match LongestPrefix | ForEach-Object { $_.Prefix + ' ' + $_.AsPath }").AssertClean();

        Assert.Equal(["10.60.0.0/16 4200000001 65010", "10.60.0.0/16 65001"], r.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_piped_Direct_Connect_peer_lists_the_routes_its_interface_accepted_in_its_family_and_names_itself()
    {
        var r = _ps.Run("Get-DxBgpPeer @emu -BgpPeerId dxpeer-fq8d2n5t | Get-BgpRoute @emu | ForEach-Object { '{0} {1} {2} {3}' -f $_.Prefix, $_.Status, $_.BgpPeerId, $_.AddressFamily }").AssertClean();

        Assert.Equal(["2001:db8:8000::/40 Accepted dxpeer-fq8d2n5t IPv6"], r.Output.Select(o => o.ToString()));
        Assert.Equal(["ListVirtualInterfaceRoutes"], _ps.Actions.Where(a => a != "DescribeVirtualInterfaces"));
    }

    public static TheoryData<string, string, string> Shapes => new()
    {
        // shape, the input script, what Get-BgpRoute lists from it (prefix and its peer, or interface)
        { "typed Route Server peer", "Get-RouteServerPeer @emu -RouteServerPeerId rsp-0fedcba9876543210", "10.60.0.0/16 rsp-0fedcba9876543210,10.61.0.0/16 rsp-0fedcba9876543210" },
        { "[pscustomobject] peer ID", "[pscustomobject]@{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl }", "10.60.0.0/16 rsp-0fedcba9876543210,10.61.0.0/16 rsp-0fedcba9876543210" },
        { "Import-Csv peer ID", "Get-RouteServerPeer @emu | Select-Object RouteServerPeerId, Region, EndpointUrl | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "10.60.0.0/16 rsp-0fedcba9876543210,10.61.0.0/16 rsp-0fedcba9876543210" },
        { "typed Direct Connect peer", "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "10.70.0.0/16 dxpeer-fgq9j6xo,10.71.0.0/16 dxpeer-fgq9j6xo" },
        { "Import-Csv interface ID", "[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; Region = 'us-east-1'; EndpointUrl = $EmulatorUrl } | Export-Csv -Path $csv -NoTypeInformation; Import-Csv -Path $csv", "10.80.0.0/16 dxvif-fgt4k8wq,2001:db8:8000::/40 dxvif-fgt4k8wq" },
        { "both kinds mixed", "Get-RouteServerPeer @emu; Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", "10.60.0.0/16 rsp-0fedcba9876543210,10.61.0.0/16 rsp-0fedcba9876543210,10.70.0.0/16 dxpeer-fgq9j6xo,10.71.0.0/16 dxpeer-fgq9j6xo" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_input_shape_binds_and_lists_its_own_routes(string shape, string input, string expected)
    {
        var r = _ps.Run("$keys = @{ AccessKey = $emu.AccessKey; SecretKey = $emu.SecretKey }; & { " + input + " } | Get-BgpRoute @keys | ForEach-Object { $_.Prefix + ' ' + $(if ($_.RouteServerPeerId) { $_.RouteServerPeerId } elseif ($_.BgpPeerId) { $_.BgpPeerId } else { $_.VirtualInterfaceId }) }",
            variables: new Dictionary<string, object?> { ["csv"] = _csv }).AssertClean();

        Assert.True(expected.Split(',').SequenceEqual(r.Output.Select(o => o.ToString())), shape + ": " + string.Join(",", r.Output));
    }

    [Fact]
    public void Routes_filter_and_group_as_flat_objects()
    {
        UpPeer("10.0.1.10", 65001, RouteSeed.Of("10.60.0.0/16", [65001]), RouteSeed.Of("10.142.0.0/16", [65001]));

        var r = _ps.Run(
            "$all = Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0; " +
            "@($all | Where-Object Status -eq InRib).Prefix; " +
            "$all | Group-Object RouteServerPeerId | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }").AssertClean();

        var text = r.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("10.60.0.0/16", text[0]);
        Assert.Contains(SeededPeer + "=2", text);
        Assert.Contains(text, t => Regex.IsMatch(t, "^rsp-[0-9a-f]{17}=2$") && !t.StartsWith(SeededPeer, StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_reads_like_show_ip_bgp_at_80_columns_and_adds_the_peer_at_120()
    {
        UpPeer("10.0.1.10", 65001, RouteSeed.Of("10.60.0.0/16", [65001], 10));

        var r = _ps.Run("$r = Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0; $r | Out-String -Width 80; $r | Out-String -Width 120; " +
            "Get-BgpRoute @emu -VirtualInterfaceId dxvif-ffabc123 | Out-String -Width 80; $r | Out-String -Width 140").AssertClean();
        var narrow = Lines(r.Output[0].ToString());
        var wide = Lines(r.Output[1].ToString());
        var dx = Lines(r.Output[2].ToString());
        var widest = Lines(r.Output[3].ToString());

        Assert.All(narrow.Concat(dx), l => Assert.True(l.Length <= 80, "Wider than 80: " + l));
        Assert.All(wide, l => Assert.True(l.Length <= 120, "Wider than 120: " + l));
        Assert.Equal(["St", "Network", "NextHop", "Metric", "Path"], narrow[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["St", "Network", "NextHop", "Metric", "Path", "Peer", "Status", "Tables"], wide[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(5, narrow.Count);
        Assert.Contains(narrow, l => Regex.IsMatch(l, @"^\*> 10\.60\.0\.0/16\s+10\.0\.1\.10\s+10 65001\s*$"));
        Assert.Contains(narrow, l => Regex.IsMatch(l, @"^\*  10\.60\.0\.0/16\s+10\.0\.2\.10\s+10 4200000001 65010\s*$"));
        // In the FIB, but one route table rejected it: a RIB failure, as routers mark it.
        Assert.Matches(@"^r> 10\.61\.0\.0/16\s+10\.0\.2\.10\s+0 4200000001\s*$", narrow[4]);
        Assert.True(Regex.IsMatch(wide[4], @"^r> 10\.61\.0\.0/16 .* rsp-0fedcba9876543210 InFib\s+1/2\s*$"), "The wide row: " + wide[4]);
        Assert.Matches(@"^\*  10\.71\.0\.0/16\s+65000 \{65101 65102\}\s*$", dx[3]);
        // Wider still, the table says how old the answer is, as the peer views do.
        Assert.Equal("Retrieved", widest[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Matches(@"InFib\s+1/2\s+(just now|\d+s ago)$", widest[4]);
        Assert.DoesNotContain('…', string.Concat(narrow));
    }

    [Fact]
    public void The_list_view_shows_each_kind_its_own_details()
    {
        var r = _ps.Run("Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.61.0.0/16 | Format-List | Out-String -Width 80; " +
            "Get-BgpRoute @emu -VirtualInterfaceId dxvif-ffabc123 -Prefix 10.71.0.0/16 | Format-List | Out-String -Width 80").AssertClean();
        var rs = Lines(r.Output[0].ToString()).Select(l => Regex.Replace(l.Trim(), @"\s+:\s*", " : ")).ToList();
        var dx = Lines(r.Output[1].ToString()).Select(l => Regex.Replace(l.Trim(), @"\s+:\s*", " : ")).ToList();

        Assert.Contains("Status : InFib", rs);
        Assert.Contains("NextHop : 10.0.2.10", rs);
        Assert.Contains("RouteServerPeerId : rsp-0fedcba9876543210", rs);
        Assert.Contains("InstalledIn : rtb-0a1b2c3d4e5f67890", rs);
        Assert.Contains("RejectedBy : rtb-0b1c2d3e4f5a67890", rs);
        Assert.Contains(rs, l => l.StartsWith("RejectionReason : rtb-0b1c2d3e4f5a67890: Route table", StringComparison.Ordinal));
        Assert.DoesNotContain(rs, l => l.StartsWith("VirtualInterfaceId", StringComparison.Ordinal));
        Assert.Contains("AsPath : 65000 {65101 65102}", dx);
        Assert.Contains("Communities : 65000:100", dx);
        Assert.Contains("VirtualInterfaceId : dxvif-ffabc123", dx);
        Assert.Contains(dx, l => Regex.IsMatch(l, @"^InstalledAt : \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$"));
        Assert.DoesNotContain(dx, l => l.StartsWith("NextHop", StringComparison.Ordinal) || l.StartsWith("RouteServerPeerId", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        // command, the parameter the error names, what it says
        { "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.0/33", "Prefix", "is not a valid CIDR" },
        { "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.5/16", "Prefix", "host bits set" },
        { "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.0/24 -Match Nearest", "Match", "Exact, LongestPrefix, SubnetOf, SupernetOf" },
        { "Get-BgpRoute @emu -RouteServerId rs-12", "RouteServerId", "rs- followed by 8 or 17" },
        { "Get-BgpRoute @emu -RouteServerPeerId rsp-0fedcba987654321", "RouteServerPeerId", "rsp- followed by 8 or 17" },
        { "Get-BgpRoute @emu -VirtualInterfaceId dxvif-1 ", "VirtualInterfaceId", "dxvif- followed by 8" },
        { "Get-BgpRoute @emu -VirtualInterfaceId dxvif-ffabc123 -Direction Both", "Direction", "Accepted, Advertised" },
        { "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -PageSize 4", "PageSize", "4" },
        { "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0 -Match LongestPrefix", "Match", "give -Prefix too" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_refused_before_anything_is_sent_naming_the_parameter(string command, string parameter, string says)
    {
        _ps.ClearRequests();

        var r = _ps.Run(command);

        var e = r.Terminating ?? Assert.Single(r.Errors);
        Assert.EndsWith(",BgpPeering.Commands.GetBgpRouteCommand", e.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(parameter, e.ToString() + " " + e.FullyQualifiedErrorId + " " + e.CategoryInfo.TargetName, StringComparison.Ordinal);
        Assert.Contains(says, e.ToString(), StringComparison.Ordinal);
        Assert.Empty(_ps.Requests);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void RouteServerId_completes_the_route_servers_of_the_region()
    {
        var line = "Get-BgpRoute -EndpointUrl " + _ps.Url + " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY -RouteServerId ";
        var r = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText",
            variables: new Dictionary<string, object?> { ["line"] = line }).AssertClean();

        Assert.Equal([Rs], r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Wait_BgpPeerUp_MinimumRouteCount_returns_a_peer_with_a_route_and_times_out_one_without_saying_how_many_it_had()
    {
        var withRoutes = UpPeer("10.0.1.133", 65133, RouteSeed.Of("10.143.0.0/16", [65133]));
        var without = UpPeer("10.0.1.134", 65134);

        var r = _ps.Run("Wait-BgpPeerUp @emu -RouteServerPeerId " + withRoutes + ", " + without + " -MinimumRouteCount 1 -Timeout 00:00:04 -PollInterval 00:00:01 -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object RouteServerPeerId; " +
            "$e | ForEach-Object { $_.FullyQualifiedErrorId + '|' + $_.CategoryInfo.Category + '|' + $_.Exception.Message }");

        Assert.Null(r.Terminating);
        Assert.Equal(withRoutes, r.Output[0].ToString());
        var error = r.Output[1].ToString().Split('|');
        Assert.Equal(["WaitTimedOut,BgpPeering.Commands.WaitBgpPeerUpCommand", "OperationTimeout"], error[..2]);
        Assert.Contains("waiting for " + without + " to come up with 1 route in the FIB", error[2], StringComparison.Ordinal);
        Assert.Contains("its session was up with 0 routes in the FIB, short of 1", error[2], StringComparison.Ordinal);
        Assert.Contains(_ps.Requests, q => q.Action == "GetRouteServerRoutingDatabase");
    }
}
