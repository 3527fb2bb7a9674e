#!/usr/bin/env bash
# Emulation speed factor of one-qubit RB on the default emulated station: 30 lengths x 50 sequences
# x 1000 shots, device time at 300 us per shot over wall time, through drivers and loopback sockets.
# Usage: bench/emulator/rb_speed.sh [qubit] [repetition_seconds]. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/emulator/RbSpeed -c Release -v quiet -nologo >/dev/null
dotnet bench/emulator/RbSpeed/bin/Release/net10.0/QDeviceLab.Bench.EmulatorRb.dll instruments/stations/emulated.yaml "$@"
