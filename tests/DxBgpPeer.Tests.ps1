#Requires -Version 5.1
<#
    Pester 5 tests for New-DxBgpPeer, Get-DxBgpPeer and Remove-DxBgpPeer against the local emulator: each cmdlet,
    the README's pipelines, rows from the pipeline (a bad row is an error for that row alone), ID completion, bad
    input refused before any request, the auth key kept out of every stream and of the parameter-binding trace, and
    a create whose response was lost.

    Run in a fresh process, against the built module:
        dotnet publish src/BgpPeering -c Release
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/DxBgpPeer.Tests.ps1 -Output Detailed"

    The built emulator starts once for the file on a free port (Initialize-BgpPeeringTestFile, tests/TestHelpers.ps1);
    every test resets it to the built-in demo topology (POST /_emulator/reset) and reads its request log
    (GET /_emulator/requests). Nothing contacts AWS.

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

    $nl = "`n"
    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'a Direct Connect peer ID with a trailing newline'; Command = 'Remove-DxBgpPeer'; Params = @{ BgpPeerId = "dxpeer-fgq9j6xo$nl"; Force = $true }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'BgpPeerId'; Says = 'Expected dxpeer-' }
        @{ Case = 'an interface ID with a trailing newline'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = "dxvif-ffabc123$nl"; AddressFamily = 'IPv4'; Asn = 65000 }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'VirtualInterfaceId'; Says = 'Expected dxvif-' }
        @{ Case = 'a connection ID with a trailing newline'; Command = 'Get-DxBgpPeer'; Params = @{ ConnectionId = "dxcon-ffabc123$nl" }; ErrorId = 'InvalidArgument'; Parameter = 'ConnectionId'; Says = 'Expected dxcon-' }
        @{ Case = 'a fractional Direct Connect ASN'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000.5 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Asn'; Says = 'not a whole number' }
        @{ Case = 'a fractional ASN to remove by'; Command = 'Remove-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Asn = [decimal] 65000.5; CustomerAddress = '169.254.255.2/30'; Force = $true }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Asn'; Says = 'not a whole number' }
        @{ Case = 'an unknown address family'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv7'; Asn = 65000 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'AddressFamily'; Says = 'IPv4, IPv6' }
        @{ Case = 'an auth key of six spaces'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = '      ' }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'only spaces' }
        @{ Case = 'an auth key with a trailing space'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = 'secret1 ' }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'starts or ends with a space' }
        @{ Case = 'an auth key outside ASCII'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = "s$([char]0xE9)cret1" }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'printable ASCII' }
        @{ Case = 'an auth key that is a number, not text'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = 12345678 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'AuthKey'; Says = 'must be a string or a SecureString' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
    # The names this file's tests have always used for the emulator's URL and the example secret key.
    $script:EmulatorUrl = $script:Url
    $script:SecretKey = $script:Conn.SecretKey
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'New-DxBgpPeer' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

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

    It "takes another peer's masked key, and the key arrives unchanged" {
        $secure = ConvertTo-SecureString -String 'shared-key-789' -AsPlainText -Force
        $first = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey $secure @Conn -ErrorAction Stop

        $second = New-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv6 -Asn 65000 -AuthKey $first.AuthKey @Conn -ErrorAction Stop

        $first.AuthKey.GetType().Name | Should -Be 'MaskedString'
        $second.VirtualInterfaceId | Should -Be 'dxvif-fgt4k8wq'
        $second.AuthKey.Reveal() | Should -Be 'shared-key-789'
    }

    It 'takes the interface ID from the pipeline' {
        $peer = [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123' } | New-DxBgpPeer -AddressFamily IPv6 -Asn 65000 @Conn

        $peer.VirtualInterfaceId | Should -Be 'dxvif-ffabc123'
    }

    It 'refuses <Case> before sending anything' -ForEach $LocalRefusals {
        Clear-BgpPeeringEmulatorRequest -Url $script:EmulatorUrl

        { New-DxBgpPeer @Params @Conn -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,BgpPeering.Commands.NewDxBgpPeerCommand"

        @(Get-SentAction) | Should -HaveCount 0
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

        @(Get-SentAction) | Should -Be @('DescribeVirtualInterfaces')
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

    It 'adds an IPv6 peer and an IPv4 peer with its own /30 and a SecureString key' {
        $v6 = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @Conn
        $key = ConvertTo-SecureString -String 'readme-key-789' -AsPlainText -Force
        $v4 = New-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 4200000001 `
            -AmazonAddress 169.254.101.1/30 -CustomerAddress 169.254.101.2/30 -AuthKey $key @Conn

        $v6.AddressFamily | Should -Be 'IPv6'
        $v4.Asn | Should -Be 4200000001
        $v4.CustomerAddress | Should -Be '169.254.101.2/30'
        "$($v4.AuthKey)" | Should -Be '********'
    }

    It 'a SecureString auth key of six spaces is refused the same way' {
        $key = New-Object System.Security.SecureString
        1..6 | ForEach-Object { $key.AppendChar(' ') }
        $thrown = { New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey $key @script:Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.NewDxBgpPeerCommand' -PassThru
        $thrown.Exception.Message | Should -Match 'AuthKey'
        Get-SentAction | Should -BeNullOrEmpty
    }

    It 'a CSV of Direct Connect peers: a bad family or a fractional ASN is an error for its row; nothing is sent for it' {
        $csv = @'
VirtualInterfaceId,AddressFamily,Asn,AmazonAddress,CustomerAddress
dxvif-fgt4k8wq,IPv7,65040,169.254.40.1/30,169.254.40.2/30
dxvif-fgt4k8wq,ipv4,65041.5,169.254.41.1/30,169.254.41.2/30
'@
        $rows = @($csv | ConvertFrom-Csv)
        Clear-BgpPeeringEmulatorRequest -Url $script:Url
        $result = Invoke-Split { $rows | New-DxBgpPeer @script:Conn }
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 2
        $result.Errors[0].TargetObject.AddressFamily | Should -Be 'IPv7'
        $result.Errors[0].Exception.Message | Should -Match 'AddressFamily'
        $result.Errors[0].Exception.Message | Should -Match 'IPv4, IPv6'
        $result.Errors[1].TargetObject.Asn | Should -Be '65041.5'
        $result.Errors[1].Exception.Message | Should -Match '-Asn'
        Get-SentAction | Should -BeNullOrEmpty
    }

    It 'Trace-Command shows a string -SecretKey in clear but a SecureString -AuthKey only as its type' {
        $trace = Join-Path ([IO.Path]::GetTempPath()) ("bgppeering-trace-" + [guid]::NewGuid() + '.txt')
        $key = ConvertTo-SecureString 'pester-trace-key-1' -AsPlainText -Force
        $conn = $script:Conn
        try {
            $null = Trace-Command -Name ParameterBinding -FilePath $trace -Expression {
                New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey $key -WhatIf @conn
            }
            $text = Get-Content -LiteralPath $trace -Raw
            $text | Should -Match 'BIND arg \[System\.Security\.SecureString\] to param(eter)? \[AuthKey\]'
            $text | Should -Not -Match 'pester-trace-key-1'
            # PowerShell's own trace, not the module: this is why the help steers to profiles for -SecretKey.
            $text | Should -Match ([regex]::Escape($conn.SecretKey))
        }
        finally {
            Remove-Item -LiteralPath $trace -ErrorAction SilentlyContinue
        }
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

Describe 'Get-DxBgpPeer' {
    BeforeAll { Reset-BgpPeeringEmulator -Url $script:Url }

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
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

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

    It 'writes nothing without -PassThru, and the peer is deleted' {
        $peer = New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 @Conn
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $out = Remove-DxBgpPeer -BgpPeerId $peer.BgpPeerId -Force @Conn -ErrorVariable err

        $out | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        @(Get-Sent DeleteBGPPeer | Where-Object status -eq 200) | Should -HaveCount 1
        (Get-DxBgpPeer -BgpPeerId $peer.BgpPeerId @Conn).State | Should -BeIn @('Deleting', 'Deleted')
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

        @(Get-SentAction | Select-Object -Unique) | Should -Be @('DescribeVirtualInterfaces')
        ($out | Out-String) | Should -Match 'Would delete'
        (Get-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t @Conn).State | Should -Be 'Available'
    }

    It 'refuses a customer address that is not CIDR' {
        { Remove-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -Asn 65010 -CustomerAddress 169.254.100.2 -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.RemoveDxBgpPeerCommand'
    }

    It 'removes a peer found by ID' {
        # The README's line prompts (ConfirmImpact High); -Confirm:$false answers for the test.
        $gone = @(Get-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t @Conn | Remove-DxBgpPeer -PassThru -Confirm:$false @Keys)

        @($gone | ForEach-Object BgpPeerId) | Should -Be @('dxpeer-fq8d2n5t')
        $gone[0].State | Should -Be 'Deleting'
    }

    It 'Remove-DxBgpPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ BgpPeerId = 'dxpeer-fk3m7p2v' }

        $row | Remove-DxBgpPeer -Force @Keys -ErrorAction Stop

        @(Get-Sent DeleteBGPPeer) | Should -HaveCount 1
    }

    It 'completes Direct Connect IDs from the environment' {
        $saved = @{}
        foreach ($name in 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:AWS_ENDPOINT_URL = $script:Url
            $env:AWS_ACCESS_KEY_ID = $script:Conn.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $script:Conn.SecretKey
            $env:AWS_REGION = 'us-east-1'

            Complete 'Remove-DxBgpPeer -BgpPeerId dxpeer-fk' | Should -Be @('dxpeer-fk3m7p2v')
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

Describe 'Direct Connect input checked before any request' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> with <ErrorId>, naming -<Parameter>, and sends nothing' -ForEach $script:CommandLineRefusals {
        Assert-RefusedOnCommandLine -Command $Command -Params $Params -ErrorId $ErrorId -Parameter $Parameter -Says $Says
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
