using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// What all emulated instruments of one station share: the qubits and their wiring, the
/// mixing chamber, the emulated clock, the seed, and one lock so that an AWG run and the
/// digitizer acquisition it triggers happen atomically.
/// </summary>
internal sealed partial class EmulatedDevice(long seed, MixingChamber mixingChamber, IEnumerable<EmulatedQubit> qubits, IEnumerable<EmulatedCoupling>? couplings = null)
{
    private readonly Dictionary<string, Awg5208Emulator> _awgs = new(StringComparer.Ordinal);
    private readonly List<DigIq4Emulator> _digitizers = [];

    public object SyncRoot { get; } = new();

    public long Seed { get; } = seed;

    public EmulatedClock Clock { get; } = new();

    public MixingChamber MixingChamber { get; } = mixingChamber;

    /// <summary>Kelvin, now (set point, drift and excursions at the emulated clock's time).</summary>
    public double MixingChamberTemperature => MixingChamber.TemperatureAt(Clock.Now);

    public IReadOnlyList<EmulatedQubit> Qubits { get; } = [.. qubits];

    /// <summary>Coupled pairs (static ZZ, flux line); a qubit is in at most one.</summary>
    public IReadOnlyList<EmulatedCoupling> Couplings { get; } = [.. couplings ?? []];

    public void Attach(string name, Awg5208Emulator awg) => _awgs.Add(name, awg);

    public void Attach(DigIq4Emulator digitizer) => _digitizers.Add(digitizer);

    public bool AnyAwgRunning => _awgs.Values.Any(a => a.IsRunning);

    public EmulatedCoupling? CouplingOf(EmulatedQubit qubit) => Couplings.FirstOrDefault(c => c.Involves(qubit));

    public EmulatedQubit? QubitReadBy(string digitizer, int channel) =>
        Qubits.FirstOrDefault(q => q.Wiring.Digitizer == digitizer && q.Wiring.ReadoutChannel == channel);

    /// <summary>Called under the lock when an AWG starts playing: armed digitizers acquire.</summary>
    public void OnAwgRun()
    {
        foreach (var digitizer in _digitizers)
        {
            digitizer.OnAwgTrigger();
        }
    }

    /// <summary>Thermal excited population at the current mixing-chamber temperature.</summary>
    public double ThermalExcitedPopulation(EmulatedQubit qubit) =>
        Thermal.ExcitedPopulation(qubit.Physics.FrequencyHz, MixingChamberTemperature);

    /// <summary>
    /// P1 at the end of one play: thermal start, then exact evolution under the volts the AWG
    /// outputs on the qubit's I and Q channels (nothing when the AWG is stopped), with the
    /// bath at the current mixing-chamber temperature. <paramref name="playSeconds"/> is the
    /// length of the play (0 when nothing plays). A qubit of a coupled pair gets its marginal of
    /// the pair's joint evolution, so ZZ and the CZ act on it whichever acquisition mode asks.
    /// </summary>
    public double ExcitedPopulationAfterPlay(EmulatedQubit qubit, out double playSeconds)
    {
        if (CouplingOf(qubit) is { } pair)
        {
            double[] joint = JointPopulationsAfterPlay(pair, out playSeconds);
            return qubit == pair.A ? joint[2] + joint[3] : joint[1] + joint[3];
        }

        playSeconds = 0;
        double temperature = MixingChamberTemperature;
        double thermal = Thermal.ExcitedPopulation(qubit.Physics.FrequencyHz, temperature);
        if (!_awgs.TryGetValue(qubit.Wiring.Awg, out var awg)
            || !awg.TryGetDrive(qubit.Wiring.IChannel, qubit.Wiring.QChannel, out var drive, out double sampleInterval))
        {
            return thermal;
        }

        playSeconds = drive.Samples * sampleInterval;
        double occupation = Thermal.BoseOccupation(qubit.Physics.FrequencyHz, temperature);
        var rho = qubit.PropagatorFor(sampleInterval, occupation).Evolve(DensityMatrix.Mixed(thermal), drive);
        return Math.Clamp(rho.ExcitedPopulation, 0.0, 1.0);
    }

    /// <summary>
    /// P(ab) (index 2a + b) of a coupled pair at the end of one play: both qubits start thermal, then evolve
    /// together under both drives and the flux line, every line starting at time 0 (a stopped AWG plays
    /// nothing). <paramref name="playSeconds"/> is the longest line's length.
    /// </summary>
    public double[] JointPopulationsAfterPlay(EmulatedCoupling pair, out double playSeconds)
    {
        playSeconds = 0;
        double temperature = MixingChamberTemperature;
        var (a, b) = (pair.A.Physics, pair.B.Physics);
        var state = PairState.Product(
            DensityMatrix.Mixed(Thermal.ExcitedPopulation(a.FrequencyHz, temperature)),
            DensityMatrix.Mixed(Thermal.ExcitedPopulation(b.FrequencyHz, temperature)));
        var lines = new (DriveProgram? Program, double Interval)[]
        {
            Line(pair.A.Wiring.Awg, pair.A.Wiring.IChannel, pair.A.Wiring.QChannel),
            Line(pair.B.Wiring.Awg, pair.B.Wiring.IChannel, pair.B.Wiring.QChannel),
            Line(pair.Flux.Awg, pair.Flux.Channel, 0),
        };
        if (lines.FirstOrDefault(l => l.Program is not null) is not { Program: not null } first)
        {
            return state.Populations();
        }

        double dt = first.Interval;
        var propagator = pair.PropagatorFor(
            dt,
            Thermal.BoseOccupation(a.FrequencyHz, temperature),
            Thermal.BoseOccupation(b.FrequencyHz, temperature));
        // One drive alone (a lone-qubit experiment on a coupled qubit): segment by segment, repeated steps composed once.
        long samples = lines[0].Program is { } onlyA && lines[1].Program is null && lines[2].Program is null
            ? propagator.EvolveOneDrive(state, onlyA, driveOfA: true)
            : lines[1].Program is { } onlyB && lines[0].Program is null && lines[2].Program is null
            ? propagator.EvolveOneDrive(state, onlyB, driveOfA: false)
            : propagator.Evolve(
            state,
            new DriveRunCursor(lines[0].Program, lines[0].Interval, dt),
            new DriveRunCursor(lines[1].Program, lines[1].Interval, dt),
            new DriveRunCursor(lines[2].Program, lines[2].Interval, dt));
        playSeconds = samples * dt;
        return state.Populations();
    }

    private (DriveProgram? Program, double Interval) Line(string awgName, int iChannel, int qChannel) =>
        _awgs.TryGetValue(awgName, out var awg) && awg.TryGetDrive(iChannel, qChannel, out var drive, out double interval)
            ? (drive, interval)
            : (null, 0);
}
