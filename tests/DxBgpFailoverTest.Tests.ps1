#Requires -Version 5.1
<#
    Pester 5 tests for Start-DxBgpFailoverTest, Get-DxBgpFailoverTest and Stop-DxBgpFailoverTest against the built
    module and the local emulator (at -Speed 100: a one-minute test lasts 0.6 seconds): a drill from a piped peer to
    its restored session, the cmdlets' ShouldProcess, -WhatIf that sends no write, a test that completes by itself,
    -Duration refused before anything is sent, the errors of a wrong key, a denied key and an unreachable endpoint,
    and a write whose answer is lost after it was made. Nothing contacts AWS.

    Run it through build.ps1 (./build.ps1 -Task Build, Pester) or by hand, in a new process:
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/DxBgpFailoverTest.Tests.ps1 -Output Detailed"

    The demo topology's Direct Connect side: dxvif-fgt4k8wq (transit; peers dxpeer-fk3m7p2v IPv4 and
    dxpeer-fq8d2n5t IPv6), dxvif-ffabc123 (private; dxpeer-fgq9j6xo), dxvif-fgh0hcrk (public, verifying). Its test
    history starts with one failed test on dxvif-fgt4k8wq, 0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654.
#>

BeforeDiscovery {
    $script:Refusals = @(
        @{ Case = 'a duration of 0'; Duration = [TimeSpan]::Zero; Says = 'too short' }
        @{ Case = 'a duration of 4321 minutes'; Duration = [TimeSpan]::FromMinutes(4321); Says = 'too long' }
        @{ Case = 'a duration that is not whole minutes'; Duration = [TimeSpan]::FromSeconds(90); Says = 'whole number of minutes' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
    $script:Seeded = '0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654'
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'Start-DxBgpFailoverTest' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'is ConfirmImpact High, and so is Stop-DxBgpFailoverTest, both with -Force' {
        $start = (Get-Command Start-DxBgpFailoverTest).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $stop = (Get-Command Stop-DxBgpFailoverTest).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

        $start.ConfirmImpact | Should -Be 'High'
        $start.SupportsShouldProcess | Should -BeTrue
        $stop.ConfirmImpact | Should -Be 'High'
        (Get-Command Start-DxBgpFailoverTest).Parameters['Force'].SwitchParameter | Should -BeTrue
        (Get-Command Stop-DxBgpFailoverTest).Parameters['Force'].SwitchParameter | Should -BeTrue
        (Get-Command Get-DxBgpFailoverTest).Parameters.ContainsKey('WhatIf') | Should -BeFalse
    }

    It 'sends no StartBgpFailoverTest with -WhatIf, only read-only calls' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $out = Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v @Conn |
            Start-DxBgpFailoverTest -Duration 00:10:00 -WhatIf @Keys 6>&1

        @(Get-Sent -Action StartBgpFailoverTest) | Should -HaveCount 0
        @(Get-SentAction | Sort-Object -Unique) | Should -Be @('DescribeVirtualInterfaces', 'ListVirtualInterfaceTestHistory')
        ($out | Out-String) | Should -Match 'Would take BGP DOWN on dxpeer-fk3m7p2v'
        @(Get-DxBgpFailoverTest -Status InProgress @Conn) | Should -HaveCount 0
    }

    It 'starts a test from a piped peer: InProgress, the peer reads BGP Down, Get-DxBgpFailoverTest lists it, Stop-DxBgpFailoverTest ends it and Wait-BgpPeerUp sees the peer up' {
        $test = Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v @Conn |
            Start-DxBgpFailoverTest -Duration 00:30:00 -Force @Keys

        $test.Status | Should -Be 'InProgress'
        $test.BgpPeerIds | Should -Be @('dxpeer-fk3m7p2v')
        $test.Duration | Should -Be ([TimeSpan]::FromMinutes(30))
        $peer = $test | Get-DxBgpPeer @Keys
        $peer.BgpStatus | Should -Be 'Down'
        $peer.VirtualInterfaceState | Should -Be 'testing'
        (Get-DxBgpPeer -BgpPeerId dxpeer-fq8d2n5t -VirtualInterfaceId dxvif-fgt4k8wq @Conn).BgpStatus | Should -Be 'Up'
        @(Get-DxBgpFailoverTest @Conn | Where-Object TestId -eq $test.TestId | ForEach-Object Status) | Should -Be @('InProgress')

        $stopped = $test | Stop-DxBgpFailoverTest -Force @Keys
        $up = @($stopped | Get-DxBgpPeer @Keys | Wait-BgpPeerUp -Timeout 00:01:00 -PollInterval 00:00:01 @Keys)

        $stopped.Status | Should -Be 'Cancelled'
        $stopped.EndTime | Should -Not -BeNullOrEmpty
        $up | Should -HaveCount 1
        $up[0].BgpPeerId | Should -Be 'dxpeer-fk3m7p2v'
        $up[0].BgpStatus | Should -Be 'Up'
        $up[0].VirtualInterfaceState | Should -Be 'available'
        (Get-DxBgpFailoverTest -TestId $test.TestId @Conn).Status | Should -Be 'Cancelled'
    }

    It 'a one-minute test at --speed 100 is Completed by itself within two seconds' {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $test = Start-DxBgpFailoverTest -VirtualInterfaceId dxvif-ffabc123 -BgpPeerId dxpeer-fgq9j6xo -Duration 00:01:00 -Force @Conn
        $test.Status | Should -Be 'InProgress'

        do {
            $now = Get-DxBgpFailoverTest -TestId $test.TestId @Conn
            if ($now.Status -ne 'InProgress') { break }
            Start-Sleep -Milliseconds 100
        } while ($clock.Elapsed -lt [TimeSpan]::FromSeconds(2))
        $clock.Stop()

        $now.Status | Should -Be 'Completed'
        $clock.Elapsed | Should -BeLessThan ([TimeSpan]::FromSeconds(2))
        $now.EndTime | Should -Be ($test.StartTime + [TimeSpan]::FromSeconds(0.6))
        @(Get-Sent -Action StopBgpFailoverTest) | Should -HaveCount 0
        # The session comes back without a stop.
        @(Get-DxBgpPeer -VirtualInterfaceId dxvif-ffabc123 @Conn | Wait-BgpPeerUp -Timeout 00:00:30 -PollInterval 00:00:01 @Keys) | Should -HaveCount 1
    }

    It 'refuses <Case> before sending anything, naming -Duration' -ForEach $Refusals {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $thrown = { Start-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v -Duration $Duration -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,BgpPeering.Commands.StartDxBgpFailoverTestCommand' -PassThru

        $thrown.Exception.Message | Should -Match 'Duration'
        $thrown.Exception.Message | Should -Match $Says
        @(Get-SentAction) | Should -HaveCount 0
    }

    It 'refuses a bare number as -Duration, which PowerShell would read as ticks' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        { Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 30 -Force @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,BgpPeering.Commands.StartDxBgpFailoverTestCommand'
        @(Get-SentAction) | Should -HaveCount 0
    }

    It 'writes FailoverTestInProgress for a second test on the interface and starts nothing' {
        $first = Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:30:00 -Force @Conn

        $r = Invoke-Captured -Command Start-DxBgpFailoverTest -Params @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; BgpPeerId = 'dxpeer-fq8d2n5t'; Force = $true } -Connection $script:Conn

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'FailoverTestInProgress,BgpPeering.Commands.StartDxBgpFailoverTestCommand'
        $r.Errors[0].ToString() | Should -Match $first.TestId
        @(Get-Sent -Action StartBgpFailoverTest) | Should -HaveCount 1
    }

    It 'adopts the test whose answer was lost after the write, and starts no second one' {
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind internalError -Phase after -Action StartBgpFailoverTest -Count 1

        $test = Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:30:00 -Force @Conn -Verbose 4>&1 |
            Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -or $_.Message -match 'Adopted that result' }

        @($test | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 1
        @($test | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Status | Should -Be 'InProgress'
        @(Get-Sent -Action StartBgpFailoverTest) | Should -HaveCount 1
        @(Get-DxBgpFailoverTest -Status InProgress @Conn) | Should -HaveCount 1
    }
}

Describe 'The README''s drill' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'runs as written: the session goes Down, comes back Up after the stop, and the history shows the test Cancelled' {
        $test = Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v @Conn |
            Start-DxBgpFailoverTest -Duration 00:30:00 -Force @Keys
        $during = $test | Get-DxBgpPeer @Keys

        $up = @($test | Stop-DxBgpFailoverTest -Force @Keys | Get-DxBgpPeer @Keys | Wait-BgpPeerUp -Timeout 00:10:00 @Keys)
        $history = @(Get-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq @Conn)

        $during.BgpStatus | Should -Be 'Down'
        $during.VirtualInterfaceState | Should -Be 'testing'
        $up.BgpPeerId | Should -Be @('dxpeer-fk3m7p2v')
        $up[0].BgpStatus | Should -Be 'Up'
        @($history | ForEach-Object { "$($_.TestId)=$($_.Status)" }) | Should -Be @("$($script:Seeded)=Failed", "$($test.TestId)=Cancelled")
        ($history | Format-Table | Out-String -Width 80) | Should -Match 'Cancelled'
    }
}

Describe 'Get-DxBgpFailoverTest' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'lists the history, narrowed by interface, peer, test ID and status' {
        $running = Start-DxBgpFailoverTest dxvif-ffabc123 dxpeer-fgq9j6xo -Duration 00:30:00 -Force @Conn

        @(Get-DxBgpFailoverTest @Conn).TestId | Should -Be @($script:Seeded, $running.TestId)
        @(Get-DxBgpFailoverTest -VirtualInterfaceId dxvif-fgt4k8wq @Conn).TestId | Should -Be @($script:Seeded)
        @(Get-DxBgpFailoverTest -BgpPeerId dxpeer-fgq9j6xo @Conn).TestId | Should -Be @($running.TestId)
        @(Get-DxBgpFailoverTest -Status Failed @Conn).TestId | Should -Be @($script:Seeded)
        (Get-DxBgpFailoverTest $running.TestId @Conn).Status | Should -Be 'InProgress'
        @(Get-DxBgpPeer -VirtualInterfaceId dxvif-fgt4k8wq @Conn | Get-DxBgpFailoverTest @Keys).TestId | Should -Be @($script:Seeded)
    }

    It 'writes ObjectNotFound for a test ID that does not exist, and the other IDs still come back' {
        $r = Invoke-Split { Get-DxBgpFailoverTest -TestId 'no-such-test', $script:Seeded @Conn }

        $r.Output.TestId | Should -Be @($script:Seeded)
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.GetDxBgpFailoverTestCommand'
        $r.Errors[0].TargetObject | Should -Be 'no-such-test'
    }
}

