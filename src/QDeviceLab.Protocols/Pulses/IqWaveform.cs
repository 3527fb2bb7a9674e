namespace QDeviceLab.Protocols.Pulses;

/// <summary>In-phase and quadrature drive samples in volts at a fixed sample rate.</summary>
public sealed record IqWaveform(double[] InPhase, double[] Quadrature, double SampleRate)
{
    public int Length => InPhase.Length;

    public double Duration => InPhase.Length / SampleRate;
}
