namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Dispersive readout of one qubit as seen by an integrating IQ digitizer: the projected
/// outcome, flipped with the assignment errors, becomes a point drawn around that outcome's
/// IQ centre with Gaussian noise of <see cref="Noise"/> volts per quadrature.
/// </summary>
internal sealed record ReadoutModel(
    double GroundI,
    double GroundQ,
    double ExcitedI,
    double ExcitedQ,
    double Noise,
    double P0Given1,
    double P1Given0)
{
    /// <summary>Readout resonator linewidth kappa/2pi in Hz when the station file gives none.</summary>
    public const double DefaultResonatorLinewidth = 1.0e6;

    /// <summary>
    /// Linewidth kappa/2pi (Hz) of the qubit's readout resonator (station file <c>readout.kappa</c>):
    /// how fast the response falls when the LO is mistuned, and the ring-up time 2/kappa of a trace.
    /// </summary>
    public double ResonatorLinewidth { get; init; } = DefaultResonatorLinewidth;

    /// <summary>The same readout with both centres multiplied by a complex gain (I + iQ), the noise unchanged.</summary>
    public ReadoutModel Scaled(System.Numerics.Complex gain)
    {
        var ground = new System.Numerics.Complex(GroundI, GroundQ) * gain;
        var excited = new System.Numerics.Complex(ExcitedI, ExcitedQ) * gain;
        return this with { GroundI = ground.Real, GroundQ = ground.Imaginary, ExcitedI = excited.Real, ExcitedQ = excited.Imaginary };
    }

    /// <summary>Writes <paramref name="shots"/> (I, Q) pairs into <paramref name="iq"/> (length 2 x shots).</summary>
    public void Sample(double excitedPopulation, int shots, DeterministicRandom rng, Span<float> iq)
    {
        double p1 = Math.Clamp(excitedPopulation, 0.0, 1.0);
        for (int s = 0; s < shots; s++)
        {
            bool excited = rng.NextDouble() < p1;
            double flip = rng.NextDouble();
            bool reads1 = excited ? flip >= P0Given1 : flip < P1Given0;
            double ci = reads1 ? ExcitedI : GroundI;
            double cq = reads1 ? ExcitedQ : GroundQ;
            iq[2 * s] = (float)(ci + Noise * rng.NextGaussian());
            iq[2 * s + 1] = (float)(cq + Noise * rng.NextGaussian());
        }
    }
}
