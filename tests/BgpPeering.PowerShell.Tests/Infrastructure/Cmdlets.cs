using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>The module's cmdlets, for data-driven theories.</summary>
public static class Cmdlets
{
    public static readonly string[] All =
    [
        "Get-RouteServerPeer", "New-RouteServerPeer", "Remove-RouteServerPeer", "Get-RouteServerEndpoint",
        "Wait-BgpPeerUp", "Get-DxBgpPeer", "New-DxBgpPeer", "Remove-DxBgpPeer",
        "Start-DxBgpFailoverTest", "Get-DxBgpFailoverTest", "Stop-DxBgpFailoverTest",
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All) data.Add(name);
        return data;
    }
}
