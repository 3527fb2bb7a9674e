using System.Net;
using System.Net.Sockets;
using System.Text;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tests.Support;

/// <summary>
/// A byte-level fake instrument on 127.0.0.1, port 0: records every program message it
/// receives (binary block payloads are kept separately) and answers queries through a script,
/// so driver tests can pin down exact bytes and feed back garbage on purpose.
/// </summary>
internal sealed class ScriptedScpiServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public ScriptedScpiServer(Func<string, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Resource => $"TCPIP0::127.0.0.1::{((IPEndPoint)_listener.LocalEndpoint).Port}::SOCKET";

    /// <summary>Every program message received, without terminator; blocks shown as <c>#&lt;n bytes&gt;</c>.</summary>
    public List<string> Received { get; } = [];

    /// <summary>Payloads of the binary blocks received, in order.</summary>
    public List<byte[]> Blocks { get; } = [];

    public static ScriptedScpiServer Identifying(string idn, Func<string, string?>? more = null) => new(command =>
        command == "*IDN?" ? idn
        : command.StartsWith("SYST", StringComparison.OrdinalIgnoreCase) && command.EndsWith('?') ? "0,\"No error\""
        : more?.Invoke(command));

    private async Task ServeAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[1 << 16];
            while (true)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, n));
                while (TryTakeMessage(pending, out var message))
                {
                    lock (Received)
                    {
                        Received.Add(message);
                    }

                    foreach (var part in message.Split(';'))
                    {
                        if (_answer(part.Trim()) is { } reply)
                        {
                            await stream.WriteAsync(Encoding.Latin1.GetBytes(reply + "\n"), _stop.Token);
                        }
                    }
                }
            }
        }
        // InvalidOperationException: disposed before the accept loop started (the listener is stopped).
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private bool TryTakeMessage(List<byte> pending, out string message)
    {
        var bytes = pending.ToArray();
        var hash = Array.IndexOf(bytes, (byte)'#');
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (hash >= 0 && (newline < 0 || hash < newline))
        {
            if (!Ieee4882Block.TryParseHeader(bytes.AsSpan(hash), out var headerLength, out var length, out _))
            {
                message = "";
                return false;
            }

            var end = hash + headerLength + (int)length;
            if (bytes.Length < end + 1)
            {
                message = "";
                return false;
            }

            Blocks.Add(bytes[(hash + headerLength)..end]);
            message = Encoding.ASCII.GetString(bytes, 0, hash) + $"#<{length} bytes>";
            pending.RemoveRange(0, end + 1);
            return true;
        }

        if (newline < 0)
        {
            message = "";
            return false;
        }

        message = Encoding.ASCII.GetString(bytes, 0, newline).TrimEnd('\r');
        pending.RemoveRange(0, newline + 1);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
