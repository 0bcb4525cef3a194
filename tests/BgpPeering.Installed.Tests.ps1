#Requires -Version 5.1
<#
    Pester 5 tests of BgpPeering as a user installs it. build.ps1 -Task Pester -Package <nupkg> (what tools/test.sh and
    CI run) installs the Gallery package through PSResourceGet into a scratch user's module folder, puts that folder
    on PSModulePath, and names the installed BgpPeering.psd1 in $env:BGPPEERING_MODULE_PATH and the package in
    $env:BGPPEERING_PACKAGE. This file imports the module by name, proves it is the installed package file for file,
    and runs what a user's first session does against the local emulator: a pipeline across three cmdlets on both
    peer kinds, Get-Help, a formatted view, and a per-item error. Without -Package, build.ps1 tests out/ the same way,
    and the test of the package's files is skipped, saying why. Nothing contacts AWS.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    # Import-Module BgpPeering: by name, from PSModulePath, as a user imports it.
    Initialize-BgpPeeringTestFile -ByName
    $script:Folder = Split-Path -Parent (Resolve-Path -LiteralPath $env:BGPPEERING_MODULE_PATH).ProviderPath
}

AfterAll {
    Stop-BgpPeeringTestFile
}

Describe 'The installed module' {
    It 'is what Import-Module BgpPeering finds first on PSModulePath, at its manifest''s version' {
        $manifest = Import-PowerShellDataFile -Path $env:BGPPEERING_MODULE_PATH

        $script:Module.ModuleBase | Should -Be $script:Folder
        @(Get-Module -ListAvailable -Name BgpPeering)[0].ModuleBase | Should -Be $script:Folder
        $script:Module.Version | Should -Be ([version] $manifest.ModuleVersion)
        @(Get-Command -Module BgpPeering | ForEach-Object Name | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'holds exactly the package''s files, as PSResourceGet installed them' {
        if (-not $env:BGPPEERING_PACKAGE) {
            Set-ItResult -Skipped -Because 'no package is under test: build.ps1 -Task Pester without -Package tests the module folder under out/'
        }
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $expected = @{}
        $zip = [System.IO.Compression.ZipFile]::OpenRead($env:BGPPEERING_PACKAGE)
        try {
            foreach ($entry in $zip.Entries) {
                $stream = $entry.Open()
                try {
                    if ($entry.FullName -like '*.nuspec') { $nuspec = [xml](New-Object IO.StreamReader($stream)).ReadToEnd() }
                    # The package's own metadata stays in the package; every other entry is a file of the module.
                    elseif ($entry.Name -and $entry.FullName -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$)') {
                        $expected[[Uri]::UnescapeDataString($entry.FullName)] = [BitConverter]::ToString($sha.ComputeHash($stream))
                    }
                }
                finally { $stream.Dispose() }
            }
        }
        finally { $zip.Dispose() }
        $installed = @{}
        foreach ($file in Get-ChildItem -LiteralPath $script:Folder -Recurse -File) {
            $relative = $file.FullName.Substring($script:Folder.Length + 1).Replace('\', '/')
            $installed[$relative] = [BitConverter]::ToString($sha.ComputeHash([IO.File]::ReadAllBytes($file.FullName)))
        }

        $expected.Count | Should -BeGreaterThan 5
        # PSResourceGet's record of the install, which Get-InstalledPSResource reads.
        $installed.Keys | Should -Contain 'PSGetModuleInfo.xml'
        @($installed.Keys | Where-Object { $_ -ne 'PSGetModuleInfo.xml' } | Sort-Object) | Should -Be @($expected.Keys | Sort-Object)
        foreach ($name in $expected.Keys) { $installed[$name] | Should -Be $expected[$name] -Because $name }
        $nuspec.package.metadata.id | Should -Be 'BgpPeering'
        [version] $nuspec.package.metadata.version | Should -Be $script:Module.Version
    }

    It 'runs the README pipeline: Get-RouteServerEndpoint | New-RouteServerPeer | Wait-BgpPeerUp' {
        Reset-BgpPeeringEmulator -Url $script:Url

        $up = @(Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef0 @Conn |
                New-RouteServerPeer @Conn -PeerAddress 10.0.1.10 -PeerAsn 65001 |
                Wait-BgpPeerUp @Conn -Timeout 00:02:00)

        $up | Should -HaveCount 1
        $up[0].GetType().FullName | Should -Be 'BgpPeering.Engine.Model.RouteServerPeer'
        $up[0].RouteServerEndpointId | Should -Be 'rse-0123456789abcdef0'
        $up[0].PeerAddress | Should -Be '10.0.1.10'
        $up[0].BgpStatus | Should -Be 'Up'
        @(Get-Sent CreateRouteServerPeer | Where-Object status -eq 200) | Should -HaveCount 1
    }

    It 'waits for a Direct Connect peer piped from Get-DxBgpPeer' {
        Reset-BgpPeeringEmulator -Url $script:Url

        $up = @(Get-DxBgpPeer -BgpPeerId dxpeer-fgq9j6xo @Conn | Wait-BgpPeerUp @Conn -Timeout 00:02:00)

        $up | Should -HaveCount 1
        $up[0].GetType().FullName | Should -Be 'BgpPeering.Engine.Model.DxBgpPeer'
        $up[0].BgpStatus | Should -Be 'Up'
    }

    It 'shows Get-Help from the help the package carries' {
        $help = Get-Help -Name New-RouteServerPeer -Full
        $about = Get-Help -Name about_BgpPeering | Out-String

        Join-Path $script:Folder 'en-US/BgpPeering.dll-Help.xml' | Should -Exist
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # PowerShell's generated help (no MAML found) shows the syntax as the synopsis.
        $help.Synopsis | Should -Not -Match '^\s*New-RouteServerPeer\s'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $about | Should -Match 'about_BgpPeering'
    }

    It 'shows a peer in the module''s table view at 80 columns' {
        Reset-BgpPeeringEmulator -Url $script:Url

        $text = Get-RouteServerPeer -RouteServerPeerId rsp-0fedcba9876543210 @Conn | Out-String -Width 80

        # The view's first columns, which fit 80 (PowerShell's own rendering would be one column per property).
        $text | Should -Match '(?m)^PeerId\s+State\s+BGP\s+PeerAsn\s+Address\b'
        $text | Should -Match '(?m)^rsp-0fedcba9876543210\s+Available\s+Up\b'
    }

    It 'writes a missing ID as one ObjectNotFound error with the module''s ID, and returns the other' {
        Reset-BgpPeeringEmulator -Url $script:Url

        $out = @(Get-RouteServerPeer -RouteServerPeerId rsp-00000000000000000, rsp-0fedcba9876543210 @Conn -ErrorVariable errs -ErrorAction SilentlyContinue)

        @($out.RouteServerPeerId) | Should -Be @('rsp-0fedcba9876543210')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ObjectNotFound,BgpPeering.Commands.GetRouteServerPeerCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'rsp-00000000000000000'
    }
}
