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
        var perRound = Lengths.Sum() * (long)SequencesPerLength;

        Round(0); // warm-up: JIT and tiered compilation
        var rates = new List<double>();
        for (var round = 1; round <= 15; round++)
        {
            var clock = Stopwatch.StartNew();
            var checksum = Round(round);
            clock.Stop();
            rates.Add(perRound / clock.Elapsed.TotalSeconds);
            GC.KeepAlive(checksum);
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{perRound:N0} Cliffords per round; generated + inverted: median {rates[rates.Count / 2] / 1e6:F1} M Cliffords/s (min {rates[0] / 1e6:F1}, max {rates[^1] / 1e6:F1}) over {rates.Count} rounds"));

        return 0;
    }

    private static int Round(int seed)
    {
        var generator = new RbSequenceGenerator(seed);
        var checksum = 0;
        foreach (var m in Lengths)
        {
            for (var k = 0; k < SequencesPerLength; k++)
            {
                checksum ^= generator.Next(m).Recovery;
            }
        }

        return checksum;
    }
}
