#!/usr/bin/env bash
# The demo: starts the local emulator in-process and walks through the product, step by step, printing each
# step as the PowerShell it stands for: endpoints, a DryRun -WhatIf, Route Server and Direct Connect peers
# created, Wait-BgpPeerUp on both kinds together, filtering, removal, and a per-item error.
# Usage: bash tools/demo.sh [speed]      (speed scales the emulator's simulated delays; default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tools/BgpPeering.Demo -c Release -nologo -v q
dotnet run --project tools/BgpPeering.Demo -c Release --no-build -- "${1:-10}"
