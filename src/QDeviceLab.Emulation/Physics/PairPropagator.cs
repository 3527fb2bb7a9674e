using System.Runtime.InteropServices;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Exact evolution of two coupled transmons under piecewise-constant samples of both drives and the
/// flux line, in the 16-dimensional Pauli-transfer representation (<see cref="PairGenerator"/>): each
/// distinct sample (V_Ia, V_Qa, V_Ib, V_Qb, V_flux) gets its one-sample channel exp(G dt) once (a real
/// 16x16 exponential, <see cref="RealMatrixExponential"/>), cached with its repeated squares so a run of
/// n equal samples costs O(log n) applications. The one-qubit <see cref="TransmonPropagator"/> is left as
/// it is: only qubits declared coupled pay for the larger state.
/// </summary>
internal sealed class PairPropagator
{
    private const int MaxCachedSamples = 8192;
    private const int Controls = 5;

    private readonly PairGenerator _generator;
    private readonly PairSlotTable _slots = new();
    private readonly Dictionary<int, double[]> _squares = new();
    private double[] _maps = new double[PairMap.Length * 64];

    public PairPropagator(PairParameters pair, double sampleInterval, double occupationA = 0, double occupationB = 0)
    {
        if (!(sampleInterval > 0) || double.IsInfinity(sampleInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleInterval), sampleInterval, "Sample interval must be positive.");
        }

        if (!(occupationA >= 0) || !(occupationB >= 0) || double.IsInfinity(occupationA) || double.IsInfinity(occupationB))
        {
            throw new ArgumentOutOfRangeException(nameof(occupationA), "A thermal occupation is finite and not negative.");
        }

        Pair = pair;
        SampleInterval = sampleInterval;
        OccupationA = occupationA;
        OccupationB = occupationB;
        _generator = new PairGenerator(pair, occupationA, occupationB);
    }

    public PairParameters Pair { get; }

    public double SampleInterval { get; }

    public double OccupationA { get; }

    public double OccupationB { get; }

    /// <summary>Number of distinct samples whose channels are cached.</summary>
    public int CachedSampleCount => _slots.Count;

    /// <summary>
    /// Evolves <paramref name="state"/> in place through what the three lines play, each starting at time 0
    /// (a line with nothing to play is 0 V). Returns the samples played: the longest line, on this grid.
    /// </summary>
    public long Evolve(PairState state, DriveRunCursor driveA, DriveRunCursor driveB, DriveRunCursor flux)
    {
        var r = state.Expectations;
        Span<double> controls = stackalloc double[Controls];
        long played = 0;
        while (!(driveA.Ended && driveB.Ended && flux.Ended))
        {
            long n = long.MaxValue;
            foreach (var line in (ReadOnlySpan<DriveRunCursor>)[driveA, driveB, flux])
            {
                if (!line.Ended)
                {
                    n = Math.Min(n, line.Remaining);
                }
            }

            // +0.0 and -0.0 are the same volts.
            controls[0] = driveA.VoltsI + 0.0;
            controls[1] = driveA.VoltsQ + 0.0;
            controls[2] = driveB.VoltsI + 0.0;
            controls[3] = driveB.VoltsQ + 0.0;
            controls[4] = flux.VoltsI + 0.0;
            ApplyRun(controls, n, r);
            played += n;
            foreach (var line in (ReadOnlySpan<DriveRunCursor>)[driveA, driveB, flux])
            {
                if (!line.Ended)
                {
                    line.Advance(n);
                }
            }
        }

        return played;
    }

    /// <summary>Evolves through plain sample arrays (all on this grid; shorter ones padded with 0 V).</summary>
    public long Evolve(PairState state, DriveSamples driveA, DriveSamples driveB, DriveSamples flux) =>
        Evolve(
            state,
            new DriveRunCursor(DriveProgram.Single(driveA), SampleInterval, SampleInterval),
            new DriveRunCursor(DriveProgram.Single(driveB), SampleInterval, SampleInterval),
            new DriveRunCursor(DriveProgram.Single(flux), SampleInterval, SampleInterval));

    private void ApplyRun(ReadOnlySpan<double> controls, long run, Span<double> r)
    {
        int slot = SlotFor(controls);
        if (run == 1)
        {
            PairMap.Apply(_maps.AsSpan(slot * PairMap.Length, PairMap.Length), r);
            return;
        }

        int k = 0;
        while (run > 0)
        {
            if ((run & 1) != 0)
            {
                PairMap.Apply(Power(slot, k), r);
            }

            run >>= 1;
            k++;
        }
    }

    /// <summary>The cached one-sample channel of <paramref name="slot"/> raised to 2^<paramref name="k"/>.</summary>
    private ReadOnlySpan<double> Power(int slot, int k)
    {
        if (k == 0)
        {
            return _maps.AsSpan(slot * PairMap.Length, PairMap.Length);
        }

        ref var powers = ref CollectionsMarshal.GetValueRefOrAddDefault(_squares, slot, out _);
        powers ??= [];
        int have = powers.Length / PairMap.Length;
        if (have < k)
        {
            Array.Resize(ref powers, k * PairMap.Length);
            for (int p = have; p < k; p++)
            {
                ReadOnlySpan<double> last = p == 0
                    ? _maps.AsSpan(slot * PairMap.Length, PairMap.Length)
                    : powers.AsSpan((p - 1) * PairMap.Length, PairMap.Length);
                PairMap.Compose(last, last, powers.AsSpan(p * PairMap.Length, PairMap.Length));
            }
        }

        return powers.AsSpan((k - 1) * PairMap.Length, PairMap.Length);
    }

    private int SlotFor(ReadOnlySpan<double> controls)
    {
        int slot = _slots.Find(controls);
        if (slot >= 0)
        {
            return slot;
        }

        if (_slots.Count >= MaxCachedSamples)
        {
            _slots.Clear();
            _squares.Clear();
        }

        slot = _slots.Count;
        if ((slot + 1) * PairMap.Length > _maps.Length)
        {
            Array.Resize(ref _maps, _maps.Length * 2);
        }

        Span<double> generator = stackalloc double[PairMap.Length];
        Span<double> step = stackalloc double[PairMap.Length];
        _generator.Build(controls[0], controls[1], controls[2], controls[3], controls[4], SampleInterval, generator);
        RealMatrixExponential.Exp(generator, PairMap.Dimension, step);
        PairMap.FromRowMajor(step, _maps.AsSpan(slot * PairMap.Length, PairMap.Length));
        _slots.Add(controls, slot);
        return slot;
    }
}
