#Requires -Version 5.1
<#
.SYNOPSIS
    Thin task runner over dotnet for BgpPeering.
.DESCRIPTION
    Every task is a call to the same dotnet commands that CI runs, so the module can be built and tested on a
    machine without PowerShell (see tools/test.sh), and with it.
      Build    dotnet publish src/BgpPeering: lays out out/BgpPeering/<version>/
      Test     dotnet test, then the Pester suite (tests/*.Tests.ps1) through a PesterConfiguration
      Pester   the Pester suite alone, against the built module
      Docs     markdown in docs/en-US to MAML (PlatyPS where installed)
      Package  the .nupkg that Publish-Module would publish
      Demo     start the emulator, import the module, create peers, wait them up, show them
.EXAMPLE
    ./build.ps1 -Task Build, Test
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

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Get-ModuleFolder {
    $manifest = Get-ChildItem -Path (Join-Path $root 'out/BgpPeering') -Filter BgpPeering.psd1 -Recurse -ErrorAction SilentlyContinue |
        Sort-Object { [version]$_.Directory.Name } -Descending | Select-Object -First 1
    if (-not $manifest) { throw "No built module under out/BgpPeering. Run ./build.ps1 -Task Build first." }
    $manifest.Directory.FullName
}

function Invoke-Build {
    Invoke-Dotnet publish (Join-Path $root 'src/BgpPeering') -c $Configuration -nologo
}

function Invoke-Pester5 {
    if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.3'))) {
        throw 'The Pester suite needs Pester 5.3 or later: Install-Module Pester -MinimumVersion 5.3 -Scope CurrentUser'
    }
    Import-Module Pester -MinimumVersion 5.3
    $null = New-Item -ItemType Directory -Force -Path $results
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $results 'pester.xml'
    $config.Output.Verbosity = 'Detailed'
    # The suite imports the built module in a fresh process; it finds it through this variable.
    $env:BGPPEERING_MODULE_PATH = Join-Path (Get-ModuleFolder) 'BgpPeering.psd1'
    $run = Invoke-Pester -Configuration $config
    if ($run.FailedCount -gt 0) { throw "$($run.FailedCount) Pester test(s) failed." }
}

function Invoke-Test {
    Invoke-Dotnet build (Join-Path $root 'BgpPeering.sln') -c $Configuration -warnaserror -nologo
    Invoke-Build
    Invoke-Dotnet test (Join-Path $root 'BgpPeering.sln') -c $Configuration --no-build --logger 'trx;LogFilePrefix=xunit' --results-directory $results
    Invoke-Pester5
}

function Invoke-Docs {
    throw 'The Docs task arrives with the help builder (docs/en-US to MAML); it is not implemented yet.'
}

function Invoke-Package {
    throw 'The Package task arrives with the Gallery packaging; it is not implemented yet.'
}

function Invoke-Demo {
    & bash (Join-Path $root 'tools/demo.sh')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
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
