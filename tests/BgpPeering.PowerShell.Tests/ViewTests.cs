using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using static BgpPeering.PowerShell.Tests.Infrastructure.Rendered;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// The module's views as PowerShell renders them (Out-String -Width 80 and 120, the common terminal widths; a console
/// of that width gives a table one column less): default tables, list and wide views, and mixed output.
/// </summary>
public sealed class ViewTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public ViewTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    public static TheoryData<string, string, string[]> Tables => new()
    {
        // command, the ID property, the first columns in order.
        { "Get-RouteServerPeer @emu", "RouteServerPeerId", ["PeerId", "State", "BGP"] },
        { "Get-DxBgpPeer @emu", "BgpPeerId", ["PeerId", "State", "BGP"] },
        { "Get-RouteServerEndpoint @emu", "RouteServerEndpointId", ["RouteServerEndpointId", "State", "EniAddress"] },
    };

    /// <summary>The table's header line: the one followed by the dashes line.</summary>
    private static (List<string> Headers, int Index) Header(List<string> lines)
    {
        var dash = lines.FindIndex(l => Regex.IsMatch(l, @"^[\s-]+$"));
        Assert.True(dash > 0, "No table header in:\n" + string.Join("\n", lines));
        return (lines[dash - 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(), dash - 1);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void The_default_table_at_80_columns_shows_the_ID_the_state_and_the_status_first_uncut(string command, string idProperty, string[] first)
    {
        var result = _ps.Run(command + " | Out-String -Width 80; " + command + " | ForEach-Object { '{0}|{1}|{2}' -f $_." + idProperty + ", $_.State, $(if ($_.PSObject.Properties['BgpStatus']) { $_.BgpStatus } else { $_.EniAddress }) }").AssertClean();
        var table = result.Output[0].ToString();
        var rows = result.Output.Skip(1).Select(o => o.ToString().Split('|')).ToList();
        Assert.NotEmpty(rows);
        var lines = Lines(table);
        Assert.All(lines, l => Assert.True(l.Length <= 80, "Wider than 80: " + l));
        var (headers, index) = Header(lines);
        Assert.Equal(first, headers.Take(first.Length).ToArray());
        // No header wraps onto a second line: exactly one header line, then the dashes, then one line per object.
        Assert.Equal(0, index);
        Assert.Equal(rows.Count, lines.Count - 2);
        Assert.DoesNotContain('…', table);
        foreach (var row in rows)
        {
            var line = Assert.Single(lines, l => l.StartsWith(row[0] + " ", StringComparison.Ordinal));
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(row, cells.Take(3).ToArray());
        }
    }

    /// <summary>Every default table view, each from the emulator's demo world.</summary>
    public static TheoryData<string> EveryTable => new()
    {
        "Get-RouteServerPeer @emu",
        "Get-DxBgpPeer @emu",
        "Get-RouteServerEndpoint @emu",
        "Get-BgpRoute @emu -RouteServerId rs-0123456789abcdef0",
        "Get-DxBgpFailoverTest @emu",
        "[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65020 } | Sync-DxBgpPeer @emu -RemoveUnlisted -WhatIf -InformationAction SilentlyContinue",
    };

    /// <summary>
    /// pwsh's console host lays a table out in one column less than the console is wide (Out-Host on an 80-column
    /// console is Out-String -Width 79), so a column that ends at 80 would lose its last character there.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryTable))]
    public void An_80_or_120_column_console_shows_the_same_columns_whole(string command)
    {
        foreach (var width in new[] { 80, 120 })
        {
            var r = _ps.Run("$o = @(" + command + "); $o | Out-String -Width " + width + "; $o | Out-String -Width " + (width - 1) + "; $o.Count").AssertClean();
            Assert.True((int)r.Output[2].BaseObject > 0, command + " wrote nothing");
            var atWidth = Lines(r.Output[0].ToString());
            var inConsole = Lines(r.Output[1].ToString());
            Assert.Equal(Header(atWidth).Headers, Header(inConsole).Headers);
            Assert.All(inConsole, l => Assert.True(l.Length < width, "Wider than " + (width - 1) + ": " + l));
            Assert.Equal(atWidth.Select(l => l.TrimEnd()), inConsole.Select(l => l.TrimEnd()));
            Assert.DoesNotContain('…', r.Output[1].ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void At_120_columns_the_table_adds_the_detail_and_stays_one_line_per_object(string command, string idProperty, string[] first)
    {
        var result = _ps.Run(command + " | Out-String -Width 120; @(" + command + ").Count; @(" + command + ")[0]." + idProperty).AssertClean();
        var lines = Lines(result.Output[0].ToString());
        var count = (int)result.Output[1].BaseObject;
        Assert.All(lines, l => Assert.True(l.Length <= 120, "Wider than 120: " + l));
        var (headers, _) = Header(lines);
        Assert.Equal(first, headers.Take(first.Length).ToArray());
        Assert.True(headers.Count > 5, "Only " + string.Join(", ", headers) + " at 120 columns");
        Assert.Contains("Name", headers);
        Assert.Equal(count + 2, lines.Count);
        Assert.Contains(lines, l => l.StartsWith(result.Output[2].ToString() + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Route_Server_peer_table_at_120_columns_shows_ASN_address_BFD_name_and_age()
    {
        var text = _ps.Run("Get-RouteServerPeer @emu | Out-String -Width 120").AssertClean().Text;
        var lines = Lines(text);
        Assert.Equal(["PeerId", "State", "BGP", "PeerAsn", "Address", "BFD", "Name", "Retrieved"], Header(lines).Headers);
        Assert.Matches(@"^rsp-0fedcba9876543210\s+Available\s+Up\s+4200000001\s+10\.0\.2\.10\s+-\s+fw-b\s+(just now|\d+s ago)$", lines[2]);
    }

    [Fact]
    public void A_Direct_Connect_peer_table_at_120_columns_shows_ASN_customer_address_and_interface_name()
    {
        var text = _ps.Run("Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo | Out-String -Width 120").AssertClean().Text;
        var lines = Lines(text);
        Assert.Matches(@"^dxpeer-fgq9j6xo\s+Available\s+Up\s+65000\s+169\.254\.255\.2/30\s+-\s+vif-prod-a\s+(just now|\d+s ago)$", lines[2]);
    }

    [Fact]
    public void Mixed_output_of_both_peer_kinds_reads_as_one_table()
    {
        var result = _ps.Run("$all = @(Get-RouteServerPeer @emu) + @(Get-DxBgpPeer @emu); $all | Out-String -Width 80; $all | ForEach-Object { \"$_\" }").AssertClean();
        var lines = Lines(result.Output[0].ToString());
        var ids = result.Output.Skip(1).Select(o => o.ToString()).ToList();
        Assert.Equal(5, ids.Count);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^[\s-]+$"));
        Assert.Equal(["PeerId", "State", "BGP", "PeerAsn", "Address"], Header(lines).Headers);
        Assert.Equal(ids, lines.Skip(2).Select(l => l.Split(' ')[0]).ToList());
        Assert.DoesNotContain(lines, l => l.Contains(" : ", StringComparison.Ordinal));
    }

    [Fact]
    public void Wait_BgpPeerUp_on_both_kinds_writes_one_table()
    {
        var result = _ps.Run(
            "$up = @(Get-RouteServerPeer @emu; Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo, dxpeer-fk3m7p2v) | Wait-BgpPeerUp @emu -Timeout 00:01:00 -PollInterval 00:00:01; " +
            "$up | Out-String -Width 80; $up.Count").AssertClean();
        var lines = Lines(result.Output[0].ToString());
        Assert.Equal(3, (int)result.Output[1].BaseObject);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^[\s-]+$"));
        Assert.Equal(5, lines.Count);
        Assert.Contains(lines, l => l.StartsWith("rsp-0fedcba9876543210 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dxpeer-fgq9j6xo ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" : ", StringComparison.Ordinal));
    }

    /// <summary>Every Get- cmdlet's listing, and both peer kinds mixed.</summary>
    public static TheoryData<string> Listings()
    {
        var data = new TheoryData<string>();
        foreach (var cmdlet in Cmdlets.All.Where(c => Cmdlets.Verb(c) == "Get")) data.Add(cmdlet + " @emu");
        data.Add("@(Get-RouteServerPeer @emu) + @(Get-DxBgpPeer @emu)");
        return data;
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void Format_Wide_shows_the_IDs(string command)
    {
        foreach (var width in new[] { 80, 120 })
        {
            var result = _ps.Run("$o = @(" + command + "); $o | Format-Wide | Out-String -Width " + width + "; $o | ForEach-Object { \"$_\" }").AssertClean();
            var text = result.Output[0].ToString();
            // Each object's identity: its ID, or a route's prefix (a route's text is "<prefix> via <next hop>").
            var ids = result.Output.Skip(1).Select(o => o.ToString().Split(' ')[0]).ToList();
            Assert.NotEmpty(ids);
            Assert.DoesNotContain("********", text);
            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), Regex.Matches(text, @"\S+").Select(m => m.Value).OrderBy(i => i, StringComparer.Ordinal));
        }
    }

    public static TheoryData<string, string[]> Lists => new()
    {
        { "Get-RouteServerPeer @emu", ["RouteServerPeerId : rsp-0fedcba9876543210", "Name : fw-b", "State : Available", "BgpStatus : Up", "PeerAddress : 10.0.2.10", "RouteServerEndpointId : rse-0fedcba9876543210", "Tags : Name=fw-b", "Region : us-east-1"] },
        { "Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo", ["BgpPeerId : dxpeer-fgq9j6xo", "State : Available", "BgpStatus : Up", "AuthKey : ********", "VirtualInterfaceId : dxvif-ffabc123", "Tags : env=prod", "Region : us-east-1"] },
        { "Get-RouteServerEndpoint @emu -RouteServerEndpointId rse-0fedcba9876543210", ["RouteServerEndpointId : rse-0fedcba9876543210", "State : Available", "EniAddress : 10.0.2.4", "Region : us-east-1"] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void The_list_view_shows_every_detail_at_80_and_120_columns(string command, string[] expected)
    {
        foreach (var width in new[] { 80, 120 })
        {
            var text = _ps.Run(command + " | Format-List | Out-String -Width " + width).AssertClean().Text;
            var lines = Lines(text).Select(l => Regex.Replace(l.Trim(), @"\s+:\s*", " : ")).ToList();
            foreach (var e in expected) Assert.Contains(e, lines);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^RetrievedAt : \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z \(read (just now|\d+s ago)\)$"));
            Assert.All(Lines(text), l => Assert.True(l.Length <= width, "Wider than " + width + ": " + l));
        }
    }

    [Fact]
    public void No_view_shows_a_Direct_Connect_auth_key()
    {
        var result = _ps.Run(
            "$p = Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo; $p.AuthKey.Reveal(); " +
            "foreach ($w in 80, 120) { $p | Out-String -Width $w; $p | Format-List | Out-String -Width $w; $p | Format-Wide | Out-String -Width $w; $p | Format-List * | Out-String -Width $w; $p | Format-Table * | Out-String -Width $w }").AssertClean();
        var key = result.Output[0].ToString();
        Assert.False(string.IsNullOrEmpty(key));
        Assert.All(result.Output.Skip(1), o => Assert.DoesNotContain(key, o.ToString(), StringComparison.Ordinal));
    }

    /// <summary>A sync with one change of each kind but Update, on both demo endpoints: Create, Keep, Replace, Remove.</summary>
    private const string Plan =
        "$null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.20 65020; $null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.21 65021; " +
        "$c = @([pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }, " +
        "[pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.10'; PeerAsn = 4200000001 }, " +
        "[pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.20'; PeerAsn = 65022 }) | Sync-RouteServerPeer @emu -RemoveUnlisted -Force; ";

    [Fact]
    public void A_sync_reads_like_a_plan_at_80_columns_grouped_by_endpoint_with_Terraforms_markers()
    {
        var r = _ps.Run(Plan + "$c | Out-String -Width 80").AssertClean();
        var lines = Lines(r.Output[0].ToString());
        Assert.All(lines, l => Assert.True(l.Length <= 80, "Wider than 80: " + l));
        Assert.Equal(["Peers on: rse-0123456789abcdef0", "Peers on: rse-0fedcba9876543210"], lines.Where(l => l.TrimStart().StartsWith("Peers on:", StringComparison.Ordinal)).Select(l => l.Trim()));
        var headers = lines.Where(l => l.StartsWith("Op ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, headers.Count);
        Assert.All(headers, l => Assert.Equal(["Op", "Action", "Peer", "Reason"], l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var rows = lines.Where(l => Regex.IsMatch(l, @"^(\+|=|~|-/\+|-) ")).ToList();
        Assert.Equal(
        [
            "+   Create  10.0.1.10 AS65001              no peer at this address",
            "=   Keep    10.0.2.10 AS4200000001         matches the row",
            "-/+ Replace 10.0.2.20 AS65022              PeerAsn 65020 → 65022; replaced",
            "-   Remove  10.0.2.21 AS65021              in no row (-RemoveUnlisted)",
        ], rows.Select(l => l.TrimEnd()));
        // A plan is read whole: a long reason wraps in its column instead of being cut.
        var replace = lines.FindIndex(l => l.StartsWith("-/+ Replace", StringComparison.Ordinal));
        Assert.Equal(new string(' ', 43) + "(delete and create)", lines[replace + 1].TrimEnd());
        Assert.DoesNotContain('…', r.Output[0].ToString());
    }

    [Fact]
    public void At_120_columns_a_sync_adds_the_peer_ID_Applied_and_BGP_and_the_list_view_shows_the_reason_whole()
    {
        var r = _ps.Run(Plan + "$c | Out-String -Width 120; $c | ForEach-Object PeerId; $c | Where-Object Action -eq Replace | Format-List | Out-String -Width 80").AssertClean();
        var lines = Lines(r.Output[0].ToString());
        Assert.All(lines, l => Assert.True(l.Length <= 120, "Wider than 120: " + l));
        var header = lines.First(l => l.StartsWith("Op ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Op", "Action", "Peer", "Reason", "PeerId", "Applied", "BGP"], header);
        var rows = lines.Where(l => Regex.IsMatch(l, @"^(\+|=|~|-/\+|-) ")).ToList();
        var ids = r.Output.Skip(1).Take(4).Select(o => o.ToString()).ToList();
        Assert.Equal(4, rows.Count);
        for (var i = 0; i < 4; i++) Assert.Contains(" " + ids[i] + " True ", rows[i], StringComparison.Ordinal);
        var list = Lines(r.Output[5].ToString()).Select(l => Regex.Replace(l.Trim(), @"\s+:\s*", " : ")).ToList();
        Assert.Contains("Action : Replace", list);
        Assert.Contains("Reason : PeerAsn 65020 → 65022; replaced (delete and create)", list);
        Assert.Contains("On : rse-0fedcba9876543210", list);
        Assert.Contains("Applied : True", list);
        Assert.Contains(list, l => Regex.IsMatch(l, "^ReplacedPeerId : rsp-[0-9a-f]{17}$"));
    }

    [Fact]
    public void A_plan_of_Direct_Connect_changes_fits_80_columns_too()
    {
        var r = _ps.Run("[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65020 } | Sync-DxBgpPeer @emu -RemoveUnlisted -WhatIf -InformationAction SilentlyContinue | Out-String -Width 80").AssertClean();
        var lines = Lines(r.Output[0].ToString());
        Assert.All(lines, l => Assert.True(l.Length <= 80, "Wider than 80: " + l));
        Assert.Contains(lines, l => l.Trim() == "Peers on: dxvif-fgt4k8wq");
        Assert.Contains(lines, l => l.StartsWith("+   Create  IPv4 AS65020", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("-   Remove  IPv4 AS65010 169.254.100.2/29  in no row (-RemoveUnlisted)", StringComparison.Ordinal));
        // An IPv6 peer's address does not fit beside its family and ASN: it wraps whole onto the next line.
        var ipv6 = lines.FindIndex(l => l.StartsWith("-   Remove  IPv6 AS65010", StringComparison.Ordinal));
        Assert.Equal(new string(' ', 12) + "2001:db8:1100:2f0::2/125", lines[ipv6 + 1].TrimEnd());
        Assert.DoesNotContain('…', r.Output[0].ToString());
    }
}
