#!/usr/bin/env bash
# Runs every test, as CI does: restore (the pinned PowerShell dotnet tool, Pester from NuGet and the AWS SDK for
# JavaScript from npm included), build, pack the Gallery package once, the xunit suites (with TRX results), then the
# Pester suite in the repository's pwsh against THAT package: build.ps1 installs the .nupkg from a local PSResourceGet
# repository into a scratch user's folder (never the real user's) and the suite imports it from there, by name as a
# user would.
# The last line is the totals taken from the result files: "N passed, N failed, N skipped". A suite that wrote no
# result file counts as one failure, and so does a package that could not be made or installed.
# Usage: bash tools/test.sh            (from anywhere)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The official AWS SDK for JavaScript (tests/sdk-js, pinned by its package-lock.json) parses the emulator's answers in
# the xunit suite (Emulator/Api/JsSdkConformanceTests.cs). Installed again only when the lock file changed. Without
# node or npm those tests are skipped and say why; under CI=true they fail instead.
sdkjs="$root/tests/sdk-js"
if ! command -v npm >/dev/null 2>&1; then
  echo "WARNING: npm is not on PATH: the JavaScript SDK conformance tests will be skipped (under CI=true, they fail)." >&2
elif [ ! -e "$sdkjs/node_modules/.package-lock.json" ] || [ "$sdkjs/package-lock.json" -nt "$sdkjs/node_modules/.package-lock.json" ]; then
  (cd "$sdkjs" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || echo "WARNING: 'npm ci' in tests/sdk-js failed: the JavaScript SDK conformance tests will be skipped (under CI=true, they fail)." >&2
fi

# PowerShell comes with the repository: dotnet-tools.json pins the PowerShell tool.
pwsh_version=$(grep -A 2 '"powershell"' dotnet-tools.json | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' | head -n 1)
if ! dotnet tool restore; then
  echo "FAILED: 'dotnet tool restore' could not install PowerShell ${pwsh_version:-(see dotnet-tools.json)}; the Pester suite cannot run." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet build BgpPeering.sln -c Release -warnaserror -nologo -v q

# The package, made once. Packing lays out the module folder (out/BgpPeering/<version>/) that the layout and
# runspace tests read, and writes the .nupkg that the Pester suite installs.
package_dir="${ArtifactsPath:-$root/artifacts}/package/release"
rm -f "$package_dir"/BgpPeering.*.nupkg
if ! dotnet pack tools/packaging -c Release -nologo -v q; then
  echo "FAILED: 'dotnet pack tools/packaging -c Release' could not make the package." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
packages=("$package_dir"/BgpPeering.*.nupkg)
if [ "${#packages[@]}" -ne 1 ] || [ ! -e "${packages[0]}" ]; then
  echo "FAILED: expected one BgpPeering .nupkg in $package_dir, found: ${packages[*]}" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
package="${packages[0]}"

set +e
dotnet test BgpPeering.sln -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=xunit" --logger "console;verbosity=minimal" \
  --results-directory "$results"
xunit_rc=$?
set -e

set +e
dotnet pwsh -NoLogo -NoProfile -NonInteractive -File "$root/build.ps1" -Task Pester -Configuration Release -Package "$package"
pester_rc=$?
set -e
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

ls "$results"/*.trx >/dev/null 2>&1 || { echo "FAILED: xunit wrote no TRX result file." >&2; failed=$((failed + 1)); }
if [ ! -e "$results/pester.xml" ]; then
  echo "FAILED: the Pester suite wrote no result file ($results/pester.xml): it did not run, or the package $package did not install." >&2
  failed=$((failed + 1))
fi
if [ "$xunit_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # the runner failed without saying why
if [ "$pester_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tested: $package (the Pester suite ran against it, installed through PSResourceGet)"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$xunit_rc" -ne 0 ] || [ "$pester_rc" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
