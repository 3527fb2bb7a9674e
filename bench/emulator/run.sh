#!/usr/bin/env bash
# Our exact piecewise-constant integrator vs qutip.mesolve on the same 200 random 20 ns pulses
# (4,000 samples at 1 GS/s) with T1 and pure dephasing. Prints both times and the ratio.
# Needs /usr/bin/python3 with qutip (Debian python3-qutip). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build tests/QDeviceLab.Emulation.Reference -c Release -v quiet -nologo >/dev/null
dotnet tests/QDeviceLab.Emulation.Reference/bin/Release/net10.0/QDeviceLab.Emulation.Reference.dll bench "$work/bench.json"
/usr/bin/python3 bench/emulator/bench.py "$work/bench.json"
