using System.Runtime.InteropServices;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Exact evolution of one transmon under piecewise-constant I/Q drive samples, in the real Bloch
/// representation (<see cref="BlochGenerator"/>): each distinct (V_I, V_Q) pair gets its one-sample
/// channel exp(G dt) computed once, allocation-free, and kept as a 12-double affine map in one
/// flat array; runs of identical samples are applied through cached repeated squares, so an idle
/// delay of n samples costs O(log n) map applications.
/// </summary>
internal sealed class TransmonPropagator
{
    // Distinct amplitudes in a real pulse library are few; a cap keeps noise-like waveforms
    // from growing the cache without bound.
    private const int MaxCachedDrives = 8192;

    // Segments repeated (or reused) at least this often are composed into one map first: composing
    // costs about three applications per sample, and then each further pass costs one map.
    private const long ComposeThreshold = 3;

    private readonly TransmonParameters _qubit;
    private readonly double _sampleInterval;
    // Small at first, grown on demand: a propagator lives for one bath occupation, i.e. one acquisition
    // while the mixing chamber drifts, so room reserved up front was zeroed for every shot batch.
    private readonly DriveSlotTable _slots = new(128);
    private readonly Dictionary<int, SquareChain> _squares = new();
    private double[] _maps = new double[BlochMap.Length * 64];

    /// <param name="thermalOccupation">Bath occupation n at the qubit frequency (upward rate n/T1); 0 for a cold bath.</param>
    public TransmonPropagator(TransmonParameters qubit, double sampleInterval, double thermalOccupation = 0)
    {
        if (!(sampleInterval > 0) || double.IsInfinity(sampleInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleInterval), sampleInterval, "Sample interval must be positive.");
        }

        if (!(thermalOccupation >= 0) || double.IsInfinity(thermalOccupation))
        {
            throw new ArgumentOutOfRangeException(nameof(thermalOccupation), thermalOccupation, "A thermal occupation is finite and not negative.");
        }

