using System.Net.Sockets;
using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>One RPC procedure call as a server program sees it: the header and its encoded arguments (valid during the call).</summary>
internal readonly ref struct RpcCallContext(RpcCallHeader header, ReadOnlySpan<byte> arguments)
{
    public RpcCallHeader Header { get; } = header;

    public ReadOnlySpan<byte> ArgumentBytes { get; } = arguments;

    public XdrReader Arguments => new(ArgumentBytes);
}

/// <summary>
/// Serves ONC RPC calls on one TCP connection, one at a time, on the connection's own thread with
/// blocking I/O and the shared record-marking and XDR codecs; the call and reply buffers are kept
/// for the connection, so a call allocates nothing of its own. Bounded: a record above the limit or
/// a malformed call header closes the connection; arguments a procedure cannot decode get a
/// GARBAGE_ARGS reply. Ends when the peer closes or the host cuts the connection.
/// </summary>
internal static class RpcServerLoop
{
    /// <summary>Writes the reply (header and results) for one call into the writer.</summary>
    public delegate void Dispatch(RpcCallContext call, XdrWriter reply, CancellationToken stop);

    public static void Serve(Socket socket, int maxRecordBytes, Dispatch dispatch, CancellationToken stop)
    {
        var reader = new RpcRecordReader(socket);
        var reply = XdrWriter.ForRecords(1024);
        try
        {
            while (!stop.IsCancellationRequested && reader.TryRead(maxRecordBytes, out ArraySegment<byte> record))
            {
                var call = ParseCall(record.AsSpan());
                reply.Clear();
                if (call.Header.RpcVersion != OncRpc.Version)
                {
                    OncRpc.WriteRpcVersionMismatch(reply, call.Header.Xid);
                }
                else
                {
                    try
                    {
                        dispatch(call, reply, stop);
                    }
                    catch (RpcFormatException)
                    {
                        reply.Clear();
                        OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.GarbageArguments);
                    }
                }

                var frame = reply.RecordFrame().Span;
                while (!frame.IsEmpty)
                {
                    frame = frame[socket.Send(frame, SocketFlags.None)..];
                }
            }
        }
        catch (Exception e) when (e is RpcFormatException or EndOfStreamException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Malformed traffic, the client went away, or the server is stopping: drop the connection.
        }
    }

    /// <summary>Replies that a program, version or procedure is not served here.</summary>
    public static void Refuse(RpcCallContext call, XdrWriter reply, uint servedProgram, uint servedVersion)
    {
        if (call.Header.Program != servedProgram)
        {
            OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.ProgramUnavailable);
        }
        else if (call.Header.Version != servedVersion)
        {
            OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.ProgramMismatch);
            reply.UInt32(servedVersion).UInt32(servedVersion);
        }
        else
        {
            OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.ProcedureUnavailable);
        }
    }

    private static RpcCallContext ParseCall(ReadOnlySpan<byte> record)
    {
        var reader = new XdrReader(record);
        var header = OncRpc.ReadCallHeader(ref reader);
        return new RpcCallContext(header, record[(record.Length - reader.Remaining)..]);
    }
}
