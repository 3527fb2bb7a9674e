using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace QDeviceLab.Emulation.Tests.Support;

/// <summary>
/// A deliberately dumb loopback client: raw bytes on a TcpClient, exactly what any VISA
/// SOCKET client puts on the wire. Reads are bounded by a generous receive timeout so a
/// missing answer fails the test instead of hanging it.
/// </summary>
internal sealed class RawScpiClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public RawScpiClient(string resource)
    {
        // TCPIP0::127.0.0.1::<port>::SOCKET
        var parts = resource.Split("::");
        Assert.Equal(4, parts.Length);
        Assert.Equal("TCPIP0", parts[0]);
        Assert.Equal("127.0.0.1", parts[1]);
        Assert.Equal("SOCKET", parts[3]);
        _client = new TcpClient { NoDelay = true, ReceiveTimeout = 20_000 };
        _client.Connect("127.0.0.1", int.Parse(parts[2], CultureInfo.InvariantCulture));
        _stream = _client.GetStream();
    }

    /// <summary>How long a read waits before it fails (milliseconds).</summary>
    public int ReceiveTimeout
    {
        get => _client.ReceiveTimeout;
        set => _client.ReceiveTimeout = value;
    }

    public void Write(string text) => Write(Encoding.ASCII.GetBytes(text));

    public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void WriteLine(string text) => Write(text + "\n");

    /// <summary>Reads up to and including '\n'; returns the text without the terminator.</summary>
    public string ReadLine(string terminator = "\n")
    {
        var bytes = new List<byte>();
        while (true)
        {
            int b = _stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("connection closed while reading a line");
            }

            bytes.Add((byte)b);
            string text = Encoding.ASCII.GetString(bytes.ToArray());
            if (text.EndsWith(terminator, StringComparison.Ordinal))
            {
                return text[..^terminator.Length];
            }
        }
    }

    public string Query(string command, string terminator = "\n")
    {
        WriteLine(command);
        return ReadLine(terminator);
    }

    /// <summary>Reads a definite block answer and its '\n'; returns the payload.</summary>
    public byte[] ReadBlock()
    {
        Assert.Equal((byte)'#', ReadExactly(1)[0]);
        int digits = ReadExactly(1)[0] - '0';
        Assert.InRange(digits, 1, 9);
        int length = int.Parse(Encoding.ASCII.GetString(ReadExactly(digits)), CultureInfo.InvariantCulture);
        var payload = ReadExactly(length);
        Assert.Equal((byte)'\n', ReadExactly(1)[0]);
        return payload;
    }

    public byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>
    /// True when no byte arrives within <paramref name="milliseconds"/> and the link stays open.
    /// Only ever used where the answer, if it came, would come at once: a late answer cannot
    /// make this pass wrongly, only a missing one.
    /// </summary>
    public bool StaysSilentFor(int milliseconds)
    {
        int saved = _client.ReceiveTimeout;
        _client.ReceiveTimeout = milliseconds;
        try
        {
            _ = _stream.Read(new byte[1]);
            return false; // a byte arrived, or (n == 0) the server closed the link
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            return true;
        }
        finally
        {
            _client.ReceiveTimeout = saved;
        }
    }

    /// <summary>Reads whatever arrives until the server closes (or resets) the connection.</summary>
    public byte[] ReadToClose()
    {
        var all = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = _stream.Read(buffer)) > 0)
            {
                all.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A server that closes with unread input resets the link; what arrived before stands.
        }

        return [.. all];
    }

    /// <summary>True when the server closed the connection (read returns end of stream).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return _stream.Read(new byte[1]) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _client.Dispose();
}
