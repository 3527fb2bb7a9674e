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
            Shot(rng.NextDouble() < p1, rng, iq, s);
        }
    }

    /// <summary>
    /// As <see cref="Sample"/>, drawing the same numbers in the same order, and also records each shot's
    /// projected outcome (before assignment errors) in <paramref name="projected"/>, for a coupled partner.
    /// </summary>
    public void Sample(double excitedPopulation, int shots, DeterministicRandom rng, Span<float> iq, Span<bool> projected)
    {
        double p1 = Math.Clamp(excitedPopulation, 0.0, 1.0);
        for (int s = 0; s < shots; s++)
        {
            projected[s] = rng.NextDouble() < p1;
            Shot(projected[s], rng, iq, s);
        }
    }

    /// <summary>
    /// Shots of a qubit coupled to a partner whose projected outcomes are <paramref name="partner"/>: each shot
    /// is excited with P(1 | partner's outcome), so the pair's shots follow their joint distribution.
    /// </summary>
    public void SampleGiven(ReadOnlySpan<bool> partner, double p1IfPartner0, double p1IfPartner1, DeterministicRandom rng, Span<float> iq)
    {
        double p0 = Math.Clamp(p1IfPartner0, 0.0, 1.0);
        double p1 = Math.Clamp(p1IfPartner1, 0.0, 1.0);
        for (int s = 0; s < partner.Length; s++)
        {
            Shot(rng.NextDouble() < (partner[s] ? p1 : p0), rng, iq, s);
        }
    }

    private void Shot(bool excited, DeterministicRandom rng, Span<float> iq, int s)
    {
        double flip = rng.NextDouble();
        bool reads1 = excited ? flip >= P0Given1 : flip < P1Given0;
        double ci = reads1 ? ExcitedI : GroundI;
        double cq = reads1 ? ExcitedQ : GroundQ;
        iq[2 * s] = (float)(ci + Noise * rng.NextGaussian());
        iq[2 * s + 1] = (float)(cq + Noise * rng.NextGaussian());
    }
}