Describe 'DxBgpFailoverTest views' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'shows a running test in yellow and a failed one in red where $PSStyle exists, and plain text otherwise' -Skip:($null -eq (Get-Variable -Name PSStyle -ErrorAction Ignore)) {
        $null = Start-DxBgpFailoverTest dxvif-ffabc123 dxpeer-fgq9j6xo -Duration 00:30:00 -Force @Conn
        $tests = @(Get-DxBgpFailoverTest @Conn)
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'Ansi'
            $ansi = $tests | Format-Table | Out-String -Width 80
            $PSStyle.OutputRendering = 'PlainText'
            $plain = $tests | Format-Table | Out-String -Width 80
        }
        finally {
            $PSStyle.OutputRendering = $saved
        }

        $ansi | Should -Match ([regex]::Escape($PSStyle.Foreground.BrightRed + 'Failed'))
        $ansi | Should -Match ([regex]::Escape($PSStyle.Foreground.BrightYellow + 'InProgress'))
        $plain | Should -Not -Match ([char]27)
        $plain | Should -Match '\bInProgress\b'
        @($plain -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -HaveCount 0
    }
}

Describe 'Stop-DxBgpFailoverTest' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'writes NoFailoverTestRunning for an interface with no test running, naming its last test, and sends no stop' {
        Clear-BgpPeeringEmulatorRequest -Url $script:Url

        $r = Invoke-Captured -Command Stop-DxBgpFailoverTest -Params @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; Force = $true } -Connection $script:Conn

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'NoFailoverTestRunning,BgpPeering.Commands.StopDxBgpFailoverTestCommand'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $r.Errors[0].TargetObject | Should -Be 'dxvif-fgt4k8wq'
        $r.Errors[0].ToString() | Should -Match ([regex]::Escape($script:Seeded) + ' \(failed')
        @(Get-Sent -Action StopBgpFailoverTest) | Should -HaveCount 0
    }

    It 'stops nothing with -WhatIf, and says which test it would stop' {
        $null = Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:30:00 -Force @Conn

        $out = Stop-DxBgpFailoverTest dxvif-fgt4k8wq -WhatIf @Conn 6>&1

        ($out | Out-String) | Should -Match 'Would stop it'
        @(Get-Sent -Action StopBgpFailoverTest) | Should -HaveCount 0
        @(Get-DxBgpFailoverTest -Status InProgress @Conn) | Should -HaveCount 1
    }

    It 'adopts the stop whose answer was lost after the write' {
        $test = Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:30:00 -Force @Conn
        Add-BgpPeeringEmulatorFault -Url $script:Url -Kind reset -Phase after -Action StopBgpFailoverTest -Count 1

        $stopped = $test | Stop-DxBgpFailoverTest -Force @Keys

        $stopped.TestId | Should -Be $test.TestId
        $stopped.Status | Should -Be 'Cancelled'
        @(Get-Sent -Action StopBgpFailoverTest) | Should -HaveCount 1
    }
}

