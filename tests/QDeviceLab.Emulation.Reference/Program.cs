using System.Diagnostics;
using System.Text.Json;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Reference;

// Usage:
//   QDeviceLab.Emulation.Reference cases OUT.json   every reference case with our final density matrix
//   QDeviceLab.Emulation.Reference bench OUT.json   200 random 20 ns pulses (4,000 samples), timed
//   QDeviceLab.Emulation.Reference rbphysics        the emulator's share of one-qubit RB, timed
//   QDeviceLab.Emulation.Reference pairs OUT.json   every two-qubit reference case with our final density matrix
//   QDeviceLab.Emulation.Reference pairbench        ns per sample of the pair propagator against the one-qubit one
if (args is ["rbphysics"])
{
    RbPhysicsBench.Run();
    return 0;
}

if (args is ["pairs", var pairsPath])
{
    PairReferenceCases.Write(pairsPath);
    Console.WriteLine($"wrote {PairReferenceCases.All().Count} two-qubit cases to {pairsPath}");
    return 0;
}

if (args is ["pairbench"])
{
    PairBench.Run();
    return 0;
}

if (args.Length != 2 || args[0] is not ("cases" or "bench"))
{
    Console.Error.WriteLine("usage: QDeviceLab.Emulation.Reference cases|bench|pairs OUT.json | rbphysics | pairbench");
    return 64;
}

if (args[0] == "cases")
{
    var cases = ReferenceCases.All();
    CaseJson.Write(args[1], cases.Select(c => (c, c.Evolve(), (Timing?)null)));
    Console.WriteLine($"wrote {cases.Count} cases to {args[1]}");
    return 0;
}

var q = new TransmonParameters(5.12e9, 150e3, 50e6, T1: 48e-6, T2Star: 31e-6);
var s = ReferenceCases.RandomPulses(new DeterministicRandom(4000), 200, idle: false);
var bench = new ReferenceCase("bench_200_random_pulses", q, 0.0, 1e-9, DensityMatrix.Ground, [.. s.I], [.. s.Q]);

// Cold: a fresh propagator, so each of the 4,000 distinct samples costs one 4x4 exponential.
var cold = Timing.Measure(() => bench.Evolve());
// Warm: the pulse library is cached, as when the same waveform is played again.
var cached = new TransmonPropagator(q, bench.SampleInterval);
var drive = new DriveSamples(bench.VoltsI, 1.0, bench.VoltsQ, 1.0);
cached.Evolve(bench.Initial, drive);
var warm = Timing.Measure(() => cached.Evolve(bench.Initial, drive));
CaseJson.Write(args[1], [(bench, bench.Evolve(), new Timing(cold, warm))]);
Console.WriteLine($"ours: {bench.VoltsI.Length} samples, cold {cold * 1e3:F3} ms, warm {warm * 1e3:F3} ms (median)");
return 0;

namespace QDeviceLab.Emulation.Reference
{
    /// <summary>Median seconds per evolution, with and without a warm propagator cache.</summary>
    internal sealed record Timing(double ColdSeconds, double WarmSeconds)
    {
        /// <summary>Median of at least 20 runs and at least half a second of runs.</summary>
        public static double Measure(Action run)
        {
            run();
            var times = new List<double>();
            var total = Stopwatch.StartNew();
            while (times.Count < 20 || total.Elapsed.TotalSeconds < 0.5)
            {
                long start = Stopwatch.GetTimestamp();
                run();
                times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            times.Sort();
            return times[times.Count / 2];
        }
    }

    /// <summary>
    /// The JSON both sides read: basis (|0>, |1>) with |1> excited, sz = diag(1, -1); rho as
    /// [[re, im], ...] in the order rho00, rho01, rho10, rho11; volts per sample.
    /// </summary>
    internal static class CaseJson
    {
        public static void Write(string path, IEnumerable<(ReferenceCase Case, DensityMatrix Final, Timing? Timing)> cases)
        {
            using var stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            json.WriteStartObject();
            json.WriteString("basis", "index 0 = |0> ground, index 1 = |1> excited; sz = diag(1,-1); H/h = (detuning/2) sz + (rabi/2)(V_I sx + V_Q sy)");
            json.WriteStartArray("cases");
            foreach (var (c, final, timing) in cases)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteNumber("dt", c.SampleInterval);
                json.WriteNumber("detuning_hz", c.Qubit.DetuningHz);
                json.WriteNumber("rabi_hz_per_volt", c.Qubit.RabiRatePerVolt);
                json.WriteNumber("t1", c.Qubit.T1);
                json.WriteNumber("t2_star", c.Qubit.T2Star);
                json.WriteNumber("thermal_occupation", c.ThermalOccupation);
                json.WriteNumber("drive_amplitude_error", c.Qubit.DriveAmplitudeError);
                json.WriteNumber("depolarizing_rate", c.Qubit.DepolarizingRate);
                Matrix(json, "rho_initial", c.Initial);
                Matrix(json, "rho_final", final);
                Numbers(json, "volts_i", c.VoltsI);
                Numbers(json, "volts_q", c.VoltsQ);
                if (timing is not null)
                {
                    json.WriteNumber("ours_cold_seconds", timing.ColdSeconds);
                    json.WriteNumber("ours_warm_seconds", timing.WarmSeconds);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Matrix(Utf8JsonWriter json, string name, DensityMatrix rho)
        {
            json.WriteStartArray(name);
            foreach (var z in new[] { rho.Rho00, rho.Rho01, rho.Rho10, rho.Rho11 })
            {
                json.WriteStartArray();
                json.WriteNumberValue(z.Real);
                json.WriteNumberValue(z.Imaginary);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        private static void Numbers(Utf8JsonWriter json, string name, float[] values)
        {
            json.WriteStartArray(name);
            foreach (float v in values)
            {
                // float -> double is exact, so QuTiP sees the very volts we integrated.
                json.WriteNumberValue((double)v);
            }

            json.WriteEndArray();
        }
    }
}
