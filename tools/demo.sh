#!/usr/bin/env bash
# The demo: builds the module folder and shows its layout.
# (Once the emulator lands, this starts it and drives the engine through a full peering story.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet publish src/BgpPeering -c Release -nologo -v q
echo
echo "Importable module folder:"
find out/BgpPeering -maxdepth 2 | sort
