using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Bench.Rb;

/// <summary>
/// Harness overhead per RB sequence: compile, upload, fetch and analyse, timed stage by stage
/// through the real drivers against the emulated station, and set against the device time the
/// sequence stands for (1000 shots at 300 us repetition = 0.3 s).
/// </summary>
/// <remarks>
/// The emulated station runs in a child process, so the two costs are told apart by the operating
/// system's CPU accounting rather than by guesswork: the CPU time of this process is the harness
/// (protocol, pulse library, drivers, SCPI formatting, socket calls, raw-data writing, fit), the
/// child's is the emulator (SCPI parsing, physics, readout sampling). Wall time per stage is printed
/// too; the fetch stage's wall time includes waiting while the emulator simulates the shots, which
/// a real AWG would spend playing them (0.3 s), so it is not harness time.
/// </remarks>
internal static class Overhead
{
    private const int Shots = 1000;
    private const double Repetition = 300e-6;
    private const int SequencesPerLength = 20;
    private const int BootstrapResamples = 200;
    private static readonly int[] Lengths = [1, 2, 3, 5, 7, 10, 14, 19, 25, 32, 40, 50, 62, 76, 92, 110, 130, 155, 180, 210, 245, 285, 330, 380, 430, 480, 530, 580, 640, 700];

