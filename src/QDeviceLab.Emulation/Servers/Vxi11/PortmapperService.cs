using QDeviceLab.Visa.Vxi11;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>
/// Portmapper program 100000 version 2 (RFC 1833), just enough for VXI-11 clients: NULL, GETPORT
/// and DUMP (so <c>rpcinfo -p</c> works). Other versions (rpcbind 3 and 4) get PROG_MISMATCH, which
/// makes TI-RPC clients fall back to version 2.
/// </summary>
internal sealed class PortmapperService(int portmapperPort, int corePort, int abortPort)
{
    private const uint Dump = 4;

    public void Handle(RpcCallContext call, XdrWriter reply, CancellationToken stop)
    {
        var header = call.Header;
        if (header.Program != PortmapperProgram || header.Version != PortmapperVersion
            || header.Procedure is not (PortmapperNull or PortmapperGetPort or Dump))
        {
            RpcServerLoop.Refuse(call, reply, PortmapperProgram, PortmapperVersion);
            return;
        }

        if (header.Procedure == PortmapperGetPort)
        {
            var args = call.Arguments;
            uint program = args.UInt32();
            uint version = args.UInt32();
            uint protocol = args.UInt32();
            args.UInt32();
            OncRpc.WriteAcceptedReply(reply, header.Xid, RpcAcceptStatus.Success);
            reply.UInt32(Lookup(program, version, protocol));
            return;
        }

        OncRpc.WriteAcceptedReply(reply, header.Xid, RpcAcceptStatus.Success);
        if (header.Procedure == Dump)
        {
            foreach (var (program, port) in new[] { (PortmapperProgram, portmapperPort), (CoreProgram, corePort), (AbortProgram, abortPort) })
            {
                uint version = program == PortmapperProgram ? PortmapperVersion : ProgramVersion;
                reply.Bool(true).UInt32(program).UInt32(version).UInt32(IpProtocolTcp).UInt32((uint)port);
            }

            reply.Bool(false);
        }

    }

    private uint Lookup(uint program, uint version, uint protocol) =>
        (program, version, protocol) switch
        {
            (CoreProgram, ProgramVersion, IpProtocolTcp) => (uint)corePort,
            (AbortProgram, ProgramVersion, IpProtocolTcp) => (uint)abortPort,
            _ => 0,
        };
}
