"""Compares QDeviceLab's exact piecewise-constant Lindblad integrator with qutip.mesolve.

Usage: qutip_check.py CASES.json  (written by tests/QDeviceLab.Emulation.Reference `cases`).
Exits 1 when any density-matrix element differs by more than 1e-6; prints the worst deviation.
"""
import json
import sys

import numpy as np

from qutip_common import evolve_piecewise, rho_from_json

TOLERANCE = 1e-6


def main(path):
    cases = json.load(open(path))["cases"]
    worst = (0.0, None)
    for case in cases:
        ours = rho_from_json(case["rho_final"])
        theirs = evolve_piecewise(case, rtol=1e-12, atol=1e-12)
        deviation = float(np.max(np.abs(ours - theirs)))
        print(f"{case['name']:>24}: {len(case['volts_i']):5d} samples, P1 ours {ours[1, 1].real:.9f} "
              f"qutip {theirs[1, 1].real:.9f}, max |delta rho| {deviation:.2e}")
        if deviation > worst[0] or worst[1] is None:
            worst = (deviation, case["name"])
    print(f"worst deviation {worst[0]:.2e} ({worst[1]}); tolerance {TOLERANCE:.0e}")
    if not worst[0] <= TOLERANCE:
        print("DISAGREEMENT with qutip.mesolve", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
