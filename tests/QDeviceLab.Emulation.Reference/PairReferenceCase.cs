using System.Numerics;
using System.Text.Json;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Reference;

/// <summary>
/// One two-qubit sequence for the QuTiP comparison: the pair, both baths, the start state and the volts of
/// both drives and the flux line at every sample (all on one grid, equal lengths).
/// </summary>
internal sealed record PairReferenceCase(
    string Name,
    PairParameters Pair,
    double OccupationA,
    double OccupationB,
    double SampleInterval,
    PairState Initial,
    float[] IA,
    float[] QA,
    float[] IB,
    float[] QB,
    float[] Flux)
{
    public PairState Evolve()
    {
        var state = Initial.Clone();
        new PairPropagator(Pair, SampleInterval, OccupationA, OccupationB).Evolve(
            state,
            new DriveSamples(IA, 1.0, QA, 1.0),
            new DriveSamples(IB, 1.0, QB, 1.0),
            new DriveSamples(Flux, 1.0, null, 0.0));
        return state;
    }
}

/// <summary>The two-qubit sequences the QuTiP check runs: ZZ free evolution, simultaneous drives, a CZ flux pulse, a random sequence.</summary>
internal static class PairReferenceCases
{
    private const double Dt = 1e-9;

    public static IReadOnlyList<PairReferenceCase> All()
    {
        var a = new TransmonParameters(5.12e9, 150e3, 50e6, T1: 48e-6, T2Star: 31e-6);
        var b = new TransmonParameters(5.31e9, -220e3, 50e6, T1: 62e-6, T2Star: 55e-6);
        // Lossy qubits, a large static ZZ and strong flux coefficients so that every term shows within a few microseconds.
        var lossyA = new TransmonParameters(5.0e9, 2.5e6, 50e6, T1: 1.2e-6, T2Star: 0.9e-6);
        var lossyB = new TransmonParameters(5.4e9, -1.7e6, 50e6, T1: 2.0e-6, T2Star: 1.1e-6);
        var lossy = new PairParameters(lossyA, lossyB, StaticZzHz: 1.3e6, ZzPerVoltSquared: 8e7, ShiftAPerVoltSquared: -3e7, ShiftBPerVoltSquared: 2e7);
        var station = new PairParameters(a, b, StaticZzHz: -60e3, ZzPerVoltSquared: 1e8, ShiftAPerVoltSquared: -40e6, ShiftBPerVoltSquared: -25e6);
        double s = Math.Sqrt(0.5);
        var plus = DensityMatrix.Pure(new Complex(s, 0), new Complex(s, 0));
        var plusPlus = PairState.Product(plus, plus);
        var ground = PairState.Product(DensityMatrix.Ground, DensityMatrix.Ground);
        var rng = new DeterministicRandom(20261129);

        var zz = new PairSequence();
        zz.Idle(2500);

        var simultaneous = new PairSequence();
        simultaneous.Pulse(0.5, 0, 0.5, Math.PI / 2).Idle(100).Pulse(0.3, 1.0, 0.8, -0.4).Square(0.2, -0.1, 0.15, 0.05, 0, 300);

        double cz = station.ControlledZAmplitude(60e-9);
        var czPulse = new PairSequence();
        czPulse.Pulse(0.5, Math.PI / 2, 0.5, Math.PI / 2).FluxPulse(cz, 60).Pulse(0, 0, 0.5, -Math.PI / 2).Idle(20);

        var random = new PairSequence();
        for (int p = 0; p < 12; p++)
        {
            random.Pulse(rng.NextDouble(), 2 * Math.PI * rng.NextDouble(), rng.NextDouble() < 0.5 ? 0 : rng.NextDouble(), 2 * Math.PI * rng.NextDouble());
            random.FluxPulse(0.4 * rng.NextDouble(), (int)(rng.NextDouble() * 40));
            random.Idle((int)(rng.NextDouble() * 150));
        }

        var gateErrors = lossy with
        {
            A = lossyA with { DriveAmplitudeError = 0.04, DepolarizingRate = 3e5 },
            B = lossyB with { DriveAmplitudeError = -0.02, DepolarizingRate = 2e5 },
        };
        return
        [
            Case("pair_zz_free_plus_plus", lossy, 0.0, 0.0, plusPlus, zz),
            Case("pair_zz_free_warm_bath", lossy, 0.2, 0.1, plusPlus, zz),
            Case("pair_simultaneous_drives", lossy, 0.05, 0.0, PairState.Product(DensityMatrix.Mixed(0.1), DensityMatrix.Ground), simultaneous),
            Case("pair_cz_flux_pulse", station, 1e-9, 1e-9, ground, czPulse),
            Case("pair_random_sequence", gateErrors, 0.05, 0.1, ground, random),
        ];
    }

