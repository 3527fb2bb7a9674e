namespace QDeviceLab.Analysis.Tests.Support;

internal static class Statistics
{
    public static double Mean(IReadOnlyList<double> values) => values.Average();

    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>NIST's log relative error: the number of agreeing significant digits.</summary>
    public static double LogRelativeError(double estimate, double certified) =>
        estimate == certified ? 15.0 : -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified));

    /// <summary>Difference of two phases wrapped to (-pi, pi].</summary>
    public static double PhaseDifference(double a, double b)
    {
        double d = Math.IEEERemainder(a - b, 2.0 * Math.PI);
        return d;
    }
}
