using QDeviceLab.Core;

namespace QDeviceLab.Core.Tests;

public sealed class MeasurementTests
{
    [Fact]
    public void The_95_percent_interval_is_value_plus_minus_1_96_standard_uncertainties()
    {
        var t1 = new Measurement(50e-6, 2e-6, "s");
        var interval = t1.Interval95;
        Assert.Equal(50e-6 - 1.959963984540054 * 2e-6, interval.Low, 15);
        Assert.Equal(50e-6 + 1.959963984540054 * 2e-6, interval.High, 15);
        Assert.Equal(0.95, interval.Level);
    }

    [Fact]
    public void A_measurement_prints_value_uncertainty_and_unit() =>
        Assert.Equal("0.5 ± 0.01 V", new Measurement(0.5, 0.01, "V").ToString());
}
