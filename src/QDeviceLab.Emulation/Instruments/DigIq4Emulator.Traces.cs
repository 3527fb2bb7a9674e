using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// The DIG-IQ4's record: the readout window of <see cref="Points"/> samples at 1 GS/s, integration
/// weights per channel, and averaged time traces (instruments/models/qdevicelab-dig-iq4.md).
/// <para>
/// The physics: within one shot the resonator field rings up towards the outcome's IQ point as
/// r(t) = 1 - exp(-t kappa/2) (field time constant 2/kappa, kappa = 2 pi x <c>readout.kappa</c>), with
/// white noise on every sample. The station file's IQ centres and noise are what the default record
/// (<see cref="DefaultPoints"/> samples, unit weights) integrates to, so that record is unchanged by
/// anything here; other windows and weights scale the centres by the weighted mean of r(t) and the
/// noise by sqrt(sum |w|^2)/N, as a real integrator would.
/// </para>
/// </summary>
internal sealed partial class DigIq4Emulator
{
    public const double SampleRate = 1e9;
    public const int MinPoints = 16;
    public const int MaxPoints = 16_384;
    public const int DefaultPoints = 2_000;

    private readonly Complex[]?[] _weights = new Complex[Channels][];
    private readonly float[]?[] _traces = new float[Channels][];
    private bool _traceMode;

    /// <summary>Samples in the readout record (and in a trace).</summary>
    public int Points { get; private set; } = DefaultPoints;