    public static async Task<int> RunAsync(string[] args)
    {
        bool sequencer = args.Length == 0 || args[0] != "waveform";
        string stationPath = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.GetFullPath(Path.Combine("instruments", "stations", "emulated.yaml"));
        using var child = StartEmulator(stationPath, out var resources);
        string raw = Directory.CreateTempSubdirectory("qdl-rb-overhead-").FullName;
        try
        {
            await using var station = await Station.OpenAsync(StationFile.Load(stationPath), resources);
            var qubit = station.Qubit("q0");
            var run = new Harness(qubit, sequencer);
            await run.PrepareAsync(raw);
            await run.PlayAsync([1, 10, 50, 100], 3, seed: 1); // warm-up: JIT and tiered compilation

            var stages = new Stages();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            child.Refresh();
            var emulatorCpu = child.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var outcomes = await run.PlayAsync(Lengths, SequencesPerLength, seed: 7, stages);
            var fitClock = Stopwatch.StartNew();
            var fit = RbAnalysis.Fit(outcomes);
            var bootstrap = RbBootstrap.Interval(outcomes, 7, BootstrapResamples);
            stages.Fit = fitClock.Elapsed.TotalSeconds;
            wall.Stop();
            ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
            child.Refresh();
            emulatorCpu = child.TotalProcessorTime - emulatorCpu;

            int n = outcomes.Count;
            double device = Shots * Repetition;
            double harnessCpu = ownCpu.TotalSeconds / n;
            double harnessWall = (stages.Compile + stages.Upload + stages.Analyse + stages.Fit) / n;
            Console.WriteLine(Invariant($"RB overhead on q0, {(sequencer ? "AWG sequencer (Clifford library uploaded once, one step table per sequence)" : "one uploaded waveform per sequence")}"));
            Console.WriteLine(Invariant($"{n} sequences ({Lengths.Length} lengths 1..{Lengths[^1]} Cliffords x {SequencesPerLength}), {Shots} shots each; device time per sequence {device:G3} s ({Shots} x {Repetition * 1e6:G3} us)"));
            Console.WriteLine(Invariant($"wall per sequence: compile {Ms(stages.Compile / n)}, upload {Ms(stages.Upload / n)}, fetch (incl. emulator) {Ms(stages.Fetch / n)}, analyse {Ms(stages.Analyse / n)} + fit/bootstrap {Ms(stages.Fit / n)}; total {Ms(wall.Elapsed.TotalSeconds / n)}"));
            Console.WriteLine(Invariant($"CPU per sequence: harness process {Ms(harnessCpu)} (compile {Ms(stages.Cpu[0] / n)}, upload {Ms(stages.Cpu[1] / n)}, fetch {Ms(stages.Cpu[2] / n)}, analyse {Ms(stages.Cpu[3] / n)}, fit/bootstrap and the rest {Ms(harnessCpu - (stages.Cpu.Sum() / n))}), emulator process {Ms(emulatorCpu.TotalSeconds / n)}"));
            Console.WriteLine(Invariant($"harness overhead / device time: {100 * harnessCpu / device:F3} % by harness CPU; {100 * harnessWall / device:F3} % by wall time of compile+upload+analyse+fit (target < 1 %)"));
            Console.WriteLine(Invariant($"whole emulated sequence (harness + emulator + loopback) / device time: {100 * wall.Elapsed.TotalSeconds / n / device:F2} %; EPC {fit.AverageGateInfidelity.Value:E3}, bootstrap [{bootstrap.Low:E2}, {bootstrap.High:E2}]"));
            return 0;
        }
        finally
        {
            Directory.Delete(raw, recursive: true);
            try
            {
                child.StandardInput.Close();
                if (!child.WaitForExit(10_000))
                {
                    child.Kill();
                }
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>The child: serve the station on loopback, print its resources, stop when stdin closes.</summary>
    public static async Task<int> ServeAsync(string stationPath, int seed)
    {
        await using var emulator = EmulatedStation.Start(stationPath, seed);
        foreach (var (name, resource) in emulator.Resources)
        {
            Console.WriteLine($"{name} {resource}");
        }

        Console.WriteLine("READY");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static Process StartEmulator(string stationPath, out Dictionary<string, string> resources)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Overhead).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(stationPath);
        start.ArgumentList.Add("20261128");
        var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator process");
        resources = new Dictionary<string, string>(StringComparer.Ordinal);
        while (child.StandardOutput.ReadLine() is { } line && line != "READY")
        {
            var parts = line.Split(' ', 2);
            resources[parts[0]] = parts[1];
        }

        return child;
    }

    private static string Ms(double seconds) => Invariant($"{seconds * 1e3:F3} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Stages
    {
        /// <summary>This process's CPU seconds per stage: compile, upload, fetch, analyse.</summary>
        public double[] Cpu { get; } = new double[4];

        public double Compile { get; set; }

        public double Upload { get; set; }

        public double Fetch { get; set; }

        public double Analyse { get; set; }

        public double Fit { get; set; }
    }

    /// <summary>The RB protocol's per-sequence path (RandomizedBenchmarking.PlayAsync) with a clock between stages.</summary>
    private sealed class Harness(QubitLines qubit, bool useSequencer)
    {
        private readonly CliffordWaveforms _library = new(qubit.Awg.SampleRate, qubit.PiPulse);
        private SequencedShotAcquisition? _sequencer;
        private StateDiscriminator? _discriminator;
        private RawDataRecorder? _recorder;

        public async Task PrepareAsync(string folder)
        {
            _recorder = RawDataRecorder.Create(folder, "rb", RandomizedBenchmarking.ShotsColumn);
            if (useSequencer)
            {
                _sequencer = await SequencedShotAcquisition.LoadAsync(
                    qubit, (IAwgSequencer)qubit.Awg, _library.Reachable, _library.InPhase, _library.Quadrature, CliffordWaveforms.Entries, CancellationToken.None);
            }

            var ground = await AcquireAsync([OneQubitCliffords.Identity], null);
            var excited = await AcquireAsync([OneQubitCliffords.Of(CliffordPulse.X180)], null);
            _discriminator = new StateDiscriminator(ground, excited);
        }

        public async Task<List<RbOutcome>> PlayAsync(int[] lengths, int perLength, int seed, Stages? stages = null)
        {
            var generator = new RbSequenceGenerator(seed);
            var outcomes = new List<RbOutcome>();
            var clock = new Stopwatch();
            var point = 0;
            foreach (var m in lengths)
            {
                for (var k = 0; k < perLength; k++)
                {
                    var sequence = generator.Next(m);
                    var cliffords = sequence.Played().ToArray();
                    var shots = await AcquireAsync(cliffords, stages, clock);
                    var duration = _library.EntriesOf(cliffords).Sum(_library.EntrySamples) / _library.SampleRate;
                    await _recorder!.AppendShotsAsync(point++, "rb", duration, shots);
                    var survived = shots.Count - _discriminator!.CountExcited(shots);
                    outcomes.Add(new RbOutcome(m, survived, shots.Count));
                    Add(stages, clock, (s, t) => s.Analyse += t, 3);
                }
            }

            return outcomes;
        }

        private async Task<IqShots> AcquireAsync(int[] cliffords, Stages? stages, Stopwatch? clock = null)
        {
            clock ??= new Stopwatch();
            Add(null, clock, (_, _) => { }, 0);
            if (_sequencer is { } sequencer)
            {
                var steps = sequencer.Steps(_library.EntriesOf(cliffords));
                Add(stages, clock, (s, t) => s.Compile += t, 0);
                await sequencer.LoadSequenceAsync(steps, CancellationToken.None);
            }
            else
            {
                var waveform = _library.Compile(cliffords);
                Add(stages, clock, (s, t) => s.Compile += t, 0);
                await ShotAcquisition.LoadAsync(qubit, waveform, CancellationToken.None);
            }

            Add(stages, clock, (s, t) => s.Upload += t, 1);
            var shots = await ShotAcquisition.RunAndFetchAsync(qubit, Shots, CancellationToken.None);
            Add(stages, clock, (s, t) => s.Fetch += t, 2);
            return shots;
        }

        private static TimeSpan _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;

        private static void Add(Stages? stages, Stopwatch clock, Action<Stages, double> add, int stage)
        {
            var cpu = CurrentCpu();
            if (stages is not null)
            {
                add(stages, clock.Elapsed.TotalSeconds);
                stages.Cpu[stage] += (cpu - _cpuMark).TotalSeconds;
            }

            _cpuMark = cpu;
            clock.Restart();
        }

        private static TimeSpan CurrentCpu()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }
}
