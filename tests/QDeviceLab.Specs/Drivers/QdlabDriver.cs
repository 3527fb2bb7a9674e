using QDeviceLab.Cli;

namespace QDeviceLab.Specs.Drivers;

/// <summary>
/// Runs <c>qdlab</c> in process, the way a user types it, against the repository's features,
/// standards and emulated station; one per scenario, with its own scratch folder.
/// </summary>
public sealed class QdlabDriver : IDisposable
{
    public QdlabDriver()
    {
        Directory = Path.Combine(Path.GetTempPath(), "qdlab-specs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ReportFolder = Path.Combine(Directory, "report");
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Scratch folder of the scenario (<c>{dir}</c> in arguments).</summary>
    public string Directory { get; }

    /// <summary>Report folder of the scenario (<c>{out}</c> in arguments).</summary>
    public string ReportFolder { get; private set; }

    public int ExitCode { get; private set; } = -1;

    public string Output { get; private set; } = "";

    public string Error { get; private set; } = "";

    public void UseFreshReportFolder() => ReportFolder = Path.Combine(Directory, "report-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>
    /// Splits on spaces (no quoting needed by the specs) after putting in the placeholders; the
    /// repository's standards and station are named explicitly, since the test runner's working
    /// folder is not the repository.
    /// </summary>
    public async Task RunAsync(string arguments)
    {
        var args = arguments
            .Replace("{features}", Path.Combine(RepositoryRoot, "features"), StringComparison.Ordinal)
            .Replace("{out}", ReportFolder, StringComparison.Ordinal)
            .Replace("{dir}", Directory, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (args.Count > 0 && args[0] == "run")
        {
            args.AddRange(["--standards", Path.Combine(RepositoryRoot, "standards"), "--station", Path.Combine(RepositoryRoot, "instruments", "stations", "emulated.yaml")]);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        ExitCode = await QdlabCommand.InvokeAsync([.. args], output, error).ConfigureAwait(false);
        Output = output.ToString();
        Error = error.ToString();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless; failing the scenario over it would not be.
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QDeviceLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("QDeviceLab.sln not found above " + AppContext.BaseDirectory);
    }
}
