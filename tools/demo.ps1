#Requires -Version 5.1
<#
    The demo: the built module, in a fresh PowerShell process, against the local emulator. Every step prints the
    command it runs ("PS> …") and then runs exactly that command, so what you read is what ran: real What if:
    lines, a real EC2 DryRun, real format views, real Write-Progress while waiting, and a real per-item error.
    Nothing contacts AWS.

    bash tools/demo.sh (or ./build.ps1 -Task Demo) runs it; it needs $env:BGPPEERING_MODULE_PATH, which they set.
#>
param([double] $Speed = 20)

. (Join-Path (Split-Path -Parent $PSScriptRoot) 'tests/TestHelpers.ps1')

function Show-Step {
    # Prints a step's own text, then runs it in this scope and shows its output as a user would see it.
    param([Parameter(Mandatory)] [scriptblock] $Step, [string] $Note)
    Write-Host ''
    if ($Note) { Write-Host "# $Note" -ForegroundColor DarkGray }
    foreach ($line in ($Step.ToString().Trim() -split "`r?`n")) { Write-Host ("PS> " + $line.Trim()) -ForegroundColor Yellow }
    . $Step | Out-Host
}

$module = Import-BgpPeeringBuiltModule
Write-Host "BgpPeering $($module.Version) from $($module.ModuleBase), PowerShell $($PSVersionTable.PSVersion)"
$emulator = Start-BgpPeeringEmulator -Speed $Speed
try {
    $emu = $emulator.Connection
    Write-Host "Emulator on $($emulator.Url) (simulated delays / $Speed). `$emu holds -EndpointUrl, -Region and AWS's example keys."

    Show-Step -Note 'The Route Server endpoints of the region, in the default table view.' {
        Get-RouteServerEndpoint @emu
    }

    Show-Step -Note '-WhatIf sends the request with EC2 DryRun: AWS checks permissions and input, nothing is created.' {
        New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag 'Name=fw-a' -WhatIf @emu
    }

    Show-Step -Note 'Two Route Server peers and a Direct Connect IPv6 peer (AWS assigns its addresses).' {
        $peers = @(
            New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag 'Name=fw-a' @emu
            New-RouteServerPeer -RouteServerEndpointId rse-0fedcba9876543210 -PeerAddress 10.0.2.11 -PeerAsn 65002 -PeerLivenessDetection Bfd -Tag 'Name=fw-b2' @emu
            New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @emu
        )
        $peers
    }

    Show-Step -Note 'Both kinds wait together: one progress bar, each peer written the moment its session is up.' {
        $peers | Wait-BgpPeerUp -Timeout 00:02:00 -PollInterval 00:00:01 @emu
    }

    Show-Step -Note 'Flat, typed objects filter as you would expect.' {
        Get-RouteServerPeer @emu | Where-Object BgpStatus -eq Up | Select-Object RouteServerPeerId, PeerAddress, PeerAsn, BgpStatus, BfdStatus
    }

    Show-Step -Note 'Direct Connect peers whose session is not up.' {
        Get-DxBgpPeer @emu | Where-Object BgpStatus -ne Up
    }

    Show-Step -Note 'A missing ID is one non-terminating error; the other IDs still come back.' {
        Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210, rsp-00000000000000000 @emu -ErrorVariable missing -ErrorAction SilentlyContinue
        "Error: $($missing[0].FullyQualifiedErrorId) on $($missing[0].TargetObject)"
    }

    Show-Step -Note 'Remove-* asks for confirmation (ConfirmImpact High); -WhatIf is a DryRun, -Force removes.' {
        $peers | Where-Object RouteServerPeerId | Remove-RouteServerPeer -WhatIf @emu
        $peers | Where-Object RouteServerPeerId | Remove-RouteServerPeer -Force -PassThru @emu
    }
}
finally {
    Stop-BgpPeeringEmulator -Emulator $emulator
    Write-Host ''
    Write-Host 'Emulator stopped.'
}