    private void AddRecordCommands()
    {
        Commands.Add(
            "ACQuire:MODE",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                _traceMode = c.Parameters[0].AsKeyword("IQ", "TRACe") == "TRACE";
                DiscardData();
            },
            query: c => c.Response.WriteText(_traceMode ? "TRAC" : "IQ"));
        Commands.Add(
            "ACQuire:POINts",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                long n = c.Parameters[0].AsInteger();
                if (n < MinPoints || n > MaxPoints)
                {
                    throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"points {n} is outside {MinPoints}..{MaxPoints}"));
                }

                if (n != Points)
                {
                    Points = (int)n;
                    Array.Clear(_weights); // weights belong to a record length
                    DiscardData();
                }
            },
            query: c => c.Response.WriteText(Points.ToString(CultureInfo.InvariantCulture)));
        Commands.Add("ACQuire:SRATe", query: c => c.Response.WriteText(SampleRate.ToString("R", CultureInfo.InvariantCulture)));
        Commands.Add(
            "INTegration<n>:WEIGhts",
            set: c =>
            {
                int channel = c.Suffix(0, Channels);
                c.ExpectParameters(1, 1);
                _weights[channel - 1] = ParseWeights(c.Parameters[0].AsBlock().Span);
            },
            query: c =>
            {
                int channel = c.Suffix(0, Channels);
                c.ExpectParameters(0, 0);
                var w = _weights[channel - 1];
                var pairs = new float[2 * Points];
                for (int k = 0; k < Points; k++)
                {
                    pairs[2 * k] = w is null ? 1f : (float)w[k].Real;
                    pairs[2 * k + 1] = w is null ? 0f : (float)w[k].Imaginary;
                }

                c.Response.WriteBlock(Encode(pairs));
            });
        Commands.Add("INTegration<n>:WEIGhts:CLEar", set: c =>
        {
            int channel = c.Suffix(0, Channels);
            c.ExpectParameters(0, 0);
            _weights[channel - 1] = null;
        });
        Commands.Add("INTegration<n>:WEIGhts:POINts", query: c =>
        {
            int channel = c.Suffix(0, Channels);
            c.Response.WriteText((_weights[channel - 1]?.Length ?? 0).ToString(CultureInfo.InvariantCulture));
        });
        Commands.Add("FETCh:TRACe", query: FetchTrace);
    }

    private void ResetRecord()
    {
        _traceMode = false;
        Points = DefaultPoints;
        Array.Clear(_weights);
        Array.Clear(_traces);
    }

    private void DiscardData()
    {
        Array.Clear(_data);
        Array.Clear(_pending);
        Array.Clear(_traces);
        if (_state == AcquisitionState.Done)
        {
            _state = AcquisitionState.Idle;
        }
    }

    /// <summary>Ring-up r(t_k) = 1 - exp(-t_k kappa/2) at the middle of each sample of the record.</summary>
    public static double[] RingUp(int points, double linewidthHz)
    {
        double halfKappa = Math.PI * linewidthHz; // kappa/2 with kappa = 2 pi x linewidth
        var r = new double[points];
        for (int k = 0; k < points; k++)
        {
            r[k] = 1 - Math.Exp(-(k + 0.5) / SampleRate * halfKappa);
        }

        return r;
    }

    /// <summary>
    /// The readout the channel's integrator reports with the current record and weights: centres times
    /// (1/N) sum w_k r_k / m0, noise times sqrt(N0 sum |w_k|^2) / N, where m0 is the mean ring-up over the
    /// default record. The default record with unit weights returns <paramref name="readout"/> itself.
    /// </summary>
    private ReadoutModel Integrated(ReadoutModel readout, int channel)
    {
        var w = _weights[channel - 1];
        if (w is null && Points == DefaultPoints)
        {
            return readout;
        }

        var r = RingUp(Points, readout.ResonatorLinewidth);
        double m0 = RingUp(DefaultPoints, readout.ResonatorLinewidth).Average();
        Complex sum = Complex.Zero;
        double power = 0;
        for (int k = 0; k < Points; k++)
        {
            var wk = w?[k] ?? Complex.One;
            sum += wk * r[k];
            power += wk.Real * wk.Real + wk.Imaginary * wk.Imaginary;
        }

        var gain = sum / Points / m0;
        return readout.Scaled(gain) with { Noise = readout.Noise * Math.Sqrt(DefaultPoints * power) / Points };
    }

    /// <summary>
    /// One averaged trace per channel: each shot's outcome drawn as in IQ mode, the trace the mean
    /// outcome point times the ring-up, and white noise of sigma_sample / sqrt(shots) per quadrature,
    /// sigma_sample = noise x sqrt(N0) (the per-sample noise that integrates to the station's noise).
    /// </summary>
    private void AcquireTraces(long index, out double longestPlay)
    {
        longestPlay = 0;
        for (int channel = 1; channel <= Channels; channel++)
        {
            var rng = DeterministicRandom.ForStream(_device.Seed, $"{_name}/channel{channel}", index);
            var qubit = _device.QubitReadBy(_name, channel);
            Complex mean = Complex.Zero;
            double sampleNoise = UnconnectedNoise * Math.Sqrt(DefaultPoints);
            double[] r = new double[Points];
            if (qubit is not null)
            {
                double p1 = _device.ExcitedPopulationAfterPlay(qubit, out double play);
                longestPlay = Math.Max(longestPlay, play);
                var readout = _device.ReadoutSeenBy(qubit);
                int ones = 0;
                for (int s = 0; s < _shots; s++)
                {
                    bool excited = rng.NextDouble() < p1;
                    double flip = rng.NextDouble();
                    ones += (excited ? flip >= readout.P0Given1 : flip < readout.P1Given0) ? 1 : 0;
                }

                double fraction = ones / (double)_shots;
                double m0 = RingUp(DefaultPoints, readout.ResonatorLinewidth).Average();
                mean = (fraction * new Complex(readout.ExcitedI, readout.ExcitedQ) + (1 - fraction) * new Complex(readout.GroundI, readout.GroundQ)) / m0;
                sampleNoise = readout.Noise * Math.Sqrt(DefaultPoints);
                r = RingUp(Points, readout.ResonatorLinewidth);
            }

            double sigma = sampleNoise / Math.Sqrt(_shots);
            var trace = new float[2 * Points];
            for (int k = 0; k < Points; k++)
            {
                trace[2 * k] = (float)(mean.Real * r[k] + sigma * rng.NextGaussian());
                trace[2 * k + 1] = (float)(mean.Imaginary * r[k] + sigma * rng.NextGaussian());
            }

            _traces[channel - 1] = trace;
        }
    }

    private void FetchTrace(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        long channel = c.Parameters[0].AsInteger();
        if (channel < 1 || channel > Channels)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"channel {channel} is outside 1..{Channels}"));
        }

        var trace = _state == AcquisitionState.Done ? _traces[channel - 1] : null;
        if (trace is null)
        {
            c.Response.WriteBlock([]);
            throw new ScpiErrorException(ScpiError.DataCorruptOrStale.With("no completed trace acquisition; set ACQ:MODE TRAC, send INIT and run the AWG"));
        }

        c.Response.WriteBlock(Encode(trace));
    }

    private Complex[] ParseWeights(ReadOnlySpan<byte> block)
    {
        if (block.Length % 8 != 0)
        {
            throw new ScpiErrorException(ScpiError.InvalidBlockData.With($"{block.Length} bytes are not whole float32 (wI, wQ) pairs"));
        }

        if (block.Length / 8 != Points)
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"expected {Points} (wI, wQ) pairs (ACQ:POIN), got {block.Length / 8}"));
        }

        var weights = new Complex[Points];
        for (int k = 0; k < Points; k++)
        {
            float wi = _bigEndian ? BinaryPrimitives.ReadSingleBigEndian(block[(8 * k)..]) : BinaryPrimitives.ReadSingleLittleEndian(block[(8 * k)..]);
            float wq = _bigEndian ? BinaryPrimitives.ReadSingleBigEndian(block[(8 * k + 4)..]) : BinaryPrimitives.ReadSingleLittleEndian(block[(8 * k + 4)..]);
            if (!float.IsFinite(wi) || !float.IsFinite(wq))
            {
                throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"weight {k} is not a finite number"));
            }

            weights[k] = new Complex(wi, wq);
        }

        return weights;
    }

    private byte[] Encode(float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var slot = bytes.AsSpan(4 * i, 4);
            if (_bigEndian)
            {
                BinaryPrimitives.WriteSingleBigEndian(slot, values[i]);
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(slot, values[i]);
            }
        }

        return bytes;
    }
}
