# One benchmark scenario in this (fresh) pwsh process, for one side; prints one JSON line. bench/run.sh runs it.
#   -Side BgpPeering   the module as laid out (Import-Module out/BgpPeering/<version>/BgpPeering.psd1)
#   -Side AwsTools     the AWS.Tools-style baseline (AwsToolsStyle.ps1: AWSSDK.EC2, a new client per call)
#   -Side Floor        what neither can go under: percall, one reused AmazonEC2Client called from a script function;
#                      stream, -Listed ready-made peer objects (the module's own type) through the same Where-Object
# Scenarios:
#   stream    every peer, 1000 a page, through  | Where-Object <BGP down>  : first object, total, peak RSS, allocations
#   coldstart this process's start to its first answer: the import (or Add-Type) plus one single-peer get
#   percall   -Count single-peer gets in a loop, after one warm-up call; each side in its own fresh process, the
#             same loop (a script function around the call) for all three
#   wait      -IdFile peers: ours through Wait-BgpPeerUp; the baseline polls each pending peer every -PollSeconds
#   drill     -Count failover drills (ours only: AWS.Tools has no Direct Connect here): a one-minute test of one
#             session, Wait-BgpPeerUp until it is back, then the whole history read once; the emulator runs the demo
#             topology at --speed 100, so each test lasts 0.6 s
param(
    [Parameter(Mandatory)][ValidateSet('stream', 'coldstart', 'percall', 'wait', 'drill')][string] $Scenario,
    [Parameter(Mandatory)][ValidateSet('BgpPeering', 'AwsTools', 'Floor')][string] $Side,
    [Parameter(Mandatory)][string] $Url,
    [string] $Module,
    [string] $SdkDirectory,
    [string] $PeerId,
    [string] $IdFile,
    [int] $Count = 200,
    [int] $Listed,
    [double] $PollSeconds = 5,
    [double] $TimeoutSeconds = 180,
    # A name for this build of a side in the results (the cold start runs the module with and without its ReadyToRun images).
    [string] $Variant
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$conn = @{ Region = 'us-east-1'; AccessKey = 'AKIDEXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'; EndpointUrl = $Url }

function Get-Rss([string] $Field) {
    $line = Get-Content /proc/self/status | Where-Object { $_ -like "${Field}:*" }
    [math]::Round([double]($line -split '\s+')[1] / 1024, 1)
}
function Out-Result([hashtable] $Result) {
    $Result.scenario = "pwsh-$Scenario"; $Result.side = $Side
    if ($Variant) { $Result.variant = $Variant }
    [pscustomobject]$Result | ConvertTo-Json -Compress -Depth 4
}
function Import-Side {
    if ($Side -eq 'BgpPeering' -or ($Side -eq 'Floor' -and $Scenario -eq 'stream')) { Import-Module $Module }
    else { . (Join-Path $PSScriptRoot 'AwsToolsStyle.ps1') -SdkDirectory $SdkDirectory }
    if ($Side -eq 'Floor' -and $Scenario -eq 'percall') { $script:floorClient = New-BaselineEC2Client @conn }
}
# One single-peer get on each side; the floor is the same request on one reused client, no cmdlet around it.
function Get-OnePeer([string] $Id) {
    if ($Side -eq 'BgpPeering' -or ($Side -eq 'Floor' -and $Scenario -eq 'stream')) { Get-RouteServerPeer -RouteServerPeerId $Id @conn }
    elseif ($Side -eq 'AwsTools') { Get-EC2RouteServerPeer -RouteServerPeerId $Id @conn }
    else {
        $request = [Amazon.EC2.Model.DescribeRouteServerPeersRequest]::new()
        $request.RouteServerPeerIds = [System.Collections.Generic.List[string]]::new([string[]]@($Id))
        $script:floorClient.DescribeRouteServerPeersAsync($request).GetAwaiter().GetResult().RouteServerPeers
    }
}

switch ($Scenario) {
    'coldstart' {
        $started = [System.Diagnostics.Process]::GetCurrentProcess().StartTime.ToUniversalTime()
        # Methods the JIT compiled, and its time, in this process (all threads): what ReadyToRun images save.
        $jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $jitTime = [System.Runtime.JitInfo]::GetCompilationTime($false)
        $import = Measure-Command { . Import-Side }
        $peer = $null
        $first = Measure-Command { $peer = Get-OnePeer $PeerId }
        $sinceStart = ([datetime]::UtcNow - $started).TotalMilliseconds
        $jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $jitMethods
        $jitTime = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jitTime).TotalMilliseconds
        if ($peer.RouteServerPeerId -ne $PeerId) { throw "The first answer was not peer $PeerId." }
        Out-Result @{ importMs = [math]::Round($import.TotalMilliseconds, 1); firstCallMs = [math]::Round($first.TotalMilliseconds, 1); processStartToAnswerMs = [math]::Round($sinceStart, 1)
            jitMethods = $jitMethods; jitMs = [math]::Round($jitTime, 1) }
    }
    'stream' {
        . Import-Side
        $null = Get-OnePeer $PeerId   # warm up: the first-object time measures the listing, not the first request's JIT
        if ($Side -eq 'Floor') {
            # The pipeline floor: the same peer objects, read beforehand (not timed), then piped from memory through the
            # same Where-Object and ForEach-Object: what PowerShell itself costs per object, with no listing at all.
            $readyMade = @(Get-RouteServerPeer @conn)
        }
        [GC]::Collect()
        $rssBefore = Get-Rss 'VmRSS'
        $allocated = [GC]::GetTotalAllocatedBytes($true)
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        # Live heap: a full collection every 2,000 matches (both sides alike), the largest result kept.
        $state = @{ first = -1.0; n = 0; live = 0L }
        if ($Side -eq 'Floor') {
            $readyMade | Where-Object BgpStatus -eq Down | ForEach-Object { if ($state.n++ -eq 0) { $state.first = $watch.Elapsed.TotalMilliseconds } elseif ($state.n % 2000 -eq 0) { $state.live = [math]::Max($state.live, [GC]::GetTotalMemory($true)) } }
        }
        elseif ($Side -eq 'BgpPeering') {
            Get-RouteServerPeer @conn | Where-Object BgpStatus -eq Down | ForEach-Object { if ($state.n++ -eq 0) { $state.first = $watch.Elapsed.TotalMilliseconds } elseif ($state.n % 2000 -eq 0) { $state.live = [math]::Max($state.live, [GC]::GetTotalMemory($true)) } }
        }
        else {
            Get-EC2RouteServerPeer @conn | Where-Object { $_.BgpStatus.Status -eq 'down' } | ForEach-Object { if ($state.n++ -eq 0) { $state.first = $watch.Elapsed.TotalMilliseconds } elseif ($state.n % 2000 -eq 0) { $state.live = [math]::Max($state.live, [GC]::GetTotalMemory($true)) } }
        }
        $total = $watch.Elapsed.TotalMilliseconds
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
        $peak = Get-Rss 'VmHWM'
        Out-Result @{ listed = $Listed; matched = $state.n; firstObjectMs = [math]::Round($state.first, 1); totalMs = [math]::Round($total, 1); peakRssMb = $peak; rssBeforeMb = $rssBefore; rssGrowthMb = [math]::Round($peak - $rssBefore, 1); peakLiveMb = [math]::Round($state.live / 1MB, 1); allocatedMb = [math]::Round($allocated / 1MB, 1) }
    }
    'percall' {
        . Import-Side
        $ids = @(Get-Content $IdFile)
        $null = Get-OnePeer $ids[0]
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $cpu = $process.TotalProcessorTime
        $allocated = [GC]::GetTotalAllocatedBytes($true)
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Count; $i++) { $null = Get-OnePeer $ids[$i % $ids.Count] }
        $perCall = $watch.Elapsed.TotalMilliseconds / $Count
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
        $process.Refresh()
        # CPU time of this process per call (all its threads): what the call costs the machine, less sensitive to
        # other load than the wall clock. The emulator runs in another process.
        $cpuPerCall = ($process.TotalProcessorTime - $cpu).TotalMilliseconds / $Count
        Out-Result @{ calls = $Count; msPerCall = [math]::Round($perCall, 3); cpuMsPerCall = [math]::Round($cpuPerCall, 3); allocatedBytesPerCall = [math]::Round($allocated / $Count) }
    }
    'drill' {
        . Import-Side
        $vif = 'dxvif-ffabc123'; $peerId = 'dxpeer-fgq9j6xo'
        $null = Get-DxBgpFailoverTest @conn   # warm up
        $starts = [System.Collections.Generic.List[double]]::new(); $backs = [System.Collections.Generic.List[double]]::new()
        $before = @(Invoke-RestMethod "$Url/_emulator/requests" | ForEach-Object { $_ }).Count
        for ($i = 0; $i -lt $Count; $i++) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $test = Start-DxBgpFailoverTest -VirtualInterfaceId $vif -BgpPeerId $peerId -Duration 00:01:00 -Force @conn
            $starts.Add($watch.Elapsed.TotalMilliseconds)
            $up = $test | Get-DxBgpPeer @conn | Wait-BgpPeerUp -PollInterval 00:00:01 -Timeout 00:01:00 @conn
            if ($up.BgpStatus -ne 'Up') { throw "Drill $i did not end with the session up." }
            $backs.Add($watch.Elapsed.TotalMilliseconds)
        }
        $calls = @(Invoke-RestMethod "$Url/_emulator/requests" | ForEach-Object { $_ }).Count - $before
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $history = @(Get-DxBgpFailoverTest @conn)
        $read = $watch.Elapsed.TotalMilliseconds
        $sorted = { param($xs) @($xs | Sort-Object)[[int][math]::Floor(($xs.Count - 1) / 2)] }
        Out-Result @{ drills = $Count; startMedianMs = [math]::Round((& $sorted $starts), 1); sessionBackMedianMs = [math]::Round((& $sorted $backs), 1); callsPerDrill = [math]::Round($calls / $Count, 1); historyTests = $history.Count; historyReadMs = [math]::Round($read, 1) }
    }
    'wait' {
        . Import-Side
        $ids = @(Get-Content $IdFile)
        $seen = [System.Collections.Generic.Dictionary[string, long]]::new()
        $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
        if ($Side -eq 'BgpPeering') {
            Wait-BgpPeerUp -RouteServerPeerId $ids -PollInterval ([timespan]::FromSeconds($PollSeconds)) -Timeout ([timespan]::FromSeconds($TimeoutSeconds)) @conn |
                ForEach-Object { $seen[$_.RouteServerPeerId] = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() }
        }
        else {
            # What a script does without a waiter: every interval, one Get per pending peer.
            $pending = [System.Collections.Generic.List[string]]::new([string[]]$ids)
            while ($pending.Count -gt 0 -and [datetime]::UtcNow -lt $deadline) {
                foreach ($id in @($pending)) {
                    $p = Get-EC2RouteServerPeer -RouteServerPeerId $id @conn
                    if ($p.State.Value -eq 'available' -and $p.BgpStatus.Status.Value -eq 'up') {
                        $seen[$id] = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); $null = $pending.Remove($id)
                    }
                }
                if ($pending.Count -gt 0) { Start-Sleep -Milliseconds ([int]($PollSeconds * 1000)) }
            }
        }
        Out-Result @{ seen = $seen }
    }
}
