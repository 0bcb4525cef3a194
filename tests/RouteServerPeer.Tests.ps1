#Requires -Version 5.1
<#
    Pester 5 suite for the BgpPeering module: every cmdlet (the Direct Connect ones in depth in
    DxBgpPeer.Tests.ps1), every pipeline the README shows, the views, the help and the manifest, against the
    built module and the local emulator. Nothing contacts AWS.

    Run it through build.ps1, which lays out the module, sets $env:BGPPEERING_MODULE_PATH and runs Pester in a
    fresh PowerShell process:
        ./build.ps1 -Task Build, Pester
    or by hand, in a new process:
        dotnet publish src/BgpPeering -c Release
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/BgpPeering.Tests.ps1 -Output Detailed"

    The emulator's built-in demo topology (reset before every test):
      vpc-0a1b2c3d4e5f67890, route server rs-0123456789abcdef0 with two endpoints:
        rse-0123456789abcdef0 (subnet-0a1b2c3d4e5f67890, 10.0.1.4, Name rse-a): no peers
        rse-0fedcba9876543210 (subnet-0b1c2d3e4f5a67890, 10.0.2.4, Name rse-b): rsp-0fedcba9876543210
          (10.0.2.10, ASN 4200000001, available, BGP up, Name fw-b)
      Direct Connect: dxvif-ffabc123 (dxpeer-fgq9j6xo, up), dxvif-fgh0hcrk (dxpeer-fz1y2x3w, verifying, BGP
      unknown), dxvif-fgt4k8wq (dxpeer-fk3m7p2v IPv4 and dxpeer-fq8d2n5t IPv6, up; logical redundancy).

    Errors are asserted by their FullyQualifiedErrorId, 'Id,BgpPeering.Commands.XxxCommand'.
#>

