#Requires -Version 5.1
<#
    Pester 5 tests for Sync-RouteServerPeer and Sync-DxBgpPeer in real PowerShell, against the built module and the
    local emulator: issue 25's "done when", one It each (a CSV of four planned under -WhatIf with DryRuns only, made,
    kept, one ASN replaced, a dropped row kept or removed, a bad row alone refused; sync piped into Wait-BgpPeerUp;
    thirty rows under thirty percent lost create answers; Direct Connect kept, created, unchanged, and its last-peer and
    one-per-family rules), and what a user relies on besides (tags changed in place, duplicate rows, removals withheld
    after a refused row, a rejected key, a denied key). Nothing contacts AWS.

    Run it through build.ps1 (./build.ps1 -Task Build, Pester), or by hand in a new process:
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/SyncPeers.Tests.ps1 -Output Detailed"

    The demo topology (reset before every test): endpoints rse-0123456789abcdef0 (10.0.1.0/24, no peers) and
    rse-0fedcba9876543210 (10.0.2.0/24, rsp-0fedcba9876543210 at 10.0.2.10, ASN 4200000001, Name fw-b); Direct Connect
    dxvif-ffabc123 (connection without logical redundancy, one IPv4 peer) and dxvif-fgt4k8wq (with logical
    redundancy, one IPv4 and one IPv6 peer, both ASN 65010).
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile

    $script:EndpointA = 'rse-0123456789abcdef0'
    $script:EndpointB = 'rse-0fedcba9876543210'

    function New-FourPeerCsv {
        <# Four rows on endpoint A, as a file: what a user keeps in version control. #>
        param([string] $Path, [string] $ChangedAsnOf)
        @(
            [pscustomobject]@{ RouteServerEndpointId = $script:EndpointA; PeerAddress = '10.0.1.10'; PeerAsn = '65001'; PeerLivenessDetection = 'Bfd'; Tag = 'Name=fw-a;env=prod' }
            [pscustomobject]@{ RouteServerEndpointId = $script:EndpointA; PeerAddress = '10.0.1.11'; PeerAsn = '65002'; PeerLivenessDetection = ''; Tag = 'Name=fw-b;env=prod' }
            [pscustomobject]@{ RouteServerEndpointId = $script:EndpointA; PeerAddress = '10.0.1.12'; PeerAsn = '65003'; PeerLivenessDetection = ''; Tag = '' }
            [pscustomobject]@{ RouteServerEndpointId = $script:EndpointA; PeerAddress = '10.0.1.13'; PeerAsn = '65004'; PeerLivenessDetection = ''; Tag = '' }
        ) | ForEach-Object { if ($_.PeerAddress -eq $ChangedAsnOf) { $_.PeerAsn = [string]([long]$_.PeerAsn + 10) }; $_ } |
            Export-Csv -Path $Path -NoTypeInformation
        $Path
    }

    function Get-Changes([object[]] $Output) { @($Output | Where-Object { $_ -is [BgpPeering.Engine.Model.BgpPeerChange] }) }

    function Get-LivePeer {
        @(Get-RouteServerPeer @script:Conn | Where-Object { $_.State -notin 'Deleting', 'Deleted' })
    }
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'Sync-RouteServerPeer' {
    BeforeEach {
        Reset-BgpPeeringEmulator -Url $script:Url
        $script:Csv = New-FourPeerCsv -Path (Join-Path $TestDrive 'peers.csv')
    }

    It 'plans four creates under -WhatIf and sends only DryRuns' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $plan = @(Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn -WhatIf -InformationAction SilentlyContinue)

        $plan | Should -HaveCount 4
        $plan | ForEach-Object { $_.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.BgpPeerChange'; $_.Action | Should -Be 'Create'; $_.Applied | Should -BeFalse; $_.PeerId | Should -BeNullOrEmpty }
        @($plan.PeerAddress) | Should -Be @('10.0.1.10', '10.0.1.11', '10.0.1.12', '10.0.1.13')
        $sent = Get-Sent
        @($sent | Where-Object action -eq 'CreateRouteServerPeer') | Should -HaveCount 4
        $sent | Where-Object action -like 'Create*' | ForEach-Object { $_.errorCode | Should -Be 'DryRunOperation' }
        @($sent | Where-Object { $_.action -notin 'CreateRouteServerPeer', 'DescribeRouteServerEndpoints', 'DescribeRouteServerPeers' }) | Should -HaveCount 0
        Get-LivePeer | Should -HaveCount 1   # only the seeded one: nothing was made
    }

    It 'creates four, then a second run keeps four and sends no create or delete' {
        $made = @(Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn)
        $made | Should -HaveCount 4
        $made | ForEach-Object { $_.Action | Should -Be 'Create'; $_.Applied | Should -BeTrue; $_.PeerId | Should -Match '^rsp-[0-9a-f]{17}$'; $_.Peer.RouteServerPeerId | Should -Be $_.PeerId }
        ($made | Where-Object PeerAddress -eq '10.0.1.10').Peer.PeerLivenessDetection | Should -Be 'Bfd'
        ($made | Where-Object PeerAddress -eq '10.0.1.10').Peer.Tags['env'] | Should -Be 'prod'
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $again = @(Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn)

        $again | Should -HaveCount 4
        $again | ForEach-Object { $_.Action | Should -Be 'Keep'; $_.Reason | Should -Be 'matches the row' }
        @($again.PeerId) | Should -Be @($made.PeerId)
        @(Get-SentAction) | Should -Be @('DescribeRouteServerEndpoints', 'DescribeRouteServerPeers')
    }

    It 'turns one changed ASN into one Replace and three Keeps' {
        $made = @(Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn)
        $changed = New-FourPeerCsv -Path (Join-Path $TestDrive 'changed.csv') -ChangedAsnOf '10.0.1.12'
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = @(Import-Csv -Path $changed | Sync-RouteServerPeer @Conn -Force)

        @($result.Action) | Should -Be @('Keep', 'Keep', 'Replace', 'Keep')
        $replace = $result[2]
        $replace.Reason | Should -Be 'PeerAsn 65003 → 65013; replaced (delete and create)'
        $replace.ReplacedPeerId | Should -Be ($made | Where-Object PeerAddress -eq '10.0.1.12').PeerId
        $replace.PeerId | Should -Not -Be $replace.ReplacedPeerId
        $replace.Peer.PeerAsn | Should -Be 65013
        (Get-LivePeer | Where-Object PeerAddress -eq '10.0.1.12').PeerAsn | Should -Be 65013
        @(Get-Sent DeleteRouteServerPeer) | Should -HaveCount 1
        @(Get-Sent CreateRouteServerPeer | Where-Object errorCode -ne 'DryRunOperation') | Should -HaveCount 1
    }

    It 'leaves a dropped row''s peer without -RemoveUnlisted, removes it with it, and never touches another endpoint' {
        $null = Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn
        $three = Join-Path $TestDrive 'three.csv'
        Import-Csv -Path $script:Csv | Where-Object PeerAddress -ne '10.0.1.13' | Export-Csv -Path $three -NoTypeInformation

        $without = @(Import-Csv -Path $three | Sync-RouteServerPeer @Conn)
        @($without.Action) | Should -Be @('Keep', 'Keep', 'Keep')
        Get-LivePeer | Where-Object PeerAddress -eq '10.0.1.13' | Should -HaveCount 1

        $with = @(Import-Csv -Path $three | Sync-RouteServerPeer @Conn -RemoveUnlisted -Force)
        @($with.Action) | Should -Be @('Keep', 'Keep', 'Keep', 'Remove')
        $with[3].PeerAddress | Should -Be '10.0.1.13'
        $with[3].Reason | Should -Be 'in no row (-RemoveUnlisted)'
        Get-LivePeer | Where-Object PeerAddress -eq '10.0.1.13' | Should -HaveCount 0
        # The seeded peer is on an endpoint no row names: untouched.
        (Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn).State | Should -Be 'Available'
    }

    It 'refuses a bad row with one error about that row and syncs the good rows' -ForEach @(
        @{ Case = 'ASN 0'; Column = 'PeerAsn'; Value = '0'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'a malformed address'; Column = 'PeerAddress'; Value = '10.0.1.300'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'a fractional ASN'; Column = 'PeerAsn'; Value = '65003.5'; ErrorId = 'ParameterArgumentTransformationError' }
    ) {
        $rows = @(Import-Csv -Path $script:Csv)
        $rows[2].$Column = $Value
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = Invoke-Split { $rows | Sync-RouteServerPeer @script:Conn }

        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,BgpPeering.Commands.SyncRouteServerPeerCommand"
        $result.Errors[0].TargetObject.$Column | Should -Be $Value
        $result.Errors[0].TargetObject.RouteServerEndpointId | Should -Be $script:EndpointA
        @((Get-Changes $result.Output).PeerAddress) | Should -Be @('10.0.1.10', '10.0.1.11', '10.0.1.13')
        @(Get-Sent CreateRouteServerPeer) | Should -HaveCount 3
    }

    It 'refuses two rows for one peer as one DuplicateRow error naming the row, and syncs the rest' {
        $rows = @(Import-Csv -Path $script:Csv) + [pscustomobject]@{ RouteServerEndpointId = $script:EndpointA; PeerAddress = '10.0.1.11'; PeerAsn = '65099'; PeerLivenessDetection = ''; Tag = '' }

        $result = Invoke-Split { $rows | Sync-RouteServerPeer @script:Conn }

        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'DuplicateRow,BgpPeering.Commands.SyncRouteServerPeerCommand'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $result.Errors[0].TargetObject.PeerAddress | Should -Be '10.0.1.11'
        $result.Errors[0].Exception.Message | Should -Match '2 rows name the peer at 10\.0\.1\.11'
        @((Get-Changes $result.Output).PeerAddress) | Should -Be @('10.0.1.10', '10.0.1.12', '10.0.1.13')
    }

    It 'withholds -RemoveUnlisted''s removals when a row was refused, with one RemovalsWithheld error' {
        $null = Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn
        $rows = @(Import-Csv -Path $script:Csv)
        $rows[3].PeerAsn = '0'   # the row of 10.0.1.13 is refused: its peer must not look unlisted

        $result = Invoke-Split { $rows | Sync-RouteServerPeer @script:Conn -RemoveUnlisted -Force }

        @($result.Errors.FullyQualifiedErrorId) | Should -Be @('ParameterArgumentValidationError,BgpPeering.Commands.SyncRouteServerPeerCommand', 'RemovalsWithheld,BgpPeering.Commands.SyncRouteServerPeerCommand')
        @((Get-Changes $result.Output).Action) | Should -Be @('Keep', 'Keep', 'Keep')
        Get-LivePeer | Where-Object PeerAddress -eq '10.0.1.13' | Should -HaveCount 1
    }

    It 'changes tags in place (Update): the peer and its BGP session stay' {
        $made = @(Import-Csv -Path $script:Csv | Sync-RouteServerPeer @Conn)
        $rows = @(Import-Csv -Path $script:Csv)
        $rows[0].Tag = 'Name=fw-a;env=staging;owner=neteng'
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = @($rows | Sync-RouteServerPeer @Conn)

        $result[0].Action | Should -Be 'Update'
        $result[0].Reason | Should -Be 'Tags: env prod → staging, +owner=neteng'
        $result[0].PeerId | Should -Be $made[0].PeerId
        "$($result[0].Peer.Tags)" | Should -Be 'Name=fw-a;env=staging;owner=neteng'
        @(Get-Sent CreateTags) | Should -HaveCount 1
        @(Get-Sent DeleteTags) | Should -HaveCount 0
        @(Get-Sent DeleteRouteServerPeer) | Should -HaveCount 0
    }

    It 'pipes into Wait-BgpPeerUp, which returns the synced peers up and skips the removed one' {
        $rows = @(Import-Csv -Path $script:Csv) + [pscustomobject]@{ RouteServerEndpointId = $script:EndpointB; PeerAddress = '10.0.2.11'; PeerAsn = '65021'; PeerLivenessDetection = ''; Tag = '' }
        $null = New-RouteServerPeer -RouteServerEndpointId $script:EndpointB -PeerAddress 10.0.2.99 -PeerAsn 65099 @Conn

        $up = @($rows | Sync-RouteServerPeer @Conn -RemoveUnlisted -Force | Wait-BgpPeerUp @Keys -Timeout (New-TimeSpan -Minutes 2) -ErrorAction Stop)

        # 4 created on A; on B 10.0.2.11 created, the seeded 10.0.2.10 removed (in no row), and 10.0.2.99 removed.
        $up | Should -HaveCount 5
        $up | ForEach-Object { $_.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.RouteServerPeer'; $_.BgpStatus | Should -Be 'Up'; $_.State | Should -Be 'Available' }
        @($up.PeerAddress | Sort-Object) | Should -Be @('10.0.1.10', '10.0.1.11', '10.0.1.12', '10.0.1.13', '10.0.2.11')
    }

    It 'makes exactly 30 peers from 30 rows under 30 % lost create answers, and never sends a create twice' {
        $csv = New-PeerCsv -Count 30 -Path (Join-Path $TestDrive 'thirty.csv')
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind reset -Phase after -Action CreateRouteServerPeer -Probability 0.3 -Seed 25

        $out = @(Import-Csv -Path $csv | Sync-RouteServerPeer @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)

        $errs | Should -HaveCount 0
        $out | Should -HaveCount 30
        @($out.PeerId | Sort-Object -Unique) | Should -HaveCount 30
        $struck = (Invoke-RestMethod -Method Get -Uri "$script:Url/_emulator/faults" | ForEach-Object { $_ } | Measure-Object -Property struck -Sum).Sum
        $struck | Should -BeGreaterThan 3
        $peers = Get-CsvPeer
        $peers | Should -HaveCount 30
        @($peers.PeerAddress | Sort-Object -Unique) | Should -HaveCount 30
        @(Get-Sent CreateRouteServerPeer) | Should -HaveCount 30
        # Run again: all kept.
        @(Import-Csv -Path $csv | Sync-RouteServerPeer @Conn | Where-Object Action -ne 'Keep') | Should -HaveCount 0
    }

    It 'a rejected secret key ends the call with AuthenticationFailed and never shows the key' {
        $bad = @{ Region = 'us-east-1'; EndpointUrl = $script:Url; AccessKey = 'AKIDEXAMPLE'; SecretKey = 'not-the-secret-key-at-all' }
        { Import-Csv -Path $script:Csv | Sync-RouteServerPeer @bad -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'AuthenticationFailed,BgpPeering.Commands.SyncRouteServerPeerCommand'
        try { Import-Csv -Path $script:Csv | Sync-RouteServerPeer @bad } catch { "$_" + ($_ | Format-List -Force * | Out-String) | Should -Not -Match 'not-the-secret-key-at-all' }
        @(Get-Sent CreateRouteServerPeer) | Should -HaveCount 0
    }
}

Describe 'Sync-RouteServerPeer with a key denied the writes' {
    BeforeAll {
        $script:Denied = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--deny', 'AKIDEXAMPLE:CreateRouteServerPeer'
        $script:DeniedConn = $script:Denied.Connection
    }

    AfterAll {
        if ($script:Denied) { Stop-BgpPeeringEmulator -Emulator $script:Denied }
    }

    It '-WhatIf is a permission check: each refused DryRun is PermissionDenied about its row, and the plan is still written' {
        $rows = @(Import-Csv -Path (New-FourPeerCsv -Path (Join-Path $TestDrive 'denied.csv')))
        $result = Invoke-Split { $rows | Sync-RouteServerPeer @script:DeniedConn -WhatIf }

        $result.Errors | Should -HaveCount 4
        $result.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'PermissionDenied,BgpPeering.Commands.SyncRouteServerPeerCommand'; $_.TargetObject.RouteServerEndpointId | Should -Be $script:EndpointA }
        @($result.Errors.TargetObject.PeerAddress) | Should -Be @('10.0.1.10', '10.0.1.11', '10.0.1.12', '10.0.1.13')
        (Get-Changes $result.Output) | Should -HaveCount 4
    }
}

Describe 'Sync-DxBgpPeer' {
    BeforeEach {
        Reset-BgpPeeringEmulator -Url $script:Url
        $script:DxRows = @(
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = '65010'; AmazonAddress = '169.254.100.1/29'; CustomerAddress = '169.254.100.2/29' }
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv6'; Asn = '65010'; AmazonAddress = ''; CustomerAddress = '' }
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = '65020'; AmazonAddress = ''; CustomerAddress = '' }
        )
    }

    It 'keeps the existing peers, creates the missing one, and a second run changes nothing' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url
        $first = @($script:DxRows | Sync-DxBgpPeer @Conn)

        @($first.Action) | Should -Be @('Keep', 'Keep', 'Create')
        @($first.PeerId[0..1]) | Should -Be @('dxpeer-fk3m7p2v', 'dxpeer-fq8d2n5t')
        $first[2].PeerId | Should -Match '^dxpeer-'
        $first[2].Peer.GetType().FullName | Should -Be 'BgpPeering.Engine.Model.DxBgpPeer'
        $first[2].CustomerAddress | Should -Match '^169\.254\.'
        @(Get-SentAction | Where-Object { $_ -eq 'CreateBGPPeer' }) | Should -HaveCount 1
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $second = @($script:DxRows | Sync-DxBgpPeer @Conn)

        @($second.Action) | Should -Be @('Keep', 'Keep', 'Keep')
        @(Get-SentAction | Where-Object { $_ -notin 'DescribeVirtualInterfaces', 'DescribeConnections' }) | Should -HaveCount 0
    }

    It 'replaces a peer whose auth key differs, saying so without either key' {
        $rows = $script:DxRows[0..1]
        $result = @($rows | Sync-DxBgpPeer @Conn -AuthKey 'a-rotated-md5-key' -Force -Verbose 4>&1 3>&1)
        $changes = Get-Changes $result
        @($changes.Action) | Should -Be @('Replace', 'Replace')
        $changes | ForEach-Object { $_.Reason | Should -Be 'AuthKey differs; replaced (delete and create)' }
        ($result | Out-String -Width 300) + ($changes | Format-List -Force * | Out-String -Width 300) | Should -Not -Match 'a-rotated-md5-key|0xT7r4nS1tKey'
        (Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq @Conn | Where-Object State -notin 'Deleting', 'Deleted' | ForEach-Object { $_.AuthKey.Reveal() } | Sort-Object -Unique) | Should -Be 'a-rotated-md5-key'
    }

    It 'refuses to delete the last peer of an interface with LastBgpPeer, and changes nothing there' {
        $row = [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv4'; Asn = '65000'; AmazonAddress = '169.254.255.1/30'; CustomerAddress = '169.254.255.2/30' }
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = Invoke-Split { $row | Sync-DxBgpPeer @script:Conn -AuthKey 'another-md5-key' -Force }

        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'LastBgpPeer,BgpPeering.Commands.SyncDxBgpPeerCommand'
        $result.Errors[0].Exception.Message | Should -Match 'dxpeer-fgq9j6xo is the last BGP peer on dxvif-ffabc123'
        $result.Errors[0].TargetObject.VirtualInterfaceId | Should -Be 'dxvif-ffabc123'
        $result.Errors[0].TargetObject.Asn | Should -Be 65000
        @(Get-SentAction | Where-Object { $_ -in 'CreateBGPPeer', 'DeleteBGPPeer' }) | Should -HaveCount 0
    }

    It 'refuses a second peer of one family without logical redundancy with PeerFamilyFull, and changes nothing there' {
        $rows = @(
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv4'; Asn = '65000'; AmazonAddress = '169.254.255.1/30'; CustomerAddress = '169.254.255.2/30' }
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv4'; Asn = '65001'; AmazonAddress = ''; CustomerAddress = '' }
            [pscustomobject]@{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = '65002'; AmazonAddress = ''; CustomerAddress = '' }
        )
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $result = Invoke-Split { $rows | Sync-DxBgpPeer @script:Conn }

        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'PeerFamilyFull,BgpPeering.Commands.SyncDxBgpPeerCommand'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $result.Errors[0].Exception.Message | Should -Match 'dxcon-fguhmqlc has no logical redundancy'
        $result.Errors[0].Exception.Message | Should -Match 'not made either: Create BGP peer IPv6 AS65002'
        @((Get-Changes $result.Output).Action) | Should -Be @('Keep')
        @(Get-SentAction | Where-Object { $_ -in 'CreateBGPPeer', 'DeleteBGPPeer' }) | Should -HaveCount 0
        @(Get-SentAction | Where-Object { $_ -eq 'DescribeConnections' }) | Should -HaveCount 1
    }

    It '-WhatIf sends only reads and writes the plan' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url
        $plan = @($script:DxRows | Sync-DxBgpPeer @Conn -RemoveUnlisted -WhatIf -InformationAction SilentlyContinue)
        @($plan.Action) | Should -Be @('Keep', 'Keep', 'Create')
        $plan | ForEach-Object { $_.Applied | Should -BeFalse }
        @(Get-SentAction | Sort-Object -Unique) | Should -Be @('DescribeConnections', 'DescribeVirtualInterfaces')
    }
}
