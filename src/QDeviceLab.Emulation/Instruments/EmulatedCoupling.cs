using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>The AWG channel carrying a coupled pair's flux line (from the station file's <c>pairs:</c>).</summary>
internal sealed record FluxWiring(string Awg, int Channel);

/// <summary>
/// Two emulated qubits with static ZZ and a flux line between them (station file: <c>pairs.&lt;name&gt;</c> for the
/// wiring, <c>emulator.couplings.&lt;name&gt;</c> for the truth). Their state is one two-qubit density matrix, and
/// their shots are drawn from its joint distribution.
/// </summary>
internal sealed class EmulatedCoupling(string name, EmulatedQubit a, EmulatedQubit b, PairParameters physics, FluxWiring flux)
{
    private PairPropagator? _propagator;

    public string Name { get; } = name;

    public EmulatedQubit A { get; } = a;

    public EmulatedQubit B { get; } = b;

    public PairParameters Physics { get; } = physics;

    public FluxWiring Flux { get; } = flux;

    public bool Involves(EmulatedQubit qubit) => ReferenceEquals(qubit, A) || ReferenceEquals(qubit, B);

    /// <summary>The propagator for a sample interval and both baths; rebuilt (cache dropped) when one changes.</summary>
    public PairPropagator PropagatorFor(double sampleInterval, double occupationA, double occupationB)
    {
        if (_propagator is null || _propagator.SampleInterval != sampleInterval
            || _propagator.OccupationA != occupationA || _propagator.OccupationB != occupationB)
        {
            _propagator = new PairPropagator(Physics, sampleInterval, occupationA, occupationB);
        }

        return _propagator;
    }

    /// <summary>
    /// One acquisition's shots of both qubits from the joint P(ab): A's shots on A's channel stream exactly
    /// as a lone qubit's, then B's on its own stream, each excited with P(b = 1 | A's projected outcome).
    /// The readouts are the ones the digitizer saw at the trigger (the readout LO scales them), not the
    /// station file's calibrated ones. Each qubit's shots are drawn when first asked for (B's need A's
    /// projected outcomes, so asking for B draws A's first); each stream is its own, so the numbers are
    /// the same whatever is asked for and in which order.
    /// </summary>
    public sealed class JointDraw(
        double[] populations, int shots,
        Func<DeterministicRandom> streamA, Func<DeterministicRandom> streamB, ReadoutModel readoutA, ReadoutModel readoutB)
    {
        private float[]? _iqA;
        private bool[]? _projected;

        public float[] ShotsOfA()
        {
            if (_iqA is null)
            {
                var iq = new float[2 * shots];
                var projected = new bool[shots];
                readoutA.Sample(populations[2] + populations[3], shots, streamA(), iq, projected);
                (_iqA, _projected) = (iq, projected);
            }

            return _iqA;
        }

        public float[] ShotsOfB()
        {
            ShotsOfA();
            var iq = new float[2 * shots];
            readoutB.SampleGiven(_projected!, Conditional(populations[1], populations[0]), Conditional(populations[3], populations[2]), streamB(), iq);
            return iq;
        }
    }

    private static double Conditional(double excited, double ground) =>
        excited + ground > 0 ? excited / (excited + ground) : 0;
}
