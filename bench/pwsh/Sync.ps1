# The sync benchmark, in one fresh pwsh: -Rows rows over -Endpoints Route Server endpoints (an emulator of its own,
# seeded with those endpoints and no peers), converged twice by each side; prints one JSON line per side.
#   Sync-RouteServerPeer   Import-Csv rows.csv | Sync-RouteServerPeer
#   per-row script         foreach row: Get-RouteServerPeer -RouteServerEndpointId … -Filter @{ 'peer-address' = … },
#                          and New-RouteServerPeer when it finds none: what a user writes today to make a CSV re-runnable
# The first run creates every peer; the second finds them all. Each run is timed with a Stopwatch, and its API calls
# are the emulator's request log. bench/run.sh runs it; by hand:
#   dotnet pwsh -NoProfile -File bench/pwsh/Sync.ps1 -Module out/BgpPeering/0.1.0/BgpPeering.psd1 -Rows 1000 -Endpoints 10
param(
    [Parameter(Mandatory)][string] $Module,
    [int] $Rows = 1000,
    [int] $Endpoints = 10
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$Module = (Resolve-Path -LiteralPath $Module).Path
if ($Endpoints -lt 1 -or [math]::Ceiling($Rows / $Endpoints) -gt 240) { throw 'Each endpoint takes at most 240 rows here (one /24 each).' }
. (Join-Path $PSScriptRoot '../../tests/TestHelpers.ps1')
Import-Module $Module

$work = Join-Path ([IO.Path]::GetTempPath()) ('bgppeering-sync-bench-' + [Guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$seed = Join-Path $work 'seed.json'
$csv = Join-Path $work 'rows.csv'

# A VPC with one route server and -Endpoints endpoints, each in a /24 of its own, and no peers.
$endpointIds = @(0..($Endpoints - 1) | ForEach-Object { 'rse-' + $_.ToString('x17') })
@{
    vpcs = @(@{
            vpcId        = 'vpc-0a1b2c3d4e5f67890'
            cidr         = '10.0.0.0/16'
            subnets      = @(0..($Endpoints - 1) | ForEach-Object { @{ subnetId = 'subnet-' + $_.ToString('x17'); cidr = "10.0.$($_ + 1).0/24" } })
            routeServers = @(@{
                    routeServerId = 'rs-0123456789abcdef0'
                    amazonSideAsn = 65000
                    endpoints     = @(0..($Endpoints - 1) | ForEach-Object { @{ routeServerEndpointId = $endpointIds[$_]; subnetId = 'subnet-' + $_.ToString('x17'); eniAddress = "10.0.$($_ + 1).4" } })
                })
        })
} | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $seed -Encoding UTF8
@(0..($Rows - 1) | ForEach-Object {
        $e = $_ % $Endpoints
        $n = [math]::Floor($_ / $Endpoints)
        [pscustomobject]@{ RouteServerEndpointId = $endpointIds[$e]; PeerAddress = "10.0.$($e + 1).$(10 + $n)"; PeerAsn = [string](65000 + $_) }
    }) | Export-Csv -LiteralPath $csv -NoTypeInformation

$emulator = Start-BgpPeeringEmulator -Speed 100 -ArgumentList '--seed', ('"' + $seed + '"')
try {
    $conn = $emulator.Connection
    $url = $emulator.Url

    function Measure-Run([scriptblock] $Run) {
        Clear-BgpPeeringEmulatorRequest -Url $url
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $written = @(& $Run)
        $watch.Stop()
        $requests = @(Get-BgpPeeringEmulatorRequest -Url $url)
        $byAction = [ordered]@{}
        foreach ($g in $requests | Group-Object action | Sort-Object Name) { $byAction[$g.Name] = $g.Count }
        [ordered]@{ ms = [math]::Round($watch.Elapsed.TotalMilliseconds); calls = $requests.Count; byAction = $byAction; written = $written.Count }
    }

    $sides = [ordered]@{
        'Sync-RouteServerPeer' = { Import-Csv -LiteralPath $csv | Sync-RouteServerPeer @conn }
        'per-row script'       = {
            foreach ($row in Import-Csv -LiteralPath $csv) {
                $found = Get-RouteServerPeer -RouteServerEndpointId $row.RouteServerEndpointId -Filter @{ 'peer-address' = $row.PeerAddress } @conn
                if (-not $found) { New-RouteServerPeer -RouteServerEndpointId $row.RouteServerEndpointId -PeerAddress $row.PeerAddress -PeerAsn $row.PeerAsn @conn }
                else { $found }
            }
        }
    }
    # One small warm-up of both sides (JIT, the first session), not measured; each side then starts from the seed.
    $null = Import-Csv -LiteralPath $csv | Select-Object -First 1 | Sync-RouteServerPeer @conn
    $null = Get-RouteServerPeer -RouteServerEndpointId $endpointIds[0] -Filter @{ 'peer-address' = '10.0.1.1' } @conn
    foreach ($name in $sides.Keys) {
        Reset-BgpPeeringEmulator -Url $url
        $first = Measure-Run $sides[$name]
        $second = Measure-Run $sides[$name]
        $live = @(Get-RouteServerPeer @conn).Count
        if ($live -ne $Rows) { throw "$name left $live peers, not $Rows." }
        [ordered]@{ scenario = 'pwsh-sync'; side = $name; rows = $Rows; endpoints = $Endpoints; firstRun = $first; secondRun = $second } | ConvertTo-Json -Compress -Depth 5
    }
}
finally {
    Stop-BgpPeeringEmulator -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
