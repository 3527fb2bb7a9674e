using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QDeviceLab.Analysis;

// Usage: dotnet QDeviceLab.Bench.Fits.dll DATA.json
// Writes the dataset (41 T1-like points with binomial shot noise, their sigmas and the common
// starting point) to DATA.json for bench.py, then times CurveFitter on it in-process: a warm-up
// for JIT and tiered compilation, then 15 rounds of 2,000 fits; prints the median microseconds
// per fit, from the common start and from the model's own initial guess.
var path = args.Length > 0 ? args[0] : "fit-data.json";
var model = new ExponentialDecayModel();
var random = new Random(41);
var x = Enumerable.Range(0, 41).Select(i => i * 240e-6 / 40).ToArray();
var y = new double[x.Length];
var sigma = new double[x.Length];
for (var i = 0; i < x.Length; i++)
{
    var p = model.Evaluate(x[i], [-0.9, 48e-6, 0.95]);
    var k = Enumerable.Range(0, 400).Count(_ => random.NextDouble() < p);
    (y[i], sigma[i]) = (k / 400.0, ShotNoise.BinomialSigma(k, 400));
}

var start = model.InitialGuess(x, y);
var reference = CurveFitter.Fit(model, x, y, sigma, start);
await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { x, y, sigma, start, values = reference.Values }));

double MedianMicroseconds(Func<FitResult> fit)
{
    for (var i = 0; i < 20_000; i++)
    {
        fit(); // warm-up: reach tier-1 code before measuring
    }

    const int PerRound = 2_000;
    var rounds = new List<double>();
    for (var round = 0; round < 15; round++)
    {
        var clock = Stopwatch.StartNew();
        var checksum = 0.0;
        for (var i = 0; i < PerRound; i++)
        {
            checksum += fit().Values[1];
        }

        clock.Stop();
        GC.KeepAlive(checksum);
        rounds.Add(clock.Elapsed.TotalMicroseconds / PerRound);
    }

    rounds.Sort();
    return rounds[rounds.Count / 2];
}

var fromStart = MedianMicroseconds(() => CurveFitter.Fit(model, x, y, sigma, start));
var fromGuess = MedianMicroseconds(() => CurveFitter.Fit(model, x, y, sigma));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qdevicelab_from_start_us {fromStart:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qdevicelab_with_own_guess_us {fromGuess:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qdevicelab_iterations {reference.Iterations}"));