        _qubit = qubit;
        _sampleInterval = sampleInterval;
        ThermalOccupation = thermalOccupation;
    }

    public TransmonParameters Qubit => _qubit;

    public double SampleInterval => _sampleInterval;

    public double ThermalOccupation { get; }

    /// <summary>Number of distinct drive values whose propagators are cached.</summary>
    public int CachedDriveCount => _slots.Count;

    /// <summary>Evolves <paramref name="rho"/> through every sample of <paramref name="drive"/>.</summary>
    public DensityMatrix Evolve(DensityMatrix rho, in DriveSamples drive)
    {
        Span<double> r = stackalloc double[4];
        BlochMap.ToBloch(rho, r);
        ApplySamples(drive, r);
        return BlochMap.ToDensityMatrix(r);
    }

    /// <summary>
    /// Evolves through every segment of <paramref name="program"/> in order. A segment whose samples
    /// play several times in the program (repeat counts, or the same waveforms in several steps) is
    /// composed into one channel once and then applied per pass (O(log repeats) through its squares).
    /// </summary>
    public DensityMatrix Evolve(DensityMatrix rho, DriveProgram program)
    {
        Span<double> r = stackalloc double[4];
        BlochMap.ToBloch(rho, r);
        var uses = new Dictionary<(float[]?, float[]?, double, double), long>();
        foreach (var segment in program.Segments)
        {
            var key = segment.Samples.Identity;
            uses[key] = uses.GetValueOrDefault(key) + segment.Repeats;
        }

        Dictionary<(float[]?, float[]?, double, double), double[]>? composed = null;
        Span<double> squares = stackalloc double[BlochMap.Length * 64];
        foreach (var segment in program.Segments)
        {
            var key = segment.Samples.Identity;
            if (segment.Repeats <= 0 || segment.Samples.Length == 0)
            {
                continue;
            }

            if (uses[key] < ComposeThreshold)
            {
                for (long k = 0; k < segment.Repeats; k++)
                {
                    ApplySamples(segment.Samples, r);
                }

                continue;
            }

            composed ??= new();
            if (!composed.TryGetValue(key, out var map))
            {
                map = new double[BlochMap.Length];
                ComposeSamples(segment.Samples, map);
                composed[key] = map;
            }

            ApplyPower(map, segment.Repeats, squares, r);
        }

        return BlochMap.ToDensityMatrix(r);
    }

    /// <summary>Evolves for <paramref name="samples"/> samples of constant drive.</summary>
    public DensityMatrix EvolveConstant(DensityMatrix rho, double voltsI, double voltsQ, long samples)
    {
        Span<double> r = stackalloc double[4];
        BlochMap.ToBloch(rho, r);
        ApplyRun(voltsI, voltsQ, samples, r);
        return BlochMap.ToDensityMatrix(r);
    }

    /// <summary>The affine Bloch map (<see cref="BlochMap"/>) of all of <paramref name="drive"/>: the exact channel of one play.</summary>
    public void ChannelOf(in DriveSamples drive, Span<double> map) => ComposeSamples(drive, map);

    private void ApplySamples(in DriveSamples drive, Span<double> r)
    {
        int length = drive.Length;
        int i = 0;
        while (i < length)
        {
            var (vi, vq) = drive.At(i);
            int run = 1;
            while (i + run < length && drive.At(i + run) == (vi, vq))
            {
                run++;
            }

            ApplyRun(vi, vq, run, r);
            i += run;
        }
    }

    /// <summary>map = the channel of all of <paramref name="drive"/>, later samples composed after earlier ones.</summary>
    private void ComposeSamples(in DriveSamples drive, Span<double> map)
    {
        Span<double> run = stackalloc double[BlochMap.Length];
        Span<double> next = stackalloc double[BlochMap.Length];
        BlochMap.SetIdentity(map);
        int length = drive.Length;
        int i = 0;
        while (i < length)
        {
            var (vi, vq) = drive.At(i);
            int count = 1;
            while (i + count < length && drive.At(i + count) == (vi, vq))
            {
                count++;
            }

            RunMap(vi, vq, count, run);
            BlochMap.Compose(run, map, next);
            next.CopyTo(map);
            i += count;
        }
    }

    private void ApplyRun(double vi, double vq, long run, Span<double> r)
    {
        int slot = SlotFor(vi, vq);
        if (run == 1)
        {
            BlochMap.Apply(_maps.AsSpan(slot * BlochMap.Length, BlochMap.Length), r);
            return;
        }

        var chain = SquaresFor(slot);
        int k = 0;
        while (run > 0)
        {
            if ((run & 1) != 0)
            {
                BlochMap.Apply(chain.Power(this, slot, k), r);
            }

            run >>= 1;
            k++;
        }
    }

    /// <summary>The channel of <paramref name="run"/> samples of one drive value.</summary>
    private void RunMap(double vi, double vq, long run, Span<double> map)
    {
        int slot = SlotFor(vi, vq);
        if (run == 1)
        {
            _maps.AsSpan(slot * BlochMap.Length, BlochMap.Length).CopyTo(map);
            return;
        }

        Span<double> next = stackalloc double[BlochMap.Length];
        BlochMap.SetIdentity(map);
        var chain = SquaresFor(slot);
        int k = 0;
        while (run > 0)
        {
            if ((run & 1) != 0)
            {
                // Powers of one map commute, so the order of composition does not matter.
                BlochMap.Compose(chain.Power(this, slot, k), map, next);
                next.CopyTo(map);
            }

            run >>= 1;
            k++;
        }
    }

    /// <summary>Applies map^count by binary powering, with the squares on the caller's stack.</summary>
    private static void ApplyPower(ReadOnlySpan<double> map, long count, Span<double> squares, Span<double> r)
    {
        map.CopyTo(squares);
        int k = 0;
        while (true)
        {
            var power = squares.Slice(k * BlochMap.Length, BlochMap.Length);
            if ((count & 1) != 0)
            {
                BlochMap.Apply(power, r);
            }

            count >>= 1;
            if (count == 0)
            {
                return;
            }

            BlochMap.Compose(power, power, squares.Slice((k + 1) * BlochMap.Length, BlochMap.Length));
            k++;
        }
    }

    private int SlotFor(double vi, double vq)
    {
        // +0.0 and -0.0 are the same drive.
        vi += 0.0;
        vq += 0.0;
        int slot = _slots.Find(vi, vq);
        if (slot >= 0)
        {
            return slot;
        }

        if (_slots.Count >= MaxCachedDrives)
        {
            _slots.Clear();
            _squares.Clear();
        }

        slot = _slots.Count;
        if ((slot + 1) * BlochMap.Length > _maps.Length)
        {
            Array.Resize(ref _maps, _maps.Length * 2);
        }

        Span<double> generator = stackalloc double[16];
        Span<double> step = stackalloc double[16];
        BlochGenerator.Build(_qubit, vi, vq, ThermalOccupation, _sampleInterval, generator);
        RealMatrixExponential4.Exp(generator, step);
        BlochMap.FromAugmented(step, _maps.AsSpan(slot * BlochMap.Length, BlochMap.Length));
        _slots.Add(vi, vq, slot);
        return slot;
    }

    private SquareChain SquaresFor(int slot)
    {
        ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(_squares, slot, out bool exists);
        if (!exists)
        {
            chain = new SquareChain();
        }

        return chain!;
    }

    /// <summary>S^(2^k) of one cached one-sample map, k = 1, 2, ..., built as runs need them.</summary>
    private sealed class SquareChain
    {
        private double[] _powers = new double[BlochMap.Length * 8];
        private int _count;

        public ReadOnlySpan<double> Power(TransmonPropagator owner, int slot, int k)
        {
            if (k == 0)
            {
                return owner._maps.AsSpan(slot * BlochMap.Length, BlochMap.Length);
            }

            while (_count < k)
            {
                if ((_count + 1) * BlochMap.Length > _powers.Length)
                {
                    Array.Resize(ref _powers, _powers.Length * 2);
                }

                ReadOnlySpan<double> last = _count == 0
                    ? owner._maps.AsSpan(slot * BlochMap.Length, BlochMap.Length)
                    : _powers.AsSpan((_count - 1) * BlochMap.Length, BlochMap.Length);
                BlochMap.Compose(last, last, _powers.AsSpan(_count * BlochMap.Length, BlochMap.Length));
                _count++;
            }

            return _powers.AsSpan((k - 1) * BlochMap.Length, BlochMap.Length);
        }
    }
}
