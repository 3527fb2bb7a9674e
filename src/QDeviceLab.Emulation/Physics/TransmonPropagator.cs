using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Exact evolution of one transmon under piecewise-constant I/Q drive samples. Each distinct
/// (V_I, V_Q) pair gets its one-sample propagator exp(L dt) computed once; runs of identical
/// samples are applied through cached repeated squares, so an idle delay of n samples costs
/// O(log n) matrix-vector products.
/// </summary>
internal sealed class TransmonPropagator
{
    // Distinct amplitudes in a real pulse library are few; a cap keeps noise-like waveforms
    // from growing the cache without bound.
    private const int MaxCachedDrives = 8192;

    private readonly TransmonParameters _qubit;
    private readonly double _sampleInterval;
    private readonly Dictionary<(double I, double Q), List<ComplexMatrix>> _powers = new();

    /// <param name="thermalOccupation">Bath occupation n at the qubit frequency (upward rate n/T1); 0 for a cold bath.</param>
    public TransmonPropagator(TransmonParameters qubit, double sampleInterval, double thermalOccupation = 0)
    {
        if (!(sampleInterval > 0) || double.IsInfinity(sampleInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleInterval), sampleInterval, "Sample interval must be positive.");
        }

        _qubit = qubit;
        _sampleInterval = sampleInterval;
        ThermalOccupation = thermalOccupation;
    }

    public TransmonParameters Qubit => _qubit;

    public double SampleInterval => _sampleInterval;

    public double ThermalOccupation { get; }

    /// <summary>Number of distinct drive values whose propagators are cached.</summary>
    public int CachedDriveCount => _powers.Count;

    /// <summary>Evolves <paramref name="rho"/> through every sample of <paramref name="drive"/>.</summary>
    public DensityMatrix Evolve(DensityMatrix rho, in DriveSamples drive)
    {
        Span<Complex> v = stackalloc Complex[4];
        Span<Complex> w = stackalloc Complex[4];
        rho.CopyTo(v);
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

            ApplyRun(vi, vq, run, v, w);
            i += run;
        }

        return DensityMatrix.From(v);
    }

    /// <summary>Evolves for <paramref name="samples"/> samples of constant drive.</summary>
    public DensityMatrix EvolveConstant(DensityMatrix rho, double voltsI, double voltsQ, long samples)
    {
        Span<Complex> v = stackalloc Complex[4];
        Span<Complex> w = stackalloc Complex[4];
        rho.CopyTo(v);
        ApplyRun(voltsI, voltsQ, samples, v, w);
        return DensityMatrix.From(v);
    }

    private void ApplyRun(double vi, double vq, long run, Span<Complex> v, Span<Complex> w)
    {
        var powers = PowersFor(vi, vq);
        int k = 0;
        while (run > 0)
        {
            if ((run & 1) != 0)
            {
                while (powers.Count <= k)
                {
                    var last = powers[^1];
                    powers.Add(last * last);
                }

                powers[k].Apply(v, w);
                w.CopyTo(v);
            }

            run >>= 1;
            k++;
        }
    }

    private List<ComplexMatrix> PowersFor(double vi, double vq)
    {
        // +0.0 and -0.0 are the same drive.
        var key = (vi + 0.0, vq + 0.0);
        if (!_powers.TryGetValue(key, out var powers))
        {
            if (_powers.Count >= MaxCachedDrives)
            {
                _powers.Clear();
            }

            var generator = Liouvillian.Build(_qubit, vi, vq, ThermalOccupation);
            var step = MatrixExponential.Exp(new Complex(_sampleInterval, 0) * generator);
            powers = [step];
            _powers[key] = powers;
        }

        return powers;
    }
}

/// <summary>
/// The volts a qubit sees at each sample: two AWG channels' float samples times their
/// volts-per-unit scale. A missing channel contributes 0 V; the shorter channel is padded with zeros.
/// </summary>
internal readonly struct DriveSamples
{
    private readonly float[]? _i;
    private readonly float[]? _q;
    private readonly double _scaleI;
    private readonly double _scaleQ;

    public DriveSamples(float[]? i, double voltsPerUnitI, float[]? q, double voltsPerUnitQ)
    {
        _i = i;
        _q = q;
        _scaleI = voltsPerUnitI;
        _scaleQ = voltsPerUnitQ;
        Length = Math.Max(i?.Length ?? 0, q?.Length ?? 0);
    }

    public int Length { get; }

    public (double I, double Q) At(int index)
    {
        double vi = _i is not null && index < _i.Length ? _i[index] * _scaleI : 0.0;
        double vq = _q is not null && index < _q.Length ? _q[index] * _scaleQ : 0.0;
        return (vi, vq);
    }
}
