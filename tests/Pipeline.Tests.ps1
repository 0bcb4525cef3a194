#Requires -Version 5.1
<#
    What reaches each cmdlet through the pipeline, in the built module against the emulator: typed objects, rows
    from Import-Csv, Select-Object, ConvertFrom-Json and [pscustomobject] that carry Region and EndpointUrl beside
    the ID, plain strings; which set is selected (the request the emulator saw); and ID tab completion.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-BgpPeeringBuiltModule
    $script:Emu = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emu.Url
    $script:Conn = $script:Emu.Connection
    $script:Keys = @{ AccessKey = $script:Conn.AccessKey; SecretKey = $script:Conn.SecretKey }

    function script:Get-Sent {
        param([string] $Action)
        @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object action -eq $Action)
    }

    # Rows with the ID plus the columns every output object carries.
    function script:New-Row {
        param([string] $Shape, [hashtable] $Values)
        # (PowerShell names are case-insensitive: $row is not $Values.)
        $row = [ordered]@{}
        foreach ($k in $Values.Keys | Sort-Object) { $row[$k] = $Values[$k] }
        $row.Region = 'us-east-1'
        $row.EndpointUrl = $script:Url
        switch ($Shape) {
            'pscustomobject' { [pscustomobject]$row }
            'Import-Csv' {
                $csv = Join-Path $TestDrive ('row-' + [guid]::NewGuid() + '.csv')
                [pscustomobject]$row | Export-Csv -Path $csv -NoTypeInformation
                Import-Csv -Path $csv
            }
            'ConvertFrom-Json' { [pscustomobject]$row | ConvertTo-Json | ConvertFrom-Json }
            'Select-Object' { [pscustomobject]$row | Select-Object -Property * }
        }
    }
}

AfterAll {
    if ($script:Emu) { Stop-BgpPeeringEmulator -Emulator $script:Emu }
}

Describe 'Rows with Region and EndpointUrl columns bind by property name' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'Get-RouteServerPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }

        $peers = @($row | Get-RouteServerPeer @Keys -ErrorAction Stop)

        @($peers | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        $peers[0].EndpointUrl | Should -Be $script:Url
    }

    It 'Get-RouteServerEndpoint takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerEndpointId = 'rse-0fedcba9876543210' }

        @($row | Get-RouteServerEndpoint @Keys -ErrorAction Stop | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0fedcba9876543210')
    }

    It 'Remove-RouteServerPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }

        $row | Remove-RouteServerPeer -Force @Keys -ErrorAction Stop

        @(Get-Sent DeleteRouteServerPeer) | Should -HaveCount 1
    }

    It 'Remove-DxBgpPeer takes a <_> row' -ForEach 'pscustomobject', 'Import-Csv', 'ConvertFrom-Json', 'Select-Object' {
        $row = New-Row -Shape $_ -Values @{ BgpPeerId = 'dxpeer-fk3m7p2v' }

        $row | Remove-DxBgpPeer -Force @Keys -ErrorAction Stop

        @(Get-Sent DeleteBGPPeer) | Should -HaveCount 1
    }

    It 'Export-Csv of peers, then Import-Csv | Get-RouteServerPeer, reads the same peers' {
        $csv = Join-Path $TestDrive 'peers.csv'
        Get-RouteServerPeer @Conn | Export-Csv -Path $csv -NoTypeInformation

        $again = @(Import-Csv -Path $csv | Get-RouteServerPeer @Keys -ErrorAction Stop)

        @($again | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
    }

    It 'plain strings still bind as IDs' {
        @('rsp-0fedcba9876543210' | Get-RouteServerPeer @Conn | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        @('rse-0123456789abcdef0' | Get-RouteServerEndpoint @Conn | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0123456789abcdef0')
    }

    It 'a row whose ID is malformed is still refused, naming the parameter' {
        $row = New-Row -Shape 'pscustomobject' -Values @{ RouteServerPeerId = 'rsp-nothex' }

        { $row | Get-RouteServerPeer @Keys -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BgpPeering.Commands.GetRouteServerPeerCommand'
        @(Get-Sent DescribeRouteServerPeers) | Should -HaveCount 0
    }
}

Describe 'Piped endpoints and peers select themselves' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

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

    It 'Get-RouteServerEndpoint -RouteServerEndpointId X | New-RouteServerPeer -WhatIf peers only X' {
        $null = Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn |
            Get-RouteServerEndpoint @Keys |
            New-RouteServerPeer -PeerAddress 10.0.1.10 -PeerAsn 65001 -WhatIf @Keys -InformationAction SilentlyContinue

        @(Get-Sent CreateRouteServerPeer) | Should -HaveCount 1
    }
}

Describe 'ID tab completion' {
    BeforeAll {
        function script:Complete([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
        }
    }

    It 'completes peer IDs from the parameters typed on the line' {
        $line = "Get-RouteServerPeer -EndpointUrl $($script:Url) -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey $($script:Conn.SecretKey) -RouteServerPeerId "

        Complete $line | Should -Contain 'rsp-0fedcba9876543210'
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
}

Describe '-Verbose' {
    It 'names the endpoint taken from <_>' -ForEach 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL' {
        $saved = [Environment]::GetEnvironmentVariable($_)
        try {
            [Environment]::SetEnvironmentVariable($_, $script:Url)

            $verbose = Get-RouteServerEndpoint -Region us-east-1 @Keys -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            @($verbose | Where-Object Message -like "Using credentials*") | Should -HaveCount 1
            ($verbose | Where-Object Message -like "Using credentials*").Message | Should -BeLike "*endpoint $($script:Url) (from $_)*"
        }
        finally {
            [Environment]::SetEnvironmentVariable($_, $saved)
        }
    }
}
