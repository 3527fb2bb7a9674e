"""Compares QDeviceLab's exact two-qubit (coupled pair) integrator with qutip.mesolve.

Usage: qutip_pair_check.py PAIRS.json  (written by tests/QDeviceLab.Emulation.Reference `pairs`).
Exits 1 when any density-matrix element differs by more than 1e-6; prints the worst deviation.

Basis as in qutip_common.py: index 0 = |0> ground, 1 = |1> excited, sz = diag(1, -1); two qubits are
np.kron(A, B) with qubit a the left factor, so |ab> is index 2a + b. QuTiP's basis/sigmam helpers are
never used (their basis(2, 0) is the excited state). Time in microseconds, rates in rad/us and 1/us.
"""
import json
import sys

import numpy as np
import qutip

from qutip_common import LOWER, RAISE, SX, SY, SZ, US

TOLERANCE = 1e-6
I2 = np.eye(2, dtype=complex)
P11 = np.diag([0, 0, 0, 1]).astype(complex)


def on_a(op):
    return np.kron(op.full() if hasattr(op, "full") else op, I2)


def on_b(op):
    return np.kron(I2, op.full() if hasattr(op, "full") else op)


def q(m):
    return qutip.Qobj(m)


def rho_from_json(entries):
    return np.array([complex(re, im) for re, im in entries]).reshape(4, 4)


def decay_ops(p, on):
    gamma1 = US / p["t1"]
    n = p["thermal_occupation"]
    gamma_phi = US / p["t2_star"] - gamma1 / 2
    ops = [np.sqrt(gamma1 * (n + 1)) * on(LOWER)]
    if n > 0:
        ops.append(np.sqrt(gamma1 * n) * on(RAISE))
    if gamma_phi > 0:
        ops.append(np.sqrt(gamma_phi / 2) * on(SZ))
    return ops


def depolarizing_ops(p, on):
    gamma_d = p.get("depolarizing_rate", 0.0) * US
    return [np.sqrt(gamma_d / 4) * on(op) for op in (SX, SY, SZ)] if gamma_d > 0 else []


def runs(case):
    keys = ("i_a", "q_a", "i_b", "q_b", "flux")
    out = []
    for sample in zip(*(case[k] for k in keys)):
        if out and tuple(out[-1][:5]) == sample:
            out[-1][5] += 1
        else:
            out.append([*sample, 1])
    return out


def evolve(case, rtol, atol):
    two_pi = 2 * np.pi
    a, b = case["a"], case["b"]
    h_static = (two_pi * a["detuning_hz"] * US / 2 * on_a(SZ) + two_pi * b["detuning_hz"] * US / 2 * on_b(SZ)
                + two_pi * case["zz_hz"] * US * P11)
    h_flux = (two_pi * case["shift_a_per_volt_squared"] * US / 2 * on_a(SZ)
              + two_pi * case["shift_b_per_volt_squared"] * US / 2 * on_b(SZ)
              + two_pi * case["zz_per_volt_squared"] * US * P11)
    rabi_a = two_pi * a["rabi_hz_per_volt"] * (1 + a.get("drive_amplitude_error", 0.0)) * US / 2
    rabi_b = two_pi * b["rabi_hz_per_volt"] * (1 + b.get("drive_amplitude_error", 0.0)) * US / 2
    c_ops = decay_ops(a, on_a) + decay_ops(b, on_b)
    depol_a, depol_b = depolarizing_ops(a, on_a), depolarizing_ops(b, on_b)
    dt = case["dt"] / US
    options = qutip.Options(rtol=rtol, atol=atol, nsteps=10**7)
    rho = q(rho_from_json(case["rho_initial"]))
    for ia, qa, ib, qb, flux, count in runs(case):
        h = (h_static + flux * flux * h_flux + rabi_a * (ia * on_a(SX) + qa * on_a(SY))
             + rabi_b * (ib * on_b(SX) + qb * on_b(SY)))
        ops = list(c_ops)
        if ia != 0 or qa != 0:
            ops += depol_a
        if ib != 0 or qb != 0:
            ops += depol_b
        rho = qutip.mesolve(q(h), rho, [0.0, count * dt], [q(c) for c in ops], [], options=options).states[-1]
    return rho.full()


def main(path):
    cases = json.load(open(path))["cases"]
    worst = (0.0, None)
    for case in cases:
        ours = rho_from_json(case["rho_final"])
        theirs = evolve(case, rtol=1e-12, atol=1e-12)
        deviation = float(np.max(np.abs(ours - theirs)))
        populations = " ".join(f"{ours[k, k].real:.6f}" for k in range(4))
        print(f"{case['name']:>26}: {len(case['i_a']):5d} samples, P(00 01 10 11) ours {populations}, "
              f"max |delta rho| {deviation:.2e}")
        if deviation > worst[0] or worst[1] is None:
            worst = (deviation, case["name"])
    print(f"two-qubit worst deviation {worst[0]:.2e} ({worst[1]}); tolerance {TOLERANCE:.0e}")
    if not worst[0] <= TOLERANCE:
        print("DISAGREEMENT with qutip.mesolve", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
