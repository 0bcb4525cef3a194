using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>Export-Csv / Import-Csv / ConvertTo-Json of the output types: tags as text that -Tag takes back, no secret.</summary>
public sealed class ExportTests : IClassFixture<PwshFixture>, IDisposable
{
    private readonly PwshFixture _ps;
    private readonly string _csv = Path.Combine(Path.GetTempPath(), "bgppeering-export-" + Guid.NewGuid().ToString("N") + ".csv");

    public ExportTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    public void Dispose()
    {
        if (File.Exists(_csv)) File.Delete(_csv);
    }

    private Dictionary<string, object?> Vars => new() { ["csv"] = _csv };

    [Fact]
    public void Export_Csv_writes_tags_as_key_value_text()
    {
        var r = _ps.Run("Get-RouteServerPeer @emu | Export-Csv -Path $csv -NoTypeInformation; (Import-Csv -Path $csv).Tags; Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo | Export-Csv -Path $csv -NoTypeInformation; (Import-Csv -Path $csv).Tags", variables: Vars).AssertClean();
        Assert.Equal(["Name=fw-b", "env=prod"], r.Output.Select(o => o.ToString()));
        Assert.DoesNotContain("System.Collections", File.ReadAllText(_csv), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Csv_then_Import_Csv_into_New_RouteServerPeer_round_trips_the_tags()
    {
        var r = _ps.Run(@"
$made = New-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.20 -PeerAsn 65020 -Tag @{ Name = 'fw-a'; env = 'prod'; 'cost center' = '42' }
$made | Export-Csv -Path $csv -NoTypeInformation
$row = Import-Csv -Path $csv
$row.Tags
# The CSV's Tags column is the text -Tag accepts: as a column renamed Tag, or given to -Tag.
$copy = $row | Select-Object RouteServerEndpointId, @{ Name = 'PeerAddress'; Expression = { '10.0.1.21' } }, PeerAsn, PeerLivenessDetection, @{ Name = 'Tag'; Expression = 'Tags' }, Region, EndpointUrl |
  New-RouteServerPeer -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
$again = New-RouteServerPeer @emu -RouteServerEndpointId $row.RouteServerEndpointId -PeerAddress 10.0.1.22 -PeerAsn $row.PeerAsn -Tag $row.Tags
foreach ($p in $made, $copy, $again) { (@($p.Tags.Keys | Sort-Object | ForEach-Object { $_ + '=' + $p.Tags[$_] }) -join '|') }", variables: Vars).AssertClean();
        Assert.Equal("Name=fw-a;cost center=42;env=prod", r.Output[0].ToString());
        Assert.Equal("cost center=42|env=prod|Name=fw-a", r.Output[1].ToString());
        Assert.Equal(r.Output[1].ToString(), r.Output[2].ToString());
        Assert.Equal(r.Output[1].ToString(), r.Output[3].ToString());
        Assert.Equal(3, _ps.Requests.Count(q => q.Action == "CreateRouteServerPeer" && q.Status == 200));
    }

    [Fact]
    public void Tags_stay_a_dictionary_for_scripts_and_JSON()
    {
        var r = _ps.Run("$p = Get-RouteServerPeer @emu; $p.Tags['Name']; $p.Tags.Count; ($p | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Tags.Name").AssertClean();
        Assert.Equal(["fw-b", "1", "fw-b"], r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void No_export_of_a_Direct_Connect_peer_carries_its_auth_key()
    {
        var r = _ps.Run("$p = Get-DxBgpPeer @emu -BgpPeerId dxpeer-fgq9j6xo; $p.AuthKey.Reveal(); $p | Export-Csv -Path $csv -NoTypeInformation; $p | ConvertTo-Csv; $p | ConvertTo-Json -Depth 4; $p | ConvertTo-Xml -As String -Depth 3", variables: Vars).AssertClean();
        var key = r.Output[0].ToString();
        Assert.False(string.IsNullOrEmpty(key));
        Assert.DoesNotContain(key, File.ReadAllText(_csv), StringComparison.Ordinal);
        Assert.All(r.Output.Skip(1), o => Assert.DoesNotContain(key, o.ToString(), StringComparison.Ordinal));
    }
}
