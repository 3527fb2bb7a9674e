using System.CommandLine;
using QDeviceLab.Conformance;
using QDeviceLab.Conformance.Steps;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab run [PATHS...] [--station FILE] [--out DIR] [--tags EXPR] [--seed N] [--order ORDER]</c>: runs
/// feature files against a station and writes the report folder.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("paths") { Description = "Feature files or folders (default: ./features)", Arity = ArgumentArity.ZeroOrMore };
        var station = new Option<string?>("--station") { Description = "Station file (default: the embedded emulated station)" };
        var outDir = new Option<string?>("--out") { Description = "Report folder (default: ./qdlab-runs/<UTC time>)" };
        var tags = new Option<string?>("--tags") { Description = "Tag expression selecting scenarios, e.g. \"@t1 and not @slow\"" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the emulated station's randomness (default: the station file's)" };
        var standards = new Option<string?>("--standards") { Description = "Folder of standards profiles (default: ./standards)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Match every step and run none; no instrument is touched" };
        var order = new Option<string>("--order")
        {
            Description = "Order of the scenarios: defined, reverse, random or random:SEED; a random order's seed is printed and recorded so --order random:SEED repeats it",
            DefaultValueFactory = _ => "defined",
        };
        var grade = new Option<string?>("--grade") { Description = "Grade of the profiles' limits to judge against, e.g. research or pilot-line (default: each profile's default_grade)" };

        var command = new Command("run", "Run benchmark features against a station and write a conformance report")
        {
            paths, station, outDir, tags, seed, standards, dryRun, grade, order,
        };
        command.SetAction((result, cancellationToken) => new RunSession(output).ExecuteAsync(
            new RunRequest(
                result.GetValue(paths) ?? [],
                result.GetValue(station),
                result.GetValue(outDir),
                result.GetValue(tags),
                result.GetValue(seed),
                result.GetValue(standards),
                result.GetValue(dryRun),
                result.GetValue(grade),
                result.GetValue(order) ?? "defined"),
            cancellationToken));
        return command;
    }
}

/// <summary>What the user asked <c>qdlab run</c> to do.</summary>
internal sealed record RunRequest(
    IReadOnlyList<string> Paths,
    string? StationFile,
    string? OutputDirectory,
    string? Tags,
    int? Seed,
    string? StandardsDirectory,
    bool DryRun,
    string? Grade = null,
    string Order = "defined");
