#Requires -Version 5.1
<#
    Pester 5 tests for Wait-BgpPeerUp, against the built module and the local emulator: Route Server and Direct
    Connect peers (alone and together, piped or by ID), -Timeout, peers that fail or are deleted, throttling, early
    stop (Select-Object -First 1) and a stalled server, and bad input refused before any request. The emulator runs
    at -Speed 100, so a new peer comes up in well under a second. Nothing contacts AWS.

    Run it through build.ps1 (./build.ps1 -Task Build, Pester) or by hand, in a new process:
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/Wait-BgpPeerUp.Tests.ps1 -Output Detailed"
#>

BeforeDiscovery {
    # Refused by the parameter binder or the cmdlet before any request is sent.
    $script:LocalRefusals = @(
        @{ Case = 'a poll interval under a second'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; PollInterval = [TimeSpan]::FromMilliseconds(500) }; ErrorId = 'InvalidArgument,BgpPeering.Commands.WaitBgpPeerUpCommand' }
        @{ Case = 'a zero timeout'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::Zero }; ErrorId = 'InvalidArgument,BgpPeering.Commands.WaitBgpPeerUpCommand' }
        @{ Case = 'a malformed Direct Connect peer ID to wait for'; Command = 'Wait-BgpPeerUp'; Params = @{ BgpPeerId = 'dxpeer-1'; VirtualInterfaceId = 'dxvif-ffabc123' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.WaitBgpPeerUpCommand' }
    )

    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'a timeout of TimeSpan.MaxValue'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::MaxValue }; ErrorId = 'InvalidArgument'; Parameter = 'Timeout'; Says = 'maximum is 24 hours' }
        @{ Case = 'a poll interval of TimeSpan.MaxValue'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; PollInterval = [TimeSpan]::MaxValue }; ErrorId = 'InvalidArgument'; Parameter = 'PollInterval'; Says = 'maximum is 1 hour' }
        @{ Case = 'a poll interval longer than the timeout'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::FromSeconds(10); PollInterval = [TimeSpan]::FromSeconds(30) }; ErrorId = 'InvalidArgument'; Parameter = 'PollInterval'; Says = 'longer than -Timeout' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'Wait-BgpPeerUp' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'writes a new Route Server peer again once its session is up' {
        $new = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.30 65030 @Conn

        $up = @($new | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys)

        $up | Should -HaveCount 1
        $up[0].RouteServerPeerId | Should -Be $new.RouteServerPeerId
        $up[0].State | Should -Be 'Available'
        $up[0].BgpStatus | Should -Be 'Up'
        $up[0].RetrievedAt | Should -BeGreaterThan $new.RetrievedAt
    }

    It 'waits for Route Server and Direct Connect peers together' {
        $peers = @(
            New-RouteServerPeer rse-0123456789abcdef0 10.0.1.31 65031 @Conn
            New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @Conn
        )

        $up = @($peers | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys)

        $up | Should -HaveCount 2
        @($up | ForEach-Object { $_.GetType().Name } | Sort-Object) | Should -Be @('DxBgpPeer', 'RouteServerPeer')
        $up | ForEach-Object { $_.BgpStatus | Should -Be 'Up' }
    }

    It 'waits by ID: <Case>' -ForEach @(
        @{ Case = 'a Route Server peer'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }; Expected = 'rsp-0fedcba9876543210' }
        @{ Case = 'a Direct Connect peer'; Params = @{ BgpPeerId = 'dxpeer-fgq9j6xo'; VirtualInterfaceId = 'dxvif-ffabc123' }; Expected = 'dxpeer-fgq9j6xo' }
    ) {
        $up = @(Wait-BgpPeerUp @Params -Timeout 00:00:30 -PollInterval 00:00:01 @Conn)

        $up | Should -HaveCount 1
        $id = if ($up[0] -is [BgpPeering.Engine.Model.RouteServerPeer]) { $up[0].RouteServerPeerId } else { $up[0].BgpPeerId }
        $id | Should -Be $Expected
    }

    It 'waits for the peers of a Direct Connect interface (README)' {
        $up = @(Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 @Conn | Wait-BgpPeerUp -Timeout 00:00:30 -PollInterval 00:00:01 @Keys)

        @($up | ForEach-Object BgpPeerId) | Should -Be @('dxpeer-fgq9j6xo')
    }

    It 'gives up at -Timeout with one WaitTimedOut error per peer' {
        $new = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.32 65032 @Conn
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId $new.RouteServerPeerId -Change @{ bgpBehaviour = 'never' }

        $up = @($new | Wait-BgpPeerUp -Timeout 00:00:03 -PollInterval 00:00:01 @Keys -ErrorVariable errors -ErrorAction SilentlyContinue)

        $up | Should -HaveCount 0
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,BgpPeering.Commands.WaitBgpPeerUpCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].TargetObject.RouteServerPeerId | Should -Be $new.RouteServerPeerId
    }

    It 'fails fast with <ErrorId> when a peer <Case>' -ForEach @(
        @{ Case = 'fails'; Change = @{ state = 'failed'; failureReason = 'simulated failure' }; ErrorId = 'PeerFailed' }
        @{ Case = 'is being deleted'; Change = @{ state = 'deleting' }; ErrorId = 'PeerDeleted' }
    ) {
        $new = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.33 65033 @Conn
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId $new.RouteServerPeerId -Change $Change
        $watch = [Diagnostics.Stopwatch]::StartNew()

        { $new | Wait-BgpPeerUp -Timeout 00:05:00 -PollInterval 00:00:01 @Keys -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,BgpPeering.Commands.WaitBgpPeerUpCommand"
        # Well before the five-minute timeout: only rules out waiting it out.
        $watch.Elapsed | Should -BeLessThan ([TimeSpan]::FromMinutes(2))
    }

    It 'keeps waiting through throttling' {
        $new = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.34 65034 @Conn
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind throttling -Action DescribeRouteServerPeers -Count 2

        $up = @($new | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys)

        $up | Should -HaveCount 1
        @(Get-Sent DescribeRouteServerPeers | Where-Object errorCode -eq 'RequestLimitExceeded').Count | Should -BeGreaterThan 0
    }

    It 'stops polling when Select-Object -First 1 has the first peer up' {
        $peers = @(20..22 | ForEach-Object { New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress "10.0.1.$_" -PeerAsn (65000 + $_) @Conn })
        foreach ($p in $peers[1..2]) { $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId $p.RouteServerPeerId -Change @{ bgpBehaviour = 'never' } }

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $up = @($peers | Wait-BgpPeerUp -Timeout 00:02:00 -PollInterval 00:00:01 @Conn | Select-Object -First 1)
        $clock.Stop()
        $atReturn = @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -EQ 'DescribeRouteServerPeers').Count
        Start-Sleep -Seconds 3
        $later = @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -EQ 'DescribeRouteServerPeers').Count

        $up | Should -HaveCount 1
        $up[0].RouteServerPeerId | Should -Be $peers[0].RouteServerPeerId
        $later | Should -Be $atReturn # no poll after the cmdlet returned
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 60 # not held until -Timeout
    }

    It 'ends Wait-BgpPeerUp -Timeout 5s against a stalled server at its timeout, with a WaitTimedOut per peer' {
        $peers = @(10..12 | ForEach-Object { New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress "10.0.1.$_" -PeerAsn (65000 + $_) @Conn })
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind latency -Action DescribeRouteServerPeers -Probability 1 -LatencyMs 864000000

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $out = @(Wait-BgpPeerUp -InputObject $peers -Timeout 00:00:05 -PollInterval 00:00:01 @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)
        $clock.Stop()

        $out | Should -HaveCount 0
        $errs | Should -HaveCount 3
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -Be 'WaitTimedOut,BgpPeering.Commands.WaitBgpPeerUpCommand'
            $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $e.Exception.Message | Should -Match 'Last seen: state pending' # the piped object, as no read got through
        }
        # Generous: the point is that it is bounded by -Timeout, not by the SDK's 3 x 100 s.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
        Write-Host ("Wait-BgpPeerUp -Timeout 5s against a stalled server returned after {0:N1} s." -f $clock.Elapsed.TotalSeconds)

        # By ID (a CSV column), nothing was ever read: the message says so and why.
        $byId = @($peers | Select-Object RouteServerPeerId | Wait-BgpPeerUp -Timeout 00:00:03 -PollInterval 00:00:01 @Conn -ErrorVariable idErrs -ErrorAction SilentlyContinue)
        $byId | Should -HaveCount 0
        $idErrs | Should -HaveCount 3
        $idErrs[0].Exception.Message | Should -Match 'never read; the last read failed'
    }
}

Describe 'Wait-BgpPeerUp input checked before any request' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> and sends nothing' -ForEach $LocalRefusals {
        Assert-RefusedLocally -Command $Command -Params $Params -ErrorId $ErrorId
    }

    It '<Command> refuses <Case> with <ErrorId>, naming -<Parameter>, and sends nothing' -ForEach $script:CommandLineRefusals {
        Assert-RefusedOnCommandLine -Command $Command -Params $Params -ErrorId $ErrorId -Parameter $Parameter -Says $Says
    }
}
