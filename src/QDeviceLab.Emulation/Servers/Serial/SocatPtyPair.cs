using System.Diagnostics;

namespace QDeviceLab.Emulation.Servers.Serial;

/// <summary>
/// Two connected pseudo-terminals made by <c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>:
/// bytes written to one come out of the other, like the two ends of a null-modem cable. The line
/// survives either end being closed and reopened (socat keeps both masters). The socat process is
/// killed on dispose. Pseudo-terminals carry bytes, not frames: they behave as 8N1 whatever the
/// character size and parity either end asks for.
/// </summary>
internal sealed class SocatPtyPair : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(10);

    private readonly Process _socat;
    private readonly string _folder;

    private SocatPtyPair(Process socat, string folder, string instrumentEnd, string clientEnd)
    {
        _socat = socat;
        _folder = folder;
        InstrumentEnd = instrumentEnd;
        ClientEnd = clientEnd;
    }

    /// <summary>Device path of the end the emulated instrument holds (<c>/dev/pts/N</c>).</summary>
    public string InstrumentEnd { get; }

    /// <summary>Device path a VISA client opens (<c>/dev/pts/N</c>).</summary>
    public string ClientEnd { get; }

    /// <summary>The socat executable, or null where there is none (Windows, or not installed).</summary>
    public static string? SocatPath { get; } = FindSocat();

    public static async Task<SocatPtyPair> StartAsync(CancellationToken cancellationToken = default)
    {
        string socatPath = SocatPath ?? throw new InvalidOperationException("serial lines over pseudo-terminals need socat (apt-get install socat)");
        string folder = Directory.CreateTempSubdirectory("qdl-pty-").FullName;
        string instrumentLink = Path.Combine(folder, "instrument");
        string clientLink = Path.Combine(folder, "client");
        var info = new ProcessStartInfo(socatPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-d", "-d", $"pty,raw,echo=0,link={instrumentLink}", $"pty,raw,echo=0,link={clientLink}"])
        {
            info.ArgumentList.Add(argument);
        }

        var socat = Process.Start(info) ?? throw new InvalidOperationException($"{socatPath} did not start");
        var log = new List<string>();
        socat.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (log)
                {
                    // socat -d -d logs a few lines at start and one per closed end; keep the first ones for errors.
                    if (log.Count < 50)
                    {
                        log.Add(line);
                    }
                }
            }
        };
        socat.BeginErrorReadLine();
        try
        {
            var started = Stopwatch.StartNew();
            while (!(File.Exists(instrumentLink) && File.Exists(clientLink) && IsReady(log)))
            {
                if (socat.HasExited || started.Elapsed > StartupLimit)
                {
                    string said;
                    lock (log)
                    {
                        said = string.Join(" | ", log);
                    }

                    throw new InvalidOperationException($"socat did not make a pseudo-terminal pair ({(socat.HasExited ? $"exit {socat.ExitCode}" : "still starting")}): {said}");
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            return new SocatPtyPair(socat, folder, Resolve(instrumentLink), Resolve(clientLink));
        }
        catch
        {
            Kill(socat);
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Ends socat now, so both pseudo-terminals hang up (a dropped link); <see cref="DisposeAsync"/> still cleans up.</summary>
    public void HangUp() => Kill(_socat);

    public async ValueTask DisposeAsync()
    {
        Kill(_socat);
        await _socat.WaitForExitAsync().ConfigureAwait(false);
        _socat.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty folder in /tmp is harmless.
        }
    }

    private static bool IsReady(List<string> log)
    {
        lock (log)
        {
            return log.Exists(l => l.Contains("starting data transfer loop", StringComparison.Ordinal));
        }
    }

    private static void Kill(Process socat)
    {
        try
        {
            socat.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Resolve(string link) => File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName ?? link;

    private static string? FindSocat()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.Prepend("/usr/bin").Select(f => Path.Combine(f, "socat")).FirstOrDefault(File.Exists);
    }
}
