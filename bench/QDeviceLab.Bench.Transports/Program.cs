using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Visa;

// The harness side of the transport benchmarks (bench/transports/run.sh): our VISA session as a
// client of any server, printing one number so the script can form ratios.
//   idn RESOURCE N        N "*IDN?" queries; prints queries per second
//   upload RESOURCE BYTES one float32 waveform of BYTES bytes as a definite block, then *OPC?;
//                         prints "bytes_per_second peak_rss_growth_bytes"
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: idn RESOURCE N | upload RESOURCE BYTES");
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

        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            await session.QueryAsync("*IDN?");
        }

        Console.WriteLine((count / clock.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture));
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
        await session.WriteLineAsync($"WLISt:WAVeform:NEW \"bench\",{samples.Length}");
        var upload = Stopwatch.StartNew();
        await session.WriteBlockAsync($"WLISt:WAVeform:DATA \"bench\",0,{samples.Length},", new ReadOnlyMemory<float>(samples), ByteOrder.LittleEndian);
        var done = await session.QueryAsync("*OPC?");
        var seconds = upload.Elapsed.TotalSeconds;
        if (done.Trim() != "1")
        {
            Console.Error.WriteLine($"*OPC? answered '{done}'");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count / seconds:F0} {PeakBytes() - baseline}"));
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
