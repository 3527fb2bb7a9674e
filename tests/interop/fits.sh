#!/usr/bin/env bash
# CurveFitter against scipy.optimize.curve_fit (absolute_sigma True and False) and lmfit on T1-like
# and Ramsey-like binomial data, RB decays, an unweighted decay and NIST StRD BoxBOD/Misra1a:
# values and standard errors (both conventions) within 1e-6 relative; prints the worst deviation.
# Run from the repository root after the solution is built (Debug), as .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=tests/QDeviceLab.Analysis.Reference/bin/Debug/net10.0/QDeviceLab.Analysis.Reference.dll
test -f "$dll" || { echo "fits.sh: $dll missing; build the solution (Debug) first" >&2; exit 1; }
/usr/bin/python3 -c 'import scipy, lmfit' 2>/dev/null || { echo "fits.sh: /usr/bin/python3 lacks scipy or lmfit (apt-get install python3-scipy python3-lmfit)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet "$dll" fits "$work/fits.json"
/usr/bin/python3 tests/interop/fits_check.py "$work/fits.json"
