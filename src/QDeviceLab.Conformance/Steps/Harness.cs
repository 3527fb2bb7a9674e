using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Conformance.Steps;

/// <summary>
/// What the step library needs from the run: the opened station, the loaded standards
/// profiles and where raw data goes. Stored once in <see cref="RunContext.Items"/>.
/// </summary>
public sealed record Harness(Station Station, ProfileSet Profiles, string RawDataDirectory, string ReportDirectory)
{
    private const string Key = "qdevicelab.harness";

    public void AttachTo(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Items[Key] = this;
    }

    public static Harness Of(StepContext context) => context.Run.Get<Harness>(Key);

    /// <summary>The qubit's lines, after reopening any instrument whose link broke in an earlier scenario.</summary>
    public async Task<QubitLines> QubitAsync(string name, CancellationToken cancellationToken)
    {
        await Station.RecoverBrokenInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        return Station.Qubit(name);
    }

    /// <summary>A coupled pair's lines (station file <c>pairs:</c>), after reopening any instrument whose link broke earlier.</summary>
    public async Task<PairLines> PairAsync(string name, CancellationToken cancellationToken)
    {
        await Station.RecoverBrokenInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        return Station.Pair(name);
    }

    /// <summary>A path under the report folder, written with forward slashes for the report.</summary>
    public string RelativeToReport(string path) =>
        Path.GetRelativePath(ReportDirectory, path).Replace('\\', '/');
}