BeforeDiscovery {
    $manifestPath = Join-Path (Split-Path -Parent $PSScriptRoot) 'BgpPeering.psd1'
    $script:CmdletCases = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } })

    $script:ViewCases = @(
        # Both peer kinds share one table (so mixed output, such as Wait-BgpPeerUp's, reads as one): ID, state and
        # BGP first, then what tells the peers apart; Attachment is the endpoint or virtual interface.
        @{ Type = 'RouteServerPeer'; Command = 'Get-RouteServerPeer'; Columns = @('PeerId', 'State', 'BGP', 'PeerAsn', 'Address', 'BFD', 'Name', 'Retrieved', 'Attachment') }
        @{ Type = 'RouteServerEndpoint'; Command = 'Get-RouteServerEndpoint'; Columns = @('RouteServerEndpointId', 'RouteServerId', 'VpcId', 'SubnetId', 'EniAddress', 'State', 'Retrieved', 'Name') }
        @{ Type = 'DxBgpPeer'; Command = 'Get-DxBgpPeer'; Columns = @('PeerId', 'State', 'BGP', 'PeerAsn', 'Address', 'BFD', 'Name', 'Retrieved', 'Attachment') }
    )

    $script:PeerFilterCases = @(
        @{ Case = 'State Available'; Params = @{ State = 'Available' }; Expected = 1 }
        @{ Case = 'State Pending'; Params = @{ State = 'Pending' }; Expected = 0 }
        @{ Case = 'the endpoint that has the peer'; Params = @{ RouteServerEndpointId = 'rse-0fedcba9876543210' }; Expected = 1 }
        @{ Case = 'the endpoint without peers'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0' }; Expected = 0 }
        @{ Case = 'the route server'; Params = @{ RouteServerId = 'rs-0123456789abcdef0' }; Expected = 1 }
        @{ Case = 'the VPC'; Params = @{ VpcId = 'vpc-0a1b2c3d4e5f67890' }; Expected = 1 }
        @{ Case = 'a tag'; Params = @{ Tag = @{ Name = 'fw-b' } }; Expected = 1 }
        @{ Case = 'another tag value'; Params = @{ Tag = @{ Name = 'fw-z' } }; Expected = 0 }
        @{ Case = 'an EC2 filter'; Params = @{ Filter = @{ 'peer-address' = '10.0.2.10', '10.0.9.9' } }; Expected = 1 }
    )

    # Refused by the parameter binder or the cmdlet before any request is sent.
    $script:LocalRefusals = @(
        @{ Case = 'a malformed peer ID'; Command = 'Get-RouteServerPeer'; Params = @{ RouteServerPeerId = 'rsp-123' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerPeerCommand' }
        @{ Case = 'a page size of 4'; Command = 'Get-RouteServerPeer'; Params = @{ PageSize = 4 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerPeerCommand' }
        @{ Case = 'a VPC ID that is a subnet ID'; Command = 'Get-RouteServerPeer'; Params = @{ VpcId = 'subnet-0a1b2c3d4e5f67890' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerPeerCommand' }
        @{ Case = 'a malformed endpoint ID'; Command = 'Get-RouteServerEndpoint'; Params = @{ RouteServerEndpointId = 'rse-XYZ' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerEndpointCommand' }
        @{ Case = 'an endpoint ID that is a peer ID'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rsp-0fedcba9876543210'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'an address with 300 in it'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.300'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'an IPv6 address'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '2001:db8::10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'ASN 0'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 0 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'ASN 4294967296'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 4294967296 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'tag text without =' ; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = 'Name' }; ErrorId = 'ParameterArgumentTransformationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'a tag key AWS reserves'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = @{ 'aws:owner' = 'me' } }; ErrorId = 'InvalidArgument,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'a malformed peer ID to remove'; Command = 'Remove-RouteServerPeer'; Params = @{ RouteServerPeerId = 'peer-1'; Force = $true }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.RemoveRouteServerPeerCommand' }
        @{ Case = 'a poll interval under a second'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; PollInterval = [TimeSpan]::FromMilliseconds(500) }; ErrorId = 'InvalidArgument,BgpPeering.Commands.WaitBgpPeerUpCommand' }
        @{ Case = 'a zero timeout'; Command = 'Wait-BgpPeerUp'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::Zero }; ErrorId = 'InvalidArgument,BgpPeering.Commands.WaitBgpPeerUpCommand' }
        @{ Case = 'a malformed Direct Connect peer ID to wait for'; Command = 'Wait-BgpPeerUp'; Params = @{ BgpPeerId = 'dxpeer-1'; VirtualInterfaceId = 'dxvif-ffabc123' }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.WaitBgpPeerUpCommand' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Module = Import-BgpPeeringBuiltModule
    $script:Emulator = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emulator.Url
    # Splat on every call: the emulator's URL, a region and AWS's example keys.
    $script:Conn = $script:Emulator.Connection
    # Only the keys: Region and EndpointUrl then come from the piped objects.
    $script:Keys = @{ AccessKey = $script:Conn.AccessKey; SecretKey = $script:Conn.SecretKey }
    $script:Esc = [char]27

    function script:Get-Action {
        param([string] $Name)
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object { -not $Name -or $_.action -eq $Name })
    }
}

AfterAll {
    if ($script:Emulator) { Stop-BgpPeeringEmulator -Emulator $script:Emulator }
}

Describe 'The module' {
    It 'is imported from the built module folder, with exactly the manifest''s cmdlets' {
        $manifest = Import-PowerShellDataFile -Path $env:BGPPEERING_MODULE_PATH

        $script:Module.ModuleBase | Should -Be (Split-Path -Parent (Resolve-Path -LiteralPath $env:BGPPEERING_MODULE_PATH).ProviderPath)
        $script:Module.Version | Should -Be ([version] $manifest.ModuleVersion)
        @(Get-Command -Module BgpPeering | Sort-Object Name | ForEach-Object Name) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        @(Get-Command -Module BgpPeering -CommandType Function, Alias) | Should -HaveCount 0
    }

    It 'carries CHANGELOG.md''s latest section as its release notes' {
        $manifest = Import-PowerShellDataFile -Path $env:BGPPEERING_MODULE_PATH

        $manifest.PrivateData.PSData.ReleaseNotes | Should -Match '^\['
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -Be 'See CHANGELOG.md.'
    }

    It 'has full help for <Name>' -ForEach $CmdletCases {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + @('UseTransaction')

        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name) + '\s')
        ($help.Description | Out-String) | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $documented = @($help.Parameters.Parameter | ForEach-Object Name)
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $documented | Should -Contain $parameter
        }
        $documented | Should -Not -Contain 'ProgressAction'
    }

    It 'has the about_BgpPeering topic' {
        $text = Get-Help -Name about_BgpPeering | Out-String

        $text | Should -Match 'about_BgpPeering'
        $text | Should -Match 'Direct Connect has no DryRun'
    }
}

Describe 'Formatting' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'shows <Type> in a table with the columns an operator scans' -ForEach $ViewCases {
        $objects = @(& $Command @Conn)
        $objects.Count | Should -BeGreaterThan 0
        $objects[0].GetType().FullName | Should -Be "BgpPeering.Engine.Model.$Type"

        $text = $objects | Format-Table | Out-String -Width 300

        foreach ($column in $Columns) { $text | Should -Match ('\b' + [regex]::Escape($column) + '\b') }
        # "Retrieved" is how old the reading is.
        $text | Should -Match '(just now|\d+s ago)'
    }

    It 'shows <Type> in a list view' -ForEach $ViewCases {
        $text = @(& $Command @Conn)[0] | Format-List | Out-String -Width 300

        $text | Should -Match 'RetrievedAt\s+:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z \(read '
        $text | Should -Match 'Region\s+:\s+us-east-1'
    }

    It 'never shows a Direct Connect auth key' {
        $peer = Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @Conn
        $key = $peer.AuthKey.Reveal()
        $key | Should -Not -BeNullOrEmpty

        $shown = @(
            $peer | Format-Table | Out-String -Width 300
            $peer | Format-List | Out-String -Width 300
            $peer | Format-List -Property * | Out-String -Width 300
            $peer | ConvertTo-Json -Depth 4
            $peer | ConvertTo-Csv -NoTypeInformation
            "$peer"
            $peer.AuthKey.ToString()
        ) -join "`n"

        $shown | Should -Not -Match ([regex]::Escape($key))
        ($peer | Format-List | Out-String) | Should -Match 'AuthKey\s+:\s+\*{8}'
    }

    It 'shows a down session in red where $PSStyle exists' -Skip:($null -eq (Get-Variable -Name PSStyle -ErrorAction Ignore)) {
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId rsp-0fedcba9876543210 -Change @{ bgpStatus = 'down'; bgpBehaviour = 'never' }
        $peer = Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn
        $peer.BgpStatus | Should -Be 'Down'
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'Ansi'
            $ansi = $peer | Format-Table | Out-String -Width 300
            $PSStyle.OutputRendering = 'PlainText'
            $plain = $peer | Format-Table | Out-String -Width 300
        }
        finally {
            $PSStyle.OutputRendering = $saved
        }

        $ansi | Should -Match ([regex]::Escape($PSStyle.Foreground.BrightRed + 'Down'))
        $plain | Should -Not -Match ([regex]::Escape($script:Esc))
        $plain | Should -Match '\bDown\b'
    }

    It 'shows an up session without colour' {
        $text = Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn | Format-Table | Out-String -Width 300

        $text | Should -Match '\bUp\b'
        $text | Should -Not -Match ([regex]::Escape("$($script:Esc)[91m"))
    }
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
}

Describe 'Get-RouteServerPeer' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'returns flat, typed peers' {
        $peer = Get-RouteServerPeer @Conn

        $peer | Should -HaveCount 1
        $peer.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.RouteServerPeer'
        $peer.RouteServerPeerId | Should -Be 'rsp-0fedcba9876543210'
        $peer.PeerAsn | Should -Be 4200000001
        $peer.PeerAddress | Should -Be '10.0.2.10'
        $peer.State | Should -Be 'Available'
        $peer.BgpStatus | Should -Be 'Up'
        $peer.Name | Should -Be 'fw-b'
        $peer.Tags['Name'] | Should -Be 'fw-b'
        $peer.Region | Should -Be 'us-east-1'
        $peer.EndpointUrl | Should -Be $script:Url
        $peer.RetrievedAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-5))
    }

    It 'finds the down sessions of a VPC (README)' {
        @(Get-RouteServerPeer -VpcId vpc-0a1b2c3d4e5f67890 @Conn | Where-Object BgpStatus -eq Down) | Should -HaveCount 0
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId rsp-0fedcba9876543210 -Change @{ bgpStatus = 'down'; bgpBehaviour = 'never' }

        $down = @(Get-RouteServerPeer -VpcId vpc-0a1b2c3d4e5f67890 @Conn | Where-Object BgpStatus -eq Down)

        $down | Should -HaveCount 1
        $down[0].RouteServerPeerId | Should -Be 'rsp-0fedcba9876543210'
    }

    It 'finds every down session of the region with Where (README)' {
        $null = Set-BgpPeeringEmulatorPeer -Url $script:Url -PeerId rsp-0fedcba9876543210 -Change @{ bgpStatus = 'down'; bgpBehaviour = 'never' }

        @(Get-RouteServerPeer @Conn | Where BgpStatus -eq down) | Should -HaveCount 1
    }

    It 'filters by <Case>' -ForEach $PeerFilterCases {
        @(Get-RouteServerPeer @Params @Conn) | Should -HaveCount $Expected
    }

    It 'streams page by page' {
        1..6 | ForEach-Object { $null = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress "10.0.1.$(10 + $_)" -PeerAsn (65000 + $_) @Conn }
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $peers = @(Get-RouteServerPeer -PageSize 5 @Conn)

        $peers | Should -HaveCount 7
        @($peers | ForEach-Object RouteServerPeerId | Sort-Object -Unique) | Should -HaveCount 7
        @(Get-Action -Name DescribeRouteServerPeers) | Should -HaveCount 2
    }

    It 'writes ObjectNotFound for a missing ID and still returns the others' {
        $found = @(Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210, rsp-00000000000000000 @Conn -ErrorVariable errors -ErrorAction SilentlyContinue)

        @($found | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.GetRouteServerPeerCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be 'rsp-00000000000000000'
    }

    It 'stops with ObjectNotFound under -ErrorAction Stop' {
        { Get-RouteServerPeer -RouteServerPeerId rsp-00000000000000000 @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'ObjectNotFound,BgpPeering.Commands.GetRouteServerPeerCommand'
    }

    It 'reads piped peers again where they came from' {
        $again = @(Get-RouteServerPeer @Conn | Get-RouteServerPeer @Keys)

        @($again | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        $again[0].EndpointUrl | Should -Be $script:Url
    }

    It 'takes IDs from a CSV column' {
        $csv = Join-Path $TestDrive 'ids.csv'
        [pscustomobject]@{ RouteServerPeerId = 'rsp-0fedcba9876543210' } | Export-Csv -Path $csv -NoTypeInformation

        @(Import-Csv -Path $csv | Get-RouteServerPeer @Conn | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
    }

    It 'pipes an object read from AWS itself, whose EndpointUrl is empty' {
        # Objects from real AWS carry no EndpointUrl. Here the service URL comes from AWS_ENDPOINT_URL_EC2 (and the
        # keys from the environment), so the piped object's empty EndpointUrl must simply not count.
        $saved = @{}
        foreach ($name in 'AWS_ENDPOINT_URL_EC2', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:AWS_ENDPOINT_URL_EC2 = $script:Url
            $env:AWS_ACCESS_KEY_ID = $script:Conn.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $script:Conn.SecretKey
            $fromAws = [pscustomobject]@{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Region = 'us-east-1'; EndpointUrl = $null }

            $peer = $fromAws | Get-RouteServerPeer -ErrorAction Stop

            $peer.RouteServerPeerId | Should -Be 'rsp-0fedcba9876543210'
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It 'fails with AuthenticationFailed for a wrong secret key' {
        { Get-RouteServerPeer -EndpointUrl $script:Url -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey 'not-the-secret-key-0000000000000000000000' -ErrorAction Stop } |
            Should -Throw -ErrorId 'AuthenticationFailed,BgpPeering.Commands.GetRouteServerPeerCommand'
    }

    It 'keeps the secret key out of every error' {
        $secret = 'not-the-secret-key-1111111111111111111111'
        $caught = $null
        try {
            $null = Get-RouteServerPeer -EndpointUrl $script:Url -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey $secret -ErrorVariable errors
        }
        catch {
            $caught = $_
        }

        # Rejected credentials doom the call: one terminating record, also in -ErrorVariable.
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,BgpPeering.Commands.GetRouteServerPeerCommand'
        $errors | Should -Not -BeNullOrEmpty
        (@($caught) + @($errors) | Format-List -Force * | Out-String -Width 300) | Should -Not -Match ([regex]::Escape($secret))
        ($caught.Exception | Format-List -Force * | Out-String -Width 300) | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'New-RouteServerPeer' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'creates a peer and returns it' {
        $peer = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -PeerLivenessDetection Bfd -Tag @{ Name = 'fw-a'; env = 'lab' } @Conn

        $peer | Should -HaveCount 1
        $peer.RouteServerPeerId | Should -Match '^rsp-[0-9a-f]{17}$'
        $peer.RouteServerEndpointId | Should -Be 'rse-0123456789abcdef0'
        $peer.State | Should -Be 'Pending'
        $peer.PeerLivenessDetection | Should -Be 'Bfd'
        $peer.Name | Should -Be 'fw-a'
        $peer.Tags['env'] | Should -Be 'lab'
        @(Get-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId @Conn) | Should -HaveCount 1
    }

    It 'takes the largest 32-bit ASN and tags as text' {
        $peer = New-RouteServerPeer rse-0123456789abcdef0 10.0.1.11 4294967295 -Tag 'Name=fw-c;env=lab' @Conn

        $peer.PeerAsn | Should -Be 4294967295
        $peer.Tags['env'] | Should -Be 'lab'
    }

    It 'sends a DryRun with -WhatIf, says AWS would allow it, and creates nothing' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $out = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -WhatIf @Conn -InformationVariable info

        $out | Should -BeNullOrEmpty
        ($info | Out-String) | Should -Match 'would succeed'
        $create = @(Get-Action -Name CreateRouteServerPeer)
        $create | Should -HaveCount 1
        $create[0].errorCode | Should -Be 'DryRunOperation'
        @(Get-RouteServerPeer @Conn) | Should -HaveCount 1
    }

    It 'creates one peer per CSV row, then waits for them (README)' {
        $csv = Join-Path $TestDrive 'peers.csv'
        @(
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = '65001'; PeerLivenessDetection = 'Bfd'; Tag = 'Name=fw-a;env=prod' }
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.11'; PeerAsn = '65002'; PeerLivenessDetection = 'BgpKeepalive'; Tag = 'Name=fw-b2;env=prod' }
        ) | Export-Csv -Path $csv -NoTypeInformation

        $up = @(Import-Csv -Path $csv | New-RouteServerPeer @Conn | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys)
        $table = $up | Format-Table | Out-String -Width 300

        $up | Should -HaveCount 2
        @($up | ForEach-Object Name | Sort-Object) | Should -Be @('fw-a', 'fw-b2')
        $up | ForEach-Object { $_.BgpStatus | Should -Be 'Up'; $_.State | Should -Be 'Available' }
        ($up | Where-Object Name -eq 'fw-a').PeerLivenessDetection | Should -Be 'Bfd'
        $table | Should -Match 'fw-b2'
    }

    It 'sends one DryRun per CSV row with -WhatIf (README)' {
        $csv = Join-Path $TestDrive 'whatif.csv'
        @(
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = '65001'; PeerLivenessDetection = 'Bfd'; Tag = 'Name=fw-a;env=prod' }
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.11'; PeerAsn = '65002'; PeerLivenessDetection = 'BgpKeepalive'; Tag = 'Name=fw-b2;env=prod' }
        ) | Export-Csv -Path $csv -NoTypeInformation
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $null = Import-Csv -Path $csv | New-RouteServerPeer -WhatIf @Conn -InformationAction SilentlyContinue

        @(Get-Action -Name CreateRouteServerPeer | Where-Object errorCode -eq 'DryRunOperation') | Should -HaveCount 2
        @(Get-RouteServerPeer @Conn) | Should -HaveCount 1
    }

    It 'does not copy a piped endpoint''s tags to the new peer' {
        $peer = Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn | New-RouteServerPeer -PeerAddress 10.0.1.12 -PeerAsn 65012 @Keys

        $peer.Name | Should -BeNullOrEmpty
        $peer.Tags.Count | Should -Be 0
    }

    It 'peers every endpoint of a VPC (README)' {
        $peers = @(Get-RouteServerEndpoint -VpcId vpc-0a1b2c3d4e5f67890 @Conn |
            New-RouteServerPeer -PeerAddress 10.0.1.10 -PeerAsn 65001 -PeerLivenessDetection Bfd -Tag @{ Name = 'fw-a' } @Keys)

        $peers | Should -HaveCount 2
        @($peers | ForEach-Object RouteServerEndpointId | Sort-Object) | Should -Be @('rse-0123456789abcdef0', 'rse-0fedcba9876543210')
        $peers | ForEach-Object { $_.Name | Should -Be 'fw-a'; $_.PeerLivenessDetection | Should -Be 'Bfd'; $_.EndpointUrl | Should -Be $script:Url }
    }

}

Describe 'Input checked before any request' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> and sends nothing' -ForEach $LocalRefusals {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        { & $Command @Params @Conn -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId

        @(Get-Action) | Should -HaveCount 0
    }
}

Describe 'Permission checks against a key that is denied' {
    BeforeAll {
        $script:Denied = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--deny', 'AKIDEXAMPLE:CreateRouteServerPeer,DeleteRouteServerPeer'
        $script:DeniedConn = $script:Denied.Connection
    }

    AfterAll {
        if ($script:Denied) { Stop-BgpPeeringEmulator -Emulator $script:Denied }
    }

    It '<Command> -WhatIf reports PermissionDenied from the DryRun' -ForEach @(
        @{ Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; ErrorId = 'PermissionDenied,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Command = 'Remove-RouteServerPeer'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }; ErrorId = 'PermissionDenied,BgpPeering.Commands.RemoveRouteServerPeerCommand' }
    ) {
        Clear-BgpPeeringEmulatorRequest -Url $script:Denied.Url
        { & $Command @Params -WhatIf @DeniedConn -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId
        # Exactly one request reached AWS: the DryRun itself, refused for the denied key.
        $requests = Get-BgpPeeringEmulatorRequest -Url $script:Denied.Url
        $requests | Should -HaveCount 1
        $requests[0].errorCode | Should -Be 'UnauthorizedOperation'
        $requests[0].action | Should -Be ($Command -replace '^New-', 'Create' -replace '^Remove-', 'Delete')
    }

    It 'New-RouteServerPeer reports PermissionDenied with a category and AWS''s message' {
        $null = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 @DeniedConn -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'PermissionDenied,BgpPeering.Commands.NewRouteServerPeerCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errors[0].Exception.Message | Should -Match 'not authorized'
    }
}

Describe 'Remove-RouteServerPeer' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'deletes a peer with -Force and writes it with -PassThru' {
        $gone = Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force -PassThru @Conn

        $gone.RouteServerPeerId | Should -Be 'rsp-0fedcba9876543210'
        $gone.State | Should -Be 'Deleting'
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -BeIn @('Deleting', 'Deleted')
    }

    It 'writes nothing without -PassThru' {
        Remove-RouteServerPeer rsp-0fedcba9876543210 -Confirm:$false @Conn | Should -BeNullOrEmpty
    }

    It 'sends a DryRun with -WhatIf and deletes nothing, even with -Force' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $null = Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force -WhatIf @Conn -InformationVariable info

        ($info | Out-String) | Should -Match 'would succeed'
        @(Get-Action -Name DeleteRouteServerPeer | Where-Object errorCode -eq 'DryRunOperation') | Should -HaveCount 1
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -Be 'Available'
    }

    It 'says PeerAlreadyDeleting for a peer being deleted' {
        $null = Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force @Conn

        { Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'PeerAlreadyDeleting,BgpPeering.Commands.RemoveRouteServerPeerCommand'
    }

    It 'writes ObjectNotFound for a missing peer and goes on with the next' {
        $null = Remove-RouteServerPeer -RouteServerPeerId rsp-00000000000000000, rsp-0fedcba9876543210 -Force @Conn -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.RemoveRouteServerPeerCommand'
        $errors[0].TargetObject | Should -Be 'rsp-00000000000000000'
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -BeIn @('Deleting', 'Deleted')
    }

    It 'cleans up the peers with a tag (README)' {
        $lab = @(
            New-RouteServerPeer rse-0123456789abcdef0 10.0.1.20 65020 -Tag @{ env = 'lab' } @Conn
            New-RouteServerPeer rse-0123456789abcdef0 10.0.1.21 65021 -Tag @{ env = 'lab' } @Conn
        )

        Get-RouteServerPeer -Tag @{ env = 'lab' } @Conn | Remove-RouteServerPeer -Force @Keys

        foreach ($peer in $lab) { (Get-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId @Conn).State | Should -BeIn @('Deleting', 'Deleted') }
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -Be 'Available'
    }
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
        @(Get-Action -Name DescribeRouteServerPeers | Where-Object errorCode -eq 'RequestLimitExceeded').Count | Should -BeGreaterThan 0
    }
}

Describe 'Direct Connect pipelines from the README' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'finds every Direct Connect session that is not up' {
        @(Get-DxBgpPeer @Conn | Where BgpStatus -ne Up | ForEach-Object BgpPeerId) | Should -Be @('dxpeer-fz1y2x3w')
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

    It 'removes a peer found by ID' {
        # The README's line prompts (ConfirmImpact High); -Confirm:$false answers for the test.
        $gone = @(Get-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t @Conn | Remove-DxBgpPeer -PassThru -Confirm:$false @Keys)

        @($gone | ForEach-Object BgpPeerId) | Should -Be @('dxpeer-fq8d2n5t')
        $gone[0].State | Should -Be 'Deleting'
    }
}
