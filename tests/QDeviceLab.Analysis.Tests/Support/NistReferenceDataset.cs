using System.Globalization;
using System.Text.RegularExpressions;

namespace QDeviceLab.Analysis.Tests.Support;

/// <summary>Reader for the NIST StRD nonlinear-regression files kept in standards/reference-data.</summary>
internal sealed partial class NistReferenceDataset
{
    public required string Name { get; init; }
    public required double[] X { get; init; }
    public required double[] Y { get; init; }
    public required double[] Start1 { get; init; }
    public required double[] Start2 { get; init; }
    public required double[] CertifiedValues { get; init; }
    public required double[] CertifiedStandardDeviations { get; init; }
    public required double ResidualSumOfSquares { get; init; }
    public required double ResidualStandardDeviation { get; init; }
    public required int DegreesOfFreedom { get; init; }
    public required int Observations { get; init; }

    public double[] Start(int which) => which switch
    {
        1 => Start1,
        2 => Start2,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    public static NistReferenceDataset Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "reference-data", fileName);
        var lines = File.ReadAllLines(path);
        var start1 = new List<double>();
        var start2 = new List<double>();
        var values = new List<double>();
        var deviations = new List<double>();
        var x = new List<double>();
        var y = new List<double>();
        double rss = double.NaN, rsd = double.NaN;
        int dof = -1, observations = -1;
        bool inData = false;

        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (inData)
            {
                var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                y.Add(Parse(cells[0]));
                x.Add(Parse(cells[1]));
                continue;
            }

            var parameter = ParameterLine().Match(line);
            if (parameter.Success)
            {
                var cells = parameter.Groups["rest"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                start1.Add(Parse(cells[0]));
                start2.Add(Parse(cells[1]));
                values.Add(Parse(cells[2]));
                deviations.Add(Parse(cells[3]));
            }
            else if (line.StartsWith("Residual Sum of Squares:", StringComparison.Ordinal))
            {
                rss = Parse(AfterColon(line));
            }
            else if (line.StartsWith("Residual Standard Deviation:", StringComparison.Ordinal))
            {
                rsd = Parse(AfterColon(line));
            }
            else if (line.StartsWith("Degrees of Freedom:", StringComparison.Ordinal))
            {
                dof = int.Parse(AfterColon(line), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Number of Observations:", StringComparison.Ordinal))
            {
                observations = int.Parse(AfterColon(line), CultureInfo.InvariantCulture);
            }
            else if (DataHeader().IsMatch(line))
            {
                inData = true;
            }
        }

        if (x.Count != observations || values.Count == 0 || double.IsNaN(rss) || double.IsNaN(rsd) || dof < 0)
        {
            throw new InvalidDataException($"{fileName} is incomplete: {x.Count} points for {observations} observations.");
        }

        return new NistReferenceDataset
        {
            Name = Path.GetFileNameWithoutExtension(fileName),
            X = x.ToArray(),
            Y = y.ToArray(),
            Start1 = start1.ToArray(),
            Start2 = start2.ToArray(),
            CertifiedValues = values.ToArray(),
            CertifiedStandardDeviations = deviations.ToArray(),
            ResidualSumOfSquares = rss,
            ResidualStandardDeviation = rsd,
            DegreesOfFreedom = dof,
            Observations = observations,
        };
    }

    private static string AfterColon(string line) => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^b\d+\s*=\s*(?<rest>.+)$")]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"^Data:\s+y\s+x$")]
    private static partial Regex DataHeader();
}
