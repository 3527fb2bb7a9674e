using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Servers.Serial;

/// <summary>
/// Serves one emulated instrument over a serial line: the instrument holds one end of a
/// <see cref="SocatPtyPair"/>, a VISA client opens the other as <c>ASRL/dev/pts/N::INSTR</c>. 8N1, since
/// pseudo-terminals ignore character size and parity (a 7O1 client still works: bytes are bytes).
/// A serial line has no connection, so clients may come and go; input that breaks the model's bounds is
/// logged in the error queue and the framer starts afresh instead of dropping a link. Latency, garbage and
/// truncated answers are applied as on the socket server; a dropped link hangs the line up for good (socat ends).
/// </summary>
internal sealed class ScpiSerialServer : IAsyncDisposable
{
    private readonly ScpiInstrument _instrument;
    private readonly SocatPtyPair _line;
    private readonly FileStream _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serve;
    private int _disposed;

    private ScpiSerialServer(ScpiInstrument instrument, SocatPtyPair line, FileStream stream)
    {
        _instrument = instrument;
        _line = line;
        _stream = stream;
        // A thread of its own with blocking reads and writes, like the TCP servers' connections.
        _serve = Task.Factory.StartNew(Serve, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>VISA resource string of the client's end, <c>ASRL/dev/pts/N::INSTR</c>.</summary>
    public string Resource => $"ASRL{_line.ClientEnd}::INSTR";

    public static bool IsAvailable => SocatPtyPair.SocatPath is not null;

    public static async Task<ScpiSerialServer> StartAsync(ScpiInstrument instrument, CancellationToken cancellationToken = default)
    {
        var line = await SocatPtyPair.StartAsync(cancellationToken).ConfigureAwait(false);
        FileStream stream;
        try
        {
            stream = PseudoTerminalEnd.Open(line.InstrumentEnd);
        }
        catch
        {
            await line.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ScpiSerialServer(instrument, line, stream);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _stop.CancelAsync().ConfigureAwait(false);

            // A read blocked on the pseudo-terminal ends when socat (the other side) goes away.
            _line.HangUp();
            await _serve.ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            await _line.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private void Serve()
    {
        var stream = _stream;
        var framer = new ProgramMessageFramer(_instrument.MaxBlockBytes, _instrument.MaxMessageTextBytes);
        var buffer = new byte[16 * 1024];
        var messages = new List<byte[]>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n = stream.Read(buffer);
                if (n == 0)
                {
                    return;
                }

                // A dropped link delivers what got through before the cut, answers nothing, and hangs up.
                int arrived = _instrument.Faults.TakeBytes(n);
                var fatal = framer.Push(buffer.AsSpan(0, arrived), messages);
                foreach (var message in messages)
                {
                    var execution = _instrument.ExecuteMessage(message);
                    // A blocked parser stays silent for this message; the line itself lives on.
                    if (arrived == n && execution.Response is { } response && !execution.Hung && !Answer(stream, response))
                    {
                        return;
                    }
                }

                messages.Clear();
                if (arrived < n)
                {
                    _line.HangUp();
                    return;
                }

                if (fatal is ScpiError error)
                {
                    _instrument.ReportInputError(error);
                    framer = new ProgramMessageFramer(_instrument.MaxBlockBytes, _instrument.MaxMessageTextBytes);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping, or socat went away.
        }
    }

    /// <summary>
    /// Sends one answer through the instrument's faults, by the SOCKET server's rule: held back by the
    /// latency, garbage or truncated when its number comes up. A truncated answer simply stops half
    /// way, without terminator, and the line lives on; a dropped link delivers the bytes before the
    /// cut and hangs the line up for good (socat ends). False when the line is now gone.
    /// </summary>
    private bool Answer(Stream stream, byte[] response)
    {
        var faults = _instrument.Faults;
        if (faults.IsEmpty)
        {
            stream.Write(response);
            return true;
        }

        long answer = faults.HoldAnswer(_stop.Token);
        (response, _) = faults.Spoil(answer, response, _instrument.ResponseTerminator);
        int allowed = faults.TakeBytes(response.Length);
        stream.Write(response.AsSpan(0, allowed));
        if (allowed < response.Length)
        {
            stream.Flush();
            _line.HangUp();
            return false;
        }

        return true;
    }
}
