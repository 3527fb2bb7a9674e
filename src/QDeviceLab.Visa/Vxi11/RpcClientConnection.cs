using System.Net;
using System.Net.Sockets;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// One TCP connection to an ONC RPC program: numbered calls, one at a time. The caller builds the
/// arguments after <see cref="BeginCall"/> and sends with <see cref="CallAsync"/>; timeouts and
/// cancellation come in through the token, so the owner decides what an interruption means.
/// </summary>
internal sealed class RpcClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly uint _program;
    private readonly uint _version;
    private readonly RpcRecordReader _reader;
    private TimeSpan _socketTimeout = TimeSpan.Zero;
    private uint _xid;

    private RpcClientConnection(Socket socket, uint program, uint version)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _program = program;
        _version = version;
        _reader = new RpcRecordReader(socket);
        _xid = (uint)Random.Shared.Next();
    }

    /// <summary>The call being built; valid between <see cref="BeginCall"/> and <see cref="CallAsync"/>.</summary>
    public XdrWriter Arguments { get; } = XdrWriter.ForRecords(1024);

    public static async Task<RpcClientConnection> ConnectAsync(string host, int port, uint program, uint version, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            // A blocking connect (on a pool thread) leaves the socket in blocking mode, so the blocking
            // calls of Call run as plain system calls; after an asynchronous operation .NET would
            // emulate them through its event loop, a thread switch per call.
            await Task.Run(() => socket.Connect(endPoint), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new RpcClientConnection(socket, program, version);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts a call of <paramref name="procedure"/>: writes the header into <see cref="Arguments"/>.</summary>
    public XdrWriter BeginCall(uint procedure)
    {
        Arguments.Clear();
        OncRpc.WriteCall(Arguments, ++_xid, _program, _version, procedure);
        return Arguments;
    }

    /// <summary>
    /// Sends the call built in <see cref="Arguments"/> and returns the results of a successful reply
    /// (<see cref="RpcReply.ResultsOffset"/> marks where they start). A reply above
    /// <paramref name="maxReplyBytes"/> is an <see cref="RpcFormatException"/>; a refused call an
    /// <see cref="RpcCallRefusedException"/>; the peer closing an <see cref="EndOfStreamException"/>.
    /// </summary>
    public async ValueTask<RpcReply> CallAsync(int maxReplyBytes, CancellationToken cancellationToken)
    {
        uint xid = _xid;
        await _stream.WriteAsync(Arguments.RecordFrame(), cancellationToken).ConfigureAwait(false);
        byte[] record = await RpcRecordMarking.ReadRecordAsync(_stream, maxReplyBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new EndOfStreamException("the server closed the connection instead of replying");
        return new RpcReply(record, ResultsOffset(record, xid), record.Length);
    }

    /// <summary>
    /// As <see cref="CallAsync"/>, with blocking socket calls bounded by <paramref name="timeout"/>
    /// (a <see cref="TimeoutException"/> when it expires) and no allocation: the reply's record is
    /// a buffer of this connection, valid until the next call.
    /// </summary>
    public RpcReply Call(int maxReplyBytes, TimeSpan timeout)
    {
        uint xid = _xid;
        if (timeout != _socketTimeout)
        {
            int ms = timeout == System.Threading.Timeout.InfiniteTimeSpan ? 0 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
            _socket.SendTimeout = ms;
            _socket.ReceiveTimeout = ms;
            _socketTimeout = timeout;
        }

        try
        {
            var frame = Arguments.RecordFrame().Span;
            while (!frame.IsEmpty)
            {
                frame = frame[_socket.Send(frame, SocketFlags.None)..];
            }

            if (!_reader.TryRead(maxReplyBytes, out ArraySegment<byte> record))
            {
                throw new EndOfStreamException("the server closed the connection instead of replying");
            }

            var reader = new XdrReader(record);
            var status = OncRpc.ReadReplyHeader(ref reader, xid);
            return status == RpcAcceptStatus.Success
                ? new RpcReply(record.Array!, record.Offset + record.Count - reader.Remaining, record.Offset + record.Count)
                : throw new RpcCallRefusedException(status);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException("the socket's timeout expired", e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes at once, failing any call in progress (used to break a session).</summary>
    public void Abort() => _socket.Dispose();

    private static int ResultsOffset(byte[] record, uint xid)
    {
        var reader = new XdrReader(record);
        var status = OncRpc.ReadReplyHeader(ref reader, xid);
        return status == RpcAcceptStatus.Success ? record.Length - reader.Remaining : throw new RpcCallRefusedException(status);
    }
}

/// <summary>A successful reply: the buffer holding the record, where the procedure's results start and where the record ends.</summary>
internal readonly record struct RpcReply(byte[] Record, int ResultsOffset, int End)
{
    public XdrReader Results => new(Record.AsSpan(ResultsOffset, End - ResultsOffset));
}

/// <summary>The RPC server understood the call but would not run it (no such program, version or procedure).</summary>
internal sealed class RpcCallRefusedException(RpcAcceptStatus status)
    : Exception($"the RPC server refused the call: {Describe(status)}")
{
    public RpcAcceptStatus Status { get; } = status;

    private static string Describe(RpcAcceptStatus status) => status switch
    {
        RpcAcceptStatus.ProgramUnavailable => "program not available",
        RpcAcceptStatus.ProgramMismatch => "program version not supported",
        RpcAcceptStatus.ProcedureUnavailable => "procedure not supported",
        RpcAcceptStatus.GarbageArguments => "arguments not understood",
        RpcAcceptStatus.SystemError => "server system error",
        _ => "call denied (RPC version or authentication)",
    };
}
