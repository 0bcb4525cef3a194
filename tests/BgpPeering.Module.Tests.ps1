#Requires -Version 5.1
<#
    The error model of about_BgpPeering ("ERRORS"), proved for every cmdlet in the built module against the emulator:
    each failure class gets the module's own error ID (never an exception type), its category, the item as its
    target, and is terminating only where the failure dooms the whole call (rejected credentials).
#>

BeforeDiscovery {
    # One call per cmdlet that reaches AWS with one item. Wait-BgpPeerUp keeps polling through network failures and
    # throttling until -Timeout by design (its own cases are in BgpPeering.Tests.ps1).
    $script:Calls = @(
        @{ Command = 'Get-RouteServerPeer'; Class = 'GetRouteServerPeerCommand'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }; Action = 'DescribeRouteServerPeers' }
        @{ Command = 'Get-RouteServerPeer'; Class = 'GetRouteServerPeerCommand'; Params = @{}; Action = 'DescribeRouteServerPeers' }
        @{ Command = 'Get-RouteServerEndpoint'; Class = 'GetRouteServerEndpointCommand'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0' }; Action = 'DescribeRouteServerEndpoints' }
        @{ Command = 'Get-RouteServerEndpoint'; Class = 'GetRouteServerEndpointCommand'; Params = @{}; Action = 'DescribeRouteServerEndpoints' }
        @{ Command = 'Get-DxBgpPeer'; Class = 'GetDxBgpPeerCommand'; Params = @{}; Action = 'DescribeVirtualInterfaces' }
        @{ Command = 'New-RouteServerPeer'; Class = 'NewRouteServerPeerCommand'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; Action = 'CreateRouteServerPeer' }
        @{ Command = 'Remove-RouteServerPeer'; Class = 'RemoveRouteServerPeerCommand'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Force = $true }; Action = 'DeleteRouteServerPeer' }
        @{ Command = 'New-DxBgpPeer'; Class = 'NewDxBgpPeerCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000 }; Action = 'CreateBGPPeer' }
        @{ Command = 'Remove-DxBgpPeer'; Class = 'RemoveDxBgpPeerCommand'; Params = @{ BgpPeerId = 'dxpeer-fk3m7p2v'; Force = $true }; Action = 'DeleteBGPPeer' }
    )
    # Server-side failures the emulator injects for the call's action, past the SDK's retries.
    $script:Faults = @(
        @{ Fault = 'throttling'; ErrorId = 'Throttled'; Category = 'LimitsExceeded' }
        @{ Fault = 'internalError'; ErrorId = 'ServiceError'; Category = 'ResourceUnavailable' }
    )
    $script:FaultCalls = foreach ($c in $script:Calls) { foreach ($f in $script:Faults) { $c + $f } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-BgpPeeringBuiltModule
    $script:Emu = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emu.Url
    $script:Conn = $script:Emu.Connection
    # An endpoint that refuses connections: a port that was free a moment ago.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:DeadUrl = 'http://127.0.0.1:' + $listener.LocalEndpoint.Port
    $listener.Stop()

    function script:Invoke-Captured {
        # Runs a call and returns what it wrote to the error stream and whether it terminated.
        param([string] $Command, [hashtable] $Params, [hashtable] $Connection)
        $errors = $null
        $terminating = $null
        try {
            $output = & $Command @Params @Connection -ErrorVariable errors -ErrorAction SilentlyContinue
        }
        catch {
            $terminating = $_
        }
        [pscustomobject]@{ Output = @($output); Errors = @($errors); Terminating = $terminating }
    }
}

AfterAll {
    if ($script:Emu) { Stop-BgpPeeringEmulator -Emulator $script:Emu }
}

Describe 'Error model' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> <Params.Keys> writes ConnectionFailed per item when the endpoint is unreachable, and goes on' -ForEach $Calls {
        $connection = @{ EndpointUrl = $script:DeadUrl; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $script:Conn.SecretKey }

        $r = Invoke-Captured -Command $Command -Params $Params -Connection $connection

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "ConnectionFailed,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $r.Errors[0].TargetObject | Should -Not -BeNullOrEmpty
        $r.Errors[0].ToString() | Should -Match 'reach the endpoint|connection'
        ($r.Errors[0] | Format-List -Force * | Out-String -Width 300) | Should -Not -Match ([regex]::Escape($script:Conn.SecretKey))
    }

    It '<Command> <Params.Keys> stops with AuthenticationFailed for a rejected secret key, which never appears' -ForEach $Calls {
        $secret = 'rejected-secret-key-00000000000000000000'
        $connection = @{ EndpointUrl = $script:Url; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $secret }

        $r = Invoke-Captured -Command $Command -Params $Params -Connection $connection

        $r.Terminating | Should -Not -BeNullOrEmpty
        $r.Terminating.FullyQualifiedErrorId | Should -Be "AuthenticationFailed,BgpPeering.Commands.$Class"
        $r.Terminating.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $r.Terminating.TargetObject | Should -Not -BeNullOrEmpty
        (@($r.Terminating) + $r.Errors | Format-List -Force * | Out-String -Width 300) | Should -Not -Match ([regex]::Escape($secret))
        # AWS itself refused the signature (EC2: AuthFailure; Direct Connect: InvalidSignatureException).
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object errorCode -in 'AuthFailure', 'InvalidSignatureException').Count | Should -BeGreaterThan 0
    }

    It '<Command> <Params.Keys> writes <ErrorId> (<Category>) per item after the retries for <Fault>' -ForEach $FaultCalls {
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind $Fault -Action $Action -Count 20

        $r = Invoke-Captured -Command $Command -Params $Params -Connection $script:Conn

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be $Category
        $r.Errors[0].TargetObject | Should -Not -BeNullOrEmpty
        # The SDK retried before giving up.
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -eq $Action).Count | Should -BeGreaterThan 1
    }

    It 'goes on with the next piped item after a connection failure' {
        $connection = @{ EndpointUrl = $script:DeadUrl; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $script:Conn.SecretKey }

        $null = 'rsp-0fedcba9876543210', 'rsp-0123456789abcdef0' | Remove-RouteServerPeer -Force @connection -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -HaveCount 2
        @($errors | ForEach-Object TargetObject) | Should -Be @('rsp-0fedcba9876543210', 'rsp-0123456789abcdef0')
        @($errors | ForEach-Object FullyQualifiedErrorId | Select-Object -Unique) | Should -Be @('ConnectionFailed,BgpPeering.Commands.RemoveRouteServerPeerCommand')
    }
}

Describe 'Error model: permission denied on reads' {
    BeforeAll {
        $script:Denied = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--deny', 'AKIDEXAMPLE:DescribeRouteServerPeers,DescribeRouteServerEndpoints,DescribeVirtualInterfaces'
    }

    AfterAll {
        if ($script:Denied) { Stop-BgpPeeringEmulator -Emulator $script:Denied }
    }

    It '<Command> writes PermissionDenied per item' -ForEach @(
        @{ Command = 'Get-RouteServerPeer'; Class = 'GetRouteServerPeerCommand' }
        @{ Command = 'Get-RouteServerEndpoint'; Class = 'GetRouteServerEndpointCommand' }
        @{ Command = 'Get-DxBgpPeer'; Class = 'GetDxBgpPeerCommand' }
    ) {
        $r = Invoke-Captured -Command $Command -Params @{} -Connection $script:Denied.Connection

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "PermissionDenied,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $r.Errors[0].ToString() | Should -Match 'not authorized'
    }
}
