#Requires -Version 5.1
<#
    What a user sees of the module besides its objects, in the built module: help (parameter aliases from the MAML),
    region completion, and peers exported to CSV whose tags come back through New-RouteServerPeer -Tag.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-BgpPeeringBuiltModule
    $script:Emu = Start-BgpPeeringEmulator -Speed 100
    $script:Conn = $script:Emu.Connection
    $script:Keys = @{ AccessKey = $script:Conn.AccessKey; SecretKey = $script:Conn.SecretKey }
}

AfterAll {
    if ($script:Emu) { Stop-BgpPeeringEmulator -Emulator $script:Emu }
}

Describe 'Help' {
    It 'Get-Help -Parameter shows the aliases of <Command> -<Parameter>' -ForEach @(
        @{ Command = 'New-RouteServerPeer'; Parameter = 'PeerAddress' }
        @{ Command = 'New-RouteServerPeer'; Parameter = 'RouteServerEndpointId' }
        @{ Command = 'Remove-DxBgpPeer'; Parameter = 'BgpPeerId' }
        @{ Command = 'Get-RouteServerPeer'; Parameter = 'Region' }
    ) {
        $expected = @((Get-Command $Command).Parameters[$Parameter].Aliases)
        $expected | Should -Not -BeNullOrEmpty

        $help = Get-Help $Command -Parameter $Parameter

        @(("$($help.aliases)" -split ',\s*') | Where-Object { $_ }) | Sort-Object | Should -Be ($expected | Sort-Object)
    }
}

Describe 'Region completion' {
    It 'offers only regions that -Region accepts' {
        $line = 'Get-RouteServerPeer -Region us-east-1'
        $offered = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText)

        $offered | Should -Contain 'us-east-1'
        $offered | Should -Not -Contain 'us-east-1-regional'
        foreach ($region in $offered) {
            { Get-RouteServerEndpoint -Region $region -EndpointUrl $script:Conn.EndpointUrl @Keys -ErrorAction Stop } | Should -Not -Throw
        }
    }
}

Describe 'Export-Csv' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Emu.Url }

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
}
