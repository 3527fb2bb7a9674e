using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;

// Emulation speed factor of a one-qubit RB run: the device time the same experiment takes on
// hardware (every shot one repetition period) over the wall time the emulated station needs,
// through the real drivers and loopback sockets, exactly as `qdlab run` drives it.
// Usage: QDeviceLab.Bench.EmulatorRb STATION.yaml [qubit] [repetition_seconds] [sequencer|waveform]
if (args.Length is < 1 or > 4 || (args.Length == 4 && args[3] is not ("sequencer" or "waveform")))
{
    Console.Error.WriteLine("usage: QDeviceLab.Bench.EmulatorRb STATION.yaml [qubit=q0] [repetition_seconds=300e-6] [sequencer|waveform]");
    return 64;
}

bool useSequencer = args.Length < 4 || args[3] == "sequencer";

string stationPath = args[0];
string qubitName = args.Length > 1 ? args[1] : "q0";
double repetition = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 300e-6;
int[] lengths = [1, 2, 3, 5, 7, 10, 14, 19, 25, 32, 40, 50, 62, 76, 92, 110, 130, 155, 180, 210, 245, 285, 330, 380, 430, 480, 530, 580, 640, 700];
const int SequencesPerLength = 50;
const int Shots = 1000;

await using var emulator = EmulatedStation.Start(stationPath, 20261128);
await using var station = await Station.OpenAsync(StationFile.Load(stationPath), emulator.Resources);
var qubit = station.Qubit(qubitName);
string raw = Directory.CreateTempSubdirectory("qdl-rb-speed-").FullName;
try
{
    // A short warm-up run so JIT and tiered compilation are not timed.
    await using (var warm = RawDataRecorder.Create(raw, "warm", RandomizedBenchmarking.ShotsColumn))
    {
        await RandomizedBenchmarking.AcquireAsync(qubit, new RbParameters([1, 10, 50, 100], 2, Shots, seed: 1) { UseSequencer = useSequencer }, warm);
    }

    await using var recorder = RawDataRecorder.Create(raw, "rb", RandomizedBenchmarking.ShotsColumn);
    var clock = Stopwatch.StartNew();
    var data = await RandomizedBenchmarking.AcquireAsync(qubit, new RbParameters(lengths, SequencesPerLength, Shots, seed: 7) { UseSequencer = useSequencer }, recorder);
    clock.Stop();
    var fit = RandomizedBenchmarking.Fit(data, bootstrapResamples: 100);

    // Two readout references plus every sequence, each `Shots` repetitions.
    long plays = data.Sequences.Count + 2L;
    double deviceSeconds = plays * Shots * repetition;
    double wall = clock.Elapsed.TotalSeconds;
    long samples = data.Sequences.Sum(s => (long)Math.Round(s.Duration * qubit.Awg.SampleRate));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RB on {qubitName} ({(useSequencer ? "AWG sequencer" : "one waveform per sequence")}): {lengths.Length} lengths (1..{lengths[^1]} Cliffords) x {SequencesPerLength} sequences x {Shots} shots, {samples:N0} drive samples uploaded and evolved"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"device time at {repetition * 1e6:G4} us per shot: {deviceSeconds:F1} s; wall time {wall:F2} s ({wall / plays * 1e3:F2} ms per sequence)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"emulation speed factor: {deviceSeconds / wall:F0}x (target >= 100x); error per Clifford {fit.ErrorPerClifford.Value:E3} +- {fit.ErrorPerClifford.StandardUncertainty:E1}"));
    return 0;
}
finally
{
    Directory.Delete(raw, recursive: true);
}
