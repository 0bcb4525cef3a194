#!/usr/bin/env bash
# The whole benchmark suite in one command (about 7 minutes on 2 cores, more under load). Loopback only; every run is bounded.
# Writes bench/results/latest.jsonl (one JSON line per measurement) and bench/results/latest.md (the tables that
# go into docs/benchmarks.md). Benchmarks are never part of the test run; CI only builds them.
# Sides: BgpPeering (the module in real pwsh 7.6.10, or its engine), the AWS.Tools-style baseline (AWSSDK.EC2
# 4.0.132.1 in pwsh, bench/pwsh/AwsToolsStyle.ps1, or the SDK's paginator in .NET), and the AWS SDK for JavaScript v3.
# Usage: bash bench/run.sh [--quick]     (--quick: small sizes and few runs, to check the harness works)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
art="${ArtifactsPath:-$root/artifacts}"
out="${ModuleOutputRoot:-$root/out}"
quick=0; [ "${1:-}" = "--quick" ] && quick=1
peers=10000; big=100000; rs=300; window=30; reps=3; cold=7; calls=1000; routes=10000; bigroutes=100000; syncrows=1000; drills=20
[ "$quick" = 1 ] && { peers=2000; big=5000; rs=30; window=6; reps=1; cold=3; calls=100; routes=2000; bigroutes=5000; syncrows=100; drills=5; }
note() { echo "$1" >&2; }
started=$(date +%s)

note "0. build: the harness, the module folder, the JS side, PowerShell 7.6.10 (dotnet tool)"
dotnet tool restore >/dev/null
dotnet build bench/BgpPeering.Bench -c Release -nologo -v q >/dev/null
dotnet publish src/BgpPeering -c Release -nologo -v q >/dev/null
(cd bench/js && npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || npm install --no-audit --no-fund --silent >/dev/null)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
module="$out/BgpPeering/$version/BgpPeering.psd1"
bench="$art/bin/BgpPeering.Bench/release/BgpPeering.Bench.dll"
emulator="$art/bin/BgpPeering.Emulator/release/BgpPeering.Emulator.dll"
# The baseline loads AWSSDK.Core and AWSSDK.EC2 from one folder, as AWS.Tools ships them (netstandard2.0 builds).
packages="$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')"
core_version=$(sed -n 's:.*<AwsSdkCoreVersion[^>]*>\(.*\)</AwsSdkCoreVersion>.*:\1:p' Directory.Packages.props | head -n 1)
ec2_version=$(sed -n 's:.*Include="AWSSDK.EC2" Version="\([^"]*\)".*:\1:p' Directory.Packages.props | head -n 1)
sdk=$(mktemp -d)
cp "$packages/awssdk.core/$core_version/lib/netstandard2.0/AWSSDK.Core.dll" "$packages/awssdk.ec2/$ec2_version/lib/netstandard2.0/AWSSDK.EC2.dll" "$sdk/"
# The same module folder without its ReadyToRun images (isolated/<rid>/): the IL copies only, as a platform without images loads it.
il_root=$(mktemp -d)
cp -r "$out/BgpPeering" "$il_root/"
find "$il_root/BgpPeering/$version/isolated" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
il_module="$il_root/BgpPeering/$version/BgpPeering.psd1"
mkdir -p bench/results
results=bench/results/latest.jsonl
: >"$results"
emu_pid=""; ids=$(mktemp)
cleanup() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true; rm -rf "$sdk" "$ids" "$il_root"; }
trap cleanup EXIT
record() { tee -a "$results" >&2; }
pwsh_with() { local m="$1"; shift; dotnet pwsh -NoLogo -NoProfile -NonInteractive -File bench/pwsh/Scenario.ps1 -Url "$url" -Module "$m" -SdkDirectory "$sdk" "$@"; }
pwsh_scenario() { pwsh_with "$module" "$@"; }
demo_peer=rsp-0fedcba9876543210

