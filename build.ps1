#Requires -Version 5.1
<#
.SYNOPSIS
    Thin task runner over dotnet for BgpPeering.
.DESCRIPTION
    Every task is a call to the same dotnet commands that CI runs, so the module can be built and tested on a
    machine without PowerShell (see tools/test.sh), and with it.
      Build    dotnet publish src/BgpPeering: lays out out/BgpPeering/<version>/ (help from docs/en-US included)
      Test     what CI runs: npm ci in tests/sdk-js (where npm is), dotnet build, dotnet pack (the Gallery .nupkg,
               which lays out out/ too), dotnet test, then the Pester suite (tests/*.Tests.ps1) against that
               package, installed through PSResourceGet
      Pester   the Pester suite alone, in a fresh PowerShell process: against -Package where given (installed
               first, as Test does), else against the module folder under out/
      Docs     docs/en-US to MAML and about_ help in the module folder: PlatyPS's New-ExternalHelp where platyPS
               is installed, else the project's Markdig-based builder (tools/BgpPeering.HelpBuilder)
      Package  dotnet pack tools/packaging: the .nupkg that Publish-Module would publish
      Demo     start the emulator, import the module, create peers, wait them up, show them, stop the emulator
.PARAMETER Package
    A BgpPeering .nupkg (a wildcard matching exactly one) for the Pester task to test: it is installed as a user
    installs it, from a local PSResourceGet repository, into a scratch folder under artifacts/package-test (never
    the user's own module folders or repositories), and the suite imports it from there.
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package
.EXAMPLE
    ./build.ps1 -Task Pester -Package artifacts/package/release/BgpPeering.*.nupkg
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Docs', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $Package
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$results = Join-Path $root 'artifacts/test-results'
$artifacts = if ($env:ArtifactsPath) { $env:ArtifactsPath } else { Join-Path $root 'artifacts' }

function Get-PowerShellCommand {
    <#
        The PowerShell running this script, as a command line that starts another one of the same kind:
          - the dotnet tool (dotnet pwsh): the process is dotnet and the first argument is the tool's pwsh.dll,
            so the child is "dotnet <pwsh.dll>";
          - an installed pwsh, or Windows PowerShell 5.1 (powershell.exe): the process's own executable.
    #>
    $first = [Environment]::GetCommandLineArgs()[0]
    $process = if ($PSVersionTable.PSEdition -eq 'Core') { [Environment]::ProcessPath } else { (Get-Process -Id $PID).Path }
    $hostName = [IO.Path]::GetFileNameWithoutExtension($process)
    if ($hostName -eq 'dotnet' -and $first -and $first.EndsWith('.dll', [StringComparison]::OrdinalIgnoreCase)) {
        # Hosted by dotnet (the PowerShell dotnet tool): the host executable runs the tool's pwsh.dll.
        return [pscustomobject]@{ FilePath = $process; Prefix = @($first) }
    }
    [pscustomobject]@{ FilePath = $process; Prefix = @() }
}

function Invoke-Dotnet {
    # A simple function (no [Parameter()]), so that dotnet's own options such as -c, -o or -p:X=Y are never taken
    # for PowerShell's common parameters; quote a literal '--' so PowerShell passes it on.
    $arguments = @($args | ForEach-Object { "$_" })
    Write-Host "dotnet $($arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Get-ModuleOutputRoot {
    if ($env:ModuleOutputRoot) { $env:ModuleOutputRoot } else { Join-Path $root 'out' }
}

function Get-ModuleFolder {
    $manifest = Get-ChildItem -Path (Join-Path (Get-ModuleOutputRoot) 'BgpPeering') -Filter BgpPeering.psd1 -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -as [version] } |
        Sort-Object { [version]$_.Directory.Name } -Descending | Select-Object -First 1
    if (-not $manifest) { throw "No built module under $(Join-Path (Get-ModuleOutputRoot) 'BgpPeering'). Run ./build.ps1 -Task Build first." }
    $manifest.Directory.FullName
}

function Invoke-Build {
    Invoke-Dotnet publish (Join-Path $root 'src/BgpPeering') -c $Configuration -nologo
}

function Invoke-InFreshProcess {
    # Runs a script file in a new PowerShell process (the module is imported there, never into this session).
    param([string] $Script, [string[]] $Arguments = @())
    $powershell = Get-PowerShellCommand
    $prefix = $powershell.Prefix
    & $powershell.FilePath @prefix -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $Script @Arguments | Out-Host
    $LASTEXITCODE
}

function Get-PesterVersion {
    # The one place Pester's version is pinned: the PesterVersion property of tools/pester/Pester.Restore.csproj.
    $project = Join-Path $root 'tools/pester/Pester.Restore.csproj'
    $node = ([xml](Get-Content -Raw -LiteralPath $project)).SelectSingleNode('/Project/PropertyGroup/PesterVersion')
    if (-not $node -or -not $node.InnerText.Trim()) { throw "$project pins no PesterVersion." }
    $node.InnerText.Trim()
}

function Get-PesterModulePath {
    <#
        A folder for PSModulePath that holds the pinned Pester: restored from NuGet by dotnet
        (tools/pester/Pester.Restore.csproj) into artifacts/pester-packages, and laid out as
        artifacts/psmodules/Pester/<version>/ as PowerShell expects. Nothing is installed user-wide.
    #>
    param([Parameter(Mandatory)] [string] $PesterVersion)
    $modules = Join-Path $artifacts 'psmodules'
    $target = Join-Path $modules "Pester/$PesterVersion"
    if (-not (Test-Path -LiteralPath (Join-Path $target 'Pester.psd1'))) {
        Invoke-Dotnet restore (Join-Path $root 'tools/pester/Pester.Restore.csproj') -nologo
        $restored = Join-Path $artifacts "pester-packages/pester/$PesterVersion/tools"
        if (-not (Test-Path -LiteralPath (Join-Path $restored 'Pester.psd1'))) {
            throw "Pester $PesterVersion was restored, but its module is not at $restored."
        }
        $null = New-Item -ItemType Directory -Force -Path $target
        Copy-Item -Path (Join-Path $restored '*') -Destination $target -Recurse -Force
    }
    $modules
}

function Test-Windows { [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT }

function Get-ScratchUser {
    <#
        The environment of a PowerShell process that stands for a user with nothing installed, whose home is $Folder:
        on Linux and macOS, HOME and the XDG folders, under which PowerShell keeps the CurrentUser module folder and
        its caches and PSResourceGet its repository list. On Windows those folders come from the user's profile and
        cannot be moved for one process: nothing is set there (Install-ModulePackage keeps clear of them instead).
    #>
    param([Parameter(Mandatory)] [string] $Folder)
    if (Test-Windows) { return @{} }
    $user = @{
        HOME            = $Folder
        XDG_DATA_HOME   = Join-Path $Folder '.local/share'
        XDG_CONFIG_HOME = Join-Path $Folder '.config'
        XDG_CACHE_HOME  = Join-Path $Folder '.cache'
    }
    foreach ($directory in $user.Values) { $null = New-Item -ItemType Directory -Force -Path $directory }
    $user
}

function Invoke-WithEnvironment {
    # Runs $Script with the environment variables in $Environment set ($null removes one), then puts them back.
    param([Parameter(Mandatory)] [hashtable] $Environment, [Parameter(Mandatory)] [scriptblock] $Script)
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try { & $Script }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function Install-ModulePackage {
    <#
        Installs the BgpPeering package $Path as a user installs it, with PSResourceGet in a fresh process of this
        PowerShell, and returns the installed BgpPeering.psd1. The process registers a trusted repository on a
        folder that holds only that .nupkg, installs BgpPeering from it, and unregisters it. Nothing of the user's
        is touched: on Linux and macOS the process is the scratch user of Get-ScratchUser (home
        artifacts/package-test/home), so Install-PSResource -Scope CurrentUser and the repository list are that
        folder's. On Windows, whose CurrentUser scope is the user's Documents folder, Save-PSResource -IncludeXml
        writes the same files (PSGetModuleInfo.xml included) into artifacts/package-test/modules, and the
        repository registered for it is gone afterwards.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $scratch = Join-Path $artifacts 'package-test'
    if (Test-Path -LiteralPath $scratch) { Remove-Item -LiteralPath $scratch -Recurse -Force }
    $feed = Join-Path $scratch 'feed'
    $null = New-Item -ItemType Directory -Force -Path $feed
    Copy-Item -LiteralPath $Path -Destination $feed
    $user = Get-ScratchUser -Folder (Join-Path $scratch 'home')
    $manifestFile = Join-Path $scratch 'installed-manifest.txt'
    $arguments = @('-Feed', $feed, '-ManifestFile', $manifestFile)
    if (Test-Windows) { $arguments += @('-Destination', (Join-Path $scratch 'modules')) }
    $installer = Join-Path $scratch 'install-package.ps1'
    Set-Content -Path $installer -Encoding UTF8 -Value @'
param([string] $Feed, [string] $ManifestFile, [string] $Destination)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)) {
    throw 'Installing the package needs the Microsoft.PowerShell.PSResourceGet module: it comes with PowerShell 7.4 and later; on Windows PowerShell 5.1, run Install-Module Microsoft.PowerShell.PSResourceGet first.'
}
Import-Module Microsoft.PowerShell.PSResourceGet
$repository = 'BgpPeeringTest' + [guid]::NewGuid().ToString('N')
Register-PSResourceRepository -Name $repository -Uri $Feed -Trusted
try {
    if ($Destination) {
        Save-PSResource -Name BgpPeering -Repository $repository -Prerelease -Path $Destination -IncludeXml
        $installed = @(Get-InstalledPSResource -Name BgpPeering -Path $Destination)
        $how = "Save-PSResource -IncludeXml into $Destination"
    }
    else {
        Install-PSResource -Name BgpPeering -Repository $repository -Prerelease -Scope CurrentUser
        $installed = @(Get-InstalledPSResource -Name BgpPeering -Scope CurrentUser)
        $how = 'Install-PSResource -Scope CurrentUser'
    }
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
if ($installed.Count -ne 1) { throw "PSResourceGet reports $($installed.Count) installed BgpPeering packages, not 1." }
$manifest = Join-Path $installed[0].InstalledLocation "BgpPeering/$($installed[0].Version)/BgpPeering.psd1"
if (-not (Test-Path -LiteralPath $manifest)) { throw "PSResourceGet installed BgpPeering $($installed[0].Version), but $manifest does not exist." }
$psResourceGet = (Get-Module Microsoft.PowerShell.PSResourceGet).Version
Write-Host "Installed BgpPeering $($installed[0].Version) from $Feed with PSResourceGet $psResourceGet ($how): $manifest"
Set-Content -LiteralPath $ManifestFile -Value $manifest -Encoding UTF8
'@
    $exit = Invoke-WithEnvironment -Environment $user -Script { Invoke-InFreshProcess -Script $installer -Arguments $arguments }
    if ($exit -ne 0 -or -not (Test-Path -LiteralPath $manifestFile)) {
        throw "Installing $Path with PSResourceGet failed (exit code $exit)."
    }
    (Get-Content -LiteralPath $manifestFile -TotalCount 1).Trim()
}

function Get-EmulatorBuild {
    # The suite starts the built emulator; build it here, with the user's own NuGet cache, where it is missing.
    $dll = Join-Path $artifacts ('bin/BgpPeering.Emulator/' + $Configuration.ToLowerInvariant() + '/BgpPeering.Emulator.dll')
    if (-not (Test-Path -LiteralPath $dll)) { Invoke-Dotnet build (Join-Path $root 'src/BgpPeering.Emulator') -c $Configuration -nologo }
}

function Invoke-Pester5 {
    <#
        The Pester suite, in a fresh process of this PowerShell, against the package $PackagePath (installed by
        Install-ModulePackage) or, without one, against the module folder under out/. On Linux and macOS the
        process is a scratch user (Get-ScratchUser), whose CurrentUser module folder holds only what was installed
        from the package. PSModulePath then goes on with the pinned Pester and the folder the module under test is
        in, ahead of the inherited entries, so that Import-Module BgpPeering finds that module first. The suite
        imports it through $env:BGPPEERING_MODULE_PATH; $env:BGPPEERING_PACKAGE names the installed package.
    #>
    param([string] $PackagePath)
    $null = New-Item -ItemType Directory -Force -Path $results
    $resultPath = Join-Path $results 'pester.xml'
    Remove-Item -LiteralPath $resultPath -ErrorAction SilentlyContinue
    $pesterVersion = Get-PesterVersion
    $pester = Get-PesterModulePath -PesterVersion $pesterVersion
    Get-EmulatorBuild
    if ($PackagePath) {
        $manifest = Install-ModulePackage -Path $PackagePath
        $userHome = Join-Path $artifacts 'package-test/home'
    }
    else {
        $manifest = Join-Path (Get-ModuleFolder) 'BgpPeering.psd1'
        $userHome = Join-Path $artifacts 'pester-home'
        if (Test-Path -LiteralPath $userHome) { Remove-Item -LiteralPath $userHome -Recurse -Force }
    }
    # <modules>/BgpPeering/<version>/BgpPeering.psd1
    $moduleRoot = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $manifest))
    $environment = Get-ScratchUser -Folder $userHome
    $environment.PSModulePath = $pester + [IO.Path]::PathSeparator + $moduleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
    $environment.BGPPEERING_MODULE_PATH = $manifest
    $environment.BGPPEERING_PACKAGE = if ($PackagePath) { $PackagePath } else { $null }
    $environment.BGPPEERING_CONFIGURATION = $Configuration
    $runner = Join-Path $results 'run-pester.ps1'
    # The runner sets no preference of its own: the tests run under PowerShell's defaults, as a user's would.
    Set-Content -Path $runner -Encoding UTF8 -Value @"
param([string] `$TestsPath, [string] `$ResultPath)
Import-Module Pester -RequiredVersion $pesterVersion -ErrorAction Stop
`$config = New-PesterConfiguration
`$config.Run.Path = `$TestsPath
`$config.Run.Exit = `$true
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputFormat = 'NUnitXml'
`$config.TestResult.OutputPath = `$ResultPath
`$config.Output.Verbosity = 'Detailed'
Invoke-Pester -Configuration `$config
"@
    Write-Host "Pester $pesterVersion against $manifest" -ForegroundColor Cyan
    $exit = Invoke-WithEnvironment -Environment $environment -Script {
        Invoke-InFreshProcess -Script $runner -Arguments @('-TestsPath', (Join-Path $root 'tests'), '-ResultPath', $resultPath)
    }
    if (-not (Test-Path -LiteralPath $resultPath)) {
        throw "The Pester suite wrote no result file ($resultPath; exit code $exit): it did not run."
    }
    if ($exit -ne 0) { throw "The Pester suite failed (exit code $exit): see the failures above." }
}

function Install-SdkJs {
    # The official AWS SDK for JavaScript (tests/sdk-js, pinned by its package-lock.json) parses the emulator's answers
    # in the xunit suite; installed again only when the lock file changed, as tools/test.sh does. Without npm those
    # tests are skipped and say why; under CI=true they fail instead.
    $dir = Join-Path $root 'tests/sdk-js'
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        Write-Warning 'npm is not on PATH: the JavaScript SDK conformance tests will be skipped (under CI=true, they fail).'
        return
    }
    $stamp = Join-Path $dir 'node_modules/.package-lock.json'
    if ((Test-Path $stamp) -and (Get-Item -Force $stamp).LastWriteTimeUtc -ge (Get-Item -Force (Join-Path $dir 'package-lock.json')).LastWriteTimeUtc) { return }
    Push-Location $dir
    try {
        & npm ci --no-audit --no-fund --loglevel=error | Out-Null
        if ($LASTEXITCODE -ne 0) { Write-Warning "'npm ci' in tests/sdk-js failed: the JavaScript SDK conformance tests will be skipped (under CI=true, they fail)." }
    }
    finally { Pop-Location }
}

function Invoke-Test {
    Install-SdkJs
    Invoke-Dotnet build (Join-Path $root 'BgpPeering.sln') -c $Configuration -warnaserror -nologo
    # The package, made once; packing lays out out/ too, which the xunit suites read.
    $nupkg = Invoke-Package
    Invoke-Dotnet test (Join-Path $root 'BgpPeering.sln') -c $Configuration --no-build --logger 'trx;LogFilePrefix=xunit' --results-directory $results
    Invoke-Pester5 -PackagePath $nupkg
}

function Invoke-Docs {
    # The module folder first: the help goes into its en-US folder (dotnet publish already writes the builder's help).
    Invoke-Build
    $folder = Join-Path (Get-ModuleFolder) 'en-US'
    $docs = Join-Path $root 'docs/en-US'
    $platyPS = Get-Module -ListAvailable -Name platyPS | Sort-Object Version -Descending | Select-Object -First 1
    if ($platyPS) {
        Write-Host "PlatyPS $($platyPS.Version): New-ExternalHelp $docs -> $folder" -ForegroundColor Cyan
        Import-Module $platyPS
        $null = New-ExternalHelp -Path $docs -OutputPath $folder -Force
    }
    else {
        Write-Host 'PlatyPS is not installed; using tools/BgpPeering.HelpBuilder (Markdig).' -ForegroundColor Cyan
        Invoke-Dotnet run --project (Join-Path $root 'tools/BgpPeering.HelpBuilder') -c $Configuration '--' maml --docs $docs --out $folder
    }
    Get-ChildItem -Path $folder -Filter '*help*' | ForEach-Object { Write-Host "  $($_.Name)" }
}

function Invoke-Package {
    # Returns the one .nupkg this call wrote (the folder is emptied of older ones first).
    $folder = Join-Path $artifacts ('package/' + $Configuration.ToLowerInvariant())
    Get-ChildItem -Path $folder -Filter 'BgpPeering.*.nupkg' -ErrorAction SilentlyContinue | Remove-Item -Force
    Invoke-Dotnet pack (Join-Path $root 'tools/packaging/BgpPeering.Package.csproj') -c $Configuration -nologo
    $nupkg = @(Get-ChildItem -Path $folder -Filter 'BgpPeering.*.nupkg' -ErrorAction SilentlyContinue)
    if ($nupkg.Count -ne 1) { throw "dotnet pack wrote $($nupkg.Count) packages into $folder, not 1." }
    Write-Host "Package: $($nupkg[0].FullName)" -ForegroundColor Green
    $nupkg[0].FullName
}

function Resolve-Package {
    # -Package: one existing .nupkg (a wildcard such as artifacts/package/*.nupkg must match exactly one).
    param([Parameter(Mandatory)] [string] $Path)
    $found = @(Resolve-Path -Path $Path -ErrorAction SilentlyContinue | Where-Object { $_.ProviderPath -like '*.nupkg' })
    if ($found.Count -ne 1) { throw "-Package $Path matches $($found.Count) .nupkg files, not 1." }
    $found[0].ProviderPath
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Dotnet build (Join-Path $root 'src/BgpPeering.Emulator') -c $Configuration -nologo
    $env:BGPPEERING_MODULE_PATH = Join-Path (Get-ModuleFolder) 'BgpPeering.psd1'
    $env:BGPPEERING_CONFIGURATION = $Configuration
    $exit = Invoke-InFreshProcess -Script (Join-Path $root 'tools/demo.ps1')
    if ($exit -ne 0) { throw "The demo failed with exit code $exit." }
}

foreach ($t in $Task) {
    Write-Host "== $t" -ForegroundColor Green
    switch ($t) {
        'Build'   { Invoke-Build }
        'Test'    { Invoke-Test }
        'Pester'  { if ($Package) { Invoke-Pester5 -PackagePath (Resolve-Package -Path $Package) } else { Invoke-Pester5 } }
        'Docs'    { Invoke-Docs }
        'Package' { $null = Invoke-Package }
        'Demo'    { Invoke-Demo }
    }
}
