#Requires -Version 5.1
<#
    Pester 5 tests for New-DxBgpPeer, Get-DxBgpPeer and Remove-DxBgpPeer against the local emulator.

    Run in a fresh process, against the built module:
        dotnet publish src/BgpPeering -c Release
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/DxBgpPeer.Tests.ps1 -Output Detailed"

    The built emulator starts once for the file on a free port (Start-BgpPeeringEmulator, tests/TestHelpers.ps1);
    every test resets it to the built-in demo
    topology (POST /_emulator/reset) and reads its request log (GET /_emulator/requests). Nothing contacts AWS.

    The demo topology's Direct Connect side:
      dxcon-fguhmqlc (no logical redundancy): dxvif-ffabc123 (private; IPv4 peer dxpeer-fgq9j6xo, ASN 65000)
                                              dxvif-fgh0hcrk (public, verifying; IPv4 peer dxpeer-fz1y2x3w, ASN 4200000001, BGP unknown)
      dxcon-fgr7n2km (logical redundancy):    dxvif-fgt4k8wq (transit; IPv4 dxpeer-fk3m7p2v and IPv6 dxpeer-fq8d2n5t, ASN 65010)
#>

BeforeDiscovery {
    $script:Creations = @(
        @{ Case = 'IPv4 with addresses'; Vif = 'dxvif-fgt4k8wq'; Family = 'IPv4'; Asn = 65020; Amazon = '169.254.101.1/30'; Customer = '169.254.101.2/30' }
        @{ Case = 'IPv6 with AWS-assigned addresses'; Vif = 'dxvif-ffabc123'; Family = 'IPv6'; Asn = 65000; Amazon = $null; Customer = $null }
        @{ Case = 'a 4-byte ASN'; Vif = 'dxvif-fgt4k8wq'; Family = 'IPv4'; Asn = 4200000002; Amazon = '169.254.102.1/30'; Customer = '169.254.102.2/30' }
    )

    # Refused before any request is sent: the parameter binder's own check, or the engine's rules.
    $script:LocalRefusals = @(
        @{ Case = 'an auth key of 5 characters'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = 'k3y!!' }; ErrorId = 'InvalidArgument' }
        @{ Case = 'an auth key of 81 characters'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = ('k' * 81) }; ErrorId = 'InvalidArgument' }
        @{ Case = 'IPv6 with addresses'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AmazonAddress = '2001:db8::1/125'; CustomerAddress = '2001:db8::2/125' }; ErrorId = 'InvalidArgument' }
        @{ Case = 'only one IPv4 address'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65020; CustomerAddress = '169.254.101.2/30' }; ErrorId = 'InvalidArgument' }
        @{ Case = 'an address without a prefix'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65020; AmazonAddress = '169.254.101.1'; CustomerAddress = '169.254.101.2' }; ErrorId = 'InvalidArgument' }
        @{ Case = 'ASN 0'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 0 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'ASN 4294967295'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 4294967295 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'a malformed interface ID'; Params = @{ VirtualInterfaceId = 'vif-123'; AddressFamily = 'IPv6'; Asn = 65000 }; ErrorId = 'ParameterArgumentValidationError' }
    )

    $script:Selections = @(
        @{ Case = 'all'; Params = @{}; Expected = @('dxpeer-fgq9j6xo', 'dxpeer-fk3m7p2v', 'dxpeer-fq8d2n5t', 'dxpeer-fz1y2x3w') }
        @{ Case = 'one interface'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq' }; Expected = @('dxpeer-fk3m7p2v', 'dxpeer-fq8d2n5t') }
        @{ Case = 'one connection'; Params = @{ ConnectionId = 'dxcon-fguhmqlc' }; Expected = @('dxpeer-fgq9j6xo', 'dxpeer-fz1y2x3w') }
        @{ Case = 'two peer IDs'; Params = @{ BgpPeerId = 'dxpeer-fq8d2n5t', 'dxpeer-fgq9j6xo' }; Expected = @('dxpeer-fgq9j6xo', 'dxpeer-fq8d2n5t') }
        @{ Case = 'an interface and a peer ID'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; BgpPeerId = 'dxpeer-fq8d2n5t' }; Expected = @('dxpeer-fq8d2n5t') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-BgpPeeringBuiltModule
    # The built emulator on a free port (tests/TestHelpers.ps1): its banner is read without blocking.
    $script:Emu = Start-BgpPeeringEmulator
    $script:EmulatorUrl = $script:Emu.Url

    $script:SecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
    $script:Conn = $script:Emu.Connection

    function script:Reset-Emulator { Reset-BgpPeeringEmulator -Url $script:EmulatorUrl }
    function script:Get-EmulatorAction { Get-BgpPeeringEmulatorRequest -Url $script:EmulatorUrl | ForEach-Object { $_.action } }
}

AfterAll {
    if ($script:Emu) { Stop-BgpPeeringEmulator -Emulator $script:Emu }
}

Describe 'New-DxBgpPeer' {
    BeforeEach { Reset-Emulator }

    It 'creates <Case> and returns the new peer' -ForEach $Creations {
        $params = @{ VirtualInterfaceId = $Vif; AddressFamily = $Family; Asn = $Asn; AuthKey = 'pester-key-123' }
        if ($Amazon) { $params.AmazonAddress = $Amazon; $params.CustomerAddress = $Customer }

        $peer = New-DxBgpPeer @params @Conn

        $peer | Should -HaveCount 1
        $peer.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.DxBgpPeer'
        $peer.BgpPeerId | Should -Match '^dxpeer-[0-9a-z]{8}$'
        $peer.VirtualInterfaceId | Should -Be $Vif
        $peer.AddressFamily | Should -Be $Family
        $peer.Asn | Should -Be $Asn
        $peer.State | Should -Be 'Pending'
        $peer.Region | Should -Be 'us-east-1'
        $peer.EndpointUrl | Should -Be $script:EmulatorUrl
        if ($Customer) { $peer.CustomerAddress | Should -Be $Customer }
        elseif ($Family -eq 'IPv6') { $peer.CustomerAddress | Should -Match '^[0-9a-f:]+/125$' }
        $peer.AuthKey.ToString() | Should -Be '********'
        $peer.AuthKey.Reveal() | Should -Be 'pester-key-123'
        (Get-DxBgpPeer -BgpPeerId $peer.BgpPeerId @Conn).BgpPeerId | Should -Be $peer.BgpPeerId
    }

    It 'takes the key as a SecureString' {
        $secure = ConvertTo-SecureString -String 'secure-key-456' -AsPlainText -Force

        $peer = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey $secure @Conn

        $peer.AuthKey.Reveal() | Should -Be 'secure-key-456'
    }

    It 'takes the interface ID from the pipeline' {
        $peer = [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123' } | New-DxBgpPeer -AddressFamily IPv6 -Asn 65000 @Conn

        $peer.VirtualInterfaceId | Should -Be 'dxvif-ffabc123'
    }

    It 'refuses <Case> before sending anything' -ForEach $LocalRefusals {
        Clear-BgpPeeringEmulatorRequest -Url $script:EmulatorUrl

        { New-DxBgpPeer @Params @Conn -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,BgpPeering.Commands.NewDxBgpPeerCommand"

        @(Get-EmulatorAction) | Should -HaveCount 0
    }

    It 'reports the error AWS gives for a second peer of the same family' {
        { New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv4 -Asn 65001 -AmazonAddress 169.254.50.1/30 -CustomerAddress 169.254.50.2/30 @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.NewDxBgpPeerCommand'
        (Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 @Conn) | Should -HaveCount 1
    }

    It 'writes one error per failed record and goes on with the next' {
        $rows = @(
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv4'; Asn = 65001; AmazonAddress = '169.254.50.1/30'; CustomerAddress = '169.254.50.2/30' }
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AmazonAddress = ''; CustomerAddress = '' }
        )

        $created = $rows | New-DxBgpPeer @Conn -ErrorVariable failures -ErrorAction SilentlyContinue

        $created | Should -HaveCount 1
        $created.AddressFamily | Should -Be 'IPv6'
        $failures | Should -HaveCount 1
        $failures[0].TargetObject | Should -Not -BeNullOrEmpty
    }

    It 'says ObjectNotFound for an interface that does not exist' {
        { New-DxBgpPeer -VirtualInterfaceId dxvif-zzzzzzzz -AddressFamily IPv6 -Asn 65000 @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'ObjectNotFound,BgpPeering.Commands.NewDxBgpPeerCommand'
    }

    It '-WhatIf sends only a read-only call and creates nothing' {
        Clear-BgpPeeringEmulatorRequest -Url $script:EmulatorUrl

        $out = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey 'whatif-key-789' @Conn -WhatIf 6>&1

        @(Get-EmulatorAction) | Should -Be @('DescribeVirtualInterfaces')
        ($out | Out-String) | Should -Match 'no DryRun'
        ($out | Out-String) | Should -Not -Match 'whatif-key-789'
        (Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 @Conn) | Should -HaveCount 1
    }

    It '-WhatIf says a second peer of the same family and ASN would fail' {
        { New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv4 -Asn 65000 -AmazonAddress 169.254.50.1/30 -CustomerAddress 169.254.50.2/30 @Conn -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'DuplicatePeer,BgpPeering.Commands.NewDxBgpPeerCommand'
    }

    It 'never writes the key to any stream' {
        $all = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey 'never-shown-key' @Conn -Verbose *>&1 | Out-String
        $all += New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey 'never-shown-key' @Conn -Verbose *>&1 | Out-String   # the error path

        $all | Should -Not -Match 'never-shown-key'
    }
}

Describe 'Get-DxBgpPeer' {
    BeforeAll { Reset-Emulator }

    It 'selects <Case>' -ForEach $Selections {
        $peers = Get-DxBgpPeer @Params @Conn

        @($peers.BgpPeerId | Sort-Object) | Should -Be $Expected
        $peers | ForEach-Object { $_.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.DxBgpPeer' }
    }

    It 'flattens each peer with its interface context and a long ASN' {
        $peer = Get-DxBgpPeer -BgpPeerId dxpeer-fz1y2x3w @Conn

        $peer.Asn | Should -Be 4200000001
        $peer.Asn | Should -BeOfType [long]
        $peer.VirtualInterfaceName | Should -Be 'vif-public'
        $peer.VirtualInterfaceType | Should -Be 'public'
        $peer.ConnectionId | Should -Be 'dxcon-fguhmqlc'
        $peer.Vlan | Should -Be 202
        $peer.BgpStatus | Should -Be 'Unknown'
    }

    It 'finds the peers whose BGP session is not up with Where BgpStatus -ne Up' {
        $notUp = Get-DxBgpPeer @Conn | Where-Object BgpStatus -ne Up

        @($notUp.BgpPeerId) | Should -Be @('dxpeer-fz1y2x3w')
    }

    It 'reads piped peers again' {
        $again = Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq @Conn | Get-DxBgpPeer -AccessKey AKIDEXAMPLE -SecretKey $script:SecretKey

        @($again.BgpPeerId | Sort-Object) | Should -Be @('dxpeer-fk3m7p2v', 'dxpeer-fq8d2n5t')
    }

    It 'masks the auth key in every display' {
        $text = Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @Conn | Format-List * | Out-String

        $text | Should -Not -Match '0xC_ukbCerl6EYA0example'
        $text | Should -Match '\*{8}'
    }

    It 'writes ObjectNotFound for <Case>' -ForEach @(
        @{ Case = 'a missing peer ID'; Params = @{ BgpPeerId = 'dxpeer-zzzzzzzz' } }
        @{ Case = 'a missing interface'; Params = @{ VirtualInterfaceId = 'dxvif-zzzzzzzz' } }
    ) {
        { Get-DxBgpPeer @Params @Conn -ErrorAction Stop } | Should -Throw -ErrorId 'ObjectNotFound,BgpPeering.Commands.GetDxBgpPeerCommand'
    }

    It 'refuses a malformed connection ID' {
        { Get-DxBgpPeer -ConnectionId 'dxvif-ffabc123' @Conn -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.GetDxBgpPeerCommand'
    }
}

Describe 'Remove-DxBgpPeer' {
    BeforeEach { Reset-Emulator }

    It 'removes a peer by <Case>' -ForEach @(
        @{ Case = 'ID'; ByKey = $false }
        @{ Case = 'interface, ASN and customer address'; ByKey = $true }
    ) {
        $peer = New-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65030 -AmazonAddress 169.254.103.1/30 -CustomerAddress 169.254.103.2/30 @Conn

        $removed = if ($ByKey) {
            Remove-DxBgpPeer -VirtualInterfaceId $peer.VirtualInterfaceId -Asn $peer.Asn -CustomerAddress $peer.CustomerAddress -Force -PassThru @Conn
        }
        else {
            $peer | Remove-DxBgpPeer -Force -PassThru -AccessKey AKIDEXAMPLE -SecretKey $script:SecretKey
        }

        $removed.BgpPeerId | Should -Be $peer.BgpPeerId
        $removed.State | Should -Be 'Deleting'
    }

    It 'writes nothing without -PassThru' {
        $peer = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @Conn

        $out = Remove-DxBgpPeer -BgpPeerId $peer.BgpPeerId -Force @Conn

        $out | Should -BeNullOrEmpty
    }

    It 'refuses to remove the last peer on an interface with a clear error' {
        $err = $null
        Remove-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo -Force @Conn -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LastBgpPeer,BgpPeering.Commands.RemoveDxBgpPeerCommand'
        $err[0].Exception.Message | Should -Match 'last BGP peer'
        (Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @Conn).State | Should -Not -Be 'Deleting'
    }

    It 'says ObjectNotFound for a peer that does not exist' {
        { Remove-DxBgpPeer -BgpPeerId dxpeer-zzzzzzzz -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'ObjectNotFound,BgpPeering.Commands.RemoveDxBgpPeerCommand'
    }

    It '-WhatIf sends only read-only calls and deletes nothing' {
        Clear-BgpPeeringEmulatorRequest -Url $script:EmulatorUrl

        $out = Remove-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t @Conn -WhatIf 6>&1

        @(Get-EmulatorAction | Select-Object -Unique) | Should -Be @('DescribeVirtualInterfaces')
        ($out | Out-String) | Should -Match 'Would delete'
        (Get-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t @Conn).State | Should -Be 'Available'
    }

    It 'refuses a customer address that is not CIDR' {
        { Remove-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -Asn 65010 -CustomerAddress 169.254.100.2 -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.RemoveDxBgpPeerCommand'
    }
}

Describe 'The Direct Connect cmdlets in the module' {
    It 'exports <_>' -ForEach @('New-DxBgpPeer', 'Get-DxBgpPeer', 'Remove-DxBgpPeer') {
        (Get-Command -Name $_ -Module BgpPeering).CommandType | Should -Be 'Cmdlet'
    }

    It 'Remove-DxBgpPeer asks before deleting (ConfirmImpact High) and New-DxBgpPeer supports -WhatIf' {
        (Get-Command Remove-DxBgpPeer).Parameters.Keys | Should -Contain 'Confirm'
        (Get-Command New-DxBgpPeer).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Get-DxBgpPeer).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }
}
