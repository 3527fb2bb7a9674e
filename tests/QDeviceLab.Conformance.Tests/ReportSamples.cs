using QDeviceLab.Analysis;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

/// <summary>A run record with every kind of content the report writers must carry, and the repository's files.</summary>
internal static class ReportSamples
{
    public const string FeatureText = """
        @coherence
        Feature: T1 <script>alert(1)</script>

          Background:
            Given the mixing chamber is colder than 20 mK

          Scenario Outline: T1 of qubit <qubit>
            When T1 of qubit <qubit> is measured by inversion recovery with 3 delays from 0 µs to 100 µs and 10 shots each
            Then T1 is assessed against clause QDL-COH-1

            Examples:
              | qubit |
              | q0    |
              | q1    |
        """;

    public static string RepositoryRoot { get; } = FindRoot();

    public static RunRecord Record()
    {
        var profile = ProfileFixtures.CoherenceProfile();
        var t1 = profile.Clause("QDL-COH-1");
        var evidence = new FitEvidence(
            "delay", "s", "excited-state fraction",
            [0, 50e-6, 100e-6], [0.95, 0.35, 0.12], [0.01, 0.02, double.NaN],
            [0, 50e-6, 100e-6], [0.96, 0.34, 0.13],
            "y = A exp(-x/tau) + B", new Dictionary<string, double> { ["tau"] = 48e-6 });
        var pass = MetricResult.Evaluate(t1, new Measurement(48e-6, 1.2e-6, "s"), "q0", "raw/t1-q0.raw.json",
            new FitInfo("y = A exp(-x/tau) + B", 1.04, "ConvergedOnFunction")) with { Evidence = evidence, Method = "inversion recovery <b>" };
        var broken = MetricResult.Evaluate(t1, new Measurement(double.NaN, double.NaN, "s"), "q1");
        StepResult Step(string keyword, string text, int line, StepStatus status, string? error = null) =>
            new(keyword, text, line, status, TimeSpan.FromMilliseconds(250), error);
        var sha = Sha(FeatureText);
        return new RunRecord
        {
            RunId = "run-<1>",
            StartedUtc = new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero),
            FinishedUtc = new DateTimeOffset(2026, 3, 4, 10, 0, 9, TimeSpan.Zero),
            CommandLine = "qdlab run --tags \"@t1 & <x>\"",
            Seed = 42,
            Station = new StationInfo("fridge <A>", "instruments/stations/emulated.yaml", new string('a', 64),
            [
                new InstrumentInfo("awg1", "AWG5208", "TCPIP0::127.0.0.1::5025::SOCKET", "TEKTRONIX,AWG5208,B012345,FV:7.1.2", new DateOnly(2027, 6, 30)),
                new InstrumentInfo("bridge", "372", "TCPIP0::127.0.0.1::7777::SOCKET", "LSCI,MODEL372,LSA21F7,1.4", new DateOnly(2026, 1, 15)),
            ]),
            Profiles = [profile.Info],
            Features = [new FeatureInfo("features/t1.feature", sha, FeatureText)],
            Environment =
            [
                new EnvironmentReading(new DateTimeOffset(2026, 3, 4, 10, 0, 1, TimeSpan.Zero), "mixing chamber temperature", 0.0121, "K", "bridge channel 6", "T1 of qubit q0"),
                new EnvironmentReading(new DateTimeOffset(2026, 3, 4, 10, 0, 5, TimeSpan.Zero), "mixing chamber temperature", 0.0123, "K", "bridge channel 6", "T1 of qubit q1"),
            ],
            Scenarios =
            [
                new ScenarioResult
                {
                    Feature = "features/t1.feature", Name = "T1 of qubit q0", Line = 13, Qubit = "q0",
                    Parameters = new Dictionary<string, string> { ["qubit"] = "q0" }, Tags = ["@coherence"], Status = StepStatus.Passed,
                    Steps =
                    [
                        Step("Given ", "the mixing chamber is colder than 20 mK", 4, StepStatus.Passed),
                        Step("When ", "T1 of qubit q0 is measured by inversion recovery with 3 delays from 0 µs to 100 µs and 10 shots each", 7, StepStatus.Passed),
                        Step("Then ", "T1 is assessed against clause QDL-COH-1", 8, StepStatus.Passed),
                    ],
                    Metrics = [pass], Duration = TimeSpan.FromSeconds(1),
                },
                new ScenarioResult
                {
                    Feature = "features/t1.feature", Name = "T1 of qubit q1", Line = 14, Qubit = "q1",
                    Parameters = new Dictionary<string, string> { ["qubit"] = "q1" }, Tags = ["@coherence"], Status = StepStatus.Failed,
                    Steps =
                    [
                        Step("Given ", "the mixing chamber is colder than 20 mK", 4, StepStatus.Passed),
                        Step("When ", "T1 of qubit q1 is measured by inversion recovery with 3 delays from 0 µs to 100 µs and 10 shots each", 7, StepStatus.Failed, "link dropped <&> \u0001"),
                        Step("Then ", "T1 is assessed against clause QDL-COH-1", 8, StepStatus.Skipped),
                    ],
                    Metrics = [broken], Duration = TimeSpan.FromSeconds(2),
                },
            ],
        };
    }

    public static string Sha(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("tests must run inside the repository");
    }
}
