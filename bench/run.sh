#!/usr/bin/env bash
# The whole benchmark suite in one command (about 4 minutes on 2 cores). Loopback only; every run is bounded.
# Writes bench/results/latest.jsonl (one JSON line per measurement) and bench/results/latest.md (the tables that
# go into docs/benchmarks.md). Benchmarks are never part of the test run; CI only builds them.
# Usage: bash bench/run.sh [--quick]     (--quick: small sizes, to check the harness works)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
art="${ArtifactsPath:-$root/artifacts}"
quick=0; [ "${1:-}" = "--quick" ] && quick=1
peers=10000; big=100000; rs=500; dx=20; window=30; reps=3
[ "$quick" = 1 ] && { peers=2000; big=5000; rs=50; dx=4; window=6; reps=1; }

dotnet build bench/BgpPeering.Bench -c Release -nologo -v q >/dev/null
(cd bench/js && npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || npm install --no-audit --no-fund --silent >/dev/null)
bench="$art/bin/BgpPeering.Bench/release/BgpPeering.Bench.dll"
emulator="$art/bin/BgpPeering.Emulator/release/BgpPeering.Emulator.dll"
mkdir -p bench/results
results=bench/results/latest.jsonl
: >"$results"
emu_pid=""
cleanup() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true; }
trap cleanup EXIT

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
note() { echo "$1" >&2; }

note "1. streaming $peers peers (x$reps, alternating) and per-call overhead"
start_emulator "$peers"
for _ in $(seq "$reps"); do
  dotnet "$bench" stream --url "$url" | tee -a "$results" >&2
  node bench/js/stream.mjs "$url" 2>/dev/null | tee -a "$results" >&2
done
dotnet "$bench" percall --url "$url" --count 200 | tee -a "$results" >&2
stop_emulator

note "1b. streaming $big peers: is memory flat in the number of peers?"
start_emulator "$big"
dotnet "$bench" stream --url "$url" | tee -a "$results" >&2
node bench/js/stream.mjs "$url" 2>/dev/null | tee -a "$results" >&2
stop_emulator

note "2. waiting: $rs Route Server and $dx Direct Connect peers up at random times over ${window}s"
dotnet "$bench" wait --rs "$rs" --dx "$dx" --window "$window" --poll 5 | tee -a "$results" >&2

note "3. the emulator's throughput with $peers peers"
dotnet "$bench" throughput --peers "$peers" --seconds 10 | tee -a "$results" >&2

note "4. cold start (bench/ColdStart)"
coldstart=$(bash bench/ColdStart/run.sh "$([ "$quick" = 1 ] && echo 3 || echo 7)")

node bench/js/report.mjs "$results" >bench/results/latest.md
printf '\n%s\n' "$coldstart" >>bench/results/latest.md
cat bench/results/latest.md
