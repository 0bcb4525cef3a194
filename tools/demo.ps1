#Requires -Version 5.1
<#
    The PowerShell demo (build.ps1 -Task Demo runs it in a fresh process): starts the local emulator, imports the
    built module, creates Route Server and Direct Connect peers, waits for their BGP sessions, shows them, and
    stops the emulator. Nothing contacts AWS.

    Needs $env:BGPPEERING_MODULE_PATH (the built BgpPeering.psd1); build.ps1 sets it.
#>
param([double] $Speed = 20)

$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) 'tests/TestHelpers.ps1')

function Show-Step([string] $Text) { Write-Host ''; Write-Host "PS> $Text" -ForegroundColor Yellow }

$module = Import-BgpPeeringBuiltModule
Write-Host "BgpPeering $($module.Version) from $($module.ModuleBase)"
$emulator = Start-BgpPeeringEmulator -Speed $Speed
try {
    $conn = $emulator.Connection
    Write-Host "Emulator listening on $($emulator.Url) (speed ${Speed}x), keys AKIDEXAMPLE / the documented example secret"

    Show-Step 'Get-RouteServerEndpoint @conn'
    Get-RouteServerEndpoint @conn | Format-Table | Out-Host

    Show-Step "New-RouteServerPeer rse-0123456789abcdef0 10.0.1.10 65001 -Tag 'Name=fw-a' -WhatIf   # a real DryRun"
    New-RouteServerPeer rse-0123456789abcdef0 10.0.1.10 65001 -Tag 'Name=fw-a' -WhatIf @conn

    Show-Step '$peers = New-RouteServerPeer (x2), New-DxBgpPeer (IPv6)'
    $peers = @(
        New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag 'Name=fw-a' @conn
        New-RouteServerPeer -RouteServerEndpointId rse-0fedcba9876543210 -PeerAddress 10.0.2.11 -PeerAsn 65002 -PeerLivenessDetection Bfd -Tag 'Name=fw-b2' @conn
        New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @conn
    )
    $peers | Format-Table | Out-Host

    Show-Step '$peers | Wait-BgpPeerUp -Timeout 00:02:00 | Format-Table'
    $peers | Wait-BgpPeerUp -Timeout 00:02:00 -PollInterval 00:00:01 -AccessKey $conn.AccessKey -SecretKey $conn.SecretKey | Format-Table | Out-Host

    Show-Step 'Get-RouteServerPeer @conn | Format-Table'
    Get-RouteServerPeer @conn | Format-Table | Out-Host

    Show-Step 'Get-DxBgpPeer @conn | Where-Object BgpStatus -ne Up'
    Get-DxBgpPeer @conn | Where-Object BgpStatus -ne Up | Format-Table | Out-Host
}
finally {
    Stop-BgpPeeringEmulator -Emulator $emulator
    Write-Host 'Emulator stopped.'
}