Describe 'Failover test errors' {
    BeforeAll {
        $script:Drill = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--key', "AKIDEXAMPLE:$($script:Conn.SecretKey)", '--key', 'AKIDDRILLER:drillerSecretKeyEXAMPLE00000000000000000', '--key', 'AKIDREADER:readerSecretKeyEXAMPLE000000000000000000',
            '--deny', 'AKIDEXAMPLE:StartBgpFailoverTest,StopBgpFailoverTest', '--deny', 'AKIDREADER:ListVirtualInterfaceTestHistory'
        $script:Driller = @{ EndpointUrl = $script:Drill.Url; Region = 'us-east-1'; AccessKey = 'AKIDDRILLER'; SecretKey = 'drillerSecretKeyEXAMPLE00000000000000000' }
        $script:Reader = @{ EndpointUrl = $script:Drill.Url; Region = 'us-east-1'; AccessKey = 'AKIDREADER'; SecretKey = 'readerSecretKeyEXAMPLE000000000000000000' }
    }

    AfterAll {
        if ($script:Drill) { Stop-BgpPeeringEmulator -Emulator $script:Drill }
    }

    It 'writes PermissionDenied per item for a key denied <Action>' -ForEach @(
        @{ Action = 'StartBgpFailoverTest'; Command = 'Start-DxBgpFailoverTest'; Class = 'StartDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; BgpPeerId = 'dxpeer-fgq9j6xo'; Force = $true }; Who = 'Drill' }
        @{ Action = 'StopBgpFailoverTest'; Command = 'Stop-DxBgpFailoverTest'; Class = 'StopDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; Force = $true }; Who = 'Drill' }
        @{ Action = 'ListVirtualInterfaceTestHistory'; Command = 'Get-DxBgpFailoverTest'; Class = 'GetDxBgpFailoverTestCommand'; Params = @{}; Who = 'Reader' }
    ) {
        # The stop needs a running test: another key, allowed to start one, starts it.
        $running = Start-DxBgpFailoverTest dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:30:00 -Force @Driller
        $connection = if ($Who -eq 'Reader') { $script:Reader } else { $script:Drill.Connection }

        $r = Invoke-Captured -Command $Command -Params $Params -Connection $connection

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "PermissionDenied,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $r.Errors[0].ToString() | Should -Match "not authorized to perform: directconnect:$Action"
        $null = Stop-DxBgpFailoverTest dxvif-fgt4k8wq -Force @Driller
    }

    It '<Command> stops with AuthenticationFailed for a wrong secret key, which never appears' -ForEach @(
        @{ Command = 'Start-DxBgpFailoverTest'; Class = 'StartDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; BgpPeerId = 'dxpeer-fgq9j6xo'; Force = $true } }
        @{ Command = 'Get-DxBgpFailoverTest'; Class = 'GetDxBgpFailoverTestCommand'; Params = @{} }
        @{ Command = 'Stop-DxBgpFailoverTest'; Class = 'StopDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Force = $true } }
    ) {
        $secret = 'rejected-secret-key-00000000000000000000'
        $r = Invoke-Captured -Command $Command -Params $Params -Connection @{ EndpointUrl = $script:Url; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $secret }

        $r.Terminating.FullyQualifiedErrorId | Should -Be "AuthenticationFailed,BgpPeering.Commands.$Class"
        $r.Terminating.CategoryInfo.Category | Should -Be 'AuthenticationError'
        (@($r.Terminating) + $r.Errors | Format-List -Force * | Out-String -Width 300) | Should -Not -Match ([regex]::Escape($secret))
    }

    It '<Command> writes ConnectionFailed per item when the endpoint is unreachable' -ForEach @(
        @{ Command = 'Start-DxBgpFailoverTest'; Class = 'StartDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; BgpPeerId = 'dxpeer-fgq9j6xo'; Force = $true } }
        @{ Command = 'Get-DxBgpFailoverTest'; Class = 'GetDxBgpFailoverTestCommand'; Params = @{} }
        @{ Command = 'Stop-DxBgpFailoverTest'; Class = 'StopDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Force = $true } }
    ) {
        $r = Invoke-Captured -Command $Command -Params $Params -Connection @{ EndpointUrl = $script:DeadUrl; Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = $script:Conn.SecretKey }

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "ConnectionFailed,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}