# Starts the emulator as its own process on a free port with a seed of N peers; sets $url.
start_emulator() {
  local n="$1" seed log
  seed=$(mktemp --suffix .json); log=$(mktemp)
  dotnet "$bench" seed --peers "$n" --out "$seed"
  dotnet "$emulator" --port 0 --seed "$seed" >"$log" 2>&1 &
  emu_pid=$!
  for _ in $(seq 300); do grep -q "listening on" "$log" && break; sleep 0.1; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1)
  [ -n "$url" ] || { echo "the emulator did not start:"; cat "$log"; exit 1; }
}
stop_emulator() { kill "$emu_pid"; wait "$emu_pid" 2>/dev/null || true; emu_pid=""; }

note "1. $peers peers: listing (engine, AWSSDK.EC2, JS; x$reps alternating), parse-only allocations, and in pwsh: stream-and-filter, cold start, per call"
start_emulator "$peers"
# One listing not measured first: the emulator's own warm-up (JIT, heap growth) is then paid by nobody's run.
dotnet "$bench" stream --url "$url" >/dev/null
for _ in $(seq "$reps"); do
  dotnet "$bench" stream --url "$url" | record
  dotnet "$bench" sdk-stream --url "$url" | record
  node bench/js/stream.mjs "$url" 2>/dev/null | record
done
dotnet "$bench" parse --url "$url" --rounds 5 | record
# The pipeline floor (Floor): the same peer objects, read first and not timed, through the same Where-Object.
for _ in $(seq "$reps"); do
  pwsh_scenario -Scenario stream -Side BgpPeering -PeerId "$demo_peer" -Listed "$peers" | record
  pwsh_scenario -Scenario stream -Side AwsTools -PeerId "$demo_peer" -Listed "$peers" | record
  pwsh_scenario -Scenario stream -Side Floor -PeerId "$demo_peer" -Listed "$peers" | record
done
# The module as built (ReadyToRun images for this platform) and the same folder with its IL copies only.
for _ in $(seq "$cold"); do
  pwsh_scenario -Scenario coldstart -Side BgpPeering -PeerId "$demo_peer" -Variant r2r | record
  pwsh_with "$il_module" -Scenario coldstart -Side BgpPeering -PeerId "$demo_peer" -Variant il | record
  pwsh_scenario -Scenario coldstart -Side AwsTools -PeerId "$demo_peer" | record
done
# Per call: each side in its own fresh process, in the same loop shape, alternating; the floor is one reused
# AmazonEC2Client called from the same script function.
dotnet "$bench" ids --url "$url" --count 1000 >"$ids"
for _ in $(seq "$reps"); do
  pwsh_scenario -Scenario percall -Side BgpPeering -IdFile "$ids" -Count "$calls" | record
  pwsh_scenario -Scenario percall -Side AwsTools -IdFile "$ids" -Count "$calls" | record
  pwsh_scenario -Scenario percall -Side Floor -IdFile "$ids" -Count "$calls" | record
done
dotnet "$bench" percall --url "$url" --count "$calls" | record
stop_emulator

note "1b. routes: $routes and $bigroutes routes of one route server, listed by the engine (Get-BgpRoute's path) and by AWSSDK.EC2 (x$reps alternating at $routes), and parse-only allocations"
for n in "$routes" "$bigroutes"; do
  seed=$(mktemp --suffix .json); log=$(mktemp)
  dotnet "$bench" routes-seed --routes "$n" --out "$seed"
  dotnet "$emulator" --port 0 --seed "$seed" >"$log" 2>&1 &
  emu_pid=$!
  for _ in $(seq 300); do grep -q "listening on" "$log" && break; sleep 0.1; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1)
  [ -n "$url" ] || { echo "the emulator did not start:"; cat "$log"; exit 1; }
  dotnet "$bench" routes-stream --url "$url" >/dev/null   # the emulator's warm-up, not measured
  runs=$([ "$n" = "$routes" ] && echo "$reps" || echo 1)
  for _ in $(seq "$runs"); do
    dotnet "$bench" routes-stream --url "$url" | record
    dotnet "$bench" routes-sdk-stream --url "$url" | record
  done
  [ "$n" = "$routes" ] && dotnet "$bench" routes-parse --url "$url" --rounds 5 | record
  stop_emulator
  rm -f "$seed" "$log"
