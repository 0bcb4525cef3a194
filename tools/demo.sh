#!/usr/bin/env bash
# The demo: the real module, in the repository's PowerShell 7.6.10 (a local dotnet tool), against the local emulator:
# endpoints, a DryRun -WhatIf, Route Server and Direct Connect peers created, Wait-BgpPeerUp on both kinds with
# progress, routes (show ip bgp, a longest-prefix search, Direct Connect), filtering, a Direct Connect failover drill,
# a per-item error, removal, and a CSV synced (Sync-RouteServerPeer) three times: planned and made, unchanged, one ASN
# changed. Each step prints the command it runs, then its real output.
# Usage: bash tools/demo.sh        (from anywhere; restores, builds and lays out the module first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet pwsh -NoLogo -NoProfile -File "$root/build.ps1" -Task Demo -Configuration Release
