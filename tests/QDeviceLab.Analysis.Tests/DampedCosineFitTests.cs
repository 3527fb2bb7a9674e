using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

public sealed class DampedCosineFitTests
{
    private const double Window = 10.0; // microseconds
    private static readonly double[] Times = SyntheticData.Linspace(0.0, Window, 61);

    public static TheoryData<double, double> OscillationsAndPhases()
    {
        var data = new TheoryData<double, double>();
        foreach (double oscillations in new[] { 3.0, 4.5, 6.0 })
        {
            foreach (double phase in new[] { -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0 })
            {
                data.Add(oscillations, phase);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OscillationsAndPhases))]
    public void Recovers_detuning_and_T2_star_from_shot_noise_limited_Ramsey_data(double oscillations, double phase)
    {
        var model = new DampedCosineModel();
        double[] truth = [0.45, 8.0, oscillations / Window, phase, 0.5];
        int seed = (int)(oscillations * 100) + (int)((phase + 5) * 10);
        var (y, sigma) = new SyntheticData(seed).SurvivalProbabilities(model, truth, Times, shots: 500);

        var result = CurveFitter.Fit(model, Times, y, sigma);

        Assert.True(result.Converged, result.StopReason.ToString());
        Assert.Empty(result.ParametersAtBound);
        foreach (int j in new[] { DampedCosineModel.AmplitudeIndex, DampedCosineModel.DecayTimeIndex, DampedCosineModel.FrequencyIndex, DampedCosineModel.OffsetIndex })
        {
            double pull = (result.Values[j] - truth[j]) / result.StandardErrors[j];
            Assert.True(Math.Abs(pull) < 3.0, $"{result.ParameterNames[j]} = {result.Values[j]} +- {result.StandardErrors[j]}, truth {truth[j]}");
        }

        double phasePull = Statistics.PhaseDifference(result.Values[DampedCosineModel.PhaseIndex], phase)
            / result.StandardErrors[DampedCosineModel.PhaseIndex];
        Assert.True(Math.Abs(phasePull) < 3.0, $"phi = {result.Values[DampedCosineModel.PhaseIndex]}, truth {phase}");
    }

    [Theory]
    [MemberData(nameof(OscillationsAndPhases))]
    public void Initial_guess_finds_the_detuning_within_five_percent(double oscillations, double phase)
    {
        var model = new DampedCosineModel();
        double[] truth = [0.45, 8.0, oscillations / Window, phase, 0.5];
        var (y, _) = new SyntheticData(99).SurvivalProbabilities(model, truth, Times, shots: 200);

        var guess = model.InitialGuess(Times, y);

        Assert.InRange(guess[DampedCosineModel.FrequencyIndex], 0.95 * truth[2], 1.05 * truth[2]);
    }

    [Fact]
    public void Fits_non_uniformly_sampled_delays()
    {
        // Delays jittered by up to 40 % of the spacing and shuffled, as from a randomised sweep.
        var model = new DampedCosineModel();
        double[] truth = [0.4, 6.0, 0.45, 0.7, 0.5];
        var random = new Random(5);
        var x = Times.Select(t => Math.Max(0.0, t + ((random.NextDouble() - 0.5) * 0.8 * (Window / 60)))).OrderBy(_ => random.Next()).ToArray();
        var (y, sigma) = new SyntheticData(6).SurvivalProbabilities(model, truth, x, shots: 1000);

        var result = CurveFitter.Fit(model, x, y, sigma);

        Assert.True(result.Converged);
        var f = result.Parameter("f");
        var tau = result.Parameter("tau");
        Assert.True(Math.Abs(f.Value - 0.45) < 3.0 * f.StandardError, $"f = {f.Value} +- {f.StandardError}");
        Assert.True(Math.Abs(tau.Value - 6.0) < 3.0 * tau.StandardError, $"tau = {tau.Value} +- {tau.StandardError}");
    }

    [Fact]
    public void Standard_errors_match_the_spread_of_estimates_over_200_repetitions()
    {
        var model = new DampedCosineModel();
        double[] truth = [0.45, 8.0, 0.45, 0.8, 0.5];
        var sigma = SyntheticData.Constant(Times.Length, 0.02);
        var estimates = Enumerable.Range(0, 5).Select(_ => new List<double>()).ToArray();
        var reported = Enumerable.Range(0, 5).Select(_ => new List<double>()).ToArray();

        for (int seed = 0; seed < 200; seed++)
        {
            var y = new SyntheticData(5000 + seed).WithGaussianNoise(model, truth, Times, sigma);
            var result = CurveFitter.Fit(model, Times, y, sigma);
            Assert.True(result.Converged);
            for (int j = 0; j < 5; j++)
            {
                estimates[j].Add(result.Values[j]);
                reported[j].Add(result.StandardErrors[j]);
            }
        }

        for (int j = 0; j < 5; j++)
        {
            double spread = Statistics.SampleStandardDeviation(estimates[j]);
            Assert.InRange(Statistics.Mean(reported[j]) / spread, 0.85, 1.15);
        }
    }
}
