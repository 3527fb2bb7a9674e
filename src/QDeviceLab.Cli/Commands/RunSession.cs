using System.Diagnostics;
using QDeviceLab.Conformance;
using QDeviceLab.Conformance.Steps;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// One <c>qdlab run</c>: load and check every input before touching an instrument, start the
/// emulated station when the station file describes one, open the station, run, and write
/// the reports whatever happened to the measurements.
/// </summary>
internal sealed class RunSession(TextWriter output)
{
    /// <summary>Per-operation I/O timeout for instrument sessions; long uploads stream within it.</summary>
    private static readonly TimeSpan InstrumentTimeout = TimeSpan.FromSeconds(10);

    public async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;

        // Inputs first: a typo in a feature or station file should cost nothing.
        var featurePaths = request.Paths.Count > 0 ? request.Paths.Select(Existing).ToList() : [DefaultPaths.Find(DefaultPaths.FeaturesFolder)];
        var tags = request.Tags is null ? null : TagExpression.Parse(request.Tags);
        var order = RunOrder.Parse(request.Order);
        var features = FeatureLoader.Load(featurePaths);
        var scenarios = features.SelectMany(f => f.Scenarios).ToList();
        var profiles = ProfileSet.LoadDirectory(request.StandardsDirectory is null ? DefaultPaths.Find(DefaultPaths.StandardsFolder) : Existing(request.StandardsDirectory));
        profiles = request.Grade is null ? profiles : WithGrade(profiles, request.Grade);
        ClauseCitations.CheckExist(scenarios, profiles);
        var stationPath = request.StationFile is null ? DefaultPaths.Find(DefaultPaths.EmulatedStation) : Existing(request.StationFile);
        var definition = StationFile.Load(stationPath);
        var reportDirectory = Path.GetFullPath(request.OutputDirectory ?? DefaultPaths.NewRunFolder(started));
        Directory.CreateDirectory(reportDirectory);
        var registry = StepLibrary.Create();

        await output.WriteLineAsync($"QDeviceLab {RunReport.SoftwareVersion}: {scenarios.Count} scenarios from {features.Count} features, station '{definition.Name}'").ConfigureAwait(false);
        if (order.Kind != RunOrderKind.Defined)
        {
            await output.WriteLineAsync($"Scenario order {order} (--order {order} repeats it)").ConfigureAwait(false);
        }

        var progress = new ConsoleProgress(output);
        var options = new RunOptions(tags, request.DryRun, order);
        RunRecord record;
        if (request.DryRun)
        {
            // Match every step, touch no instrument: the station is neither emulated nor opened.
            record = await FeatureRunner.RunAsync(scenarios, registry, options, new RunContext { Seed = request.Seed }, progress, cancellationToken).ConfigureAwait(false);
            record = RunReport.Complete(record, started, Environment.CommandLine, definition, null, profiles);
        }
        else
        {
            await using var emulator = definition.DescribesEmulator ? EmulatedStation.Start(stationPath, request.Seed) : null;
            if (emulator is not null)
            {
                await output.WriteLineAsync($"Emulated station started on loopback ({emulator.Resources.Count} instruments, seed {emulator.Seed})").ConfigureAwait(false);
            }

            // Every command and answer of the run, streamed to the report folder as it happens.
            await using var ioTrace = QDeviceLab.Visa.Tracing.IoTraceFile.Create(Path.Combine(reportDirectory, QDeviceLab.Visa.Tracing.IoTraceFile.FileName));
            await using var station = await Station.OpenAsync(definition, emulator?.Resources, InstrumentTimeout, ioTrace, cancellationToken).ConfigureAwait(false);
            foreach (var instrument in station.Instruments)
            {
                await output.WriteLineAsync($"  {instrument.Name,-8} {instrument.Identity.Raw}  at {instrument.Resource}").ConfigureAwait(false);
            }

            var run = new RunContext { OutputDirectory = reportDirectory, Seed = emulator?.Seed ?? request.Seed };
            new Harness(station, profiles, Path.Combine(reportDirectory, "raw"), reportDirectory).AttachTo(run);
            record = await FeatureRunner.RunAsync(scenarios, registry, options, run, progress, cancellationToken).ConfigureAwait(false);
            record = RunReport.Complete(record, started, Environment.CommandLine, definition, station, profiles);
        }

        RunReport.WriteAll(record, reportDirectory);
        await progress.PrintSummaryAsync(record, reportDirectory, clock.Elapsed).ConfigureAwait(false);
        return ExitCodes.For(record.Verdict);
    }

    private static ProfileSet WithGrade(ProfileSet profiles, string grade)
    {
        try
        {
            return profiles.ForGrade(grade);
        }
        catch (KeyNotFoundException e)
        {
            throw new UsageException($"--grade: {e.Message}");
        }
    }

    private static string Existing(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) || Directory.Exists(full) ? full : throw new UsageException($"'{path}' does not exist");
    }
}
