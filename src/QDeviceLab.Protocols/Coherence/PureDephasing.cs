using System.Globalization;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// Pure dephasing time from a relaxation time and a coherence time of the same qubit:
/// 1/T_phi = 1/T2 - 1/(2 T1). Which T_phi it is depends on the T2 given: from T2E or T2CPMG it
/// is the dephasing the echo does not refocus; from T2* it includes quasi-static noise.
/// </summary>
public static class PureDephasing
{
    public const string Metric = "T_phi";

    /// <summary>The coherence-time metrics T_phi can be derived from.</summary>
    public static IReadOnlyList<string> CoherenceMetrics { get; } = ["T2E", "T2CPMG", "T2*"];

    /// <summary>
    /// Derives T_phi with first-order (linear) uncertainty propagation, treating T1 and T2 as
    /// independent (they come from separate acquisitions with independent shot noise; a common
    /// systematic, e.g. a drifting readout, is not covered):
    /// u(Gamma)^2 = (u(T2)/T2^2)^2 + (u(T1)/(2 T1^2))^2 and u(T_phi) = u(Gamma)/Gamma^2 with Gamma = 1/T_phi.
    /// First order understates the uncertainty when u(Gamma) is not small against Gamma; the method
    /// text says so when u(Gamma)/Gamma exceeds 0.3.
    /// </summary>
    /// <exception cref="MeasurementException">The dephasing rate is not positive: T2 is at or above 2 T1 within error.</exception>
    public static DerivedMetric Derive(IMeasuredMetric t1, IMeasuredMetric t2)
    {
        ArgumentNullException.ThrowIfNull(t1);
        ArgumentNullException.ThrowIfNull(t2);
        if (t1.Metric != "T1")
        {
            throw new ArgumentException($"T_phi needs T1 as its relaxation time, got {t1.Metric}", nameof(t1));
        }

        if (!CoherenceMetrics.Contains(t2.Metric, StringComparer.Ordinal))
        {
            throw new ArgumentException($"T_phi is derived from one of {string.Join(", ", CoherenceMetrics)}, not {t2.Metric}", nameof(t2));
        }

        if (!string.Equals(t1.Qubit, t2.Qubit, StringComparison.Ordinal))
        {
            throw new MeasurementException($"T1 was measured on {t1.Qubit} and {t2.Metric} on {t2.Qubit}; T_phi combines two times of the same qubit");
        }

        var (relaxation, coherence) = (t1.Value, t2.Value);
        if (relaxation.Unit != "s" || coherence.Unit != "s" || !(relaxation.Value > 0) || !(coherence.Value > 0))
        {
            throw new MeasurementException($"T_phi needs positive times in seconds, got T1 = {relaxation} and {t2.Metric} = {coherence}");
        }

        var rate = 1 / coherence.Value - 1 / (2 * relaxation.Value);
        var fromT2 = coherence.StandardUncertainty / (coherence.Value * coherence.Value);
        var fromT1 = relaxation.StandardUncertainty / (2 * relaxation.Value * relaxation.Value);
        var rateUncertainty = Math.Sqrt(fromT2 * fromT2 + fromT1 * fromT1);
        if (!(rate > 0))
        {
            throw new MeasurementException(string.Create(CultureInfo.InvariantCulture,
                $"T_phi of {t1.Qubit} is undefined: {t2.Metric} = {coherence.Value * 1e6:G4} ± {coherence.StandardUncertainty * 1e6:G3} us is not below 2 T1 = {2 * relaxation.Value * 1e6:G4} ± {2 * relaxation.StandardUncertainty * 1e6:G3} us, so the pure dephasing rate 1/{t2.Metric} - 1/(2 T1) = {rate:G3} ± {rateUncertainty:G3} /s is not positive (T2 > 2 T1 within error)"));
        }

        var tPhi = new Measurement(1 / rate, rateUncertainty / (rate * rate), "s");
        var caveat = rateUncertainty > 0.3 * rate
            ? string.Create(CultureInfo.InvariantCulture, $" The rate is known only to {100 * rateUncertainty / rate:F0} %, so the first-order uncertainty understates the spread of T_phi.")
            : string.Empty;
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Derived: 1/T_phi = 1/{t2.Metric} - 1/(2 T1) from T1 = {relaxation.Value * 1e6:G4} ± {relaxation.StandardUncertainty * 1e6:G3} us and {t2.Metric} = {coherence.Value * 1e6:G4} ± {coherence.StandardUncertainty * 1e6:G3} us measured in the same scenario; first-order uncertainty propagation assuming T1 and {t2.Metric} independent.{caveat}");
        return new DerivedMetric(Metric, t1.Qubit, tPhi, method, [t1, t2]);
    }
}
