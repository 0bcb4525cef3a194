@{
    # The build stamps the real version over 0.0.0-dev when it lays out out/BgpPeering/<version>/.
    RootModule           = 'BgpPeering.dll'
    ModuleVersion        = '0.0.0-dev'
    GUID                 = '3f6b0c2e-8a41-4f5e-9d2b-6c1e7a9b4d10'
    Author               = 'BgpPeering contributors'
    CompanyName          = 'BgpPeering contributors'
    Copyright            = '(c) 2026 BgpPeering contributors. MIT License.'
    Description          = 'Automate BGP peering on AWS: VPC Route Server peers and Direct Connect BGP peers, with flat typed objects, real -WhatIf (EC2 DryRun), a waiter for BGP sessions, and a local emulator for offline testing.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Only the output types. AWSSDK and the engine's AWSSDK half are in isolated/ and are loaded by the module's
    # initializer (its own load context on PowerShell 7): listing them here would load them into the shared
    # context, where they would clash with AWS.Tools' copies (docs/design.md, "Coexistence with AWS.Tools").
    RequiredAssemblies   = @(
        'BgpPeering.Engine.Model.dll'
    )
    FormatsToProcess     = @('BgpPeering.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-RouteServerPeer'
        'New-RouteServerPeer'
        'Remove-RouteServerPeer'
        'Get-RouteServerEndpoint'
        'Wait-BgpPeerUp'
        'Get-DxBgpPeer'
        'New-DxBgpPeer'
        'Remove-DxBgpPeer'
        'Get-BgpRoute'
        'Sync-RouteServerPeer'
        'Sync-DxBgpPeer'
        'Start-DxBgpFailoverTest'
        'Get-DxBgpFailoverTest'
        'Stop-DxBgpFailoverTest'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'BGP', 'RouteServer', 'DirectConnect', 'Networking', 'VPC', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/bgppeering/BgpPeering/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/bgppeering/BgpPeering'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
