#!/usr/bin/env bash
# Runs every test: restore, build, the xunit suite (with TRX results), then the Pester suite where pwsh exists.
# The last line is the totals taken from the result files: "N passed, N failed, N skipped".
# Usage: bash tools/test.sh            (from anywhere)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build BgpPeering.sln -c Release -warnaserror -nologo -v q
# The module folder that the Pester suite and the layout tests read.
dotnet publish src/BgpPeering -c Release --no-build -nologo -v q

set +e
dotnet test BgpPeering.sln -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=xunit" --logger "console;verbosity=minimal" \
  --results-directory "$results"
xunit_rc=$?
set -e

pester_rc=0
if command -v pwsh >/dev/null 2>&1; then
  set +e
  pwsh -NoLogo -NoProfile -NonInteractive -File "$root/build.ps1" -Task Pester -Configuration Release
  pester_rc=$?
  set -e
else
  echo "Pester suite skipped: pwsh (PowerShell 7) is not installed on this machine; tests/*.Tests.ps1 run wherever it is."
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # A skipped xunit test is in the total but not executed (its notExecuted counter stays 0).
  skipped=$((skipped + $(get total) - $(get executed)))
done
# Pester writes NUnit XML: total, failures, not-run (and skipped) attributes on the root.
for nunit in "$results"/pester*.xml; do
  [ -e "$nunit" ] || continue
  root_el=$(grep -o '<test-results [^>]*>' "$nunit" | head -n 1)
  attr() { echo "$root_el" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(attr total); f=$(attr failures); e=$(attr errors); nr=$(attr not-run); sk=$(attr skipped); ig=$(attr ignored); inc=$(attr inconclusive)
  f=$(( ${f:-0} + ${e:-0} )); s=$(( ${nr:-0} + ${sk:-0} + ${ig:-0} + ${inc:-0} ))
  passed=$((passed + ${t:-0} - f - s)); failed=$((failed + f)); skipped=$((skipped + s))
done

if [ "$xunit_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # the runner failed without a result file
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$xunit_rc" -ne 0 ] || [ "$pester_rc" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
