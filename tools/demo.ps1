#Requires -Version 5.1
<#
    The demo: the built module, in a fresh PowerShell process, against the local emulator. Every step prints the
    command it runs ("PS> …") and then runs exactly that command, so what you read is what ran: real What if:
    lines, a real EC2 DryRun, real format views, real Write-Progress while waiting, routes, a failover drill, a CSV
    synced, and a real per-item error.
    Nothing contacts AWS.

    bash tools/demo.sh (or ./build.ps1 -Task Demo) runs it; it needs $env:BGPPEERING_MODULE_PATH, which they set.
#>
param([double] $Speed = 20)

. (Join-Path (Split-Path -Parent $PSScriptRoot) 'tests/TestHelpers.ps1')

$steps = [System.Collections.Generic.List[object]]::new()
function Add-Step {
    # A step: a note and the commands it runs; the commands are printed as written, then run as they are.
    param([Parameter(Mandatory)] [string] $Note, [Parameter(Mandatory)] [scriptblock] $Step)
    $steps.Add([pscustomobject]@{ Note = $Note; Step = $Step })
}

$module = Import-BgpPeeringBuiltModule
Write-Host "BgpPeering $($module.Version) from $($module.ModuleBase), PowerShell $($PSVersionTable.PSVersion)"
$emulator = Start-BgpPeeringEmulator -Speed $Speed
try {
    $emu = $emulator.Connection
    Write-Host "Emulator on $($emulator.Url) (simulated delays / $Speed). `$emu holds -EndpointUrl, -Region and AWS's example keys."

    Add-Step -Note 'The Route Server endpoints of the region, in the default table view.' {
        Get-RouteServerEndpoint @emu
    }

    Add-Step -Note '-WhatIf sends the request with EC2 DryRun: AWS checks permissions and input, nothing is created.' {
        New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag 'Name=fw-a' -WhatIf @emu
    }

    Add-Step -Note 'Two Route Server peers and a Direct Connect IPv6 peer (AWS assigns its addresses).' {
        $peers = @(
            New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag 'Name=fw-a' @emu
            New-RouteServerPeer -RouteServerEndpointId rse-0fedcba9876543210 -PeerAddress 10.0.2.11 -PeerAsn 65002 -PeerLivenessDetection Bfd -Tag 'Name=fw-b2' @emu
            New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @emu
        )
        $peers
    }

    Add-Step -Note 'Both kinds wait together: one progress bar, each peer written the moment its session is up.' {
        $peers | Wait-BgpPeerUp -Timeout 00:02:00 -PollInterval 00:00:01 @emu
    }

    # ---- Routes (Get-BgpRoute, Wait-BgpPeerUp -MinimumRouteCount) ---------------------------------------------------
    Add-Step -Note 'A session that is up is not yet a network that works: wait until each new Route Server peer has a route in the FIB.' {
        $peers | Where-Object RouteServerPeerId | Wait-BgpPeerUp -MinimumRouteCount 1 -Timeout 00:01:00 -PollInterval 00:00:01 @emu
    }

    Add-Step -Note 'The routing database reads like show ip bgp: *> the best path (the shorter AS path wins), r> one a route table rejected.' {
        Get-BgpRoute -RouteServerId rs-0123456789abcdef0 @emu
    }

    Add-Step -Note 'The routes that cover 10.60.1.0/24 (both peers'' /16), and one peer''s routes in full.' {
        Get-BgpRoute -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.0/24 -Match LongestPrefix @emu
        $peers[0] | Get-BgpRoute @emu | Format-List Prefix, Status, AsPath, Med, InstalledRouteTableIds
    }

    Add-Step -Note 'Direct Connect: what the interface accepted from your router, and what AWS advertises on it.' {
        Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @emu | Get-BgpRoute @emu
        Get-BgpRoute -VirtualInterfaceId dxvif-ffabc123 -Direction Advertised @emu
    }

    Add-Step -Note 'Flat, typed objects filter as you would expect.' {
        Get-RouteServerPeer @emu | Where-Object BgpStatus -eq Up | Select-Object RouteServerPeerId, PeerAddress, PeerAsn, BgpStatus, BfdStatus
    }

    Add-Step -Note 'Direct Connect peers whose session is not up.' {
        Get-DxBgpPeer @emu | Where-Object BgpStatus -ne Up
    }

    # ---- Failover drill (Start-, Get-, Stop-DxBgpFailoverTest) ----------------------------------------------------
    Add-Step -Note 'A BGP failover drill takes a Direct Connect session down on purpose. -WhatIf only reads (Direct Connect has no DryRun); -Force skips the High-impact question.' {
        Start-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v -Duration 00:01:00 -WhatIf @emu
        $drill = Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v @emu | Start-DxBgpFailoverTest -Duration 00:01:00 -Force @emu
        $drill
    }

    Add-Step -Note 'While it runs, the session is Down and the interface testing.' {
        $drill | Get-DxBgpPeer @emu | Format-Table BgpPeerId, BgpStatus, VirtualInterfaceState
    }

    Add-Step -Note "Wait-BgpPeerUp waits out the one-minute test ($([math]::Round(60 / $Speed, 1)) s at this speed) and writes the peer when its session is back." {
        $drill | Get-DxBgpPeer @emu | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @emu
    }

    Add-Step -Note 'The history: the drill Completed by itself, after the demo''s earlier failed one.' {
        Get-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq @emu
    }

    Add-Step -Note 'A missing ID is one non-terminating error; the other IDs still come back.' {
        Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210, rsp-00000000000000000 @emu -ErrorVariable missing -ErrorAction SilentlyContinue
        "Error: $($missing[0].FullyQualifiedErrorId) on $($missing[0].TargetObject)"
    }

    Add-Step -Note 'Remove-* asks for confirmation (ConfirmImpact High); -WhatIf is a DryRun, -Force removes.' {
        $peers | Where-Object RouteServerPeerId | Remove-RouteServerPeer -WhatIf @emu
        $peers | Where-Object RouteServerPeerId | Remove-RouteServerPeer -Force -PassThru @emu
    }

    # ---- Desired state (Sync-RouteServerPeer converges the peers on a CSV) --------------------------------------
    $syncCsv = Join-Path ([IO.Path]::GetTempPath()) ("bgppeering-demo-" + [Guid]::NewGuid().ToString('N') + ".csv")
    Add-Step -Note 'A CSV of four peers, and its plan: -WhatIf sends each create as an EC2 DryRun and changes nothing.' {
        @'
RouteServerEndpointId,PeerAddress,PeerAsn,PeerLivenessDetection,Tag
rse-0123456789abcdef0,10.0.1.50,65050,Bfd,Name=fw-50;env=prod
rse-0123456789abcdef0,10.0.1.51,65051,,Name=fw-51;env=prod
rse-0123456789abcdef0,10.0.1.52,65052,,Name=fw-52
rse-0123456789abcdef0,10.0.1.53,65053,,Name=fw-53
'@ | Set-Content -LiteralPath $syncCsv
        Import-Csv $syncCsv | Sync-RouteServerPeer -WhatIf @emu
    }

    Add-Step -Note 'Sync it: four creates, written as each is made.' {
        Import-Csv $syncCsv | Sync-RouteServerPeer @emu
    }

    Add-Step -Note 'Sync the same CSV again: nothing to do, nothing sent but the two reads.' {
        Import-Csv $syncCsv | Sync-RouteServerPeer @emu
    }

    Add-Step -Note 'Change one ASN in the file: one Replace (delete and create; AWS cannot modify a peer), three Keeps.' {
        (Get-Content -LiteralPath $syncCsv) -replace '10.0.1.52,65052', '10.0.1.52,65062' | Set-Content -LiteralPath $syncCsv
        Import-Csv $syncCsv | Sync-RouteServerPeer -Force @emu | Format-List Action, PeerId, ReplacedPeerId, Reason
    }

    foreach ($s in $steps) {
        Write-Host ''
        Write-Host "# $($s.Note)" -ForegroundColor DarkGray
        $text = $s.Step.ToString().Trim() -split "`r?`n"
        $indent = ($text | Select-Object -Skip 1 | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length } | Measure-Object -Minimum).Minimum
        Write-Host ("PS> " + $text[0].Trim()) -ForegroundColor Yellow
        foreach ($line in $text | Select-Object -Skip 1) {
            $shown = if ($indent -and $line.Length -ge $indent) { $line.Substring($indent) } else { $line.Trim() }
            Write-Host (">> " + $shown) -ForegroundColor Yellow
        }
        # Dot-sourced here, in the script's scope, so that a step's variables ($peers) reach the next steps.
        . $s.Step | Out-Host
    }
}
finally {
    if ($syncCsv) { Remove-Item -LiteralPath $syncCsv -ErrorAction SilentlyContinue }
    Stop-BgpPeeringEmulator -Emulator $emulator
    Write-Host ''
    Write-Host 'Emulator stopped.'
}
