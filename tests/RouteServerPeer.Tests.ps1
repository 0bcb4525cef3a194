#Requires -Version 5.1
<#
    Pester 5 tests for Get-RouteServerPeer, New-RouteServerPeer and Remove-RouteServerPeer, against the built module
    and the local emulator: each cmdlet on its own and in the README's pipelines, the rows and objects it takes from
    the pipeline, ID completion, bad input refused before any request, permission checks, and what a user can rely
    on under faults (lost responses after a write, throttling storms, an endpoint that goes away for six seconds,
    early stop of a long listing, the retry budget). Nothing contacts AWS.

    Run it through build.ps1, which lays out the module, sets $env:BGPPEERING_MODULE_PATH and runs Pester in a
    fresh PowerShell process:
        ./build.ps1 -Task Build, Pester
    or by hand, in a new process:
        dotnet publish src/BgpPeering -c Release
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/RouteServerPeer.Tests.ps1 -Output Detailed"

    The emulator's built-in demo topology (reset before every test):
      vpc-0a1b2c3d4e5f67890, route server rs-0123456789abcdef0 with two endpoints:
        rse-0123456789abcdef0 (subnet-0a1b2c3d4e5f67890, 10.0.1.4, Name rse-a): no peers
        rse-0fedcba9876543210 (subnet-0b1c2d3e4f5a67890, 10.0.2.4, Name rse-b): rsp-0fedcba9876543210
          (10.0.2.10, ASN 4200000001, available, BGP up, Name fw-b)

    Errors are asserted by their FullyQualifiedErrorId, 'Id,BgpPeering.Commands.XxxCommand'. Binding errors are
    PowerShell's own (ParameterArgumentValidationError / ParameterArgumentTransformationError); rules the cmdlet
    checks are the module's InvalidArgument. On the command line a binding error ends the command; for a pipeline
    row it is an error for that row alone, and the next row is processed. PowerShell writes a pipeline row's binding
    error outside the cmdlet (so -ErrorVariable does not see it): those tests read 2>&1 (Invoke-Split).
#>

