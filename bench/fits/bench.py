"""Time SciPy curve_fit and lmfit on the dataset bench/fits writes (same data, same start).

Prints microseconds per fit, the median of 7 timeit repeats:
  curve_fit            sigma given, absolute_sigma=True, default finite-difference Jacobian (how it is usually called)
  curve_fit_jac        the same with the analytic Jacobian (what CurveFitter uses)
  lmfit_model          lmfit.Model(f).fit(y, params, x=x, weights=1/sigma), default leastsq
Also checks that each lands on the same values as ours (1e-6 relative), so nothing is timed that fails.
"""
import json
import sys
import timeit

import numpy as np
import lmfit
from scipy.optimize import curve_fit

data = json.load(open(sys.argv[1]))
x, y, sigma, start = (np.array(data[k]) for k in ("x", "y", "sigma", "start"))
ours = np.array(data["values"])


def f(x, a, tau, b):
    return a * np.exp(-x / tau) + b


def jac(x, a, tau, b):
    e = np.exp(-x / tau)
    return np.column_stack([e, a * e * x / tau**2, np.ones_like(x)])


model = lmfit.Model(f)
params = model.make_params(a=start[0], tau=start[1], b=start[2])

runs = {
    "curve_fit": lambda: curve_fit(f, x, y, p0=start, sigma=sigma, absolute_sigma=True)[0],
    "curve_fit_jac": lambda: curve_fit(f, x, y, p0=start, sigma=sigma, absolute_sigma=True, jac=jac)[0],
    "lmfit_model": lambda: np.array(list(model.fit(y, params, x=x, weights=1 / sigma).best_values.values())),
}
for name, run in runs.items():
    values = run()
    deviation = np.max(np.abs(values - ours) / np.abs(ours))
    if not deviation < 1e-6:
        print(f"{name} lands elsewhere ({values} vs {ours}, {deviation:.1e})", file=sys.stderr)
        sys.exit(1)
    number = 2000 if name.startswith("curve_fit") else 200
    best = sorted(t / number for t in timeit.repeat(run, number=number, repeat=7))
    print(f"{name}_us {best[len(best) // 2] * 1e6:.2f}")
