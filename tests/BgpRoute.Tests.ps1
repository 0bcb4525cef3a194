#Requires -Version 5.1
<#
    Pester 5 tests for Get-BgpRoute, against the built module and the local emulator: a route server's routing
    database with the best path in the FIB and the takeover when its peer goes down, a piped peer's own routes, the
    route-search matches, a Direct Connect peer's accepted and advertised routes, streaming, flat objects, the
    show ip bgp table, and bad input refused before any request. The emulator runs at -Speed 100. Nothing contacts
    AWS. (The error model's cases for Get-BgpRoute, an unreachable endpoint, a rejected key and server faults, are
    in BgpPeering.Module.Tests.ps1 with every other cmdlet's.)

    Run it through build.ps1 (./build.ps1 -Task Build, Pester) or by hand, in a new process:
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/BgpRoute.Tests.ps1 -Output Detailed"
#>

BeforeDiscovery {
    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'a malformed CIDR'; Command = 'Get-BgpRoute'; Params = @{ RouteServerId = 'rs-0123456789abcdef0'; Prefix = '10.60.1.0/33' }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Prefix'; Says = 'is not a valid CIDR' }
        @{ Case = 'a CIDR with host bits set'; Command = 'Get-BgpRoute'; Params = @{ RouteServerId = 'rs-0123456789abcdef0'; Prefix = '10.60.1.5/16' }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Prefix'; Says = 'host bits set' }
        @{ Case = 'an unknown -Match'; Command = 'Get-BgpRoute'; Params = @{ RouteServerId = 'rs-0123456789abcdef0'; Prefix = '10.60.1.0/24'; Match = 'Nearest' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Match'; Says = 'Exact, LongestPrefix, SubnetOf, SupernetOf' }
        @{ Case = 'a route server ID of the wrong form'; Command = 'Get-BgpRoute'; Params = @{ RouteServerId = 'rs-12' }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerId'; Says = 'Expected rs-' }
        @{ Case = 'a peer ID of the wrong form'; Command = 'Get-BgpRoute'; Params = @{ RouteServerPeerId = 'rsp-xyz' }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerPeerId'; Says = 'Expected rsp-' }
        @{ Case = 'an unknown -Direction'; Command = 'Get-BgpRoute'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Direction = 'Both' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Direction'; Says = 'Accepted, Advertised' }
        @{ Case = '-Match without -Prefix'; Command = 'Get-BgpRoute'; Params = @{ RouteServerId = 'rs-0123456789abcdef0'; Match = 'LongestPrefix' }; ErrorId = 'InvalidArgument'; Parameter = 'Match'; Says = 'give -Prefix too' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile

    function Get-Route {
        <# The route server's routing database as "<peer> <prefix> <status>" lines. #>
        param([hashtable] $Extra = @{})
        @(Get-BgpRoute -RouteServerId rs-0123456789abcdef0 @Extra @script:Conn | ForEach-Object { '{0} {1} {2}' -f $_.RouteServerPeerId, $_.Prefix, $_.Status })
    }
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'Get-BgpRoute' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'puts the shorter AS path in the FIB and the longer in the RIB, and the second takes over when the first goes down' {
        $first = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.41 65041 @Conn | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys
        $null = Set-BgpPeeringEmulatorRoute -Url $script:Url -PeerId $first.RouteServerPeerId -Route @{ prefix = '10.150.0.0/16'; asPath = @(65041); med = 10 }
        $null = Set-BgpPeeringEmulatorRoute -Url $script:Url -PeerId rsp-0fedcba9876543210 -Route @{ prefix = '10.150.0.0/16'; asPath = @(4200000001, 65010); med = 10 }

        $before = Get-Route -Extra @{ Prefix = '10.150.0.0/16' }
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId $first.RouteServerPeerId -Change @{ bgpStatus = 'down' }
        $after = Get-Route -Extra @{ Prefix = '10.150.0.0/16' }

        $before | Sort-Object | Should -Be (@("$($first.RouteServerPeerId) 10.150.0.0/16 InFib", 'rsp-0fedcba9876543210 10.150.0.0/16 InRib') | Sort-Object)
        $after | Should -Be @('rsp-0fedcba9876543210 10.150.0.0/16 InFib')
    }

    It 'lists only a piped peer''s own routes, with one routing-database read for all the peers piped' {
        $a = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.42 65042 @Conn
        $b = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.43 65043 @Conn
        $null = @($a, $b) | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys
        $null = Set-BgpPeeringEmulatorRoute -Url $script:Url -PeerId $a.RouteServerPeerId -Route @{ prefix = '10.151.0.0/16'; asPath = @(65042) }
        $null = Set-BgpPeeringEmulatorRoute -Url $script:Url -PeerId $b.RouteServerPeerId -Route @{ prefix = '10.152.0.0/16'; asPath = @(65043) }
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $one = @($a | Get-BgpRoute @Keys)
        $two = @(Get-RouteServerPeer @Conn -RouteServerPeerId $a.RouteServerPeerId, $b.RouteServerPeerId | Get-BgpRoute @Keys)

        @($one | ForEach-Object Prefix) | Should -Be @('10.151.0.0/16')
        $one[0].RouteServerPeerId | Should -Be $a.RouteServerPeerId
        @($two | ForEach-Object Prefix) | Should -Be @('10.151.0.0/16', '10.152.0.0/16')
        @(Get-Sent -Action GetRouteServerRoutingDatabase) | Should -HaveCount 2
    }

    It 'finds the covering /16s of both peers with -Prefix 10.60.1.0/24 -Match LongestPrefix' {
        # The demo world's rule: a peer at 10.0.1.10 with ASN 65001 advertises 10.60.0.0/16 and 10.60.1.0/25.
        $null = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.10 65001 @Conn | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys

        $routes = @(Get-BgpRoute -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.1.0/24 -Match LongestPrefix @Conn)

        @($routes | ForEach-Object Prefix) | Should -Be @('10.60.0.0/16', '10.60.0.0/16')
        @($routes | ForEach-Object AsPath | Sort-Object) | Should -Be @('4200000001 65010', '65001')
        @(Get-BgpRoute -RouteServerId rs-0123456789abcdef0 -Prefix 10.60.0.0/16 -Match SubnetOf @Conn | ForEach-Object Prefix) | Should -Contain '10.60.1.0/25'
    }

    It 'lists the routes a piped Direct Connect peer''s interface accepted, and what AWS advertises on it' {
        $peer = Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @Conn

        $accepted = @($peer | Get-BgpRoute @Keys)
        $advertised = @($peer | Get-BgpRoute -Direction Advertised @Keys)

        @($accepted | ForEach-Object { '{0} {1} {2}' -f $_.Prefix, $_.Status, $_.BgpPeerId }) | Should -Be @('10.70.0.0/16 Accepted dxpeer-fgq9j6xo', '10.71.0.0/16 Accepted dxpeer-fgq9j6xo')
        $accepted[1].AsPath | Should -Be '65000 {65101 65102}'
        $accepted[1].VirtualInterfaceId | Should -Be 'dxvif-ffabc123'
        @($advertised | ForEach-Object { '{0} {1}' -f $_.Prefix, $_.Status }) | Should -Be @('10.0.0.0/16 Advertised')
    }

    It 'withdraws a Direct Connect peer''s routes while its session is down' {
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId dxpeer-fgq9j6xo -Change @{ bgpStatus = 'down' }

        @(Get-BgpRoute -VirtualInterfaceId dxvif-ffabc123 @Conn) | Should -HaveCount 0
    }

    It 'pages: -PageSize 5 over 12 routes is three calls, in prefix order, and Select-Object -First stops it' {
        $peer = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.44 65044 @Conn | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys
        $null = Set-BgpPeeringEmulatorRoute -Url $script:Url -PeerId $peer.RouteServerPeerId -Route @(11..0 | ForEach-Object { @{ prefix = "10.153.$_.0/24"; asPath = @(65044) } })
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $all = @(Get-BgpRoute -RouteServerId rs-0123456789abcdef0 -Prefix 10.153.0.0/16 -Match SubnetOf -PageSize 5 @Conn)
        $calls = @(Get-Sent -Action GetRouteServerRoutingDatabase).Count
        $first = Get-BgpRoute -RouteServerId rs-0123456789abcdef0 -Prefix 10.153.0.0/16 -Match SubnetOf -PageSize 5 @Conn | Select-Object -First 1

        @($all | ForEach-Object Prefix) | Should -Be @(0..11 | ForEach-Object { "10.153.$_.0/24" })
        $calls | Should -Be 3
        $first.Prefix | Should -Be '10.153.0.0/24'
    }

    It 'writes flat objects: Where Status and Group-Object RouteServerPeerId work' {
        $null = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.10 65001 @Conn | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys

        $routes = @(Get-BgpRoute -RouteServerId rs-0123456789abcdef0 @Conn)

        @($routes | Where-Object Status -eq InRib | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        @($routes | Group-Object RouteServerPeerId | ForEach-Object Count | Sort-Object) | Should -Be @(2, 2)
        @($routes | Where-Object RejectedRouteTableIds | ForEach-Object Prefix) | Should -Be @('10.61.0.0/16')
    }

    It 'shows a show ip bgp table at 80 columns' {
        $text = Get-BgpRoute -RouteServerId rs-0123456789abcdef0 @Conn | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })

        ($lines[0] -split '\s+' | Where-Object { $_ }) | Should -Be @('St', 'Network', 'NextHop', 'Metric', 'Path')
        @($lines | Where-Object { $_ -match '^\*> 10\.60\.0\.0/16\s+10\.0\.2\.10\s+10 4200000001 65010' }) | Should -HaveCount 1
        @($lines | Where-Object { $_ -match '^r> 10\.61\.0\.0/16' }) | Should -HaveCount 1
        @($lines | Where-Object { $_.Length -gt 80 }) | Should -HaveCount 0
    }

    It 'refuses <Case> before any request, naming -<Parameter>' -ForEach $CommandLineRefusals {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url
        Assert-RefusedOnCommandLine -Command $Command -Params $Params -ErrorId $ErrorId -Parameter $Parameter -Says $Says
    }

    It 'writes ObjectNotFound for a route server that does not exist' {
        $r = Invoke-Captured -Command Get-BgpRoute -Params @{ RouteServerId = 'rs-0000000000000dead' } -Connection $script:Conn

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.GetBgpRouteCommand'
        $r.Errors[0].TargetObject | Should -Be 'rs-0000000000000dead'
    }

    It 'completes -RouteServerId' {
        $line = "Get-BgpRoute -EndpointUrl $($script:Url) -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey $($script:Conn.SecretKey) -RouteServerId "

        Complete -Line $line | Should -Be @('rs-0123456789abcdef0')
    }
}
