using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;

namespace QDeviceLab.Protocols.Readout;

/// <summary>
/// Assigns each IQ point to |0> or |1> by projecting it on the line joining the two reference
/// cloud centres and cutting at the midpoint. The centres come from shots taken with the qubit
/// prepared in |0> (no pulse) and in |1> (a pi pulse) just before the measurement.
/// </summary>
public sealed class StateDiscriminator
{
    private readonly double _axisI;
    private readonly double _axisQ;
    private readonly double _threshold;

    public StateDiscriminator(IqShots groundReference, IqShots excitedReference)
    {
        ArgumentNullException.ThrowIfNull(groundReference);
        ArgumentNullException.ThrowIfNull(excitedReference);
        (GroundI, GroundQ) = Centre(groundReference);
        (ExcitedI, ExcitedQ) = Centre(excitedReference);
        _axisI = ExcitedI - GroundI;
        _axisQ = ExcitedQ - GroundQ;
        var separation2 = _axisI * _axisI + _axisQ * _axisQ;
        if (!(separation2 > 0))
        {
            throw new MeasurementException("the |0> and |1> readout clouds have the same centre: is the drive or the readout connected?");
        }

        _threshold = (Project(ExcitedI, ExcitedQ) + Project(GroundI, GroundQ)) / 2;
        double spread2 = ProjectedVariance(groundReference) / groundReference.Count + ProjectedVariance(excitedReference) / excitedReference.Count;
        SeparationInStandardErrors = spread2 > 0 ? Math.Sqrt(separation2 / spread2) : double.PositiveInfinity;
        var p1Given0 = CountExcited(groundReference) / (double)groundReference.Count;
        var p0Given1 = 1 - CountExcited(excitedReference) / (double)excitedReference.Count;
        AssignmentFidelity = 1 - (p1Given0 + p0Given1) / 2;
    }

    public double GroundI { get; }

    public double GroundQ { get; }

    public double ExcitedI { get; }

    public double ExcitedQ { get; }

    /// <summary>F = 1 - [P(0|1) + P(1|0)]/2 on the reference shots (includes preparation errors).</summary>
    public double AssignmentFidelity { get; }

    /// <summary>
    /// Distance between the two reference centres in standard errors of that distance (along the
    /// axis joining them). Two references drawn from one cloud (readout LO off, drive line dead) are
    /// about 1.3 apart on average and above 5 with probability below 1e-5; a working readout with a
    /// few hundred shots is tens to hundreds apart.
    /// </summary>
    public double SeparationInStandardErrors { get; }

    /// <summary>Fewest standard errors between the reference centres for a sweep to be worth measuring.</summary>
    public const double MinimumSeparation = 5;

    /// <summary>
    /// Throws when the references cannot be told apart, before a sweep spends its shots on a readout
    /// that sees nothing (its fit would fail later with a less useful reason). Assignment fidelity does
    /// not call this: 0.5 is a result there, not a failure to measure.
    /// </summary>
    public void RequireSeparable(string qubit)
    {
        if (!(SeparationInStandardErrors >= MinimumSeparation))
        {
            throw new MeasurementException(
                $"qubit {qubit}: the |0> and |1> readout references are only {SeparationInStandardErrors:F1} standard errors apart (at least {MinimumSeparation:F0} needed): "
                + "the readout cannot tell the states apart; check the readout LO (output on, frequency, power), the digitizer channel and the drive line");
        }
    }

    public bool IsExcited(double i, double q) => Project(i, q) > _threshold;

    public int CountExcited(IqShots shots)
    {
        ArgumentNullException.ThrowIfNull(shots);
        var count = 0;
        for (var k = 0; k < shots.Count; k++)
        {
            if (IsExcited(shots.InPhase[k], shots.Quadrature[k]))
            {
                count++;
            }
        }

        return count;
    }

    private double Project(double i, double q) => i * _axisI + q * _axisQ;

    /// <summary>Variance of the shots projected on the unit axis between the centres (volts squared).</summary>
    private double ProjectedVariance(IqShots shots)
    {
        if (shots.Count < 2)
        {
            return 0;
        }

        double norm2 = _axisI * _axisI + _axisQ * _axisQ;
        double mean = 0, m2 = 0;
        for (var k = 0; k < shots.Count; k++)
        {
            double x = Project(shots.InPhase[k], shots.Quadrature[k]) / Math.Sqrt(norm2);
            double delta = x - mean;
            mean += delta / (k + 1);
            m2 += delta * (x - mean);
        }

        return m2 / (shots.Count - 1);
    }

    private static (double I, double Q) Centre(IqShots shots)
    {
        if (shots.Count == 0)
        {
            throw new MeasurementException("a readout reference has no shots");
        }

        double sumI = 0, sumQ = 0;
        for (var k = 0; k < shots.Count; k++)
        {
            sumI += shots.InPhase[k];
            sumQ += shots.Quadrature[k];
        }

        return (sumI / shots.Count, sumQ / shots.Count);
    }
}
