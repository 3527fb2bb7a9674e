using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Analysis.Clifford;

// Cliffords drawn, composed and inverted per second by RbSequenceGenerator: the cost of
// designing an RB experiment, which must stay negligible next to playing it.
// Median of several rounds, each drawing 200 sequences of every length (one RB design).
int[] lengths = [1, 20, 50, 100, 150, 200, 300, 400, 550, 700];
const int SequencesPerLength = 200;
var perRound = lengths.Sum() * (long)SequencesPerLength;

Round(seed: 0); // warm-up: JIT and tiered compilation
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

int Round(int seed)
{
    var generator = new RbSequenceGenerator(seed);
    var checksum = 0;
    foreach (var m in lengths)
    {
        for (var k = 0; k < SequencesPerLength; k++)
        {
            checksum ^= generator.Next(m).Recovery;
        }
    }

    return checksum;
}
