namespace QDeviceLab.Analysis;

/// <summary>Lomb-Scargle periodogram: the least-squares sinusoid power, valid for uneven sampling.</summary>
internal static class Periodogram
{
    public static double LombScarglePower(double[] x, double[] centred, double frequency)
    {
        double omega = 2.0 * Math.PI * frequency;
        double s2 = 0.0, c2 = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            s2 += Math.Sin(2.0 * omega * x[i]);
            c2 += Math.Cos(2.0 * omega * x[i]);
        }

        double shift = Math.Atan2(s2, c2) / (2.0 * omega);
        double yc = 0.0, ys = 0.0, cc = 0.0, ss = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double angle = omega * (x[i] - shift);
            double c = Math.Cos(angle);
            double s = Math.Sin(angle);
            yc += centred[i] * c;
            ys += centred[i] * s;
            cc += c * c;
            ss += s * s;
        }

        double power = 0.0;
        if (cc > 0.0)
        {
            power += yc * yc / cc;
        }

        if (ss > 0.0)
        {
            power += ys * ys / ss;
        }

        return 0.5 * power;
    }

    /// <summary>Scans [minimum, maximum] in steps of <paramref name="step"/>; refines the peak by a parabola.</summary>
    public static double PeakFrequency(double[] x, double[] centred, double minimum, double maximum, double step)
    {
        int count = Math.Max(3, (int)Math.Ceiling((maximum - minimum) / step) + 1);
        var power = new double[count];
        int peak = 0;
        for (int k = 0; k < count; k++)
        {
            power[k] = LombScarglePower(x, centred, minimum + (k * step));
            if (power[k] > power[peak])
            {
                peak = k;
            }
        }

        double frequency = minimum + (peak * step);
        if (peak > 0 && peak < count - 1)
        {
            double curvature = power[peak - 1] - (2.0 * power[peak]) + power[peak + 1];
            if (curvature < 0.0)
            {
                frequency += 0.5 * step * (power[peak - 1] - power[peak + 1]) / curvature;
            }
        }

        return frequency;
    }
}
