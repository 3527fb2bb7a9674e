#!/usr/bin/env bash
# RB harness costs. Usage: bench/rb/run.sh [generation | overhead [sequencer|waveform]]. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/rb -c Release -v quiet -nologo >/dev/null
dotnet bench/rb/bin/Release/net10.0/QDeviceLab.Bench.Rb.dll "$@"
