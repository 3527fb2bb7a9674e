using System.Numerics;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>The coupled pair's exact propagator: consistency with the one-qubit model, static ZZ and the CZ flux pulse.</summary>
public sealed class CoupledPairTests
{
    private const double Dt = 1e-9;
    private static readonly TransmonParameters A = new(5.12e9, 150e3, 52e6, T1: 48e-6, T2Star: 31e-6);
    private static readonly TransmonParameters B = new(5.31e9, -220e3, 50e6, T1: 62e-6, T2Star: 55e-6);

    /// <summary>The default station's q0-q1 coupling.</summary>
    private static readonly PairParameters Station = new(A, B, StaticZzHz: -60e3, ZzPerVoltSquared: 1e8, ShiftAPerVoltSquared: -40e6, ShiftBPerVoltSquared: -25e6);

    private static readonly DriveSamples Nothing = new(null, 0, null, 0);

    [Fact]
    public void Without_coupling_the_pair_is_two_lone_qubits_under_random_drives()
    {
        var a = A with { DriveAmplitudeError = 0.03, DepolarizingRate = 2e5 };
        var b = B with { DriveAmplitudeError = -0.02 };
        var pair = new PairParameters(a, b, 0, 0, 0, 0);
        var rng = new DeterministicRandom(5);
        var (ia, qa) = RandomDrive(rng, 600);
        var (ib, qb) = RandomDrive(rng, 450);
        var startA = DensityMatrix.Mixed(0.2);
        var startB = DensityMatrix.Pure(new Complex(0.6, 0), new Complex(0, 0.8));

        var state = PairState.Product(startA, startB);
        new PairPropagator(pair, Dt, 0.05, 0.1).Evolve(state, new DriveSamples(ia, 1, qa, 1), new DriveSamples(ib, 1, qb, 1), Nothing);

        // B's drive is shorter: it idles (0 V) while A's plays on, as the pair pads every line with zeros.
        var aloneA = new TransmonPropagator(a, Dt, 0.05).Evolve(startA, new DriveSamples(ia, 1, qa, 1));
        var aloneB = new TransmonPropagator(b, Dt, 0.1).Evolve(startB, new DriveSamples([.. ib, .. new float[150]], 1, [.. qb, .. new float[150]], 1));
        var expected = PairState.Product(aloneA, aloneB).Expectations.ToArray();
        var actual = state.Expectations.ToArray();
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(expected[k], actual[k], 1e-12);
        }
    }

    [Fact]
    public void Generators_for_other_baths_share_the_drive_terms_but_keep_their_own_decay()
    {
        var pair = Station with { A = A with { DepolarizingRate = 3e5 } };
        Span<double> first = stackalloc double[256];
        Span<double> again = stackalloc double[256];
        Span<double> warmer = stackalloc double[256];
        new PairGenerator(pair, 0.01, 0.02).Build(0.3, -0.2, 0.1, 0.05, 0.4, Dt, first);
        new PairGenerator(pair, 0.05, 0.02).Build(0.3, -0.2, 0.1, 0.05, 0.4, Dt, warmer);
        new PairGenerator(pair, 0.01, 0.02).Build(0.3, -0.2, 0.1, 0.05, 0.4, Dt, again);

        Assert.True(first.SequenceEqual(again));
        Assert.False(first.SequenceEqual(warmer));
        // Only A's decay terms move with A's bath: the drive terms are the same in both.
        Span<double> driveOnly = stackalloc double[256];
        Span<double> idle = stackalloc double[256];
        new PairGenerator(pair, 0.05, 0.02).Build(0, 0, 0, 0, 0, Dt, idle);
        for (int k = 0; k < 256; k++)
        {
            driveOnly[k] = warmer[k] - idle[k];
        }

        new PairGenerator(pair, 0.01, 0.02).Build(0, 0, 0, 0, 0, Dt, idle);
        for (int k = 0; k < 256; k++)
        {
            Assert.Equal(first[k] - idle[k], driveOnly[k], 1e-15);
        }
    }

    [Theory]
    [InlineData(new[] { 0, 3, 4, 7, 8, 11, 12, 15 })]
    [InlineData(new[] { 0, 1, 2, 3, 12, 13, 14, 15 })]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 })]
    public void A_block_of_the_generator_is_bit_for_bit_the_same_entries_of_the_whole(int[] indices)
    {
        var generator = new PairGenerator(Station with { B = B with { DepolarizingRate = 1e5 } }, 0.02, 0.01);
        var rng = new DeterministicRandom(11);
        Span<double> whole = stackalloc double[256];
        Span<double> block = stackalloc double[indices.Length * indices.Length];
        for (int trial = 0; trial < 20; trial++)
        {
            double[] c = [.. Enumerable.Range(0, 5).Select(i => trial % 3 == i ? 0 : rng.NextGaussian())];
            generator.Build(c[0], c[1], c[2], c[3], c[4], Dt, whole);
            generator.BuildBlock(c[0], c[1], c[2], c[3], c[4], Dt, indices, block);
            for (int p = 0; p < indices.Length; p++)
            {
                for (int q = 0; q < indices.Length; q++)
                {
                    Assert.Equal(whole[indices[p] * 16 + indices[q]], block[p * indices.Length + q]);
                }
            }
        }
    }

    [Fact]
    public void A_partner_in_its_ground_state_leaves_the_qubit_exactly_as_alone()
    {
        var rng = new DeterministicRandom(6);
        var (ia, qa) = RandomDrive(rng, 800);
        var drive = new DriveSamples(ia, 1, qa, 1);
        var state = PairState.Product(DensityMatrix.Ground, DensityMatrix.Ground);
        new PairPropagator(Station, Dt).Evolve(state, drive, Nothing, Nothing);

        var alone = new TransmonPropagator(A, Dt).Evolve(DensityMatrix.Ground, drive);
        var reduced = state.Reduced(qubitA: true);
        Assert.Equal(alone.Rho11.Real, reduced.Rho11.Real, 1e-12);
        Assert.Equal(alone.Rho01.Real, reduced.Rho01.Real, 1e-12);
        Assert.Equal(alone.Rho01.Imaginary, reduced.Rho01.Imaginary, 1e-12);
        Assert.Equal(1.0, state.Populations()[0] + state.Populations()[2], 12);
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(7000)]
    public void Static_zz_moves_the_Ramsey_frequency_by_zeta_only_when_the_partner_is_excited(int idleSamples)
    {
        // Coherence times far longer than the idle, so the phases are the Hamiltonian's alone.
        var slow = Station with { A = A with { T1 = 1e6, T2Star = 1e6 }, B = B with { T1 = 1e6, T2Star = 1e6 } };
        double s = Math.Sqrt(0.5);
        var plus = DensityMatrix.Pure(new Complex(s, 0), new Complex(s, 0));
        double t = idleSamples * Dt;
        double PhaseWithPartner(DensityMatrix partner)
        {
            var state = PairState.Product(plus, partner);
            new PairPropagator(slow, Dt).Evolve(state, new DriveSamples(new float[idleSamples], 1, null, 0), Nothing, Nothing);
            return state.Reduced(qubitA: true).Rho01.Phase;
        }

        double ground = PhaseWithPartner(DensityMatrix.Ground);
        double excited = PhaseWithPartner(DensityMatrix.Excited);
        double alone = new TransmonPropagator(slow.A, Dt).EvolveConstant(plus, 0, 0, idleSamples).Rho01.Phase;

        // rho01 turns at -2 pi detuning t alone and with the partner in |0>; at -2 pi (detuning - zeta) t with it in |1>.
        Assert.Equal(0, Wrap(ground - alone), 1e-9);
        Assert.Equal(0, Wrap(ground + 2 * Math.PI * slow.A.DetuningHz * t), 1e-9);
        Assert.Equal(0, Wrap(excited - ground - 2 * Math.PI * slow.StaticZzHz * t), 1e-9);
        Assert.True(Math.Abs(Wrap(excited - ground)) > 0.5, "the ZZ phase must be visible at this idle");
    }

    [Fact]
    public void The_calibrated_flux_pulse_gives_a_conditional_phase_of_pi()
    {
        double amplitude = Station.ControlledZAmplitude(60e-9);
        Assert.Equal(0.2897125012, amplitude, 9);
        var coherent = Station with { A = A with { T1 = 1e6, T2Star = 1e6 }, B = B with { T1 = 1e6, T2Star = 1e6 } };
        Assert.Equal(Math.PI, Math.Abs(ConditionalPhase(coherent, amplitude, 60)), 1e-6);

        // Relaxation during the 60 ns pulse mixes |11> into |01> and |10>, which moves the phase seen in rho a little.
        Assert.Equal(Math.PI, Math.Abs(ConditionalPhase(Station, amplitude, 60)), 3e-3);

        // Half the amplitude is a quarter of the flux ZZ: far from a CZ.
        Assert.InRange(Math.Abs(ConditionalPhase(Station, amplitude / 2, 60)), 0.5, 1.2);
    }

    [Fact]
    public void With_its_phase_corrections_the_flux_pulse_is_a_CZ_up_to_decoherence()
    {
        double amplitude = Station.ControlledZAmplitude(60e-9);
        double s = Math.Sqrt(0.5);
        var plus = DensityMatrix.Pure(new Complex(s, 0), new Complex(s, 0));
        var state = PairState.Product(plus, plus);
        var flux = new DriveSamples(Enumerable.Repeat((float)amplitude, 60).ToArray(), 1, null, 0);
        new PairPropagator(Station, Dt, 1e-9, 1e-9).Evolve(state, Nothing, Nothing, flux);

        // Virtual Z after the pulse: Rz(theta_q) with theta_q = -2 pi (detuning_q + shift_q V^2) t undoes each qubit's own phase.
        double v2 = amplitude * amplitude, t = 60e-9;
        double thetaA = -2 * Math.PI * (A.DetuningHz + Station.ShiftAPerVoltSquared * v2) * t;
        double thetaB = -2 * Math.PI * (B.DetuningHz + Station.ShiftBPerVoltSquared * v2) * t;
        var rho = state.ToDensityMatrix();
        // Rz(theta) = diag(e^{-i theta/2}, e^{+i theta/2}) per qubit; rho -> U rho U'.
        var u = new Complex[4];
        for (int k = 0; k < 4; k++)
        {
            int a = k >> 1, b = k & 1;
            u[k] = Complex.FromPolarCoordinates(1, (a == 0 ? -thetaA : thetaA) / 2 + (b == 0 ? -thetaB : thetaB) / 2);
        }

        // Ideal CZ|++> = (|00> + |01> + |10> - |11>)/2; fidelity <psi|rho|psi>.
        double[] psi = [0.5, 0.5, 0.5, -0.5];
        Complex fidelity = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                fidelity += psi[i] * u[i] * rho[i * 4 + j] * Complex.Conjugate(u[j]) * psi[j];
            }
        }

        Assert.InRange(fidelity.Real, 0.998, 1.0);
        Assert.Equal(0, fidelity.Imaginary, 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_partner_whose_drive_plays_nothing_evolves_in_its_sector_exactly_as_in_the_full_space(bool idleB)
    {
        var rng = new DeterministicRandom(idleB ? 8UL : 9UL);
        var (i, q) = RandomDrive(rng, 700);
        var (fluxVolts, _) = RandomDrive(rng, 700);
        var driven = new DriveSamples(i, 1, q, 1);
        var flux = new DriveSamples(fluxVolts, 1, null, 0);
        // A one-sample 0 V waveform keeps the partner's line "playing", which forces the full 16-dimensional space.
        var zero = new DriveSamples(new float[1], 1, null, 0);
        var start = () => PairState.Product(DensityMatrix.Mixed(0.3), DensityMatrix.Mixed(0.2));
        var pair = Station with { A = A with { DepolarizingRate = 1e5 }, B = B with { DepolarizingRate = 1e5 } };

        var sector = start();
        var full = start();
        var inSector = new PairPropagator(pair, Dt, 0.02, 0.03);
        var inFull = new PairPropagator(pair, Dt, 0.02, 0.03);
        if (idleB)
        {
            inSector.Evolve(sector, driven, Nothing, flux);
            inFull.Evolve(full, driven, zero, flux);
        }
        else
        {
            inSector.Evolve(sector, Nothing, driven, flux);
            inFull.Evolve(full, zero, driven, flux);
        }

        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(full.Expectations[k], sector.Expectations[k], 1e-12);
        }

        Assert.InRange(sector.Populations()[3], 0.01, 1.0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_drive_played_as_sequence_steps_composes_repeated_steps_exactly(bool driveOfA)
    {
        var rng = new DeterministicRandom(driveOfA ? 10UL : 11UL);
        var (i1, q1) = RandomDrive(rng, 40);
        var (i2, q2) = RandomDrive(rng, 40);
        var idle = new float[25];
        var x = new DriveSamples(i1, 0.5, q1, 0.5);
        var y = new DriveSamples(i2, 0.5, q2, 0.5);
        var wait = new DriveSamples(idle, 0.5, idle, 0.5);
        // Steps as an AWG sequence plays them: x and y reused (composed once), a step repeated 300 times, a wait.
        var program = new DriveProgram([new(x, 1), new(y, 3), new(wait, 40), new(x, 300), new(y, 2), new(x, 5), new(wait, 1)]);
        var start = () => PairState.Product(DensityMatrix.Mixed(0.1), DensityMatrix.Mixed(0.05));

        var composed = start();
        var played = new PairPropagator(Station, Dt, 0.01, 0.02).EvolveOneDrive(composed, program, driveOfA);
        var stepwise = start();
        var silent = new DriveRunCursor(null, Dt, Dt);
        var line = new DriveRunCursor(program, Dt, Dt);
        long reference = driveOfA
            ? new PairPropagator(Station, Dt, 0.01, 0.02).Evolve(stepwise, line, silent, new DriveRunCursor(null, Dt, Dt))
            : new PairPropagator(Station, Dt, 0.01, 0.02).Evolve(stepwise, silent, line, new DriveRunCursor(null, Dt, Dt));

        Assert.Equal(program.Samples, played);
        Assert.Equal(reference, played);
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(stepwise.Expectations[k], composed.Expectations[k], 1e-11);
        }

        Assert.InRange(composed.Populations()[driveOfA ? 2 : 1], 0.01, 0.99);
    }

    [Fact]
    public void A_long_idle_costs_logarithmically_many_cached_channels_and_matches_sample_by_sample()
    {
        var state = PairState.Product(DensityMatrix.Excited, DensityMatrix.Excited);
        var propagator = new PairPropagator(Station, Dt);
        propagator.Evolve(state, new DriveSamples(new float[3001], 1, null, 0), Nothing, Nothing);

        var stepwise = PairState.Product(DensityMatrix.Excited, DensityMatrix.Excited);
        var alternating = new float[3001];
        for (int k = 1; k < alternating.Length; k += 2)
        {
            alternating[k] = -0.0f; // the same volts, a different bit pattern: must share the cached channel
        }

        var second = new PairPropagator(Station, Dt);
        second.Evolve(stepwise, new DriveSamples(alternating, 1, null, 0), Nothing, Nothing);
        Assert.Equal(1, propagator.CachedSampleCount);
        Assert.Equal(1, second.CachedSampleCount);
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(stepwise.Expectations[k], state.Expectations[k], 1e-12);
        }

        // |11> decays at 1/T1a + 1/T1b.
        Assert.Equal(Math.Exp(-3001e-9 * (1 / A.T1 + 1 / B.T1)), state.Populations()[3], 1e-9);
    }

    [Fact]
    public void A_line_on_a_slower_AWG_is_held_on_the_pair_grid()
    {
        // Two 2 ns flux samples on the 1 ns grid play as four 1 ns samples.
        float v = (float)Station.ControlledZAmplitude(60e-9);
        var slow = new DriveRunCursor(DriveProgram.Single(new DriveSamples(Enumerable.Repeat(v, 30).ToArray(), 1, null, 0)), 2e-9, 1e-9);
        Assert.Equal(60, slow.Remaining);
        Assert.Equal(v, slow.VoltsI, 6);
        slow.Advance(60);
        Assert.True(slow.Ended);
    }

    private static double ConditionalPhase(PairParameters pair, double amplitude, int samples)
    {
        double s = Math.Sqrt(0.5);
        var plus = DensityMatrix.Pure(new Complex(s, 0), new Complex(s, 0));
        var state = PairState.Product(plus, plus);
        var flux = new DriveSamples(Enumerable.Repeat((float)amplitude, samples).ToArray(), 1, null, 0);
        new PairPropagator(pair, Dt).Evolve(state, Nothing, Nothing, flux);
        var rho = state.ToDensityMatrix();
        // arg c11 - arg c01 - arg c10 + arg c00 from the first column rho_k0 = c_k conj(c_0).
        return (rho[12] * rho[0] / (rho[4] * rho[8])).Phase;
    }

    private static (float[] I, float[] Q) RandomDrive(DeterministicRandom rng, int samples)
    {
        var i = new float[samples];
        var q = new float[samples];
        for (int k = 0; k < samples; k++)
        {
            // Piecewise constant in blocks of 10 samples, some of them idle.
            if (k % 10 == 0 && rng.NextDouble() < 0.7)
            {
                i[k] = (float)(0.4 * (rng.NextDouble() - 0.5));
                q[k] = (float)(0.4 * (rng.NextDouble() - 0.5));
            }
            else if (k % 10 != 0)
            {
                i[k] = i[k - 1];
                q[k] = q[k - 1];
            }
        }

        return (i, q);
    }

    private static double Wrap(double phase) => Math.IEEERemainder(phase, 2 * Math.PI);
}
