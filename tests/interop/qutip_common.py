"""Shared by qutip_check.py and bench/emulator: our qubit model written with QuTiP.

Basis mapping, stated once because QuTiP's own helpers use the opposite one: we never call
qutip.basis / sigmam / sigmap. Index 0 is |0> (ground) and index 1 is |1> (excited), exactly
as in QDeviceLab.Emulation, with sz = diag(1, -1) so sz|0> = +|0>. (In QuTiP's convention
basis(2, 0) is the excited "up" state and sigmam() lowers it to basis(2, 1); using those here
would silently swap relaxation into excitation.) The lowering operator is |0><1| = [[0, 1], [0, 0]].

Time is in microseconds and angular frequencies in rad/us, which keeps the ODE solver's
absolute tolerance meaningful; the physics is unchanged by the scaling.
"""
import numpy as np
import qutip

SZ = qutip.Qobj(np.array([[1, 0], [0, -1]], dtype=complex))
SX = qutip.Qobj(np.array([[0, 1], [1, 0]], dtype=complex))
SY = qutip.Qobj(np.array([[0, -1j], [1j, 0]], dtype=complex))
LOWER = qutip.Qobj(np.array([[0, 1], [0, 0]], dtype=complex))  # |0><1|: excited -> ground
RAISE = LOWER.dag()
US = 1e-6


def rho_from_json(entries):
    return np.array([complex(re, im) for re, im in entries]).reshape(2, 2)


def model(case):
    """Drift Hamiltonian pieces and collapse operators of one case (rad/us, 1/us)."""
    two_pi = 2 * np.pi
    h_detuning = two_pi * case["detuning_hz"] * US / 2 * SZ
    # The drive amplitude error scales the Rabi rate the qubit sees (relative over-rotation).
    rabi = case["rabi_hz_per_volt"] * (1 + case.get("drive_amplitude_error", 0.0))
    h_x = two_pi * rabi * US / 2 * SX
    h_y = two_pi * rabi * US / 2 * SY
    gamma1 = US / case["t1"]
    n = case["thermal_occupation"]
    gamma_phi = US / case["t2_star"] - gamma1 / 2
    c_ops = [np.sqrt(gamma1 * (n + 1)) * LOWER]
    if n > 0:
        c_ops.append(np.sqrt(gamma1 * n) * RAISE)
    if gamma_phi > 0:
        c_ops.append(np.sqrt(gamma_phi / 2) * SZ)
    return h_detuning, h_x, h_y, c_ops


def driven_c_ops(case):
    """Extra collapse operators while the drive is non-zero: depolarizing at gamma_d (1/us),
    sum_k D[sqrt(gamma_d/4) sigma_k] rho = gamma_d (I/2 - rho)."""
    gamma_d = case.get("depolarizing_rate", 0.0) * US
    return [np.sqrt(gamma_d / 4) * op for op in (SX, SY, SZ)] if gamma_d > 0 else []


def runs(volts_i, volts_q):
    """Consecutive equal (V_I, V_Q) samples merged: [(vi, vq, count), ...]."""
    out = []
    for vi, vq in zip(volts_i, volts_q):
        if out and out[-1][0] == vi and out[-1][1] == vq:
            out[-1][2] += 1
        else:
            out.append([vi, vq, 1])
    return out


def evolve_piecewise(case, rtol, atol):
    """Exact piecewise-constant drive: one mesolve per run of equal samples."""
    h_detuning, h_x, h_y, c_ops = model(case)
    driven = driven_c_ops(case)
    dt = case["dt"] / US
    options = qutip.Options(rtol=rtol, atol=atol, nsteps=10**7)
    rho = qutip.Qobj(rho_from_json(case["rho_initial"]))
    for vi, vq, count in runs(case["volts_i"], case["volts_q"]):
        h = h_detuning + vi * h_x + vq * h_y
        ops = c_ops + driven if (vi != 0 or vq != 0) else c_ops
        rho = qutip.mesolve(h, rho, [0.0, count * dt], ops, [], options=options).states[-1]
    return rho.full()


def evolve_one_call(case, rtol, atol):
    """The usual way to hand QuTiP a sampled drive: one mesolve over the whole sequence with
    step-function coefficients, the solver kept from stepping over a sample. (Timing only: a
    depolarizing rate that switches with the drive is not modelled here.)"""
    h_detuning, h_x, h_y, c_ops = model(case)
    dt = case["dt"] / US
    vi = np.asarray(case["volts_i"])
    vq = np.asarray(case["volts_q"])
    last = len(vi) - 1

    def coefficient(values):
        return lambda t, args: values[min(int(t / dt), last)]

    h = [h_detuning, [h_x, coefficient(vi)], [h_y, coefficient(vq)]]
    options = qutip.Options(rtol=rtol, atol=atol, nsteps=10**7, max_step=dt)
    rho = qutip.Qobj(rho_from_json(case["rho_initial"]))
    return qutip.mesolve(h, rho, [0.0, len(vi) * dt], c_ops, [], options=options).states[-1].full()