done

note "2. $big peers: is memory flat in the number of peers?"
start_emulator "$big"
dotnet "$bench" stream --url "$url" >/dev/null   # the emulator's warm-up, not measured
dotnet "$bench" stream --url "$url" | record
dotnet "$bench" sdk-stream --url "$url" | record
node bench/js/stream.mjs "$url" 2>/dev/null | record
# In pwsh, alternating as at $peers: a single run at this size swings by a tenth either way.
for _ in $(seq "$reps"); do
  pwsh_scenario -Scenario stream -Side BgpPeering -PeerId "$demo_peer" -Listed "$big" | record
  pwsh_scenario -Scenario stream -Side AwsTools -PeerId "$demo_peer" -Listed "$big" | record
  pwsh_scenario -Scenario stream -Side Floor -PeerId "$demo_peer" -Listed "$big" | record
done
stop_emulator

note "3. waiting in pwsh: $rs Route Server peers up at random times over ${window}s; Wait-BgpPeerUp vs a per-peer loop"
dotnet "$bench" pwsh-wait --rs "$rs" --window "$window" --poll 5 --repo "$root" --module "$module" --sdk "$sdk" | record

note "4. the emulator's throughput with $peers peers"
dotnet "$bench" throughput --peers "$peers" --seconds 10 | record

note "4b. failover drills in pwsh: $drills one-minute tests at --speed 100 (the demo topology), each waited out"
log=$(mktemp)
dotnet "$emulator" --port 0 --speed 100 >"$log" 2>&1 &
emu_pid=$!
for _ in $(seq 300); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1)
pwsh_scenario -Scenario drill -Side BgpPeering -Count "$drills" | record
stop_emulator

note "5. what loads at import and first request (bench/ColdStart, the harness that plays PowerShell)"
coldstart=$(bash bench/ColdStart/run.sh "$([ "$quick" = 1 ] && echo 3 || echo 5)")

note "6. the module folder's size: IL only, and with each platform's ReadyToRun images (gzip: about what the package adds)"
module_dir="$out/BgpPeering/$version"
bytes() { du -sb "$@" | awk '{s += $1} END {print s}'; }
gz() { tar -C "$module_dir" -czf - "$@" | wc -c; }
il_files=$(cd "$module_dir" && find . -path ./isolated -prune -o -type f -print; echo ./isolated/*.dll)
{
  printf '{"scenario":"size","il":{"bytes":%s,"gzip":%s}' "$(cd "$module_dir" && bytes $il_files)" "$(gz $il_files)"
  for rid_dir in "$module_dir"/isolated/*/; do
    rid=$(basename "$rid_dir")
    printf ',"%s":{"bytes":%s,"gzip":%s}' "$rid" "$(bytes "$rid_dir")" "$(gz "isolated/$rid")"
  done
  printf ',"total":{"bytes":%s,"gzip":%s}}\n' "$(bytes "$module_dir")" "$(gz .)"
} | record
note "7. sync in pwsh: $syncrows rows over 10 endpoints, twice; Sync-RouteServerPeer against a per-row Get-/New- script"
dotnet pwsh -NoLogo -NoProfile -NonInteractive -File bench/pwsh/Sync.ps1 -Module "$module" -Rows "$syncrows" -Endpoints 10 | grep '^{' | record

{
  node bench/js/report.mjs "$results"
  printf '\n%s\n' "$coldstart"
  echo
  echo "Run: $(date -u +%Y-%m-%dT%H:%MZ), $(( $(date +%s) - started )) s in all; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "pwsh $(dotnet pwsh -NoProfile -c '$PSVersionTable.PSVersion.ToString()'), .NET SDK $(dotnet --version), AWSSDK.Core $core_version, AWSSDK.EC2 $ec2_version, Node.js $(node --version)."
} >bench/results/latest.md
cat bench/results/latest.md
