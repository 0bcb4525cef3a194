#Requires -Version 5.1
<#
    Shared helpers for the Pester suite (tests/*.Tests.ps1) and build.ps1 Demo. Dot-source it:

        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    The suite has one file per noun, as PSOpenAD and Yayaml do, and one for the module as a whole:
        RouteServerPeer.Tests.ps1      Get-, New-, Remove-RouteServerPeer
        RouteServerEndpoint.Tests.ps1  Get-RouteServerEndpoint
        DxBgpPeer.Tests.ps1            Get-, New-, Remove-DxBgpPeer
        DxBgpFailoverTest.Tests.ps1    Start-, Get-, Stop-DxBgpFailoverTest
        Wait-BgpPeerUp.Tests.ps1       Wait-BgpPeerUp
        BgpRoute.Tests.ps1             Get-BgpRoute
        BgpPeering.Module.Tests.ps1    import, manifest, help, formatting, -Region completion, and what holds for
                                       every cmdlet (the error model, the endpoint -Verbose names)
        BgpPeering.Installed.Tests.ps1 the module as a user installs it: found by name, the package's files, and a
                                       first session (a pipeline, help, a view, a per-item error)
    A test lives in the file of the cmdlet it exercises (one over several nouns alike, or over every cmdlet, in the
    module file). Each file starts with the same preamble, the functions
    Initialize-BgpPeeringTestFile and Stop-BgpPeeringTestFile below.

    Nothing here contacts AWS: the emulator listens on 127.0.0.1 and every call is pointed at it with
    -EndpointUrl and AWS's documented example keys (AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY).
#>


$script:BgpPeeringRepoRoot = Split-Path -Parent $PSScriptRoot
$script:ExampleAccessKey = 'AKIDEXAMPLE'
$script:ExampleSecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

function Import-BgpPeeringBuiltModule {
    <#
        Imports the module under test, named by $env:BGPPEERING_MODULE_PATH: build.ps1 -Task Pester sets it to the
        BgpPeering.psd1 it installed from the package (-Package), or to out/BgpPeering/<version>/BgpPeering.psd1.
        The module must not already be loaded from somewhere else: the suite is meant to run in a fresh process.
        With -ByName it is imported as a user imports it, Import-Module BgpPeering, and PowerShell's search of
        PSModulePath must find that same module first.
    #>
    param([switch] $ByName)
    $path = $env:BGPPEERING_MODULE_PATH
    if ([string]::IsNullOrEmpty($path) -or -not (Test-Path -LiteralPath $path)) {
        throw "Set `$env:BGPPEERING_MODULE_PATH to the built BgpPeering.psd1 (dotnet publish src/BgpPeering -c Release lays it out in out/BgpPeering/<version>/; build.ps1 -Task Pester sets it)."
    }
    $path = (Resolve-Path -LiteralPath $path).ProviderPath
    $loaded = Get-Module -Name BgpPeering
    if ($loaded -and $loaded.Path -ne (Join-Path (Split-Path -Parent $path) 'BgpPeering.dll') -and $loaded.Path -ne $path) {
        throw "BgpPeering is already loaded from $($loaded.Path); run the suite in a fresh process (build.ps1 -Task Pester does)."
    }
    if (-not $ByName) { return Import-Module -Name $path -Force -ErrorAction Stop -PassThru }
    $module = Import-Module -Name BgpPeering -Force -ErrorAction Stop -PassThru
    if ($module.ModuleBase -ne (Split-Path -Parent $path)) {
        throw "Import-Module BgpPeering found the module in $($module.ModuleBase), not the module under test in $(Split-Path -Parent $path): another copy comes first on PSModulePath ($env:PSModulePath)."
    }
    $module
}

function Get-BgpPeeringEmulatorCommand {
    <# The command line that runs the built emulator: dotnet <BgpPeering.Emulator.dll>, built first if needed. #>
    $configuration = if ($env:BGPPEERING_CONFIGURATION) { $env:BGPPEERING_CONFIGURATION } else { 'Release' }
    $artifacts = if ($env:ArtifactsPath) { $env:ArtifactsPath } else { Join-Path $script:BgpPeeringRepoRoot 'artifacts' }
    $dll = Join-Path $artifacts ('bin/BgpPeering.Emulator/' + $configuration.ToLowerInvariant() + '/BgpPeering.Emulator.dll')
    if (-not (Test-Path -LiteralPath $dll)) {
        & dotnet build (Join-Path $script:BgpPeeringRepoRoot 'src/BgpPeering.Emulator') -c $configuration -nologo -v q | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Building the emulator failed with exit code $LASTEXITCODE." }
    }
    if (-not (Test-Path -LiteralPath $dll)) { throw "The emulator was not found at $dll after building it." }
    $dll
}

function Start-BgpPeeringEmulator {
    <#
        Starts the emulator on a free port (--port 0) and returns an object with its Url, Process and the
        connection parameters to splat (Connection). The emulator prints
        "BgpPeering emulator <version> listening on http://127.0.0.1:<port>" once it listens.
    #>
    param(
        # Divides every simulated delay: 100 brings a new peer up in well under a second.
        [double] $Speed = 100,
        # Extra emulator options, such as '--deny', 'AKIDEXAMPLE:CreateRouteServerPeer'.
        [string[]] $ArgumentList = @(),
        [TimeSpan] $StartTimeout = [TimeSpan]::FromMinutes(2)
    )
    $dll = Get-BgpPeeringEmulatorCommand
    $arguments = @('"' + $dll + '"', '--port', '0', '--speed', $Speed.ToString([Globalization.CultureInfo]::InvariantCulture)) + $ArgumentList
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = $arguments -join ' '
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.WorkingDirectory = $script:BgpPeeringRepoRoot
    $process = [System.Diagnostics.Process]::Start($startInfo)

    # Read the banner on a background task, so that a silent emulator cannot hang the caller.
    $url = $null
    $deadline = [DateTime]::UtcNow + $StartTimeout
    $read = $process.StandardOutput.ReadLineAsync()
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        if (-not $read.Wait(500)) {
            if ($process.HasExited) { break }
            continue
        }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match 'listening on (http://127\.0\.0\.1:\d+)') { $url = $Matches[1] }
        else { $read = $process.StandardOutput.ReadLineAsync() }
    }
    if (-not $url) {
        $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { 'no banner within ' + $StartTimeout }
        if (-not $process.HasExited) { $process.Kill() }
        throw "The emulator did not start: $err"
    }
    # Keep draining its output so that it never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()

    [pscustomobject]@{
        PSTypeName = 'BgpPeering.Tests.Emulator'
        Url        = $url
        Process    = $process
        Connection = @{ EndpointUrl = $url; Region = 'us-east-1'; AccessKey = $script:ExampleAccessKey; SecretKey = $script:ExampleSecretKey }
    }
}

function Stop-BgpPeeringEmulator {
    param([Parameter(Mandatory)] $Emulator)
    $process = $Emulator.Process
    if ($process -and -not $process.HasExited) {
        $process.Kill()
        $null = $process.WaitForExit(10000)
    }
}

function Reset-BgpPeeringEmulator {
    <# Back to the built-in demo topology; clears the request log, faults and temporary credentials. #>
    param([Parameter(Mandatory)] [string] $Url)
    $null = Invoke-RestMethod -Method Post -Uri "$Url/_emulator/reset"
}

function Get-BgpPeeringEmulatorRequest {
    <# The emulator's request log: service, action, status, errorCode, ... one entry per API request. #>
    param([Parameter(Mandatory)] [string] $Url)
    # Invoke-RestMethod writes a JSON array as ONE object; enumerate it, so that @(...) has one element per request
    # (and none for an empty log) rather than one element holding the whole array.
    @(Invoke-RestMethod -Method Get -Uri "$Url/_emulator/requests" | ForEach-Object { $_ })
}

function Clear-BgpPeeringEmulatorRequest {
    param([Parameter(Mandatory)] [string] $Url)
    $null = Invoke-RestMethod -Method Delete -Uri "$Url/_emulator/requests"
}

function Set-BgpPeeringEmulatorPeer {
    <# Sets a peer's simulated state: state, bgpStatus, bfdStatus, bgpBehaviour (up, never, flap), failureReason. #>
    param(
        [Parameter(Mandatory)] [string] $Url,
        [Parameter(Mandatory)] [string] $PeerId,
        [hashtable] $Change = @{}
    )
    $body = $Change | ConvertTo-Json -Compress
    Invoke-RestMethod -Method Post -Uri "$Url/_emulator/peers/$PeerId/status" -Body $body -ContentType 'application/json'
}

function Set-BgpPeeringEmulatorRoute {
    <#
        Replaces what a peer (rsp- or dxpeer-) advertises while its BGP session is up: each route a hashtable such as
        @{ prefix = '10.60.0.0/16'; asPath = @(65001); med = 10 } (Direct Connect: no med, and asPath may hold an
        array, an AS_SET; communities = @('65000:100')). No route withdraws every route. Returns what the emulator
        holds now (peerId, bgpStatus, advertising, routes).
    #>
    param(
        [Parameter(Mandatory)] [string] $Url,
        [Parameter(Mandatory)] [string] $PeerId,
        [AllowEmptyCollection()] [hashtable[]] $Route = @()
    )
    $body = ConvertTo-Json -InputObject @{ routes = @($Route) } -Depth 6 -Compress
    Invoke-RestMethod -Method Post -Uri "$Url/_emulator/peers/$PeerId/routes" -Body $body -ContentType 'application/json'
}

function Add-BgpPeeringEmulatorFault {
    <#
        Injects a fault: Kind throttling, internalError, latency or reset, for an Action (or every action), Count
        times, or each matching request with a Probability (then without a limit unless Count is given). Phase
        'after' runs the action first (the change is made) and then loses the answer.
    #>
    param(
        [Parameter(Mandatory)] [string] $Url,
        [ValidateSet('throttling', 'internalError', 'latency', 'reset')] [string] $Kind = 'throttling',
        [string] $Action,
        [int] $Count = 1,
        [ValidateSet('before', 'after')] [string] $Phase = 'before',
        [ValidateRange(0.0, 1.0)] [double] $Probability = 0,
        [double] $LatencyMs = 0,
        [int] $Seed = 0
    )
    $fault = @{ kind = $Kind; phase = $Phase }
    if ($Probability -gt 0) {
        $fault.probability = $Probability
        if ($PSBoundParameters.ContainsKey('Count')) { $fault.count = $Count }
    }
    else { $fault.count = $Count }
    if ($LatencyMs -gt 0) { $fault.latencyMs = $LatencyMs }
    if ($Seed -ne 0) { $fault.seed = $Seed }
    if ($Action) { $fault.action = $Action }
    $null = Invoke-RestMethod -Method Post -Uri "$Url/_emulator/faults" -Body ($fault | ConvertTo-Json -Compress) -ContentType 'application/json'
}

function Start-BgpPeeringEmulatorLater {
    <#
        Starts an emulator on a given port after a delay, on a background runspace, so that a test can take the
        endpoint away (Stop-BgpPeeringEmulator) while a pipeline runs and have it come back. Returns a handle for
        Wait-BgpPeeringEmulatorLater, which gives the emulator object (Url, Process) for Stop-BgpPeeringEmulator.
    #>
    param(
        [Parameter(Mandatory)] [int] $Port,
        [Parameter(Mandatory)] [TimeSpan] $After,
        [double] $Speed = 100
    )
    $dll = Get-BgpPeeringEmulatorCommand
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
            param($Dll, $Port, $After, $Speed, $Root)
            Start-Sleep -Milliseconds ([int]$After.TotalMilliseconds)
            $startInfo = New-Object System.Diagnostics.ProcessStartInfo
            $startInfo.FileName = 'dotnet'
            $startInfo.Arguments = '"' + $Dll + '" --port ' + $Port + ' --speed ' + $Speed.ToString([Globalization.CultureInfo]::InvariantCulture)
            $startInfo.UseShellExecute = $false
            $startInfo.RedirectStandardOutput = $true
            $startInfo.RedirectStandardError = $true
            $startInfo.WorkingDirectory = $Root
            $process = [System.Diagnostics.Process]::Start($startInfo)
            $null = $process.StandardOutput.ReadToEndAsync()
            $null = $process.StandardError.ReadToEndAsync()
            $process
        }).AddArgument($dll).AddArgument($Port).AddArgument($After).AddArgument($Speed).AddArgument($script:BgpPeeringRepoRoot)
    [pscustomobject]@{ PowerShell = $ps; Result = $ps.BeginInvoke(); Url = "http://127.0.0.1:$Port" }
}

function Wait-BgpPeeringEmulatorLater {
    <# Waits for Start-BgpPeeringEmulatorLater's emulator process to have started; returns an emulator object. #>
    param([Parameter(Mandatory)] $Handle)
    $process = @($Handle.PowerShell.EndInvoke($Handle.Result))[0]
    $Handle.PowerShell.Dispose()
    [pscustomobject]@{ PSTypeName = 'BgpPeering.Tests.Emulator'; Url = $Handle.Url; Process = $process }
}

# ---- The preamble of every Pester file, and the helpers its tests share --------------------------------------------
# Each tests/*.Tests.ps1 file dot-sources this file and calls Initialize-BgpPeeringTestFile in its top-level BeforeAll,
# and Stop-BgpPeeringTestFile in its AfterAll. The functions below read the variables it sets ($script:Url, ...): a
# function's script: scope is the scope of the file that dot-sourced it.

function Initialize-BgpPeeringTestFile {
    <#
        Imports the module under test (by name with -ByName; see Import-BgpPeeringBuiltModule) and starts one
        emulator for the calling test file (on a free port, -Speed 100), then sets the variables its tests use, in
        the test file's script scope:
          $script:Module    the imported module
          $script:Emulator  the emulator (Url, Process, Connection); Stop-BgpPeeringTestFile stops the one held here
          $script:Url       its URL
          $script:Conn      the parameters to splat on every call: EndpointUrl, Region and AWS's example keys
          $script:Keys      only the keys, so that Region and EndpointUrl come from piped objects
          $script:DeadUrl   an endpoint that refuses connections: a port that was free a moment ago
    #>
    param([switch] $ByName)
    $script:Module = Import-BgpPeeringBuiltModule -ByName:$ByName
    $script:Emulator = Start-BgpPeeringEmulator -Speed 100
    $script:Url = $script:Emulator.Url
    $script:Conn = $script:Emulator.Connection
    $script:Keys = @{ AccessKey = $script:Conn.AccessKey; SecretKey = $script:Conn.SecretKey }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:DeadUrl = 'http://127.0.0.1:' + $listener.LocalEndpoint.Port
    $listener.Stop()
}

function Stop-BgpPeeringTestFile {
    <# Stops the emulator Initialize-BgpPeeringTestFile started (or the one a test put in its place). #>
    if ($script:Emulator) { Stop-BgpPeeringEmulator -Emulator $script:Emulator }
}

function Assert-RefusedLocally {
    <# A rule broken before any request: the call throws -ErrorId, and the emulator logged no request at all. #>
    param([string] $Command, [hashtable] $Params, [string] $ErrorId)
    Clear-BgpPeeringEmulatorRequest -Url $script:Url

    { & $Command @Params @script:Conn -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId

    @(Get-Sent) | Should -HaveCount 0
}

function Assert-RefusedOnCommandLine {
    <# Bad input on the command line: the module's error ID for the command, a message naming the parameter and saying why, and nothing sent. #>
    param([string] $Command, [hashtable] $Params, [string] $ErrorId, [string] $Parameter, [string] $Says)
    $thrown = { & $Command @Params @script:Conn -ErrorAction Stop } |
        Should -Throw -ErrorId "$ErrorId,BgpPeering.Commands.$($Command -replace '-', '')Command" -PassThru
    $thrown.Exception.Message | Should -Match ([regex]::Escape($Parameter))
    $thrown.Exception.Message | Should -Match ([regex]::Escape($Says))
    Get-SentAction | Should -BeNullOrEmpty
}

function Get-Sent {
    <#
        The requests the emulator has logged (the admin API is not logged), in order, each an object (action,
        status, errorCode, ...); with -Action, only that action's.
    #>
    param([string] $Action)
    @(Get-BgpPeeringEmulatorRequest -Url $script:Url | Where-Object { -not $Action -or $_.action -eq $Action })
}

function Get-SentAction {
    <# The names of the actions the emulator has logged, in order. #>
    @(Get-Sent | ForEach-Object { $_.action })
}

function Invoke-Split {
    <# Runs a pipeline and splits what it wrote into objects and error records (binding errors included, read from 2>&1). #>
    param([scriptblock] $Pipeline)
    $all = @(& $Pipeline 2>&1)
    [pscustomobject]@{
        Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }
}

function Invoke-Captured {
    <# Runs a call and returns what it wrote to the error stream and whether it terminated. #>
    param([string] $Command, [hashtable] $Params, [hashtable] $Connection)
    $errors = $null
    $terminating = $null
    try {
        $output = & $Command @Params @Connection -ErrorVariable errors -ErrorAction SilentlyContinue
    }
    catch {
        $terminating = $_
    }
    [pscustomobject]@{ Output = @($output); Errors = @($errors); Terminating = $terminating }
}

function New-Row {
    <#
        A pipeline row of the given shape (pscustomobject, Import-Csv, ConvertFrom-Json, Select-Object) with the ID
        columns in $Values plus the Region and EndpointUrl columns every output object carries.
    #>
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

function Complete {
    <# What tab completion offers at the end of a command line. #>
    param([string] $Line)
    @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
}

function New-PeerCsv {
    <# A CSV of $Count rows on the demo endpoint rse-0123456789abcdef0 (subnet 10.0.1.0/24), addresses 10.0.1.100 up. #>
    param([int] $Count, [string] $Path)
    @(0..($Count - 1) | ForEach-Object {
            [pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.' + (100 + $_); PeerAsn = [string](65100 + $_) }
        }) | Export-Csv -Path $Path -NoTypeInformation
    $Path
}

function Get-CsvPeer {
    <# The peers New-PeerCsv's rows made (their addresses are 10.0.1.100 and up), as the emulator holds them. #>
    @(Get-RouteServerPeer @script:Conn | Where-Object { $_.PeerAddress -like '10.0.1.1??' })
}
