using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Bench.Rb;

/// <summary>
/// Cliffords drawn, composed and inverted per second by the sequence generators: the cost of
/// designing an RB experiment, which must stay negligible next to playing it. Median of several
/// rounds, each drawing 200 sequences of every length (one RB design).
/// </summary>
internal static class Generation
{
    private const int SequencesPerLength = 200;
    private static readonly int[] Lengths = [1, 20, 50, 100, 150, 200, 300, 400, 550, 700];

    public static int Run()
    {
        Report("one-qubit", seed => Round(seed, new RbSequenceGenerator(seed).Next));
        Report("two-qubit", seed => Round(seed, new TwoQubitRbSequenceGenerator(seed).Next));
        return 0;
    }

    private static void Report(string what, Func<int, int> round)
    {
        var perRound = Lengths.Sum() * (long)SequencesPerLength;
        round(0); // warm-up: JIT and tiered compilation
        var rates = new List<double>();
        for (var r = 1; r <= 15; r++)
        {
            var clock = Stopwatch.StartNew();
            var checksum = round(r);
            clock.Stop();
            rates.Add(perRound / clock.Elapsed.TotalSeconds);
            GC.KeepAlive(checksum);
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {perRound:N0} Cliffords per round; generated + inverted: median {rates[rates.Count / 2] / 1e6:F2} M Cliffords/s (min {rates[0] / 1e6:F2}, max {rates[^1] / 1e6:F2}) over {rates.Count} rounds"));
    }

    private static int Round(int seed, Func<int, int?, RbSequence> next)
    {
        var checksum = 0;
        foreach (var m in Lengths)
        {
            for (var k = 0; k < SequencesPerLength; k++)
            {
                checksum ^= next(m, null).Recovery;
            }
        }

        return checksum;
    }
}
