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
        _host.Serve(listener, Serve);
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

    /// <summary>One connection, on its own thread: receive, execute, answer, with blocking socket calls.</summary>
    private void Serve(Socket socket, CancellationToken stop)
    {
        var faults = _instrument.Faults;
        var framer = new ProgramMessageFramer(_instrument.MaxBlockBytes, _instrument.MaxMessageTextBytes, _instrument as ILargeBlockStore);
        var buffer = new byte[ReceiveBufferSize];
        var messages = new List<ReadOnlyMemory<byte>>();
        while (!stop.IsCancellationRequested)
        {
            // A large block's payload goes straight from the socket to the message's storage.
            var payload = framer.PayloadDestination(ReceiveBufferSize);
            if (!payload.IsEmpty)
            {
                int got = socket.Receive(payload, SocketFlags.None);
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

            int n = socket.Receive(buffer, SocketFlags.None);
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

                if (execution.Response is { } response && !Answer(socket, faults, response, stop))
                {
                    return;
                }

                if (execution.Hung)
                {
                    DiscardUntilClosed(socket, buffer);
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

    /// <summary>Sends one answer through the instrument's faults; false when the link is now closed.</summary>
    private bool Answer(Socket socket, InstrumentFaults faults, byte[] response, CancellationToken stop)
    {
        if (faults.IsEmpty)
        {
            SendAll(socket, response);
            return true;
        }

        long number = faults.HoldAnswer(stop);
        (response, bool close) = faults.Spoil(number, response, _instrument.ResponseTerminator);
        int allowed = faults.TakeBytes(response.Length);
        SendAll(socket, response.AsSpan(0, allowed));
        if (close || allowed < response.Length)
        {
            socket.Shutdown(SocketShutdown.Both);
            return false;
        }

        return true;
    }

    /// <summary>An instrument whose parser is blocked reads on (so the socket notices a close) but never answers.</summary>
    private static void DiscardUntilClosed(Socket socket, byte[] buffer)
    {
        while (socket.Receive(buffer, SocketFlags.None) > 0)
        {
        }
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data, SocketFlags.None)..];
        }
    }
}