BeforeDiscovery {
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
        @{ Case = 'an endpoint ID that is a peer ID'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rsp-0fedcba9876543210'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'an address with 300 in it'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.300'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'an IPv6 address'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '2001:db8::10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'ASN 0'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 0 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'ASN 4294967296'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 4294967296 }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'tag text without =' ; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = 'Name' }; ErrorId = 'ParameterArgumentTransformationError,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'a tag key AWS reserves'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = @{ 'aws:owner' = 'me' } }; ErrorId = 'InvalidArgument,BgpPeering.Commands.NewRouteServerPeerCommand' }
        @{ Case = 'a malformed peer ID to remove'; Command = 'Remove-RouteServerPeer'; Params = @{ RouteServerPeerId = 'peer-1'; Force = $true }; ErrorId = 'ParameterArgumentValidationError,BgpPeering.Commands.RemoveRouteServerPeerCommand' }
    )

    $endpoint = 'rse-0123456789abcdef0'
    $nl = "`n"
    # Refused on the command line: the error ID, the parameter the message must name, and what it must say.
    $script:CommandLineRefusals = @(
        @{ Case = 'an endpoint ID with a trailing newline'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = "$endpoint$nl"; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerEndpointId'; Says = 'Expected rse-' }
        @{ Case = 'a peer ID with a trailing newline'; Command = 'Get-RouteServerPeer'; Params = @{ RouteServerPeerId = "rsp-0fedcba9876543210$nl" }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerPeerId'; Says = 'Expected rsp-' }
        @{ Case = 'a peer ID to remove with a trailing newline'; Command = 'Remove-RouteServerPeer'; Params = @{ RouteServerPeerId = "rsp-0fedcba9876543210$nl"; Force = $true }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'RouteServerPeerId'; Says = 'Expected rsp-' }
        @{ Case = 'a fractional Route Server ASN'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001.5 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a whole number' }
        @{ Case = 'a fractional Route Server ASN as text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = '65001.5' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a whole number' }
        @{ Case = 'an ASN in hex text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = '0xFDE9' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerAsn'; Says = 'not a number' }
        @{ Case = 'duplicate tag keys in tag text'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; Tag = 'Name=a;Name=b' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'Tag'; Says = "key 'Name' twice" }
        @{ Case = 'a misspelt liveness'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; PeerLivenessDetection = 'Bdf' }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerLivenessDetection'; Says = 'BgpKeepalive, Bfd' }
        @{ Case = 'a liveness given as a number'; Command = 'New-RouteServerPeer'; Params = @{ RouteServerEndpointId = $endpoint; PeerAddress = '10.0.1.10'; PeerAsn = 65001; PeerLivenessDetection = 1 }; ErrorId = 'ParameterArgumentTransformationError'; Parameter = 'PeerLivenessDetection'; Says = 'BgpKeepalive, Bfd' }
        @{ Case = 'an unknown peer filter'; Command = 'Get-RouteServerPeer'; Params = @{ Filter = @{ 'peer-adress' = '10.0.2.10' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'peer-address' }
        @{ Case = 'a filter name in the wrong case'; Command = 'Get-RouteServerPeer'; Params = @{ Filter = @{ 'VPC-ID' = 'vpc-0a1b2c3d4e5f67890' } }; ErrorId = 'ParameterArgumentValidationError'; Parameter = 'Filter'; Says = 'case-sensitive' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
}

AfterAll {
    Stop-BgpPeeringTestFile
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
        @(Get-Sent DescribeRouteServerPeers) | Should -HaveCount 2
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

    It 'Get-RouteServerPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }

        $peers = @($row | Get-RouteServerPeer @Keys -ErrorAction Stop)

        @($peers | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        $peers[0].EndpointUrl | Should -Be $script:Url
    }

    It 'Export-Csv of peers, then Import-Csv | Get-RouteServerPeer, reads the same peers' {
        $csv = Join-Path $TestDrive 'peers.csv'
        Get-RouteServerPeer @Conn | Export-Csv -Path $csv -NoTypeInformation

        $again = @(Import-Csv -Path $csv | Get-RouteServerPeer @Keys -ErrorAction Stop)

        @($again | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
    }

    It 'a row whose ID is malformed is still refused, naming the parameter' {
        $row = New-Row -Shape 'pscustomobject' -Values @{ RouteServerPeerId = 'rsp-nothex' }

        { $row | Get-RouteServerPeer @Keys -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerPeerCommand'
        @(Get-Sent DescribeRouteServerPeers) | Should -HaveCount 0
    }

    It 'completes peer IDs from the parameters typed on the line' {
        $line = "Get-RouteServerPeer -EndpointUrl $($script:Url) -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey $($script:Conn.SecretKey) -RouteServerPeerId "

        Complete $line | Should -Contain 'rsp-0fedcba9876543210'
    }

    It 'completes from $StoredAWSCredentials and $StoredAWSRegion' {
        $profiles = Join-Path $TestDrive 'credentials'
        Set-Content -Path $profiles -Value "[emu]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = $($script:Conn.SecretKey)`n"
        $saved = @{}
        foreach ($name in 'AWS_ENDPOINT_URL', 'AWS_SHARED_CREDENTIALS_FILE') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:AWS_ENDPOINT_URL = $script:Url
            $env:AWS_SHARED_CREDENTIALS_FILE = $profiles
            # Set-AWSCredential -ProfileName emu stores an object whose ToString() is the profile name.
            $global:StoredAWSCredentials = 'emu'
            $global:StoredAWSRegion = 'us-east-1'

            Complete 'Get-RouteServerPeer -RouteServerPeerId rsp-' | Should -Contain 'rsp-0fedcba9876543210'
        }
        finally {
            Remove-Variable -Name StoredAWSCredentials, StoredAWSRegion -Scope Global -ErrorAction SilentlyContinue
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

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
        # Pages fetched while the first object travelled: usually a few, never more than the engine's output pump lets
        # the work write ahead (1024 events, at least 5 per 5-peer page), and never all 2000.
        $later | Should -BeLessOrEqual 206
    }

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
        $create = @(Get-Sent CreateRouteServerPeer)
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

        @(Get-Sent CreateRouteServerPeer | Where-Object errorCode -eq 'DryRunOperation') | Should -HaveCount 2
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

    It 'Get-RouteServerEndpoint -RouteServerEndpointId X | New-RouteServerPeer -WhatIf peers only X' {
        $null = Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn |
            Get-RouteServerEndpoint @Keys |
            New-RouteServerPeer -PeerAddress 10.0.1.10 -PeerAsn 65001 -WhatIf @Keys -InformationAction SilentlyContinue

        @(Get-Sent CreateRouteServerPeer) | Should -HaveCount 1
    }

    It 'writes tags as text that New-RouteServerPeer -Tag takes back' {
        $csv = Join-Path $TestDrive 'peers.csv'
        $made = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag @{ Name = 'fw-a'; env = 'prod' } @Conn
        $made | Export-Csv -Path $csv -NoTypeInformation
        $row = Import-Csv -Path $csv

        $row.Tags | Should -BeIn @('Name=fw-a;env=prod', 'env=prod;Name=fw-a')

        # The exported row, with a new address, creates a peer with the same tags.
        $row.PeerAddress = '10.0.1.11'
        $again = $row | Select-Object RouteServerEndpointId, PeerAddress, PeerAsn, @{ n = 'Tag'; e = { $_.Tags } }, Region, EndpointUrl |
            New-RouteServerPeer @Keys -ErrorAction Stop
        $again.Tags['Name'] | Should -Be 'fw-a'
        $again.Tags['env'] | Should -Be 'prod'
    }

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

    # This one takes the emulator away and puts a new one on the same port in $script:Emulator, which the tests
    # after it use (and Stop-BgpPeeringTestFile stops).
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

Describe 'Remove-RouteServerPeer' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'deletes a peer with -Force and writes it with -PassThru' {
        $gone = Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force -PassThru @Conn

        $gone.RouteServerPeerId | Should -Be 'rsp-0fedcba9876543210'
        $gone.State | Should -Be 'Deleting'
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -BeIn @('Deleting', 'Deleted')
    }

    It 'writes nothing without -PassThru, and the peer is deleted' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $out = Remove-RouteServerPeer rsp-0fedcba9876543210 -Confirm:$false @Conn -ErrorVariable err

        $out | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        @(Get-Sent DeleteRouteServerPeer | Where-Object status -eq 200) | Should -HaveCount 1
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -BeIn @('Deleting', 'Deleted')
    }

    It 'sends a DryRun with -WhatIf and deletes nothing, even with -Force' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $null = Remove-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 -Force -WhatIf @Conn -InformationVariable info

        ($info | Out-String) | Should -Match 'would succeed'
        @(Get-Sent DeleteRouteServerPeer | Where-Object errorCode -eq 'DryRunOperation') | Should -HaveCount 1
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

    It 'Remove-RouteServerPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }

        $row | Remove-RouteServerPeer -Force @Keys -ErrorAction Stop

        @(Get-Sent DeleteRouteServerPeer) | Should -HaveCount 1
    }

    It 'goes on with the next piped item after a connection failure' {
        $connection = @{ EndpointUrl = $script:DeadUrl; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $script:Conn.SecretKey }

        $null = 'rsp-0fedcba9876543210', 'rsp-0123456789abcdef0' | Remove-RouteServerPeer -Force @connection -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -HaveCount 2
        @($errors | ForEach-Object TargetObject) | Should -Be @('rsp-0fedcba9876543210', 'rsp-0123456789abcdef0')
        @($errors | ForEach-Object FullyQualifiedErrorId | Select-Object -Unique) | Should -Be @('ConnectionFailed,BgpPeering.Commands.RemoveRouteServerPeerCommand')
    }

    It 'reports a remove whose response was lost as a success, and the peer is deleting' {
        $peer = New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.91 -PeerAsn 65091 @Conn
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind internalError -Phase after -Action DeleteRouteServerPeer -Count 1

        $out = Remove-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId -Force -PassThru @Conn -ErrorVariable errs -ErrorAction SilentlyContinue

        $errs | Should -HaveCount 0
        $out.State | Should -BeIn @('Deleting', 'Deleted')
        (Get-RouteServerPeer -RouteServerPeerId $peer.RouteServerPeerId @Conn -ErrorAction SilentlyContinue).State | Should -BeIn @('Deleting', 'Deleted', $null)
    }
}

Describe 'Route Server peer input checked before any request' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It '<Command> refuses <Case> and sends nothing' -ForEach $LocalRefusals {
        Assert-RefusedLocally -Command $Command -Params $Params -ErrorId $ErrorId
    }

    It '<Command> refuses <Case> with <ErrorId>, naming -<Parameter>, and sends nothing' -ForEach $script:CommandLineRefusals {
        Assert-RefusedOnCommandLine -Command $Command -Params $Params -ErrorId $ErrorId -Parameter $Parameter -Says $Says
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
