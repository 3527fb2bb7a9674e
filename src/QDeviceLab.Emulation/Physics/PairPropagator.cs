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
    private readonly Sector _full;
    private readonly Sector _partnerBIdle;
    private readonly Sector _partnerAIdle;

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
        _full = new Sector(this, [.. Enumerable.Range(0, PairMap.Dimension)]);
        // Pauli index 4i + j: B's I and Z (j = 0, 3), or A's I and Z (i = 0, 3).
        _partnerBIdle = new Sector(this, [0, 3, 4, 7, 8, 11, 12, 15]);
        _partnerAIdle = new Sector(this, [0, 1, 2, 3, 12, 13, 14, 15]);
    }

    public PairParameters Pair { get; }

    public double SampleInterval { get; }

    public double OccupationA { get; }

    public double OccupationB { get; }

    /// <summary>Number of distinct samples whose channels are cached (all sectors).</summary>
    public int CachedSampleCount => _full.Count + _partnerBIdle.Count + _partnerAIdle.Count;

    /// <summary>
    /// Evolves <paramref name="state"/> in place through what the three lines play, each starting at time 0
    /// (a line with nothing to play is 0 V). Returns the samples played: the longest line, on this grid.
    /// </summary>
    /// <remarks>
    /// When one qubit's drive plays nothing in the whole shot and that qubit starts without coherence (as a
    /// thermal start does), it never gains any: its decay, its detuning, the ZZ and the flux terms all keep
    /// it diagonal. The state then stays in the 8 expectations with I or Z on that qubit, an invariant sector
    /// of the generator, and evolves there exactly at an eighth of the cost of an exponential and a quarter
    /// of the cost of an application: what a lone-qubit experiment on a coupled qubit pays.
    /// </remarks>
    public long Evolve(PairState state, DriveRunCursor driveA, DriveRunCursor driveB, DriveRunCursor flux)
    {
        var r = state.Expectations;
        var sector = driveB.Ended && _partnerBIdle.Holds(r) ? _partnerBIdle
            : driveA.Ended && _partnerAIdle.Holds(r) ? _partnerAIdle
            : _full;
        Span<double> v = stackalloc double[sector.Dimension];
        sector.Gather(r, v);
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
            sector.ApplyRun(controls, n, v);
            played += n;
            foreach (var line in (ReadOnlySpan<DriveRunCursor>)[driveA, driveB, flux])
            {
                if (!line.Ended)
                {
                    line.Advance(n);
                }
            }
        }

        sector.Scatter(v, r);
        return played;
    }

    /// <summary>
    /// Evolves <paramref name="state"/> in place when only one qubit's drive plays (the other drive and the flux line
    /// silent all shot), segment by segment as <see cref="TransmonPropagator"/> does: a segment that plays
    /// <see cref="ComposeThreshold"/> times or more in the program (AWG sequence steps, repeat counts) is composed into
    /// one channel once and then costs one application per pass (O(log repeats) through its squares). Exact, in the
    /// silent qubit's sector when its state allows, else through the full space. Returns the samples played.
    /// </summary>
    public long EvolveOneDrive(PairState state, DriveProgram program, bool driveOfA)
    {
        var sector = driveOfA ? _partnerBIdle : _partnerAIdle;
        var r = state.Expectations;
        if (!sector.Holds(r))
        {
            var silent = new DriveRunCursor(null, SampleInterval, SampleInterval);
            var line = new DriveRunCursor(program, SampleInterval, SampleInterval);
            return driveOfA ? Evolve(state, line, silent, silent) : Evolve(state, silent, line, new DriveRunCursor(null, SampleInterval, SampleInterval));
        }

        Span<double> v = stackalloc double[sector.Dimension];
        sector.Gather(r, v);
        var uses = new Dictionary<(float[]?, float[]?, double, double), long>();
        foreach (var segment in program.Segments)
        {
            var key = segment.Samples.Identity;
            uses[key] = uses.GetValueOrDefault(key) + segment.Repeats;
        }

        Dictionary<(float[]?, float[]?, double, double), double[]>? composed = null;
        foreach (var segment in program.Segments)
        {
            if (segment.Repeats <= 0 || segment.Samples.Length == 0)
            {
                continue;
            }

            var key = segment.Samples.Identity;
            if (uses[key] < ComposeThreshold)
            {
                for (long k = 0; k < segment.Repeats; k++)
                {
                    sector.ApplySamples(segment.Samples, driveOfA, v);
                }

                continue;
            }

            composed ??= new();
            if (!composed.TryGetValue(key, out var map))
            {
                map = new double[sector.Dimension * sector.Dimension];
                sector.ComposeSamples(segment.Samples, driveOfA, map);
                composed[key] = map;
            }

            sector.ApplyPower(map, segment.Repeats, v);
        }

        sector.Scatter(v, r);
        return program.Samples;
    }

    // Composing one sample into a d x d channel costs d applications; a segment used this often pays that back.
    private const long ComposeThreshold = PairMap.SectorDimension;

    /// <summary>Evolves through plain sample arrays (all on this grid; shorter ones padded with 0 V).</summary>
    public long Evolve(PairState state, DriveSamples driveA, DriveSamples driveB, DriveSamples flux) =>
        Evolve(
            state,
            new DriveRunCursor(DriveProgram.Single(driveA), SampleInterval, SampleInterval),
            new DriveRunCursor(DriveProgram.Single(driveB), SampleInterval, SampleInterval),
            new DriveRunCursor(DriveProgram.Single(flux), SampleInterval, SampleInterval));

    /// <summary>
    /// The channels restricted to a set of Pauli expectations that the played samples keep invariant (all 16,
    /// or the 8 of a sector), each distinct sample's one-sample map cached with its repeated squares.
    /// </summary>
    private sealed class Sector(PairPropagator owner, int[] indices)
    {
        // Small at first and grown on demand: a propagator lives for one bath (one acquisition while the
        // mixing chamber drifts), and most use one sector only, so up-front room was mostly zeroed for nothing.
        private readonly PairSlotTable _slots = new(64);
        private readonly Dictionary<int, double[]> _squares = new();
        private readonly int _length = indices.Length * indices.Length;
        private double[] _maps = [];

        public int Dimension { get; } = indices.Length;

        public int Count => _slots.Count;

        /// <summary>Whether every expectation outside the sector is exactly zero.</summary>
        public bool Holds(ReadOnlySpan<double> r)
        {
            for (int k = 0; k < r.Length; k++)
            {
                if (r[k] != 0 && Array.IndexOf(indices, k) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        public void Gather(ReadOnlySpan<double> r, Span<double> v)
        {
            for (int p = 0; p < indices.Length; p++)
            {
                v[p] = r[indices[p]];
            }
        }

        public void Scatter(ReadOnlySpan<double> v, Span<double> r)
        {
            for (int p = 0; p < indices.Length; p++)
            {
                r[indices[p]] = v[p];
            }
        }

        public void ApplyRun(ReadOnlySpan<double> controls, long run, Span<double> v)
        {
            int slot = SlotFor(controls);
            if (run == 1)
            {
                PairMap.Apply(_maps.AsSpan(slot * _length, _length), v, Dimension);
                return;
            }

            int k = 0;
            while (run > 0)
            {
                if ((run & 1) != 0)
                {
                    PairMap.Apply(Power(slot, k), v, Dimension);
                }

                run >>= 1;
                k++;
            }
        }

        /// <summary>Applies every sample of one drive line (A's or B's; everything else at 0 V), run by run.</summary>
        public void ApplySamples(in DriveSamples samples, bool driveOfA, Span<double> v)
        {
            Span<double> controls = stackalloc double[Controls];
            int length = samples.Length;
            int i = 0;
            while (i < length)
            {
                var (vi, vq) = samples.At(i);
                int run = 1;
                while (i + run < length && samples.At(i + run) == (vi, vq))
                {
                    run++;
                }

                Set(controls, vi, vq, driveOfA);
                ApplyRun(controls, run, v);
                i += run;
            }
        }

        /// <summary>map = the channel of all of <paramref name="samples"/>, later samples after earlier ones.</summary>
        public void ComposeSamples(in DriveSamples samples, bool driveOfA, Span<double> map)
        {
            Span<double> controls = stackalloc double[Controls];
            var run = new double[_length];
            var next = new double[_length];
            SetIdentity(map);
            int length = samples.Length;
            int i = 0;
            while (i < length)
            {
                var (vi, vq) = samples.At(i);
                int count = 1;
                while (i + count < length && samples.At(i + count) == (vi, vq))
                {
                    count++;
                }

                Set(controls, vi, vq, driveOfA);
                int slot = SlotFor(controls);
                int k = 0;
                for (long c = count; c > 0; c >>= 1, k++)
                {
                    if ((c & 1) != 0)
                    {
                        // Powers of one channel commute with each other, not with the channels before them: apply in time order.
                        PairMap.Compose(Power(slot, k), map, next, Dimension);
                        next.CopyTo(map);
                    }
                }

                i += count;
            }
        }

        /// <summary>v = map^count v by binary powering.</summary>
        public void ApplyPower(ReadOnlySpan<double> map, long count, Span<double> v)
        {
            var power = map.ToArray();
            var square = new double[_length];
            while (true)
            {
                if ((count & 1) != 0)
                {
                    PairMap.Apply(power, v, Dimension);
                }

                count >>= 1;
                if (count == 0)
                {
                    return;
                }

                PairMap.Compose(power, power, square, Dimension);
                (power, square) = (square, power);
            }
        }

        private static void Set(Span<double> controls, double vi, double vq, bool driveOfA)
        {
            controls.Clear();
            controls[driveOfA ? 0 : 2] = vi + 0.0;
            controls[driveOfA ? 1 : 3] = vq + 0.0;
        }

        private void SetIdentity(Span<double> map)
        {
            map.Clear();
            for (int p = 0; p < Dimension; p++)
            {
                map[p * Dimension + p] = 1;
            }
        }

        /// <summary>The cached one-sample channel of <paramref name="slot"/> raised to 2^<paramref name="k"/>.</summary>
        private ReadOnlySpan<double> Power(int slot, int k)
        {
            if (k == 0)
            {
                return _maps.AsSpan(slot * _length, _length);
            }

            ref var powers = ref CollectionsMarshal.GetValueRefOrAddDefault(_squares, slot, out _);
            powers ??= [];
            int have = powers.Length / _length;
            if (have < k)
            {
                Array.Resize(ref powers, k * _length);
                for (int p = have; p < k; p++)
                {
                    ReadOnlySpan<double> last = p == 0
                        ? _maps.AsSpan(slot * _length, _length)
                        : powers.AsSpan((p - 1) * _length, _length);
                    PairMap.Compose(last, last, powers.AsSpan(p * _length, _length), Dimension);
                }
            }

            return powers.AsSpan((k - 1) * _length, _length);
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
            if ((slot + 1) * _length > _maps.Length)
            {
                Array.Resize(ref _maps, Math.Max(16 * _length, _maps.Length * 2));
            }

            int d = Dimension;
            Span<double> sub = stackalloc double[_length];
            Span<double> step = stackalloc double[_length];
            owner._generator.BuildBlock(controls[0], controls[1], controls[2], controls[3], controls[4], owner.SampleInterval, indices, sub);

            RealMatrixExponential.Exp(sub, d, step);
            var map = _maps.AsSpan(slot * _length, _length);
            for (int p = 0; p < d; p++)
            {
                for (int q = 0; q < d; q++)
                {
                    map[q * d + p] = step[p * d + q];
                }
            }

            _slots.Add(controls, slot);
            return slot;
        }
    }
}
