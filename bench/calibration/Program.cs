using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Bench.Calibration;

// Usage: dotnet QDeviceLab.Bench.Calibration.dll SEEDS FIRST_SEED QUBIT OUT.csv [STATION.yaml] [METRICS]
// METRICS: comma-separated subset of T1,T2*,T2E,F_RO,EPC (default all), e.g. EPC for the RB sweep alone.
// One line per (seed, metric) goes to OUT.csv as soon as it is measured, so an interrupted
// sweep keeps its data; the summary is printed at the end (and by summarize.py from the CSV).
var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var firstSeed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var qubit = args.Length > 2 ? args[2] : "q0";
var output = args.Length > 3 ? args[3] : "calibration.csv";
var station = args.Length > 4 && args[4].Length > 0 ? args[4] : RepositoryFile("instruments", "stations", "emulated.yaml");
HashSet<string>? only = args.Length > 5 ? [.. args[5].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;

await using var csv = new StreamWriter(output, append: false) { AutoFlush = true };
await csv.WriteLineAsync(SeedRun.CsvHeader);
var rows = new List<MetricRow>();
var clock = Stopwatch.StartNew();
for (var i = 0; i < seeds; i++)
{
    var seed = firstSeed + i;
    try
    {
        foreach (var row in await SeedRun.RunAsync(station, seed, qubit, only))
        {
            rows.Add(row);
            await csv.WriteLineAsync(row.ToCsv());
        }
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        // A failed acquisition or fit is a result too (it would be an ERROR verdict): count it.
        Console.Error.WriteLine($"seed {seed}: {e.GetType().Name}: {e.Message}");
        await csv.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{seed},error,NaN,NaN,NaN,NaN,ERROR"));
    }

    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed} done ({i + 1}/{seeds}, {clock.Elapsed.TotalSeconds:F0} s)"));
}

Console.WriteLine(Summary.Render(rows, seeds, qubit));

static string RepositoryFile(params string[] parts)
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
    {
        directory = directory.Parent;
    }

    return directory is null
        ? throw new InvalidOperationException("run inside the repository")
        : Path.Combine([directory.FullName, .. parts]);
}
