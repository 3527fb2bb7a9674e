using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

public sealed class ExponentialDecayFitTests
{
    // T1 in microseconds: excited-state population decaying towards a small readout offset.
    private static readonly double[] T1Truth = [0.9, 20.0, 0.05];
    private static readonly double[] Delays = SyntheticData.Linspace(0.0, 100.0, 51);

    [Fact]
    public void Recovers_T1_within_three_standard_errors_from_shot_noise_limited_data_over_20_seeds()
    {
        // 60 pulls: about 0.16 are expected beyond 3 sigma by chance, so allow two and none beyond 4.
        var model = new ExponentialDecayModel();
        var beyondThreeSigma = new List<string>();
        for (int seed = 1; seed <= 20; seed++)
        {
            var (y, sigma) = new SyntheticData(seed).SurvivalProbabilities(model, T1Truth, Delays, shots: 1000);

            var result = CurveFitter.Fit(model, Delays, y, sigma);

            Assert.True(result.Converged, result.StopReason.ToString());
            Assert.Empty(result.ParametersAtBound);
            Assert.InRange(result.ReducedChiSquare, 0.4, 2.0);
            for (int j = 0; j < T1Truth.Length; j++)
            {
                double pull = (result.Values[j] - T1Truth[j]) / result.StandardErrors[j];
                string description = $"seed {seed}: {result.ParameterNames[j]} = {result.Values[j]} +- {result.StandardErrors[j]}, truth {T1Truth[j]}";
                Assert.True(Math.Abs(pull) < 4.0, description);
                if (Math.Abs(pull) >= 3.0)
                {
                    beyondThreeSigma.Add(description);
                }
            }
        }

        Assert.True(beyondThreeSigma.Count <= 2, string.Join("; ", beyondThreeSigma));
    }

    [Fact]
    public void Standard_errors_match_the_spread_of_estimates_over_200_repetitions()
    {
        var model = new ExponentialDecayModel();
        var sigma = SyntheticData.Constant(Delays.Length, 0.02);
        var estimates = Enumerable.Range(0, 3).Select(_ => new List<double>()).ToArray();
        var reported = Enumerable.Range(0, 3).Select(_ => new List<double>()).ToArray();
        var scaled = Enumerable.Range(0, 3).Select(_ => new List<double>()).ToArray();

        for (int seed = 0; seed < 200; seed++)
        {
            var y = new SyntheticData(1000 + seed).WithGaussianNoise(model, T1Truth, Delays, sigma);
            var result = CurveFitter.Fit(model, Delays, y, sigma);
            Assert.True(result.Converged);
            for (int j = 0; j < 3; j++)
            {
                estimates[j].Add(result.Values[j]);
                reported[j].Add(result.StandardErrors[j]);
                scaled[j].Add(result.ScaledStandardErrors[j]);
            }
        }

        for (int j = 0; j < 3; j++)
        {
            double spread = Statistics.SampleStandardDeviation(estimates[j]);
            Assert.InRange(Statistics.Mean(reported[j]) / spread, 0.85, 1.15);
            Assert.InRange(Statistics.Mean(scaled[j]) / spread, 0.85, 1.15);
        }
    }

    [Fact]
    public void Initial_guess_is_close_for_unsorted_data_with_a_rising_population()
    {
        // A < 0: ground-state population recovering after a pi pulse.
        double[] truth = [-0.8, 35.0, 0.9];
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0.0, 150.0, 40).Reverse().ToArray();
        var y = new SyntheticData(7).WithGaussianNoise(model, truth, x, SyntheticData.Constant(x.Length, 0.01));

        var guess = model.InitialGuess(x, y);

        Assert.InRange(guess[ExponentialDecayModel.DecayTimeIndex], 35.0 / 1.5, 35.0 * 1.5);
        Assert.InRange(guess[ExponentialDecayModel.AmplitudeIndex], -1.0, -0.6);
        Assert.InRange(guess[ExponentialDecayModel.OffsetIndex], 0.8, 1.0);
    }

    [Fact]
    public void Fits_a_window_that_does_not_reach_the_tail()
    {
        // Only 1.5 decay times measured: the tail estimate of B is biased, the fit must recover.
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0.0, 30.0, 31);
        var sigma = SyntheticData.Constant(x.Length, 0.005);
        var y = new SyntheticData(11).WithGaussianNoise(model, T1Truth, x, sigma);

        var result = CurveFitter.Fit(model, x, y, sigma);

        Assert.True(result.Converged);
        var tau = result.Parameter("tau");
        Assert.True(Math.Abs(tau.Value - 20.0) < 3.0 * tau.StandardError, $"tau = {tau.Value} +- {tau.StandardError}");
    }
}
