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
    private uint _xid;

    private RpcClientConnection(Socket socket, uint program, uint version)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _program = program;
        _version = version;
        _xid = (uint)Random.Shared.Next();
    }

    /// <summary>The call being built; valid between <see cref="BeginCall"/> and <see cref="CallAsync"/>.</summary>
    public XdrWriter Arguments { get; } = new(1024);

    public static async Task<RpcClientConnection> ConnectAsync(string host, int port, uint program, uint version, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
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
        await RpcRecordMarking.WriteRecordAsync(_stream, Arguments.Written, cancellationToken).ConfigureAwait(false);
        byte[] record = await RpcRecordMarking.ReadRecordAsync(_stream, maxReplyBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new EndOfStreamException("the server closed the connection instead of replying");
        return new RpcReply(record, ResultsOffset(record, xid));
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

/// <summary>A successful reply: the whole record and where the procedure's results start.</summary>
internal readonly record struct RpcReply(byte[] Record, int ResultsOffset)
{
    public XdrReader Results => new(Record.AsSpan(ResultsOffset));
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
