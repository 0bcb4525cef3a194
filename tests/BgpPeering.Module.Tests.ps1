#Requires -Version 5.1
<#
    Pester 5 tests of the BgpPeering module as a whole, in the built module against the local emulator: it imports
    from its folder with exactly the manifest's cmdlets, carries its release notes, has full help (parameter aliases
    from the MAML included) and the about_ topic, shows its objects in views that never show a secret, completes
    -Region; and what holds for every cmdlet: the error model of about_BgpPeering ("ERRORS"), where each failure
    class gets the module's own error ID (never an exception type), its category, the item as its target, and is
    terminating only where the failure dooms the whole call (rejected credentials), plus the endpoint -Verbose names.
    Each cmdlet's own tests are in its noun's file: RouteServerPeer.Tests.ps1, RouteServerEndpoint.Tests.ps1,
    DxBgpPeer.Tests.ps1 and Wait-BgpPeerUp.Tests.ps1. Nothing contacts AWS.

    Run it through build.ps1, which lays out the module, sets $env:BGPPEERING_MODULE_PATH and runs Pester in a
    fresh PowerShell process:
        ./build.ps1 -Task Build, Pester
    or by hand, in a new process:
        dotnet publish src/BgpPeering -c Release
        $env:BGPPEERING_MODULE_PATH = (Resolve-Path ./out/BgpPeering/*/BgpPeering.psd1).Path
        pwsh -NoProfile -Command "Invoke-Pester -Path tests/BgpPeering.Module.Tests.ps1 -Output Detailed"
#>

BeforeDiscovery {
    # The cmdlets are the manifest's: a new one is checked here with no edit.
    $manifestPath = Join-Path (Split-Path -Parent $PSScriptRoot) 'BgpPeering.psd1'
    $script:Cmdlets = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport)
    $script:CmdletCases = @($script:Cmdlets | ForEach-Object { @{ Name = $_ } })
    # Every Get- cmdlet lists everything when called with no parameters.
    $script:Reads = @($script:Cmdlets | Where-Object { $_ -like 'Get-*' } | ForEach-Object { @{ Command = $_; Class = ($_ -replace '-', '') + 'Command' } })

    $script:ViewCases = @(
        # Both peer kinds share one table (so mixed output, such as Wait-BgpPeerUp's, reads as one): ID, state and
        # BGP first, then what tells the peers apart; Attachment is the endpoint or virtual interface.
        @{ Type = 'RouteServerPeer'; Command = 'Get-RouteServerPeer'; Columns = @('PeerId', 'State', 'BGP', 'PeerAsn', 'Address', 'BFD', 'Name', 'Retrieved', 'Attachment') }
        @{ Type = 'RouteServerEndpoint'; Command = 'Get-RouteServerEndpoint'; Columns = @('RouteServerEndpointId', 'RouteServerId', 'VpcId', 'SubnetId', 'EniAddress', 'State', 'Retrieved', 'Name') }
        @{ Type = 'DxBgpPeer'; Command = 'Get-DxBgpPeer'; Columns = @('PeerId', 'State', 'BGP', 'PeerAsn', 'Address', 'BFD', 'Name', 'Retrieved', 'Attachment') }
    )

    # One call per cmdlet that reaches AWS with one item, and every Get- cmdlet with no parameters (its Action, the
    # one the faults are injected for, is then every action). Wait-BgpPeerUp keeps polling through network failures
    # and throttling until -Timeout by design (its own cases are in Wait-BgpPeerUp.Tests.ps1), so it joins only the
    # cases where it fails as every other cmdlet does ($Waits: $RefusedCalls, and the reads refused permission).
    $script:Calls = @(
        @{ Command = 'Get-RouteServerPeer'; Class = 'GetRouteServerPeerCommand'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210' }; Action = 'DescribeRouteServerPeers' }
        @{ Command = 'Get-RouteServerEndpoint'; Class = 'GetRouteServerEndpointCommand'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0' }; Action = 'DescribeRouteServerEndpoints' }
        @{ Command = 'New-RouteServerPeer'; Class = 'NewRouteServerPeerCommand'; Params = @{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.10'; PeerAsn = 65001 }; Action = 'CreateRouteServerPeer' }
        @{ Command = 'Remove-RouteServerPeer'; Class = 'RemoveRouteServerPeerCommand'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Force = $true }; Action = 'DeleteRouteServerPeer' }
        @{ Command = 'New-DxBgpPeer'; Class = 'NewDxBgpPeerCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; AddressFamily = 'IPv6'; Asn = 65000 }; Action = 'CreateBGPPeer' }
        @{ Command = 'Remove-DxBgpPeer'; Class = 'RemoveDxBgpPeerCommand'; Params = @{ BgpPeerId = 'dxpeer-fk3m7p2v'; Force = $true }; Action = 'DeleteBGPPeer' }
        @{ Command = 'Get-BgpRoute'; Class = 'GetBgpRouteCommand'; Params = @{ RouteServerId = 'rs-0123456789abcdef0' }; Action = 'GetRouteServerRoutingDatabase' }
        @{ Command = 'Get-BgpRoute'; Class = 'GetBgpRouteCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123' }; Action = 'ListVirtualInterfaceRoutes' }
        @{ Command = 'Start-DxBgpFailoverTest'; Class = 'StartDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; BgpPeerId = 'dxpeer-fk3m7p2v'; Duration = [TimeSpan]::FromMinutes(30); Force = $true }; Action = 'StartBgpFailoverTest' }
        # With no test running, the history read before the stop is the call that meets the failure.
        @{ Command = 'Stop-DxBgpFailoverTest'; Class = 'StopDxBgpFailoverTestCommand'; Params = @{ VirtualInterfaceId = 'dxvif-ffabc123'; Force = $true }; Action = 'ListVirtualInterfaceTestHistory' }
    ) + @($script:Reads | ForEach-Object { $_ + @{ Params = @{}; Action = $null } })
    # Server-side failures the emulator injects for the call's action, past the SDK's retries.
    $script:Faults = @(
        @{ Fault = 'throttling'; ErrorId = 'Throttled'; Category = 'LimitsExceeded' }
        @{ Fault = 'internalError'; ErrorId = 'ServiceError'; Category = 'ResourceUnavailable' }
    )
    $script:FaultCalls = foreach ($c in $script:Calls) { foreach ($f in $script:Faults) { $c + $f } }
    $script:Waits = @(
        @{ Command = 'Wait-BgpPeerUp'; Class = 'WaitBgpPeerUpCommand'; Params = @{ RouteServerPeerId = 'rsp-0fedcba9876543210'; Timeout = [TimeSpan]::FromSeconds(30) }; Action = 'DescribeRouteServerPeers' }
        @{ Command = 'Wait-BgpPeerUp'; Class = 'WaitBgpPeerUpCommand'; Params = @{ BgpPeerId = 'dxpeer-fk3m7p2v'; VirtualInterfaceId = 'dxvif-ffabc123'; Timeout = [TimeSpan]::FromSeconds(30) }; Action = 'DescribeVirtualInterfaces' }
    )
    $script:RefusedCalls = $script:Calls + $script:Waits
    # Reads with every EC2 and Direct Connect action denied: every Get- cmdlet with no parameters, and the waits.
    $script:DeniedReads = @($script:Reads | ForEach-Object { $_ + @{ Params = @{} } }) + $script:Waits
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Initialize-BgpPeeringTestFile
    $script:Esc = [char]27
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'The module' {
    It 'is imported from the built module folder, with exactly the manifest''s cmdlets' {
        $manifest = Import-PowerShellDataFile -Path $env:BGPPEERING_MODULE_PATH

        $script:Module.ModuleBase | Should -Be (Split-Path -Parent (Resolve-Path -LiteralPath $env:BGPPEERING_MODULE_PATH).ProviderPath)
        $script:Module.Version | Should -Be ([version] $manifest.ModuleVersion)
        @(Get-Command -Module BgpPeering | Sort-Object Name | ForEach-Object Name) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        @(Get-Command -Module BgpPeering -CommandType Function, Alias) | Should -HaveCount 0
    }

    It 'runs its engine from the ReadyToRun images for this platform on PowerShell 7, and from the IL copies elsewhere' {
        # A call makes the engine load (into the module's own load context on PowerShell 7).
        $connection = $script:Conn
        $null = Get-RouteServerEndpoint @connection
        $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.GetName().Name -in 'BgpPeering.Engine', 'AWSSDK.Core' -and $_.Location.StartsWith($script:Module.ModuleBase) })
        $loaded | Should -HaveCount 2
        $isolated = Join-Path $script:Module.ModuleBase 'isolated'
        $rids = @(if ($PSVersionTable.PSEdition -eq 'Core') {
                [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
                $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
                "$os-$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
            })
        $imageFolder = $rids | Where-Object { Test-Path -LiteralPath (Join-Path $isolated $_) } | Select-Object -First 1
        foreach ($assembly in $loaded) {
            $expected = if ($imageFolder) { Join-Path (Join-Path $isolated $imageFolder) (Split-Path -Leaf $assembly.Location) } else { Join-Path $isolated (Split-Path -Leaf $assembly.Location) }
            $assembly.Location | Should -Be $expected
        }
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

Describe 'Plain strings from the pipeline' {
    BeforeEach { Reset-BgpPeeringEmulator -Url $script:Url }

    It 'plain strings still bind as IDs' {
        @('rsp-0fedcba9876543210' | Get-RouteServerPeer @Conn | ForEach-Object RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        @('rse-0123456789abcdef0' | Get-RouteServerEndpoint @Conn | ForEach-Object RouteServerEndpointId) | Should -Be @('rse-0123456789abcdef0')
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

    It '<Command> <Params.Keys> stops with AuthenticationFailed for a rejected secret key, which never appears' -ForEach $RefusedCalls {
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
        @(Get-Sent $Action).Count | Should -BeGreaterThan 1
    }
}

Describe 'Error model: permission denied on reads' {
    BeforeAll {
        $script:Denied = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--deny', 'AKIDEXAMPLE:ec2:*,directconnect:*'
    }

    AfterAll {
        if ($script:Denied) { Stop-BgpPeeringEmulator -Emulator $script:Denied }
    }

    It '<Command> writes PermissionDenied per item' -ForEach $DeniedReads {
        $r = Invoke-Captured -Command $Command -Params $Params -Connection $script:Denied.Connection

        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be "PermissionDenied,BgpPeering.Commands.$Class"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $r.Errors[0].ToString() | Should -Match 'not authorized'
    }
}