    public static void Write(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("basis", "index 2a + b, qubit a the left kron factor; |0> ground, |1> excited, sz = diag(1,-1); H/h = sum_q (detuning_q + shift_q V^2)/2 sz_q + rabi_q (1 + eps_q)/2 (V_Iq sx_q + V_Qq sy_q) + (zz + zz_per_volt_squared V^2) |11><11|");
        json.WriteStartArray("cases");
        foreach (var c in All())
        {
            var final = c.Evolve();
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteNumber("dt", c.SampleInterval);
            Qubit(json, "a", c.Pair.A, c.OccupationA);
            Qubit(json, "b", c.Pair.B, c.OccupationB);
            json.WriteNumber("zz_hz", c.Pair.StaticZzHz);
            json.WriteNumber("zz_per_volt_squared", c.Pair.ZzPerVoltSquared);
            json.WriteNumber("shift_a_per_volt_squared", c.Pair.ShiftAPerVoltSquared);
            json.WriteNumber("shift_b_per_volt_squared", c.Pair.ShiftBPerVoltSquared);
            Matrix(json, "rho_initial", c.Initial.ToDensityMatrix());
            Matrix(json, "rho_final", final.ToDensityMatrix());
            foreach (var (name, values) in new[] { ("i_a", c.IA), ("q_a", c.QA), ("i_b", c.IB), ("q_b", c.QB), ("flux", c.Flux) })
            {
                json.WriteStartArray(name);
                foreach (float v in values)
                {
                    json.WriteNumberValue((double)v);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Qubit(Utf8JsonWriter json, string name, TransmonParameters q, double occupation)
    {
        json.WriteStartObject(name);
        json.WriteNumber("detuning_hz", q.DetuningHz);
        json.WriteNumber("rabi_hz_per_volt", q.RabiRatePerVolt);
        json.WriteNumber("t1", q.T1);
        json.WriteNumber("t2_star", q.T2Star);
        json.WriteNumber("thermal_occupation", occupation);
        json.WriteNumber("drive_amplitude_error", q.DriveAmplitudeError);
        json.WriteNumber("depolarizing_rate", q.DepolarizingRate);
        json.WriteEndObject();
    }

    private static void Matrix(Utf8JsonWriter json, string name, Complex[] rho)
    {
        json.WriteStartArray(name);
        foreach (var z in rho)
        {
            json.WriteStartArray();
            json.WriteNumberValue(z.Real);
            json.WriteNumberValue(z.Imaginary);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static PairReferenceCase Case(string name, PairParameters pair, double na, double nb, PairState initial, PairSequence s) =>
        new(name, pair, na, nb, Dt, initial, [.. s.IA], [.. s.QA], [.. s.IB], [.. s.QB], [.. s.Flux]);
}

/// <summary>Volts per sample on both drives and the flux line: simultaneous 20 ns pulses, squares, flux pulses, idles.</summary>
internal sealed class PairSequence
{
    private readonly SequenceBuilder _a = new(1e-9);
    private readonly SequenceBuilder _b = new(1e-9);

    public List<float> IA => _a.I;

    public List<float> QA => _a.Q;

    public List<float> IB => _b.I;

    public List<float> QB => _b.Q;

    public List<float> Flux { get; } = [];

    /// <summary>20 ns lifted Gaussians on both qubits at once (<paramref name="turnsA"/> x pi about the axis at <paramref name="phaseA"/>, ...).</summary>
    public PairSequence Pulse(double turnsA, double phaseA, double turnsB, double phaseB)
    {
        _a.Gaussian(turnsA, phaseA);
        _b.Gaussian(turnsB, phaseB);
        return Pad();
    }

    public PairSequence Square(double iA, double qA, double iB, double qB, double flux, int samples)
    {
        _a.Square(iA, qA, samples);
        _b.Square(iB, qB, samples);
        for (int k = 0; k < samples; k++)
        {
            Flux.Add((float)flux);
        }

        return this;
    }

    public PairSequence FluxPulse(double volts, int samples) => Square(0, 0, 0, 0, volts, samples);

    public PairSequence Idle(int samples) => Square(0, 0, 0, 0, 0, samples);

    private PairSequence Pad()
    {
        while (Flux.Count < IA.Count)
        {
            Flux.Add(0);
        }

        return this;
    }
}
