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
