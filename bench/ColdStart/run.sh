#!/usr/bin/env bash
# Cold start and import cost: N fresh processes per scenario against a loopback canned EC2 endpoint.
# Prints a markdown table of medians (docs/benchmarks.md, "Cold start and import cost").
# Usage: bash bench/ColdStart/run.sh [runs]        (builds into $ArtifactsPath / $ModuleOutputRoot if set)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
art="${ArtifactsPath:-$root/artifacts}"
out="${ModuleOutputRoot:-$root/out}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$root"
dotnet build bench/ColdStart -c Release -nologo -v q >/dev/null
dotnet publish src/BgpPeering -c Release -nologo -v q >/dev/null
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
module="$out/BgpPeering/$version"
harness="$art/bin/ColdStart/release/ColdStart.dll"
other="$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')awssdk.core/4.0.3.3/lib/netstandard2.0/AWSSDK.Core.dll"
log=$(mktemp)
dotnet "$harness" serve --response tests/BgpPeering.Tests/Wire/responses/EC2.DescribeRouteServerEndpoints.success.xml --seconds 600 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q listening "$log" && break; sleep 0.1; done
url=$(awk '/listening/{print $2}' "$log")
dotnet "$harness" measure --module "$module" --endpoint "$url" >/dev/null  # warm the OS file cache once

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
scenario() {
  local name="$1"; shift
  local f; f=$(mktemp)
  for _ in $(seq "$runs"); do dotnet "$harness" measure --module "$module" --endpoint "$url" "$@" >>"$f"; done
  grep -q '^result=error' "$f" && { cat "$f" >&2; exit 1; }
  get() { grep "^$1=" "$f" | cut -d= -f2 | median; }
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(get import_ms)" "$(get first_request_ms)" "$(get since_process_start_ms)" \
    "$(get assemblies_after_import)" "$(get assemblies_added)" "$(grep '^engine_core=' "$f" | head -n 1 | cut -d= -f2)"
  rm -f "$f"
}
echo "| scenario | import (ms) | first request (ms) | process start to first answer (ms) | assemblies at import | assemblies after first request | engine runs on AWSSDK.Core |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
scenario "PowerShell 7 (isolated), alone"
scenario "PowerShell 7 (isolated), AWS.Tools' Core 4.0.3.3 loaded first" --preload-core "$other"
scenario "shared context (the 5.1 path), alone" --share
scenario "shared context (the 5.1 path), AWS.Tools' Core first" --share --preload-core "$other"
echo
echo "$runs fresh processes per row, medians; $(nproc) cores; $(dotnet --version) SDK; module $version."
