using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Pulses;

/// <summary>
/// Compiles single-qubit rotations and waits into I/Q samples. Rotations are Gaussian
/// pulses (sigma = duration/4, truncated at +-2 sigma and lifted so both ends are zero)
/// whose peak amplitude scales linearly with the rotation angle from the calibrated pi pulse.
/// The rotation axis is set by the I/Q phase, so a virtual Z is just a phase offset: <see cref="VirtualZ"/>
/// advances the drive frame, and every later pulse's axis is played at its nominal phase minus the
/// frame (McKay et al., PRA 96, 022330 (2017)), which costs no time and no samples. With a DRAG
/// coefficient beta (<see cref="PiPulseCalibration.Drag"/>, seconds) each pulse's complex envelope is
/// A (g(t) + i beta dg/dt) turned to its axis (Motzoi et al., PRL 103, 110501 (2009)): the derivative
/// rides on the quadrature of the pulse's own axis, so I = A (g cos phi - beta g' sin phi) and
/// Q = A (g sin phi + beta g' cos phi).
/// </summary>
public sealed class PulseSequenceBuilder
{
    private readonly List<double> _inPhase = [];
    private readonly List<double> _quadrature = [];
    private readonly double[] _envelope;
    private readonly double[] _derivative;

    public PulseSequenceBuilder(double sampleRate, PiPulseCalibration piPulse)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentNullException.ThrowIfNull(piPulse);
        SampleRate = sampleRate;
        PiPulse = piPulse;
        _envelope = GaussianEnvelope(piPulse.Duration, sampleRate);
        _derivative = GaussianEnvelopeDerivative(piPulse.Duration, sampleRate);
    }

    public double SampleRate { get; }

    public PiPulseCalibration PiPulse { get; }

    /// <summary>Number of samples of one rotation pulse.</summary>
    public int PulseSamples => _envelope.Length;

    /// <summary>The drive frame in radians: the sum of the virtual Z rotations so far (mod 2 pi).</summary>
    public double Frame { get; private set; }

    /// <summary>Time so far, in seconds (a whole number of samples).</summary>
    public double Elapsed => _inPhase.Count / SampleRate;

    /// <summary>
    /// Appends a rotation by <paramref name="angle"/> radians about the equatorial axis at
    /// <paramref name="axisPhase"/> radians from x (0 = x, pi/2 = y).
    /// </summary>
    public PulseSequenceBuilder Rotate(double angle, double axisPhase = 0) => Drive(PiPulse.Amplitude * angle / Math.PI, axisPhase);

    /// <summary>
    /// A virtual Z rotation by <paramref name="angle"/> radians: no samples, only the frame of every
    /// later pulse moves. To compile a gate for a frame reached earlier in a sequence (a Clifford
    /// compiled once per frame), start a builder with this before the gate's first pulse.
    /// </summary>
    public PulseSequenceBuilder VirtualZ(double angle)
    {
        if (!double.IsFinite(angle))
        {
            throw new ArgumentOutOfRangeException(nameof(angle), angle, "a virtual Z needs a finite angle");
        }

        Frame = Math.IEEERemainder(Frame + angle, 2 * Math.PI);
        return this;
    }

    /// <summary>
    /// Appends one pulse of the calibrated shape at peak <paramref name="amplitude"/> volts, whatever
    /// rotation that makes: what a Rabi amplitude sweep plays to find the pi amplitude.
    /// </summary>
    public PulseSequenceBuilder Drive(double amplitude, double axisPhase = 0)
    {
        if (!double.IsFinite(amplitude) || !double.IsFinite(axisPhase))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "a pulse needs a finite amplitude and axis phase");
        }

        // cos(pi/2) is 6e-17, not 0: snap such residues so a pulse about y leaves I exactly idle.
        var (sin, cos) = Math.SinCos(axisPhase - Frame);
        (cos, sin) = (Math.Abs(cos) < 1e-12 ? 0 : cos, Math.Abs(sin) < 1e-12 ? 0 : sin);
        // DRAG: complex envelope a (g + i beta g') turned to the axis, e^{i phi}; beta = 0 leaves
        // the plain Gaussian, bit for bit.
        var beta = PiPulse.Drag;
        for (var k = 0; k < _envelope.Length; k++)
        {
            var e = _envelope[k];
            var d = beta == 0 ? 0.0 : beta * _derivative[k];
            _inPhase.Add(amplitude * ((e * cos) - (d * sin)));
            _quadrature.Add(amplitude * ((e * sin) + (d * cos)));
        }

        return this;
    }

    /// <summary>Appends an idle of <paramref name="seconds"/>, rounded to whole samples; returns the idle actually played.</summary>
    public double Wait(double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "a wait must be zero or a positive finite time");
        }

        var samples = (int)Math.Round(seconds * SampleRate);
        _inPhase.AddRange(Enumerable.Repeat(0.0, samples));
        _quadrature.AddRange(Enumerable.Repeat(0.0, samples));
        return samples / SampleRate;
    }

    /// <summary>The compiled waveform; at least one sample long so that every AWG accepts it.</summary>
    public IqWaveform Build()
    {
        if (_inPhase.Count == 0)
        {
            Wait(1 / SampleRate);
        }

        return new IqWaveform([.. _inPhase], [.. _quadrature], SampleRate);
    }

    /// <summary>
    /// d/dt of <see cref="GaussianEnvelope"/> at the same sample centres, per second: odd about the
    /// pulse centre, so its samples sum to zero and a DRAG quadrature adds no net rotation.
    /// </summary>
    internal static double[] GaussianEnvelopeDerivative(double duration, double sampleRate)
    {
        var n = Math.Max(1, (int)Math.Round(duration * sampleRate));
        var sigma = duration / 4;
        var centre = duration / 2;
        var floor = Math.Exp(-(centre * centre) / (2 * sigma * sigma));
        var derivative = new double[n];
        for (var k = 0; k < n; k++)
        {
            var t = (k + 0.5) / sampleRate - centre;
            derivative[k] = -t / (sigma * sigma) * Math.Exp(-(t * t) / (2 * sigma * sigma)) / (1 - floor);
        }

        return derivative;
    }

    /// <summary>Lifted Gaussian sampled at sample centres, peak 1, both ends 0.</summary>
    internal static double[] GaussianEnvelope(double duration, double sampleRate)
    {
        var n = Math.Max(1, (int)Math.Round(duration * sampleRate));
        var sigma = duration / 4;
        var centre = duration / 2;
        var floor = Math.Exp(-(centre * centre) / (2 * sigma * sigma));
        var envelope = new double[n];
        for (var k = 0; k < n; k++)
        {
            var t = (k + 0.5) / sampleRate - centre;
            envelope[k] = (Math.Exp(-(t * t) / (2 * sigma * sigma)) - floor) / (1 - floor);
        }

        return envelope;
    }
}
