#Requires -Version 5.1
<#
    Pester 5 tests of what a user can rely on under faults (issues 15 and 18), in one pwsh process against the built
    module and the emulator on 127.0.0.1: lost responses after a write, throttling storms, an endpoint that goes away
    for six seconds, early stop of a long listing, and a wait against a stalled server. Nothing contacts AWS.

    Run: dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Pester (runs every tests/*.Tests.ps1).
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-BgpPeeringBuiltModule
    $script:Emulator = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emulator.Url
    $script:Conn = $script:Emulator.Connection

    function script:New-PeerCsv {
        # A CSV of $Count rows on the demo endpoint rse-0123456789abcdef0 (subnet 10.0.1.0/24).
        param([int] $Count, [string] $Path)
        @(0..($Count - 1) | ForEach-Object {
                [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.' + (100 + $_); PeerAsn = [string](65100 + $_) }
            }) | Export-Csv -Path $Path -NoTypeInformation
        $Path
    }

    function script:Get-CsvPeer {
        # The peers the CSV rows made (their addresses are 10.0.1.100 and up), as the emulator holds them.
        @(Get-RouteServerPeer @script:Conn | Where-Object { $_.PeerAddress -like '10.0.1.1??' })
    }
}

AfterAll {
    if ($script:Emulator) { Stop-BgpPeeringEmulator -Emulator $script:Emulator }
}

Describe 'Lost responses after the write (issue 15)' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'makes exactly 50 peers and 50 outputs, with no error, from 50 CSV rows under 30 % <Kind> after the write' -ForEach @(
        @{ Kind = 'reset' }
        @{ Kind = 'internalError' }
    ) {
        $csv = New-PeerCsv -Count 50 -Path (Join-Path $TestDrive "rows-$Kind.csv")
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind $Kind -Phase after -Action CreateRouteServerPeer -Probability 0.3 -Seed 15

        $out = @(Import-Csv -Path $csv | New-RouteServerPeer @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)

        $errs | Should -HaveCount 0
        $out | Should -HaveCount 50
        @($out.RouteServerPeerId | Sort-Object -Unique) | Should -HaveCount 50
        $struck = (Invoke-RestMethod -Method Get -Uri "$script:Url/_emulator/faults" | ForEach-Object { $_ } | Measure-Object -Property struck -Sum).Sum
        $struck | Should -BeGreaterThan 4 # the faults really struck
        $peers = Get-CsvPeer
        $peers | Should -HaveCount 50
        @($peers.PeerAddress | Sort-Object -Unique) | Should -HaveCount 50
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -EQ 'CreateRouteServerPeer') | Should -HaveCount 50 # never sent twice
    }

    It 'says in -Verbose that a result was adopted after a lost response' {
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind reset -Phase after -Action CreateRouteServerPeer -Count 1

        $verbose = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.90 -PeerAsn 65090 @Conn -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        ($verbose.Message -join "`n") | Should -Match 'Adopted that result'
    }

    It 'reports a remove whose response was lost as a success, and the peer is deleting' {
        $peer = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.91 -PeerAsn 65091 @Conn
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind internalError -Phase after -Action DeleteRouteServerPeer -Count 1

        $out = Remove-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId -Force -PassThru @Conn -ErrorVariable errs -ErrorAction SilentlyContinue

        $errs | Should -HaveCount 0
        $out.State | Should -BeIn @('Deleting', 'Deleted')
        (Get-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId @Conn -ErrorAction SilentlyContinue).State | Should -BeIn @('Deleting', 'Deleted', $null)
    }

    It 'reports a Direct Connect create whose response was lost as a success, with one peer made' {
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind internalError -Phase after -Action CreateBGPPeer -Count 1

        $out = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65030 @Conn -ErrorVariable errs -ErrorAction SilentlyContinue

        $errs | Should -HaveCount 0
        $out.BgpPeerId | Should -Match '^dxpeer-'
        @(Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 @Conn | Where-Object { $_.AddressFamily -eq 'IPv6' -and $_.Asn -eq 65030 }) | Should -HaveCount 1
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -EQ 'CreateBGPPeer') | Should -HaveCount 1
    }
}

Describe 'One outcome per row (issues 15 and 18)' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'gives each of 50 rows under a throttling storm exactly one outcome, and every error names its row' {
        $csv = New-PeerCsv -Count 50 -Path (Join-Path $TestDrive 'storm.csv')
        # 40 throttles: the first rows use up their four attempts each, the later ones go through.
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind throttling -Action CreateRouteServerPeer -Count 40

        $out = @(Import-Csv -Path $csv | New-RouteServerPeer @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)

        ($out.Count + $errs.Count) | Should -Be 50
        $errs | Should -HaveCount 10
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -Be 'Throttled,BgpPeering.Commands.NewRouteServerPeerCommand'
            $e.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $e.TargetObject.PeerAddress | Should -Match '^10\.0\.1\.1\d\d$'
            $e.Exception.Message | Should -BeLike ('*' + $e.TargetObject.PeerAddress + '*rse-0123456789abcdef0*')
        }
        $failed = @($errs.TargetObject.PeerAddress)
        $made = @($out.PeerAddress)
        @($failed | Where-Object { $made -contains $_ }) | Should -HaveCount 0
        (Get-CsvPeer).Count | Should -Be $out.Count
    }

    It 'survives a 6 s outage of the endpoint: one outcome per row of 50, and the rows after it succeed' {
        $csv = New-PeerCsv -Count 50 -Path (Join-Path $TestDrive 'outage.csv')
        $port = ([Uri]$script:Url).Port
        $script:Later = $null
        $row = 0

        $out = @(Import-Csv -Path $csv | ForEach-Object {
                if ($row++ -eq 10) {
                    Stop-BgpPeeringEmulator -Emulator $script:Emulator
                    $script:Later = Start-BgpPeeringEmulatorLater -Port $port -After ([TimeSpan]::FromSeconds(6))
                }
                $_
            } | New-RouteServerPeer @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)
        $script:Emulator = Wait-BgpPeeringEmulatorLater -Handle $script:Later

        ($out.Count + $errs.Count) | Should -Be 50
        $errs.Count | Should -BeGreaterThan 0 # the endpoint really was away
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -Be 'ConnectionFailed,BgpPeering.Commands.NewRouteServerPeerCommand'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            $e.Exception.Message | Should -BeLike ('*' + $e.TargetObject.PeerAddress + '*')
        }
        # The last rows come after the outage: they were made.
        $out.PeerAddress | Should -Contain '10.0.1.149'
    }
}

Describe 'Early stop and bounded waits (issue 18)' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'leaves no request behind after Get-RouteServerPeer -PageSize 5 | <Stopper> over 2000 pages' -ForEach @(
        @{ Stopper = 'Select-Object -First 1' }
        @{ Stopper = 'a terminating error downstream' }
    ) {
        $seed = @{
            vpcs = @(@{
                    vpcId = 'vpc-0123456789abcdef0'; cidr = '10.20.0.0/16'
                    subnets = @(@{ subnetId = 'subnet-0123456789abcdef0'; cidr = '10.20.0.0/16'; availabilityZone = 'us-east-1a' })
                    routeServers = @(@{
                            routeServerId = 'rs-0aaaaaaaaaaaaaaaa'; amazonSideAsn = 65000
                            endpoints = @(@{
                                    routeServerEndpointId = 'rse-0aaaaaaaaaaaaaaaa'; subnetId = 'subnet-0123456789abcdef0'; eniId = 'eni-0aaaaaaaaaaaaaaaa'; eniAddress = '10.20.0.4'
                                    generatePeers = @{ count = 10000; firstAddress = '10.20.1.1'; peerAsn = 65100 }
                                })
                        })
                })
        } | ConvertTo-Json -Depth 10 -Compress
        $null = Invoke-RestMethod -Method Post -Uri "$script:Url/_emulator/reset" -Body $seed -ContentType 'application/json'

        $first = $null
        $thrown = $null
        try {
            if ($Stopper -like 'Select*') { $first = @(Get-RouteServerPeer -PageSize 5 @Conn | Select-Object -First 1) }
            else { $first = @(Get-RouteServerPeer -PageSize 5 @Conn | ForEach-Object { throw 'downstream failed' }) }
        }
        catch {
            $thrown = $_
        }
        $atReturn = @(Get-BgpPeeringEmulatorRequest -Url $script:Url).Count
        Start-Sleep -Seconds 2
        $later = @(Get-BgpPeeringEmulatorRequest -Url $script:Url).Count
        Start-Sleep -Seconds 2
        $evenLater = @(Get-BgpPeeringEmulatorRequest -Url $script:Url).Count

        if ($Stopper -like 'Select*') { $first | Should -HaveCount 1 } else { "$thrown" | Should -Be 'downstream failed' }
        # The emulator logs a request when it has answered it, so the one page request that was already in flight
        # when the stop came (and was cancelled) may be logged just after the cmdlet returned. Nothing else may be:
        # the log stops growing.
        $later | Should -BeLessOrEqual ($atReturn + 1)
        $evenLater | Should -Be $later
        $later | Should -BeLessOrEqual 10 # pages fetched while the first object travelled, not 2000
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

Describe 'The retry budget (issue 18)' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'still retries after 60 throttling storms in this one pwsh process' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        # 60 storms at once through the same cached clients (one session): 180 throttles, as many as three attempts
        # each can meet. AWSSDK.Core's own bucket (500 tokens, 5 per retry, given back only on success) would be empty
        # for the rest of the process after 100 failed retries; this module's bucket refills with time.
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind throttling -Action DescribeRouteServerPeers -Count 180
        $module = $env:BGPPEERING_MODULE_PATH
        $conn = $script:Conn
        $storms = @(1..60 | ForEach-Object -ThrottleLimit 20 -Parallel {
                Import-Module -Name $using:module
                $c = $using:conn
                $null = Get-RouteServerPeer @c -ErrorVariable e -ErrorAction SilentlyContinue
                @($e).Count
            })
        $stormErrors = ($storms | Measure-Object -Sum).Sum
        $null = Invoke-RestMethod -Method Delete -Uri "$script:Url/_emulator/faults"
        Clear-BgpPeeringEmulatorRequest -Url $script:Url
        Start-Sleep -Seconds 2 # the bucket refills by 10 tokens a second

        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind throttling -Action DescribeRouteServerPeers -Count 1
        $after = @(Get-RouteServerPeer @Conn -ErrorVariable afterErrs -ErrorAction SilentlyContinue)

        $stormErrors | Should -BeGreaterThan 0 # the storms really failed
        $afterErrs | Should -HaveCount 0
        $after.Count | Should -BeGreaterThan 0
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -EQ 'DescribeRouteServerPeers') | Should -HaveCount 2 # throttled once, retried
    }
}

