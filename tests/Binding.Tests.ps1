#Requires -Version 5.1
<#
    Strict binding (issue 18, item 6): every bad input below is refused BEFORE anything is sent, with an error that
    names the parameter (and, for a pipeline row, whose target is the row) and says what is valid. Each case runs
    against the local emulator and then reads its request log to prove that no request was made.

    Binding errors are PowerShell's own (ParameterArgumentValidationError / ParameterArgumentTransformationError);
    rules the cmdlet checks are the module's InvalidArgument. On the command line a binding error ends the command;
    for a pipeline row it is an error for that row alone, and the next row is processed. PowerShell writes a
    pipeline row's binding error outside the cmdlet (so -ErrorVariable does not see it): the tests read 2>&1.
#>

BeforeDiscovery {
    $endpoint = 'rse-0123456789abcdef0'
    $nl = "`n"
    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'an endpoint ID with a trailing newline'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = "$endpoint$nl"; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerEndpointId'; Says = 'Expected rse-' }
        @{ Case = 'a peer ID with a trailing newline'; Command = 'Get-RouteServerPeer'; Params = @{ RouteServerPeerId = "rsp-0fedcba9876543210$nl" }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerPeerId'; Says = 'Expected rsp-' }
        @{ Case = 'a peer ID to remove with a trailing newline'; Command = 'Remove-RouteServerPeer'; Params = @{ RouteServerPeerId = "rsp-0fedcba9876543210$nl"; Force = $true }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerPeerId'; Says = 'Expected rsp-' }
        @{ Case = 'a VPC ID with a trailing newline'; Command = 'Get-RouteServerEndpoint'; Params = @{ VpcId = "vpc-0a1b2c3d4e5f67890$nl" }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'VpcId'; Says = 'Expected vpc-' }
        @{ Case = 'a Direct Connect peer ID with a trailing newline'; Command = 'Remove-DxBgpPeer'; Params = @{ BgpPeerId = "dxpeer-fgq9j6xo$nl"; Force = $true }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'BgpPeerId'; Says = 'Expected dxpeer-' }
        @{ Case = 'an interface ID with a trailing newline'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = "dxvif-ffabc123$nl"; AddressFamily = 'IPv4'; Asn = 65000 }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'VirtualInterfaceId'; Says = 'Expected dxvif-' }
        @{ Case = 'a connection ID with a trailing newline'; Command = 'Get-DxBgpPeer'; Params = @{ ConnectionId = "dxcon-ffabc123$nl" }; ErrorId = 'InvalidArgument'; Parameter = 'ConnectionId'; Says = 'Expected dxcon-' }
        @{ Case = 'a fractional Route Server ASN'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001.5 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a whole number' }
        @{ Case = 'a fractional Route Server ASN as text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = '65001.5' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a whole number' }
        @{ Case = 'a fractional Direct Connect ASN'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000.5 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Asn'; Says = 'not a whole number' }
        @{ Case = 'a fractional ASN to remove by'; Command = 'Remove-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Asn = [decimal] 65000.5; CustomerAddress = '169.254.255.2/30'; Force = $true }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Asn'; Says = 'not a whole number' }
        @{ Case = 'an ASN in hex text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = '0xFDE9' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a number' }
        @{ Case = 'duplicate tag keys in tag text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = 'Name=a;Name=b' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Tag'; Says = "key 'Name' twice" }
        @{ Case = 'a misspelt liveness'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; PeerLivenessDetection = 'Bdf' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerLivenessDetection'; Says = 'BgpKeepalive, Bfd' }
        @{ Case = 'a liveness given as a number'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; PeerLivenessDetection = 1 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerLivenessDetection'; Says = 'BgpKeepalive, Bfd' }
        @{ Case = 'an unknown address family'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv7'; Asn = 65000 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'AddressFamily'; Says = 'IPv4, IPv6' }
        @{ Case = 'an unknown peer filter'; Command = 'Get-RouteServerPeer'; Params = @{ Filter = @{ 'peer-adress' = '10.0.2.10' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'peer-address' }
        @{ Case = 'a filter name in the wrong case'; Command = 'Get-RouteServerPeer'; Params = @{ Filter = @{ 'VPC-ID' = 'vpc-0a1b2c3d4e5f67890' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'case-sensitive' }
        @{ Case = 'a peer-only filter for endpoints'; Command = 'Get-RouteServerEndpoint'; Params = @{ Filter = @{ 'peer-address' = '10.0.2.10' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'DescribeRouteServerEndpoints' }
        @{ Case = 'a timeout of TimeSpan.MaxValue'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::MaxValue }; ErrorId = 'InvalidArgument'; Parameter = 'Timeout'; Says = 'maximum is 24 hours' }
        @{ Case = 'a poll interval of TimeSpan.MaxValue'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; PollInterval = [TimeSpan]::MaxValue }; ErrorId = 'InvalidArgument'; Parameter = 'PollInterval'; Says = 'maximum is 1 hour' }
        @{ Case = 'a poll interval longer than the timeout'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::FromSeconds(10); PollInterval = [TimeSpan]::FromSeconds(30) }; ErrorId = 'InvalidArgument'; Parameter = 'PollInterval'; Says = 'longer than -Timeout' }
        @{ Case = 'an auth key of six spaces'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = '      ' }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'only spaces' }
        @{ Case = 'an auth key with a trailing space'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = 'secret1 ' }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'starts or ends with a space' }
        @{ Case = 'an auth key outside ASCII'; Command = 'New-DxBgpPeer'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000; AuthKey = "s$([char]0xE9)cret1" }; ErrorId = 'InvalidArgument'; Parameter = 'AuthKey'; Says = 'printable ASCII' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Module = Import-BgpPeeringBuiltModule
    $script:Emulator = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emulator.Url
    $script:Conn = $script:Emulator.Connection

    # The API requests the emulator has logged (the admin API is not logged).
    function script:Get-SentAction { @(Get-BgpPeeringEmulatorRequest -Url $script:Url | ForEach-Object { $_.action }) }

    # Runs a pipeline and splits what it wrote into objects and error records (binding errors included).
    function script:Invoke-Split {
        param([scriptblock] $Pipeline)
        $all = @(& $Pipeline 2>&1)
        [pscustomobject]@{
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-BgpPeeringEmulator -Emulator $script:Emulator }
}

Describe 'Bad input on the command line is refused before sending' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> with <ErrorId>, naming -<Parameter>, and sends nothing' -ForEach $script:CommandLineRefusals {
        $thrown = { & $Command @Params @script:Conn -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,BgpPeering.Commands.$($Command -replace '-', '')Command" -PassThru
        $thrown.Exception.Message | Should -Match ([regex]::Escape($Parameter))
        $thrown.Exception.Message | Should -Match ([regex]::Escape($Says))
        Get-SentAction | Should -BeNullOrEmpty
    }

    It 'a SecureString auth key of six spaces is refused the same way' {
        $key = New-Object System.Security.SecureString
        1..6 | ForEach-Object { $key.AppendChar(' ') }
        $thrown = { New-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey $key @script:Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,BgpPeering.Commands.NewDxBgpPeerCommand' -PassThru
        $thrown.Exception.Message | Should -Match 'AuthKey'
        Get-SentAction | Should -BeNullOrEmpty
    }

    It 'a reserved aws: tag key is an error whose target is the peer being created' {
        $result = Invoke-Split { New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag @{ 'aws:owner' = 'me' } @script:Conn }
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,BgpPeering.Commands.NewRouteServerPeerCommand'
        $result.Errors[0].TargetObject.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.NewRouteServerPeerRequest'
        $result.Errors[0].TargetObject.PeerAddress | Should -Be '10.0.1.10'
        $result.Errors[0].TargetObject.RouteServerEndpointId | Should -Be 'rse-0123456789abcdef0'
        Get-SentAction | Should -BeNullOrEmpty
    }

    It 'the valid forms still bind: integral ASNs as text or double, wire spellings, an empty liveness' {
        $peer = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.11 -PeerAsn ([double] 65001) -PeerLivenessDetection 'bfd' @script:Conn
        $peer.PeerAsn | Should -Be 65001
        "$($peer.PeerLivenessDetection)" | Should -Be 'Bfd'
        $peer2 = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.12 -PeerAsn ' 4200000002 ' -PeerLivenessDetection '' @script:Conn
        $peer2.PeerAsn | Should -Be 4200000002
        "$($peer2.PeerLivenessDetection)" | Should -Be 'BgpKeepalive'
        @(Get-SentAction | Where-Object { $_ -eq 'CreateRouteServerPeer' }).Count | Should -Be 2
    }
}

Describe 'Bad values in pipeline rows are errors for their row, and the other rows go on' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'a CSV of Route Server peers: each bad row is an error naming its parameter, with the row as its target; only good rows are sent' {
        $csv = @'
Row,RouteServerEndpointId,PeerAddress,PeerAsn,PeerLivenessDetection,Tag
good-default,rse-0123456789abcdef0,10.0.1.21,65021,,Name=a
bad-liveness-Bdf,rse-0123456789abcdef0,10.0.1.22,65022,Bdf,
bad-liveness-Maybe,rse-0123456789abcdef0,10.0.1.23,65023,Maybe,
bad-asn,rse-0123456789abcdef0,10.0.1.24,65027.5,,
bad-newline,"rse-0123456789abcdef0
",10.0.1.25,65025,,
bad-tags,rse-0123456789abcdef0,10.0.1.26,65026,,Name=a;Name=b
good-bfd,rse-0123456789abcdef0,10.0.1.27,65028,bfd,
'@
        $file = Join-Path $TestDrive 'peers.csv'
        Set-Content -LiteralPath $file -Value $csv -Encoding UTF8
        $rows = @(Import-Csv -LiteralPath $file)
        $rows.Count | Should -Be 7
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = Invoke-Split { $rows | New-RouteServerPeer @script:Conn }

        @($result.Output.PeerAddress) | Should -Be @('10.0.1.21', '10.0.1.27')
        "$($result.Output[0].PeerLivenessDetection)" | Should -Be 'BgpKeepalive'
        "$($result.Output[1].PeerLivenessDetection)" | Should -Be 'Bfd'
        $expected = [ordered]@{
            'bad-liveness-Bdf'   = @('ParameterArgumentTransformationError', 'PeerLivenessDetection', "'Bdf'")
            'bad-liveness-Maybe' = @('ParameterArgumentTransformationError', 'PeerLivenessDetection', "'Maybe'")
            'bad-asn'            = @('ParameterArgumentTransformationError', 'PeerAsn', 'not a whole number')
            'bad-newline'        = @('ParameterArgumentValidationError', 'RouteServerEndpointId', 'Expected rse-')
            'bad-tags'           = @('ParameterArgumentTransformationError', 'Tag', "key 'Name' twice")
        }
        $result.Errors.Count | Should -Be $expected.Count
        $i = 0
        foreach ($row in $expected.Keys) {
            $e = $result.Errors[$i++]
            $e.TargetObject.Row | Should -Be $row
            $e.FullyQualifiedErrorId | Should -Be ($expected[$row][0] + ',BgpPeering.Commands.NewRouteServerPeerCommand')
            $e.Exception.Message | Should -Match ([regex]::Escape($expected[$row][1]))
            $e.Exception.Message | Should -Match ([regex]::Escape($expected[$row][2]))
        }
        @(Get-SentAction | Where-Object { $_ -eq 'CreateRouteServerPeer' }).Count | Should -Be 2
    }

    It '[pscustomobject] rows with a misspelt liveness or a fractional number are refused the same way' {
        $rows = @(
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.31'; PeerAsn = 65031; PeerLivenessDetection = 'Bdf' }
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.32'; PeerAsn = 65032.5 }
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.33'; Asn = 65033; Liveness = 'Bfd' }
        )
        $result = Invoke-Split { $rows | New-RouteServerPeer @script:Conn }
        @($result.Output.PeerAddress) | Should -Be @('10.0.1.33')
        "$($result.Output[0].PeerLivenessDetection)" | Should -Be 'Bfd'
        $result.Errors.Count | Should -Be 2
        $result.Errors[0].TargetObject.PeerAddress | Should -Be '10.0.1.31'
        $result.Errors[0].Exception.Message | Should -Match 'PeerLivenessDetection'
        $result.Errors[1].TargetObject.PeerAddress | Should -Be '10.0.1.32'
        $result.Errors[1].Exception.Message | Should -Match 'PeerAsn'
        @(Get-SentAction | Where-Object { $_ -eq 'CreateRouteServerPeer' }).Count | Should -Be 1
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
}

Describe 'Secrets in the parameter-binding trace (what the help warns about)' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

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
}
