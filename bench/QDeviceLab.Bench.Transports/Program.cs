using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Visa;

// The harness side of the transport benchmarks (bench/transports/run.sh): our VISA session as a
// client of any server, printing one number so the script can form ratios.
//   idn RESOURCE N        N "*IDN?" queries; prints "queries_per_second bytes_allocated_per_query"
//   upload RESOURCE BYTES [REPEATS]
//                         one float32 waveform of BYTES bytes as a definite block, then *OPC?,
//                         into a waveform just created (the twin commits its memory now); then
//                         REPEATS-1 more uploads into the same waveform (memory reused).
//                         prints "bytes_per_second peak_rss_growth_bytes [median_of_repeats_bytes_per_second]"
// A VXI-11 resource finds the portmapper on 111 (the emulator binds it there when run as root).
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: idn RESOURCE N | upload RESOURCE BYTES [REPEATS]");
    return 64;
}

var resource = args[1];
var count = long.Parse(args[2], CultureInfo.InvariantCulture);
await using var session = await MessageSession.OpenAsync(resource, MessageSessionOptions.Default with { Timeout = TimeSpan.FromSeconds(60) });
switch (args[0])
{
    case "idn":
        for (var i = 0; i < 1000; i++)
        {
            await session.QueryAsync("*IDN?");
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            await session.QueryAsync("*IDN?");
        }

        double rate = count / clock.Elapsed.TotalSeconds;
        double perQuery = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rate:F0} {perQuery:F0}"));
        return 0;

    case "upload":
        var samples = new float[count / sizeof(float)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = MathF.Sin(i * 1e-3f) * 0.5f;
        }

        GC.Collect();
        var baseline = ResidentBytes();
        ResetPeak();
        // A fresh waveform (an earlier run's is deleted; the error if there was none is harmless).
        await session.WriteLineAsync("WLISt:WAVeform:DELete \"bench\"");
        await session.WriteLineAsync($"WLISt:WAVeform:NEW \"bench\",{samples.Length}");
        await session.QueryAsync("*OPC?");
        var rates = new List<double>();
        int repeats = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        for (int r = 0; r < repeats; r++)
        {
            var upload = Stopwatch.StartNew();
            await session.WriteBlockAsync($"WLISt:WAVeform:DATA \"bench\",0,{samples.Length},", new ReadOnlyMemory<float>(samples), ByteOrder.LittleEndian);
            var done = await session.QueryAsync("*OPC?");
            rates.Add(count / upload.Elapsed.TotalSeconds);
            if (done.Trim() != "1")
            {
                Console.Error.WriteLine($"*OPC? answered '{done}'");
                return 1;
            }
        }

        long growth = PeakBytes() - baseline;
        var again = rates.Skip(1).Order().ToList();
        string warm = again.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" {again[again.Count / 2]:F0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rates[0]:F0} {growth}{warm}"));
        GC.KeepAlive(samples);
        return 0;

    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 64;
}

// Linux /proc accounting: VmRSS now, VmHWM the peak since the last reset.
static long ResidentBytes() => StatusField("VmRSS:");

static long PeakBytes() => StatusField("VmHWM:");

static void ResetPeak()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
        // Older kernels cannot reset the high-water mark; the peak then includes start-up.
    }
}

static long StatusField(string name)
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith(name, StringComparison.Ordinal))
        {
            return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}
