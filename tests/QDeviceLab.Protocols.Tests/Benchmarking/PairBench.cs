using System.Globalization;
using System.Text.RegularExpressions;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

/// <summary>
/// The repository's emulated station with its coupled pair q0-q1 made ideal to a chosen degree,
/// written to a temporary station file and started on loopback: the two-qubit RB truth checks.
/// </summary>
internal sealed class PairBench : IAsyncDisposable
{
    /// <summary>Exact pi amplitudes of q0 and q1: 1 / (2 rabi_rate_per_volt A), A = 21.412466 ns (station file comment).</summary>
    private const string PiAmplitudeQ0 = "0.449055453";
    private const string PiAmplitudeQ1 = "0.467017671";

    private PairBench(EmulatedStation emulator, Station station, string folder)
    {
        Emulator = emulator;
        Station = station;
        Folder = folder;
    }

    public EmulatedStation Emulator { get; }

    public Station Station { get; }

    /// <summary>Temporary folder of the station file and raw data, deleted on dispose.</summary>
    public string Folder { get; }

    public PairLines Pair => Station.Pair("q0_q1");

    /// <summary>
    /// The pair with no detuning and no static ZZ, exact pi amplitudes and a CZ amplitude giving
    /// exactly pi. With <paramref name="decoherence"/> false also no T1 or dephasing (T1 = T2* =
    /// 1000 s), a readout without assignment errors whose clouds lie 30 noise widths apart, and the
    /// flux pulse's frequency shifts kept with the phase corrections that undo them exactly; with it
    /// true the station's T1, T2* and readout, and no flux shift (so no corrections).
    /// </summary>
    public static async Task<PairBench> StartAsync(bool decoherence, int seed)
    {
        var text = await File.ReadAllTextAsync(EmulatedBench.StationFilePath);
        text = Replace(text, @"(pi_pulse: \{ amplitude: )0\.449,", "${1}" + PiAmplitudeQ0 + ",");
        text = Replace(text, @"(pi_pulse: \{ amplitude: )0\.467,", "${1}" + PiAmplitudeQ1 + ",");
        var czAmplitude = Math.Sqrt(1 / (2 * 60e-9) / 1e8).ToString("R", CultureInfo.InvariantCulture);
        var corrections = decoherence ? "0.0, 0.0" : $"{Correction(-40e6)}, {Correction(-25e6)}";
        text = Replace(text, @"cz_pulse: \{ amplitude: [^,]+, duration: 60\.0e-9, phase_corrections: \[[^\]]+\] \}", $"cz_pulse: {{ amplitude: {czAmplitude}, duration: 60.0e-9, phase_corrections: [{corrections}] }}");
        text = Replace(text, @"zz: -60\.0e3", "zz: 0.0");
        text = Replace(text, @"detuning: 150\.0e3", "detuning: 0.0");
        text = Replace(text, @"detuning: -220\.0e3", "detuning: 0.0");
        if (decoherence)
        {
            // Frames then stay at multiples of 90 degrees, so the emulator's propagator cache hits and
            // long sequences stay cheap; the corrections' sign is checked by the ideal pair.
            text = Replace(text, @"frequency_shift_per_volt_squared: \[[^\]]+\]", "frequency_shift_per_volt_squared: [0.0, 0.0]");
        }
        else
        {
            text = Replace(text, @"t1: 48\.0e-6", "t1: 1.0e3");
            text = Replace(text, @"t2_star: 31\.0e-6", "t2_star: 1.0e3");
            text = Replace(text, @"t1: 62\.0e-6", "t1: 1.0e3");
            text = Replace(text, @"t2_star: 55\.0e-6", "t2_star: 1.0e3");
            text = Regex.Replace(text, @"noise: 0\.30e-3", "noise: 0.05e-3");
            text = Regex.Replace(text, @"p0_given_1: [0-9.]+", "p0_given_1: 0.0");
            text = Regex.Replace(text, @"p1_given_0: [0-9.]+", "p1_given_0: 0.0");
        }

        var folder = Directory.CreateTempSubdirectory("qdl-rb2-").FullName;
        var path = Path.Combine(folder, "pair.yaml");
        await File.WriteAllTextAsync(path, text);
        var emulator = EmulatedStation.Start(path, seed);
        try
        {
            var station = await Station.OpenAsync(StationFile.Load(path), emulator.Resources, TimeSpan.FromSeconds(30));
            return new PairBench(emulator, station, folder);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Station.DisposeAsync();
        await Emulator.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>-2 pi alpha V^2 t for the ideal CZ (V^2 = 1/(2 t zz_per_volt_squared), t = 60 ns): the flux shift's own phase, undone by virtual Z.</summary>
    private static string Correction(double shiftPerVoltSquared) =>
        (-2 * Math.PI * shiftPerVoltSquared * (1 / (2 * 60e-9) / 1e8) * 60e-9).ToString("R", CultureInfo.InvariantCulture);

    private static string Replace(string text, string pattern, string replacement)
    {
        var regex = new Regex(pattern);
        if (regex.Matches(text).Count != 1)
        {
            throw new InvalidOperationException($"the default station file no longer has exactly one match of /{pattern}/: update {nameof(PairBench)}");
        }

        return regex.Replace(text, replacement);
    }
}
