using System.Net.Sockets;
using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>One RPC procedure call as a server program sees it: header, the record, where the arguments start.</summary>
internal readonly record struct RpcCallContext(RpcCallHeader Header, byte[] Record, int ArgumentsOffset)
{
    public XdrReader Arguments => new(Record.AsSpan(ArgumentsOffset));
}

/// <summary>
/// Serves ONC RPC calls on one TCP connection, one at a time, with the shared record-marking and
/// XDR codecs. Bounded: a record above the limit or a malformed call header closes the connection;
/// arguments a procedure cannot decode get a GARBAGE_ARGS reply. Ends when the peer closes or
/// <paramref name="stop"/> fires.
/// </summary>
internal static class RpcServerLoop
{
    /// <summary>Writes the reply (header and results) for one call into the writer.</summary>
    public delegate ValueTask Dispatch(RpcCallContext call, XdrWriter reply, CancellationToken stop);

    public static async Task ServeAsync(Socket socket, int maxRecordBytes, Dispatch dispatch, CancellationToken stop)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reply = new XdrWriter(1024);
        try
        {
            while (true)
            {
                byte[]? record = await RpcRecordMarking.ReadRecordAsync(stream, maxRecordBytes, stop).ConfigureAwait(false);
                if (record is null)
                {
                    return;
                }

                var call = ParseCall(record);
                reply.Clear();
                if (call.Header.RpcVersion != OncRpc.Version)
                {
                    OncRpc.WriteRpcVersionMismatch(reply, call.Header.Xid);
                }
                else
                {
                    try
                    {
                        await dispatch(call, reply, stop).ConfigureAwait(false);
                    }
                    catch (RpcFormatException)
                    {
                        reply.Clear();
                        OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.GarbageArguments);
                    }
                }

                await RpcRecordMarking.WriteRecordAsync(stream, reply.Written, stop).ConfigureAwait(false);
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

    private static RpcCallContext ParseCall(byte[] record)
    {
        var reader = new XdrReader(record);
        var header = OncRpc.ReadCallHeader(ref reader);
        return new RpcCallContext(header, record, record.Length - reader.Remaining);
    }
}
