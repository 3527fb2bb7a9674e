using System.Diagnostics;
using System.IO.Ports;

namespace QDeviceLab.Visa.Tests.Serial;

/// <summary>
/// A socat pseudo-terminal pair for tests that need a scripted peer on the far end of a serial line.
/// <see cref="Peer"/> is the far end, opened 8N1; <see cref="ClientResource"/> names the near end.
/// Disposing kills socat, which is also how a test makes the line hang up.
/// </summary>
internal sealed class PtyLine : IAsyncDisposable
{
    private readonly Process _socat;
    private readonly string _folder;

    private PtyLine(Process socat, string folder, SerialPort peer, string clientDevice)
    {
        _socat = socat;
        _folder = folder;
        Peer = peer;
        ClientResource = $"ASRL{clientDevice}::INSTR";
    }

    public SerialPort Peer { get; }

    public string ClientResource { get; }

    public static async Task<PtyLine> StartAsync()
    {
        string folder = Directory.CreateTempSubdirectory("qdl-test-pty-").FullName;
        string peerLink = Path.Combine(folder, "peer");
        string clientLink = Path.Combine(folder, "client");
        var info = new ProcessStartInfo("/usr/bin/socat") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add($"pty,raw,echo=0,link={peerLink}");
        info.ArgumentList.Add($"pty,raw,echo=0,link={clientLink}");
        var socat = Process.Start(info)!;
        var started = Stopwatch.StartNew();
        while (!(File.Exists(peerLink) && File.Exists(clientLink)))
        {
            if (socat.HasExited || started.Elapsed > TimeSpan.FromSeconds(10))
            {
                socat.Kill();
                throw new InvalidOperationException("socat made no pty pair: " + await socat.StandardError.ReadToEndAsync());
            }

            await Task.Delay(10);
        }

        var peer = new SerialPort(File.ResolveLinkTarget(peerLink, true)!.FullName, 9600, Parity.None, 8, StopBits.One);
        try
        {
            peer.Open();
        }
        catch
        {
            socat.Kill();
            throw;
        }

        return new PtyLine(socat, folder, peer, File.ResolveLinkTarget(clientLink, true)!.FullName);
    }

    /// <summary>Kills socat: both ends hang up.</summary>
    public async Task HangUpAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill(entireProcessTree: true);
        }

        await _socat.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await HangUpAsync();
        try
        {
            Peer.Dispose();
        }
        catch (IOException)
        {
            // The line is already gone.
        }

        _socat.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
