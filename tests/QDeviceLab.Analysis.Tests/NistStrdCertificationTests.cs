using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

/// <summary>
/// The fitter against NIST StRD certified results. NIST's certified standard deviations are
/// residual-SD based, so they are compared with <see cref="FitResult.ScaledStandardErrors"/>.
/// </summary>
public sealed class NistStrdCertificationTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "nist-strd-boxbod.txt", 1 },
        { "nist-strd-boxbod.txt", 2 },
        { "nist-strd-misra1a.txt", 1 },
        { "nist-strd-misra1a.txt", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reaches_certified_parameters_to_six_digits_from_both_NIST_starts(string file, int start)
    {
        var data = NistReferenceDataset.Load(file);

        var result = CurveFitter.Fit(new ExponentialRiseModel(), data.X, data.Y, sigma: null, initialGuess: data.Start(start));

        Assert.True(result.Converged, $"{data.Name} start {start}: {result.StopReason}");
        for (int j = 0; j < data.CertifiedValues.Length; j++)
        {
            double digits = Statistics.LogRelativeError(result.Values[j], data.CertifiedValues[j]);
            Assert.True(digits >= 6.0,
                $"{data.Name} start {start} b{j + 1} = {result.Values[j]:R}, certified {data.CertifiedValues[j]:R} ({digits:F1} digits)");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reaches_certified_standard_deviations_to_four_digits(string file, int start)
    {
        var data = NistReferenceDataset.Load(file);

        var result = CurveFitter.Fit(new ExponentialRiseModel(), data.X, data.Y, sigma: null, initialGuess: data.Start(start));

        for (int j = 0; j < data.CertifiedStandardDeviations.Length; j++)
        {
            double digits = Statistics.LogRelativeError(result.ScaledStandardErrors[j], data.CertifiedStandardDeviations[j]);
            Assert.True(digits >= 4.0,
                $"{data.Name} start {start} sd(b{j + 1}) = {result.ScaledStandardErrors[j]:R}, certified {data.CertifiedStandardDeviations[j]:R} ({digits:F1} digits)");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reaches_certified_residual_sum_of_squares_and_residual_standard_deviation(string file, int start)
    {
        var data = NistReferenceDataset.Load(file);

        var result = CurveFitter.Fit(new ExponentialRiseModel(), data.X, data.Y, sigma: null, initialGuess: data.Start(start));

        Assert.Equal(data.DegreesOfFreedom, result.DegreesOfFreedom);
        Assert.True(Statistics.LogRelativeError(result.ChiSquare, data.ResidualSumOfSquares) >= 6.0,
            $"RSS {result.ChiSquare:R} vs {data.ResidualSumOfSquares:R}");
        Assert.True(Statistics.LogRelativeError(Math.Sqrt(result.ReducedChiSquare), data.ResidualStandardDeviation) >= 6.0,
            $"residual SD {Math.Sqrt(result.ReducedChiSquare):R} vs {data.ResidualStandardDeviation:R}");
    }

    [Theory]
    [InlineData("nist-strd-boxbod.txt")]
    [InlineData("nist-strd-misra1a.txt")]
    public void Reaches_certified_parameters_from_the_models_own_initial_guess(string file)
    {
        var data = NistReferenceDataset.Load(file);

        var result = CurveFitter.Fit(new ExponentialRiseModel(), data.X, data.Y);

        Assert.True(result.Converged, result.StopReason.ToString());
        for (int j = 0; j < data.CertifiedValues.Length; j++)
        {
            Assert.True(Statistics.LogRelativeError(result.Values[j], data.CertifiedValues[j]) >= 6.0,
                $"{data.Name} b{j + 1} = {result.Values[j]:R}, certified {data.CertifiedValues[j]:R}");
        }
    }

    [Fact]
    public void Reference_files_hold_the_documented_number_of_observations()
    {
        Assert.Equal(6, NistReferenceDataset.Load("nist-strd-boxbod.txt").X.Length);
        Assert.Equal(14, NistReferenceDataset.Load("nist-strd-misra1a.txt").X.Length);
    }
}
