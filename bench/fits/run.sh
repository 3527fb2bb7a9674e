#!/usr/bin/env bash
# CurveFitter vs SciPy curve_fit and lmfit: the same 41-point, 3-parameter exponential (T1-like,
# binomial weights), the same start. Prints microseconds per fit and the ratios.
# Needs /usr/bin/python3 with python3-scipy and python3-lmfit. Usage: bench/fits/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/fits -c Release --nologo -v quiet >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet bench/fits/bin/Release/net10.0/QDeviceLab.Bench.Fits.dll "$work/data.json" | tee "$work/ours.txt"
/usr/bin/python3 bench/fits/bench.py "$work/data.json" | tee "$work/theirs.txt"
cat "$work/ours.txt" "$work/theirs.txt" | /usr/bin/python3 -c '
import sys
t = {k: float(v) for k, v in (line.split() for line in sys.stdin)}
ours, guess = t["qdevicelab_from_start_us"], t["qdevicelab_with_own_guess_us"]
print(f"CurveFitter {ours:.1f} us per fit from the common start ({guess:.1f} us with its own initial guess)")
for name in ("curve_fit", "curve_fit_jac", "lmfit_model"):
    theirs = t[name + "_us"]
    print(f"  {name:14s} {theirs:8.1f} us  -> CurveFitter is {theirs / ours:5.1f}x faster")
'
