using QDeviceLab.Core;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Tests;

public sealed class AssignmentFidelityTests
{
    internal static SingleShotData Counts(int read1Given0, int shots0, int read1Given1, int shots1) => new()
    {
        Protocol = AssignmentFidelity.ProtocolName,
        Qubit = "q0",
        StartedUtc = DateTimeOffset.UnixEpoch,
        Complete = true,
        Settings = new Dictionary<string, double> { ["shots"] = shots0 },
        Instruments = new Dictionary<string, string>(),
        Prepared = [new PreparedStateCounts(0, read1Given0, shots0), new PreparedStateCounts(1, read1Given1, shots1)],
        ShotsFile = "none.csv",
    };

    [Fact]
    public void Fidelity_is_one_minus_the_mean_assignment_error_with_binomial_uncertainty()
    {
        var result = AssignmentFidelity.Fit(Counts(50, 5000, 4850, 5000));

        Assert.Equal("F_RO", result.Metric);
        Assert.Equal("1", result.Value.Unit);
        Assert.Equal(0.01, result.Confusion.P1Given0, 12);
        Assert.Equal(0.03, result.Confusion.P0Given1, 12);
        Assert.Equal(0.99, result.Confusion.P0Given0, 12);
        Assert.Equal(0.97, result.Confusion.P1Given1, 12);
        Assert.Equal(0.98, result.Value.Value, 12);
        var expected = 0.5 * Math.Sqrt(Math.Pow(Analysis.ShotNoise.BinomialSigma(50, 5000), 2) + Math.Pow(Analysis.ShotNoise.BinomialSigma(150, 5000), 2));
        Assert.Equal(expected, result.Value.StandardUncertainty, 15);
        Assert.InRange(result.Value.StandardUncertainty, 0.0012, 0.0016);
    }

    [Fact]
    public void Perfect_counts_still_carry_an_uncertainty()
    {
        var result = AssignmentFidelity.Fit(Counts(0, 1000, 1000, 1000));
        Assert.Equal(1.0, result.Value.Value);
        Assert.True(result.Value.StandardUncertainty > 0);
    }

    [Fact]
    public void Fidelity_needs_both_prepared_states()
    {
        var data = Counts(1, 100, 99, 100) with { Prepared = [new PreparedStateCounts(0, 1, 100)] };
        Assert.Throws<MeasurementException>(() => AssignmentFidelity.Fit(data));
    }
}
