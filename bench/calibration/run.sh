#!/usr/bin/env bash
# Calibration of the reported uncertainties on the emulated station: for SEEDS fresh seeds,
# measure T1, T2*, T2E, F_RO and EPC of QUBIT with the default features' sweeps and report, per
# metric, how often value +- 1.96 u covers the emulator's truth (target 90-99 %), the relative
# bias (target < 2 %) and the fraction of fits graded GOOD. About 2-4 s per seed on 2 cores.
# EPC is judged against the exact RB decay of the Cliffords as played (EmulatedStation.RbTruthFor).
# Usage: bench/calibration/run.sh [SEEDS=200] [FIRST_SEED=1000] [QUBIT=q0] [OUT.csv] [METRICS=all, e.g. EPC]
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-200}
first=${2:-1000}
qubit=${3:-q0}
out=${4:-$(mktemp --suffix=.csv)}
metrics=${5:-T1,T2*,T2E,F_RO,EPC}
dotnet build bench/calibration -c Release --nologo -v quiet >/dev/null
echo "per-seed rows: $out" >&2
dotnet bench/calibration/bin/Release/net10.0/QDeviceLab.Bench.Calibration.dll "$seeds" "$first" "$qubit" "$out" "" "$metrics"
