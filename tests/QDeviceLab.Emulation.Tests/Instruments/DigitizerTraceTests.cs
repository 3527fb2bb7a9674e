using System.Numerics;
using QDeviceLab.Emulation.Tests.Support;
using static QDeviceLab.Emulation.Tests.Instruments.QubitExperimentTests;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>DIG-IQ4 averaged traces and integration weights, over loopback SCPI.</summary>
public sealed class DigitizerTraceTests
{
    private const double Q0Kappa = 1.6e6; // emulated.yaml q0 readout.kappa (Hz)

    [Fact]
    public async Task An_averaged_trace_rings_up_with_time_constant_two_over_kappa()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = Running(station);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        dig.WriteLine("ACQ:MODE TRAC;SHOT 200000;:INIT");
        Assert.Equal("1", dig.Query("*OPC?"));
        Assert.Equal("TRAC;2000;1000000000", dig.Query("ACQ:MODE?;POIN?;SRAT?"));
        var trace = Points(dig, "FETC:TRAC? 1");
        Assert.Equal(2000, trace.Length);

        // Project on the steady-state direction; the ring-up is 1 - exp(-t/tau), tau = 2/kappa.
        double tau = 2 / (2 * Math.PI * Q0Kappa);
        var late = Mean(trace, 1800, 2000);
        var direction = late / late.Magnitude;
        double steady = 1 - Math.Exp(-1.9e-6 / tau);
        double AtTime(double t) => (Mean(trace, (int)(t * 1e9) - 5, (int)(t * 1e9) + 5) / direction).Real / late.Magnitude * steady;
        Assert.Equal(1 - Math.Exp(-1), AtTime(tau), 0.03);
        Assert.Equal(1 - Math.Exp(-0.5), AtTime(tau / 2), 0.03);
        Assert.InRange(Mean(trace, 0, 10).Magnitude / late.Magnitude, 0, 0.05);
        Assert.Equal("0,\"No error\"", dig.Query("SYST:ERR?"));
    }

    [Fact]
    public async Task Trace_noise_falls_as_the_square_root_of_the_averages()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = Running(station);
        using var dig = new RawScpiClient(station.Resources["dig2"]); // channel 2: no qubit, noise only
        double Sigma(int shots)
        {
            dig.WriteLine($"ACQ:MODE TRAC;SHOT {shots};:INIT");
            Assert.Equal("1", dig.Query("*OPC?"));
            var trace = Points(dig, "FETC:TRAC? 2");
            return Math.Sqrt(trace.Sum(p => p.Real * p.Real + p.Imaginary * p.Imaginary) / (2.0 * trace.Length));
        }

        double perSample = 0.1e-3 * Math.Sqrt(2000); // integrates to the unconnected channel's 0.1 mV
        Assert.Equal(perSample / 10, Sigma(100), perSample / 10 * 0.05);
        Assert.Equal(perSample / 100, Sigma(10_000), perSample / 100 * 0.05);
    }

    [Fact]
    public async Task Integration_weights_scale_and_rotate_the_integrated_points_and_their_noise()
    {
        Complex[] boxcar, rotated, doubled;
        await using (var a = EmulatedStation.Start(StationFiles.Default))
        {
            boxcar = Acquire(a, null);
        }

        await using (var b = EmulatedStation.Start(StationFiles.Default))
        {
            rotated = Acquire(b, Enumerable.Repeat((0f, 1f), 2000).ToArray());
        }

        await using (var c = EmulatedStation.Start(StationFiles.Default))
        {
            doubled = Acquire(c, Enumerable.Repeat((2f, 0f), 2000).ToArray());
        }

        var ratio = Mean(rotated, 0, rotated.Length) / Mean(boxcar, 0, boxcar.Length);
        Assert.Equal(1, ratio.Magnitude, 0.03);
        Assert.Equal(Math.PI / 2, ratio.Phase, 0.03);
        Assert.Equal(2, (Mean(doubled, 0, doubled.Length) / Mean(boxcar, 0, boxcar.Length)).Real, 0.03);
        Assert.Equal(2, Spread(doubled) / Spread(boxcar), 0.1);
    }

    [Fact]
    public async Task Weights_and_records_are_checked_kept_per_channel_and_reset()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        dig.WriteLine("ACQ:POIN 16;:FORM:BORD SWAP");
        var weights = Enumerable.Range(0, 16).SelectMany(k => new[] { k / 16f, -k / 32f }).ToArray();
        dig.Write(WeightsCommand(3, weights));
        Assert.Equal("16;0", dig.Query("INT3:WEIG:POIN?;:INT1:WEIG:POIN?"));
        dig.WriteLine("INT3:WEIG?");
        Assert.Equal(weights, Waveforms.Floats(dig.ReadBlock(), bigEndian: false));
        dig.Write(WeightsCommand(2, new float[30]));              // 15 pairs, not 16
        dig.WriteLine("INT2:WEIG #15abcde");                      // not whole pairs
        dig.Write(WeightsCommand(5, new float[32]));              // no channel 5
        dig.WriteLine("ACQ:POIN 10");
        dig.WriteLine("FETC:TRAC? 1");
        Assert.Empty(dig.ReadBlock());
        Assert.Matches("^-224,.*,-161,.*,-114,.*,-222,.*,-230,.*$", dig.Query("SYST:ERR:ALL?"));
        dig.WriteLine("ACQ:POIN 32");
        Assert.Equal("0", dig.Query("INT3:WEIG:POIN?"));          // a new record length drops the weights
        dig.WriteLine("ACQ:MODE TRAC;*RST");
        Assert.Equal("IQ;2000", dig.Query("ACQ:MODE?;POIN?"));
    }

    private static RawScpiClient Running(EmulatedStation station)
    {
        var awg = new RawScpiClient(station.Resources["awg1"]);
        Upload(awg, "idle", [0f]);
        awg.WriteLine("SOUR1:CASS:WAV \"idle\";:OUTP1 ON;:AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?"));
        return awg;
    }

    private static Complex[] Acquire(EmulatedStation station, (float I, float Q)[]? weights)
    {
        using var awg = Running(station);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        if (weights is not null)
        {
            dig.Write(WeightsCommand(1, weights.SelectMany(w => new[] { w.I, w.Q }).ToArray(), bigEndian: true));
            Assert.Equal("2000", dig.Query("INT1:WEIG:POIN?"));
        }

        dig.WriteLine("ACQ:SHOT 4000;:INIT");
        Assert.Equal("1", dig.Query("*OPC?"));
        return Points(dig, "FETC:IQ? 1");
    }

    private static byte[] WeightsCommand(int channel, float[] pairs, bool bigEndian = false)
    {
        var payload = new byte[4 * pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            if (bigEndian)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(payload.AsSpan(4 * i), pairs[i]);
            }
            else
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(4 * i), pairs[i]);
            }
        }

        string length = payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [.. System.Text.Encoding.ASCII.GetBytes($"INT{channel}:WEIG #{length.Length}{length}"), .. payload, (byte)'\n'];
    }

    private static Complex[] Points(RawScpiClient dig, string query)
    {
        dig.WriteLine(query);
        var f = Waveforms.Floats(dig.ReadBlock(), bigEndian: true);
        return Enumerable.Range(0, f.Length / 2).Select(k => new Complex(f[2 * k], f[2 * k + 1])).ToArray();
    }

    private static Complex Mean(Complex[] points, int from, int to) =>
        points[Math.Max(0, from)..Math.Min(points.Length, to)].Aggregate(Complex.Zero, (a, p) => a + p) / (Math.Min(points.Length, to) - Math.Max(0, from));

    /// <summary>Median distance from the median point: the noise scale, insensitive to the few shots in the other cloud.</summary>
    private static double Spread(Complex[] points)
    {
        var centre = new Complex(Median(points.Select(p => p.Real)), Median(points.Select(p => p.Imaginary)));
        return Median(points.Select(p => (p - centre).Magnitude));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
