using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// The 24 Cliffords compiled once into I/Q samples with <see cref="PulseSequenceBuilder"/>, so a
/// sequence of any length is a concatenation of cached arrays rather than a recompilation.
/// Pulses follow each other with no gap; the identity is an idle of one pulse length.
/// </summary>
internal sealed class CliffordWaveforms
{
    private readonly double[][] _inPhase = new double[OneQubitCliffords.Count][];
    private readonly double[][] _quadrature = new double[OneQubitCliffords.Count][];

    public CliffordWaveforms(double sampleRate, PiPulseCalibration piPulse)
    {
        SampleRate = sampleRate;
        for (var c = 0; c < OneQubitCliffords.Count; c++)
        {
            var builder = new PulseSequenceBuilder(sampleRate, piPulse);
            foreach (var pulse in OneQubitCliffords.Pulses(c))
            {
                if (pulse == CliffordPulse.Idle)
                {
                    builder.Wait(builder.PulseSamples / sampleRate);
                }
                else
                {
                    builder.Rotate(pulse.Angle(), pulse.AxisPhase());
                }
            }

            var waveform = builder.Build();
            _inPhase[c] = waveform.InPhase;
            _quadrature[c] = waveform.Quadrature;
        }

        PulseDuration = new PulseSequenceBuilder(sampleRate, piPulse).PulseSamples / sampleRate;
    }

    public double SampleRate { get; }

    /// <summary>Duration of one pulse slot, whole samples.</summary>
    public double PulseDuration { get; }

    /// <summary>Mean Clifford duration over the group: 1.875 pulse slots.</summary>
    public double MeanCliffordDuration => OneQubitCliffords.MeanPulsesPerClifford * PulseDuration;

    /// <summary>Samples of one Clifford.</summary>
    public int Samples(int clifford) => _inPhase[clifford].Length;

    /// <summary>The waveform that plays <paramref name="cliffords"/> back to back.</summary>
    public IqWaveform Compile(IReadOnlyCollection<int> cliffords)
    {
        ArgumentNullException.ThrowIfNull(cliffords);
        var total = cliffords.Sum(Samples);
        var inPhase = new double[total];
        var quadrature = new double[total];
        var at = 0;
        foreach (var c in cliffords)
        {
            _inPhase[c].CopyTo(inPhase, at);
            _quadrature[c].CopyTo(quadrature, at);
            at += _inPhase[c].Length;
        }

        return new IqWaveform(inPhase, quadrature, SampleRate);
    }
}
