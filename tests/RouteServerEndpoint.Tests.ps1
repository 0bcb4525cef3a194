#Requires -Version 5.1
<#
    Pester 5 tests for Get-RouteServerEndpoint, against the built module and the local emulator: selection, piped
    endpoints and peers (each selects itself), rows from the pipeline, ID completion, and bad input refused before
    any request. Nothing contacts AWS.

    Run it through build.ps1 (./build.ps1 -Task Build, Pester) or by hand, in a new process:
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/RouteServerEndpoint.Tests.ps1 -Output Detailed"

    The demo topology's endpoints (reset before every test), both of route server rs-0123456789abcdef0 in
    vpc-0a1b2c3d4e5f67890:
      rse-0123456789abcdef0 (subnet-0a1b2c3d4e5f67890, 10.0.1.4, Name rse-a): no peers
      rse-0fedcba9876543210 (subnet-0b1c2d3e4f5a67890, 10.0.2.4, Name rse-b): peer rsp-0fedcba9876543210
#>

BeforeDiscovery {
    # Refused by the parameter binder or the cmdlet before any request is sent.
    $script:LocalRefusals = @(
        @{ Case = 'a malformed endpoint ID'; Command = 'Get-RouteServerEndpoint'; Params = @{ RouteServerEndpointId = 'rse-XYZ' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerEndpointCommand' }
    )

    $nl = "`n"
    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'a VPC ID with a trailing newline'; Command = 'Get-RouteServerEndpoint'; Params = @{ VpcId = "vpc-0a1b2c3d4e5f67890$nl" }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'VpcId'; Says = 'Expected vpc-' }
        @{ Case = 'a peer-only filter for endpoints'; Command = 'Get-RouteServerEndpoint'; Params = @{ Filter = @{ 'peer-address' = '10.0.2.10' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'DescribeRouteServerEndpoints' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'Get-RouteServerEndpoint' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'lists the endpoints of the region' {
        $endpoints = @(Get-RouteServerEndpoint @Conn)

        $endpoints | Should -HaveCount 2
        @($endpoints | ForEach-Object RouteServerEndpointId | Sort-Object) | Should -Be @('rse-0123456789abcdef0', 'rse-0fedcba9876543210')
        $a = $endpoints | Where-Object RouteServerEndpointId -eq 'rse-0123456789abcdef0'
        $a.EniAddress | Should -Be '10.0.1.4'
        $a.Name | Should -Be 'rse-a'
        $a.State | Should -Be 'Available'
        $a.EndpointUrl | Should -Be $script:Url
    }

    It 'selects by <Case>' -ForEach @(
        @{ Case = 'ID'; Params = @{ RouteServerEndpointId = 'rse-0fedcba9876543210' }; Expected = @('rse-0fedcba9876543210') }
        @{ Case = 'VPC'; Params = @{ VpcId = 'vpc-0a1b2c3d4e5f67890' }; Expected = @('rse-0123456789abcdef0', 'rse-0fedcba9876543210') }
        @{ Case = 'route server'; Params = @{ RouteServerId = 'rs-0123456789abcdef0' }; Expected = @('rse-0123456789abcdef0', 'rse-0fedcba9876543210') }
        @{ Case = 'an EC2 filter'; Params = @{ Filter = @{ 'subnet-id' = 'subnet-0a1b2c3d4e5f67890' } }; Expected = @('rse-0123456789abcdef0') }
    ) {
        @(Get-RouteServerEndpoint @Params @Conn | ForEach-Object RouteServerEndpointId | Sort-Object) | Should -Be $Expected
    }

    It 'reads a piped endpoint again where it came from' {
        $again = @(Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn | Get-RouteServerEndpoint @Keys)

        $again | Should -HaveCount 1
        $again[0].RouteServerEndpointId | Should -Be 'rse-0123456789abcdef0'
    }

    It 'writes ObjectNotFound for a missing ID and still returns the others' {
        $found = @(Get-RouteServerEndpoint -RouteServerEndpointId rse-0fedcba9876543210, rse-00000000000000000 @Conn -ErrorVariable errors -ErrorAction SilentlyContinue)

        @($found | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0fedcba9876543210')
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.GetRouteServerEndpointCommand'
        $errors[0].TargetObject | Should -Be 'rse-00000000000000000'
    }

    It 'Get-RouteServerEndpoint takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerEndpointId = 'rse-0fedcba9876543210' }

        @($row | Get-RouteServerEndpoint @Keys -ErrorAction Stop | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0fedcba9876543210')
    }

    It 'Get-RouteServerEndpoint | Get-RouteServerEndpoint reads that endpoint, not every endpoint of its VPC' {
        $again = @(Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn | Get-RouteServerEndpoint @Keys)

        @($again | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0123456789abcdef0')
        $sent = Get-Sent DescribeRouteServerEndpoints
        $sent | Should -HaveCount 2
    }

    It 'Get-RouteServerPeer | Get-RouteServerEndpoint reads the peer''s own endpoint' {
        $peer = Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn

        $endpoints = @($peer | Get-RouteServerEndpoint @Keys)

        @($endpoints | ForEach-Object RouteServerEndpointId) | Should -Be @($peer.RouteServerEndpointId)
    }

    It 'completes endpoint IDs from a splatted hashtable' {
        $global:BgpPeeringCompletionSplat = $script:Conn
        try {
            Complete 'Get-RouteServerEndpoint @BgpPeeringCompletionSplat -RouteServerEndpointId rse-0f' | Should -Be @('rse-0fedcba9876543210')
        }
        finally {
            Remove-Variable -Name BgpPeeringCompletionSplat -Scope Global
        }
    }
}

Describe 'Route Server endpoint input checked before any request' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> and sends nothing' -ForEach $LocalRefusals {
        Assert-RefusedLocally -Command $Command -Params $Params -ErrorId $ErrorId
    }

    It '<Command> refuses <Case> with <ErrorId>, naming -<Parameter>, and sends nothing' -ForEach $script:CommandLineRefusals {
        Assert-RefusedOnCommandLine -Command $Command -Params $Params -ErrorId $ErrorId -Parameter $Parameter -Says $Says
    }
}
