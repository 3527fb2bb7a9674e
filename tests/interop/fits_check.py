"""Compare QDeviceLab's CurveFitter with scipy.optimize.curve_fit and lmfit on the same data.

Reads the JSON written by `QDeviceLab.Analysis.Reference fits OUT.json` (data, starting point
and our values, standard errors in both conventions), refits every case with
  - curve_fit(method="lm", absolute_sigma=True)  -> values and our StandardErrors
  - curve_fit(method="lm", absolute_sigma=False) -> our ScaledStandardErrors
  - lmfit.minimize(method="leastsq"), scale_covar False and True -> the same two conventions
all from our starting point, with analytic Jacobians and tight tolerances, and fails when any
value or standard error differs by more than 1e-6 relative. A value is compared relative to
max(|value|, its standard error), so a parameter whose value happens to be near 0 (a phase) is
judged on the scale of its uncertainty rather than on an arbitrarily small denominator.
"""
import json
import sys

import numpy as np
import lmfit
import scipy
from scipy.optimize import curve_fit

TOLERANCE = 1e-6
TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)


def exponential_decay(x, a, tau, b):
    return a * np.exp(-x / tau) + b


def exponential_decay_jac(x, a, tau, b):
    e = np.exp(-x / tau)
    return np.column_stack([e, a * e * x / tau**2, np.ones_like(x)])


def damped_cosine(x, a, tau, f, phi, b):
    return a * np.exp(-x / tau) * np.cos(2 * np.pi * f * x + phi) + b


def damped_cosine_jac(x, a, tau, f, phi, b):
    e = np.exp(-x / tau)
    w = 2 * np.pi * f * x + phi
    c, s = np.cos(w), np.sin(w)
    return np.column_stack([e * c, a * c * e * x / tau**2, -a * e * s * 2 * np.pi * x, -a * e * s, np.ones_like(x)])


def rb_decay(x, a, p, b):
    return a * p**x + b


def rb_decay_jac(x, a, p, b):
    return np.column_stack([p**x, a * x * p ** (x - 1), np.ones_like(x)])


def exponential_rise(x, a, k):
    return a * (1 - np.exp(-k * x))


def exponential_rise_jac(x, a, k):
    e = np.exp(-k * x)
    return np.column_stack([1 - e, a * x * e])


MODELS = {
    "ExponentialDecay": (exponential_decay, exponential_decay_jac),
    "DampedCosine": (damped_cosine, damped_cosine_jac),
    "RbDecay": (rb_decay, rb_decay_jac),
    "ExponentialRise": (exponential_rise, exponential_rise_jac),
}


def scipy_fit(f, jac, x, y, sigma, start, absolute_sigma):
    values, covariance = curve_fit(
        f, x, y, p0=start, sigma=sigma, absolute_sigma=absolute_sigma, jac=jac, method="lm", maxfev=100000, **TIGHT)
    return values, np.sqrt(np.diag(covariance))


def lmfit_fit(f, jac, names, x, y, sigma, start, scale_covar):
    weight = np.ones_like(y) if sigma is None else 1 / sigma
    params = lmfit.Parameters()
    for name, value in zip(names, start):
        params.add(name, value=value)  # no bounds: the minima are interior, and bounds would transform the covariance

    def residual(p):
        return (y - f(x, *[p[n].value for n in names])) * weight

    def jacobian(p):
        return -jac(x, *[p[n].value for n in names]) * weight[:, None]

    result = lmfit.minimize(residual, params, method="leastsq", Dfun=jacobian, scale_covar=scale_covar, max_nfev=100000, **TIGHT)
    values = np.array([result.params[n].value for n in names])
    errors = np.array([result.params[n].stderr if result.params[n].stderr is not None else np.nan for n in names])
    return values, errors


def relative(ours, theirs, floor=None):
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    scale = np.abs(theirs) if floor is None else np.maximum(np.abs(theirs), np.asarray(floor, float))
    return np.abs(ours - theirs) / scale


def main(path):
    cases = json.load(open(path))
    worst = (0.0, "")
    failures = []
    for case in cases:
        f, jac = MODELS[case["model"]]
        names = [n.replace("tau", "tau_") for n in case["parameters"]]  # lmfit reserves no names, but keep them identifiers
        x, y = np.array(case["x"]), np.array(case["y"])
        sigma = None if case["sigma"] is None else np.array(case["sigma"])
        start = np.array(case["start"])
        ours = np.array(case["values"])
        se_abs, se_scaled = np.array(case["standardErrors"]), np.array(case["scaledStandardErrors"])
        comparisons = []
        v, e = scipy_fit(f, jac, x, y, sigma, start, absolute_sigma=True)
        comparisons += [("curve_fit values", relative(ours, v, e)), ("curve_fit absolute_sigma=True errors", relative(se_abs, e))]
        v, e = scipy_fit(f, jac, x, y, sigma, start, absolute_sigma=False)
        comparisons += [("curve_fit absolute_sigma=False errors", relative(se_scaled, e))]
        v, e = lmfit_fit(f, jac, names, x, y, sigma, start, scale_covar=False)
        comparisons += [("lmfit values", relative(ours, v, e)), ("lmfit scale_covar=False errors", relative(se_abs, e))]
        v, e = lmfit_fit(f, jac, names, x, y, sigma, start, scale_covar=True)
        comparisons += [("lmfit scale_covar=True errors", relative(se_scaled, e))]
        line = []
        for what, deviation in comparisons:
            d = float(np.max(deviation)) if np.all(np.isfinite(deviation)) else float("inf")
            line.append(f"{d:.1e}")
            if d > worst[0]:
                worst = (d, f"{case['name']}: {what}")
            if not d <= TOLERANCE:
                failures.append(f"{case['name']}: {what} differ by {d:.2e} relative (ours {case['values']}, {case['standardErrors']})")
        print(f"{case['name']:28s} {case['model']:17s} max rel. deviation per comparison: {' '.join(line)}")
    print(f"scipy {scipy.__version__}, lmfit {lmfit.__version__}: {len(cases)} datasets; worst deviation {worst[0]:.2e} ({worst[1]}); tolerance {TOLERANCE:g}")
    for failure in failures:
        print("DISAGREE " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
