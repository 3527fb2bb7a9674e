using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>The samples one two-qubit sequence plays: each qubit's I/Q drive and the flux line's volts, all starting together.</summary>
public sealed record PairWaveforms(IqWaveform DriveA, IqWaveform DriveB, double[] Flux)
{
    public double Duration => Math.Max(DriveA.Duration, Math.Max(DriveB.Duration, Flux.Length / DriveA.SampleRate));
}

/// <summary>
/// Compiles a <see cref="TwoQubitGateTimeline"/> into samples for a coupled pair: X90 and Y90 as the
/// qubit's calibrated Gaussian at half the pi amplitude, idles as zeros of one pulse slot, virtual Zs as
/// frame changes of the qubit's own builder, and each CZ as the calibrated square flux pulse
/// (<see cref="CzPulseCalibration"/>) while both drives idle, followed by the calibrated virtual-Z
/// phase corrections on each qubit (the pulse's own single-qubit phases, undone in software).
/// </summary>
/// <remarks>
/// Qubit 0 of the Clifford group is the pair's first qubit (A), qubit 1 the second (B). The two drive
/// lines and the flux line start at the same sample (the emulator and a lab with synchronised AWGs
/// alike), so a slot is the same stretch of time on every line. The two qubits' pulse slots must have
/// the same length, and all lines the same sample rate: anything else would need a timing model this
/// compiler does not have, and is refused.
/// </remarks>
public sealed class TwoQubitSequenceCompiler
{
    private readonly PairLines _pair;
    private readonly int _controlledZSamples;

    public TwoQubitSequenceCompiler(PairLines pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        _pair = pair;
        SampleRate = pair.A.Awg.SampleRate;
        if (pair.B.Awg.SampleRate != SampleRate || pair.FluxAwg.SampleRate != SampleRate)
        {
            throw new MeasurementException(
                $"pair {pair.Name}: the drive lines and the flux line must share one sample rate (got {pair.A.Awg.SampleRate:G6}, {pair.B.Awg.SampleRate:G6} and {pair.FluxAwg.SampleRate:G6} S/s)");
        }

        var slotA = new PulseSequenceBuilder(SampleRate, pair.A.PiPulse).PulseSamples;
        var slotB = new PulseSequenceBuilder(SampleRate, pair.B.PiPulse).PulseSamples;
        if (slotA != slotB)
        {
            throw new MeasurementException(
                $"pair {pair.Name}: {pair.A.Name} and {pair.B.Name} have pulses of {slotA} and {slotB} samples; two-qubit RB plays them in parallel slots and needs equal pulse durations");
        }

        SlotSamples = slotA;
        _controlledZSamples = (int)Math.Round(pair.CzPulse.Duration * SampleRate);
        if (_controlledZSamples < 1)
        {
            throw new MeasurementException($"pair {pair.Name}: the CZ pulse of {pair.CzPulse.Duration:G3} s is shorter than one sample");
        }
    }

    public double SampleRate { get; }

    /// <summary>Samples of one pulse slot (a single-qubit pulse or an idle).</summary>
    public int SlotSamples { get; }

    /// <summary>Duration of one pulse slot, seconds.</summary>
    public double SlotDuration => SlotSamples / SampleRate;

    /// <summary>Duration of the CZ flux pulse as played (whole samples), seconds.</summary>
    public double ControlledZDuration => _controlledZSamples / SampleRate;

    public PairWaveforms Compile(TwoQubitGateTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var driveA = Drive(timeline.Qubit0, _pair.A.PiPulse, _pair.CzPulse.PhaseCorrectionA);
        var driveB = Drive(timeline.Qubit1, _pair.B.PiPulse, _pair.CzPulse.PhaseCorrectionB);
        var flux = new double[driveA.Length];
        var at = 0;
        foreach (var step in timeline.Qubit0)
        {
            switch (step.Operation)
            {
                case TimelineOperation.ControlledZ:
                    Array.Fill(flux, _pair.CzPulse.Amplitude, at, _controlledZSamples);
                    at += _controlledZSamples;
                    break;
                case TimelineOperation.VirtualZ:
                    break;
                default:
                    at += SlotSamples;
                    break;
            }
        }

        return new PairWaveforms(driveA, driveB, flux);
    }

    /// <summary>Both qubits prepared by a single pulse each (or left idle for one slot), no CZ: the readout references.</summary>
    public PairWaveforms Reference(bool excited)
    {
        var a = new PulseSequenceBuilder(SampleRate, _pair.A.PiPulse);
        var b = new PulseSequenceBuilder(SampleRate, _pair.B.PiPulse);
        if (excited)
        {
            a.Rotate(Math.PI);
            b.Rotate(Math.PI);
        }
        else
        {
            a.Wait(SlotDuration);
            b.Wait(SlotDuration);
        }

        return new PairWaveforms(a.Build(), b.Build(), new double[SlotSamples]);
    }

    private IqWaveform Drive(IReadOnlyList<TimelineStep> steps, PiPulseCalibration piPulse, double phaseCorrection)
    {
        var builder = new PulseSequenceBuilder(SampleRate, piPulse);
        foreach (var step in steps)
        {
            switch (step.Operation)
            {
                case TimelineOperation.Idle:
                    builder.Wait(SlotDuration);
                    break;
                case TimelineOperation.X90:
                    builder.Rotate(Math.PI / 2, 0);
                    break;
                case TimelineOperation.Y90:
                    builder.Rotate(Math.PI / 2, Math.PI / 2);
                    break;
                case TimelineOperation.VirtualZ:
                    builder.VirtualZ(step.QuarterTurns * Math.PI / 2);
                    break;
                case TimelineOperation.ControlledZ:
                    builder.Wait(ControlledZDuration);
                    builder.VirtualZ(phaseCorrection);
                    break;
            }
        }

        return builder.Build();
    }
}
