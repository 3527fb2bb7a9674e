"""Times qutip.mesolve on the sequence our integrator was timed on and prints the ratio.

Usage: bench.py BENCH.json  (written by tests/QDeviceLab.Emulation.Reference `bench`).
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "interop"))
from qutip_common import evolve_one_call, rho_from_json  # noqa: E402


def median_seconds(run, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], result


def main(path):
    case = json.load(open(path))["cases"][0]
    ours = rho_from_json(case["rho_final"])
    n = len(case["volts_i"])
    cold, warm = case["ours_cold_seconds"], case["ours_warm_seconds"]
    # Seconds per call: one is enough, and mesolve is the slow side. (One mesolve per constant
    # sample is exact but about 7x slower again; tests/interop/qutip_check.py uses it.)
    one_call, rho_one = median_seconds(lambda: evolve_one_call(case, rtol=1e-8, atol=1e-8), 1)
    print(f"sequence: {n} samples at 1 GS/s (200 random 20 ns pulses), T1 {case['t1'] * 1e6:g} us, "
          f"T2* {case['t2_star'] * 1e6:g} us")
    print(f"ours, cold cache (4,000 exponentials): {cold * 1e3:9.3f} ms")
    print(f"ours, warm cache (replayed waveform):  {warm * 1e3:9.3f} ms")
    print(f"qutip.mesolve one call, step coefficients, rtol 1e-8: {one_call * 1e3:9.1f} ms"
          f"  (max |delta rho| vs ours {np.max(np.abs(rho_one - ours)):.1e})")
    print(f"speed-up vs one-call mesolve: cold {one_call / cold:8.0f}x, warm {one_call / warm:8.0f}x (target >= 1000x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
