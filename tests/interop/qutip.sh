#!/usr/bin/env bash
# Our qubit integrator against qutip.mesolve (rtol = atol = 1e-12) on free decay, Rabi, Ramsey,
# echo and random 20 ns pulse sequences: every density-matrix element within 1e-6. Then the same for the
# coupled pair (4x4 density matrix): ZZ free evolution from |++>, simultaneous drives, a CZ flux pulse and
# a random sequence of pulses, flux pulses and idles with gate errors.
# Run from the repository root after the solution is built (Debug), as .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=tests/QDeviceLab.Emulation.Reference/bin/Debug/net10.0/QDeviceLab.Emulation.Reference.dll
test -f "$dll" || { echo "qutip.sh: $dll missing; build the solution (Debug) first" >&2; exit 1; }
/usr/bin/python3 -c 'import qutip' 2>/dev/null || { echo "qutip.sh: /usr/bin/python3 has no qutip (apt-get install python3-qutip)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet "$dll" cases "$work/cases.json"
/usr/bin/python3 tests/interop/qutip_check.py "$work/cases.json"
dotnet "$dll" pairs "$work/pairs.json"
/usr/bin/python3 tests/interop/qutip_pair_check.py "$work/pairs.json"
