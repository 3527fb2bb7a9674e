using System.Net.Sockets;
using QDeviceLab.Emulation.Faults;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// Serves one emulated instrument over the raw SOCKET protocol on 127.0.0.1: '\n'-terminated
/// program messages (with embedded binary blocks) in, responses out. Any number of
/// sequential or concurrent connections; within one connection commands run in order.
/// A message that breaks the model's input bounds is logged in the instrument's error queue
/// and the connection is closed. Transport faults (latency, dropped link, garbage and
/// truncated answers, a blocked parser) are applied here.
/// </summary>
internal sealed class ScpiSocketServer : IAsyncDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly ScpiInstrument _instrument;
    private readonly LoopbackConnectionHost _host = new();

    private ScpiSocketServer(ScpiInstrument instrument, int preferredPort)
    {
        _instrument = instrument;
        var listener = LoopbackConnectionHost.Bind(preferredPort);
        Port = LoopbackConnectionHost.PortOf(listener);
        _host.Serve(listener, ServeAsync);
    }

    public int Port { get; }

    /// <summary>VISA resource string of this server.</summary>
    public string Resource => $"TCPIP0::127.0.0.1::{Port}::SOCKET";

    /// <summary>Binds an ephemeral loopback port and starts accepting.</summary>
    public static ScpiSocketServer Start(ScpiInstrument instrument) => new(instrument, 0);

    /// <summary>
    /// Listens on <paramref name="preferredPort"/> (the model's well-known port, e.g. 7777 for a Lake
    /// Shore bridge) when it is free, else on an ephemeral port; <see cref="Port"/> says which.
    /// </summary>
    public static ScpiSocketServer Start(ScpiInstrument instrument, int preferredPort) => new(instrument, preferredPort);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken stop)
    {
        var faults = _instrument.Faults;
        try
        {
            var framer = new ProgramMessageFramer(_instrument.MaxBlockBytes, _instrument.MaxMessageTextBytes);
            var buffer = new byte[ReceiveBufferSize];
            var messages = new List<byte[]>();
            while (true)
            {
                // A large block's payload goes straight from the socket to the message's storage.
                var payload = framer.PayloadDestination(ReceiveBufferSize);
                if (!payload.IsEmpty)
                {
                    int got = await socket.ReceiveAsync(payload, SocketFlags.None, stop).ConfigureAwait(false);
                    if (got == 0)
                    {
                        return;
                    }

                    int kept = faults.TakeBytes(got);
                    framer.PayloadReceived(kept);
                    if (kept < got)
                    {
                        socket.Shutdown(SocketShutdown.Both);
                        return;
                    }

                    continue;
                }

                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                // A dropped link delivers what got through before the cut, answers nothing, and closes.
                int arrived = faults.TakeBytes(n);
                var fatal = framer.Push(buffer.AsSpan(0, arrived), messages);
                foreach (var message in messages)
                {
                    var execution = _instrument.ExecuteMessage(message);
                    if (arrived < n)
                    {
                        continue;
                    }

                    if (execution.Response is { } response && !await AnswerAsync(socket, faults, response).ConfigureAwait(false))
                    {
                        return;
                    }

                    if (execution.Hung)
                    {
                        await DiscardUntilClosedAsync(socket, buffer).ConfigureAwait(false);
                        return;
                    }
                }

                foreach (var message in messages)
                {
                    framer.Recycle(message);
                }

                messages.Clear();
                if (arrived < n)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }

                if (fatal is ScpiError error)
                {
                    _instrument.ReportInputError(error);
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Client went away or the server is stopping.
        }
    }

    /// <summary>Sends one answer through the instrument's faults; false when the link is now closed.</summary>
    private async Task<bool> AnswerAsync(Socket socket, InstrumentFaults faults, byte[] response)
    {
        if (faults.IsEmpty)
        {
            await SendAllAsync(socket, response).ConfigureAwait(false);
            return true;
        }

        long number = await faults.HoldAnswerAsync(_host.Stopping).ConfigureAwait(false);
        (response, bool close) = faults.Spoil(number, response, _instrument.ResponseTerminator);
        int allowed = faults.TakeBytes(response.Length);
        await SendAllAsync(socket, response.AsMemory(0, allowed)).ConfigureAwait(false);
        if (close || allowed < response.Length)
        {
            socket.Shutdown(SocketShutdown.Both);
            return false;
        }

        return true;
    }

    /// <summary>An instrument whose parser is blocked reads on (so the socket notices a close) but never answers.</summary>
    private async Task DiscardUntilClosedAsync(Socket socket, byte[] buffer)
    {
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, _host.Stopping).ConfigureAwait(false) > 0)
        {
        }
    }

    private async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, _host.Stopping).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}
