#Requires -Version 5.1
<#
.SYNOPSIS
    Thin task runner over dotnet for BgpPeering.
.DESCRIPTION
    Every task is a call to the same dotnet commands that CI runs, so the module can be built and tested on a
    machine without PowerShell (see tools/test.sh), and with it.
      Build    dotnet publish src/BgpPeering: lays out out/BgpPeering/<version>/ (help from docs/en-US included)
      Test     npm ci in tests/sdk-js (where npm is), dotnet build + dotnet test, then the Pester suite
               (tests/*.Tests.ps1) through a PesterConfiguration
      Pester   the Pester suite alone, in a fresh PowerShell process, against the built module
      Docs     docs/en-US to MAML and about_ help in the module folder: PlatyPS's New-ExternalHelp where platyPS
               is installed, else the project's Markdig-based builder (tools/BgpPeering.HelpBuilder)
      Package  dotnet pack tools/packaging: the .nupkg that Publish-Module would publish
      Demo     start the emulator, import the module, create peers, wait them up, show them, stop the emulator
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Docs', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$results = Join-Path $root 'artifacts/test-results'
# The pinned Pester, restored from NuGet into the build's own folder (tools/pester), never user-wide.
$pesterVersion = '5.7.1'

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

function Get-PesterModulePath {
    <#
        A folder for PSModulePath that holds Pester $pesterVersion: restored from NuGet by dotnet
        (tools/pester/Pester.Restore.csproj) into artifacts/pester-packages, and laid out as
        artifacts/psmodules/Pester/<version>/ as PowerShell expects. Nothing is installed user-wide.
    #>
    $artifacts = if ($env:ArtifactsPath) { $env:ArtifactsPath } else { Join-Path $root 'artifacts' }
    $modules = Join-Path $artifacts 'psmodules'
    $target = Join-Path $modules "Pester/$pesterVersion"
    if (-not (Test-Path -LiteralPath (Join-Path $target 'Pester.psd1'))) {
        Invoke-Dotnet restore (Join-Path $root 'tools/pester/Pester.Restore.csproj') "-p:PesterVersion=$pesterVersion" -nologo
        $package = Join-Path $artifacts "pester-packages/pester/$pesterVersion/tools"
        if (-not (Test-Path -LiteralPath (Join-Path $package 'Pester.psd1'))) {
            throw "Pester $pesterVersion was restored, but its module is not at $package."
        }
        $null = New-Item -ItemType Directory -Force -Path $target
        Copy-Item -Path (Join-Path $package '*') -Destination $target -Recurse -Force
    }
    $modules
}

function Invoke-Pester5 {
    $null = New-Item -ItemType Directory -Force -Path $results
    $resultPath = Join-Path $results 'pester.xml'
    Remove-Item -LiteralPath $resultPath -ErrorAction SilentlyContinue
    # Pester from NuGet, first on PSModulePath for the child process only.
    $env:PSModulePath = (Get-PesterModulePath) + [IO.Path]::PathSeparator + $env:PSModulePath
    # The suite imports the built module in a fresh process; it finds it through this variable, and the
    # emulator's build output through the configuration.
    $env:BGPPEERING_MODULE_PATH = Join-Path (Get-ModuleFolder) 'BgpPeering.psd1'
    $env:BGPPEERING_CONFIGURATION = $Configuration
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
    $exit = Invoke-InFreshProcess -Script $runner -Arguments @('-TestsPath', (Join-Path $root 'tests'), '-ResultPath', $resultPath)
    if (-not (Test-Path -LiteralPath $resultPath)) {
        throw "The Pester suite wrote no result file ($resultPath; exit code $exit): it did not run."
    }
    if ($exit -ne 0) { throw "The Pester suite failed (exit code $exit; $exit failed test(s) when Pester ran to the end)." }
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
    Invoke-Dotnet publish (Join-Path $root 'src/BgpPeering') -c $Configuration --no-build -nologo
    Invoke-Dotnet test (Join-Path $root 'BgpPeering.sln') -c $Configuration --no-build --logger 'trx;LogFilePrefix=xunit' --results-directory $results
    Invoke-Pester5
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
    Invoke-Dotnet pack (Join-Path $root 'tools/packaging/BgpPeering.Package.csproj') -c $Configuration -nologo
    $artifacts = if ($env:ArtifactsPath) { $env:ArtifactsPath } else { Join-Path $root 'artifacts' }
    Get-ChildItem -Path (Join-Path $artifacts ('package/' + $Configuration.ToLowerInvariant())) -Filter 'BgpPeering.*.nupkg' -ErrorAction SilentlyContinue |
        ForEach-Object { Write-Host "Package: $($_.FullName)" -ForegroundColor Green }
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
        'Pester'  { Invoke-Pester5 }
        'Docs'    { Invoke-Docs }
        'Package' { Invoke-Package }
        'Demo'    { Invoke-Demo }
    }
}
