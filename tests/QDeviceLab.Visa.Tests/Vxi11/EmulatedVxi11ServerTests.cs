using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.Tests.Conformance;
using QDeviceLab.Visa.Vxi11;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Visa.Tests.Vxi11;

/// <summary>The emulator's VXI-11 server at the RPC level, for what the session never sends.</summary>
public sealed class EmulatedVxi11ServerTests : IAsyncLifetime
{
    private EmulatedStation _station = null!;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _station.DisposeAsync();

    [Fact]
    public async Task Portmapper_answers_rpcbind_versions_with_program_mismatch()
    {
        await using var rpcbind = await RpcClientConnection.ConnectAsync("127.0.0.1", _station.PortmapperPort, PortmapperProgram, 4, CancellationToken.None);
        rpcbind.BeginCall(PortmapperNull);

        var e = await Assert.ThrowsAsync<RpcCallRefusedException>(async () => await rpcbind.CallAsync(256, CancellationToken.None));

        Assert.Equal(RpcAcceptStatus.ProgramMismatch, e.Status);
    }

    [Fact]
    public async Task Portmapper_knows_no_port_for_another_program()
    {
        Assert.Equal(0u, await GetPortAsync(0x20000001));
        Assert.NotEqual(0u, await GetPortAsync(CoreProgram));
        Assert.NotEqual(0u, await GetPortAsync(AbortProgram));
    }

    [Fact]
    public async Task Undefined_core_procedure_is_refused_and_defined_but_unemulated_is_not_supported()
    {
        await using var core = await CoreAsync();
        int link = await CreateLinkAsync(core, "awg1");

        core.BeginCall(99).Int32(link);
        var refused = await Assert.ThrowsAsync<RpcCallRefusedException>(async () => await core.CallAsync(256, CancellationToken.None));
        core.BeginCall(22).Int32(link).UInt32(0).UInt32(0).UInt32(0).Int32(0).Opaque([]);
        var docmd = await core.CallAsync(256, CancellationToken.None);

        Assert.Equal(RpcAcceptStatus.ProcedureUnavailable, refused.Status);
        Assert.Equal(ErrorOperationNotSupported, docmd.Results.Int32());
    }

    [Fact]
    public async Task Arguments_that_do_not_decode_get_garbage_args()
    {
        await using var core = await CoreAsync();
        core.BeginCall(CreateLink).Int32(1).Bool(false).UInt32(0).UInt32(10_000);

        var e = await Assert.ThrowsAsync<RpcCallRefusedException>(async () => await core.CallAsync(256, CancellationToken.None));

        Assert.Equal(RpcAcceptStatus.GarbageArguments, e.Status);
    }

    [Fact]
    public async Task Record_announcing_more_than_the_limit_closes_the_connection()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, (int)await GetPortAsync(CoreProgram)));
        byte[] header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, RpcRecordMarking.LastFragmentBit | 0x7FFF_FFFF);

        await socket.SendAsync(header);
        int received = await socket.ReceiveAsync(new byte[16]);

        Assert.Equal(0, received);
    }

    [Fact]
    public async Task Read_with_nothing_to_answer_returns_io_timeout()
    {
        await using var core = await CoreAsync();
        int link = await CreateLinkAsync(core, "awg1");

        core.BeginCall(DeviceRead).Int32(link).UInt32(1024).UInt32(50).UInt32(0).UInt32(0).UInt32(0);
        var reply = await core.CallAsync(2048, CancellationToken.None);

        Assert.Equal(ErrorIoTimeout, reply.Results.Int32());
    }

    [Fact]
    public async Task Lock_held_by_one_link_keeps_another_out_until_unlocked()
    {
        await using var first = await CoreAsync();
        await using var second = await CoreAsync();
        int a = await CreateLinkAsync(first, "dig1");
        int b = await CreateLinkAsync(second, "dig1");

        Assert.Equal(ErrorNone, await SimpleAsync(first, DeviceLock, a, 0, 0));
        Assert.Equal(ErrorLockedByAnotherLink, await SimpleAsync(second, DeviceLock, b, 0, 0));
        second.BeginCall(DeviceWrite).Int32(b).UInt32(1000).UInt32(0).UInt32(FlagEnd).Opaque("*RST\n"u8);
        Assert.Equal(ErrorLockedByAnotherLink, (await second.CallAsync(256, CancellationToken.None)).Results.Int32());
        Assert.Equal(ErrorNoLockHeld, await SimpleAsync(second, DeviceUnlock, b));
        Assert.Equal(ErrorNone, await SimpleAsync(first, DeviceUnlock, a));
        Assert.Equal(ErrorNone, await SimpleAsync(second, DeviceLock, b, 0, 0));
    }

    [Fact]
    public async Task Device_abort_ends_a_waiting_read_with_error_23()
    {
        await using var core = await CoreAsync();
        int link = await CreateLinkAsync(core, "awg1");
        await using var abort = await RpcClientConnection.ConnectAsync("127.0.0.1", (int)await GetPortAsync(AbortProgram), AbortProgram, ProgramVersion, CancellationToken.None);

        core.BeginCall(DeviceRead).Int32(link).UInt32(1024).UInt32(600_000).UInt32(0).UInt32(0).UInt32(0);
        var read = core.CallAsync(2048, CancellationToken.None).AsTask();
        // The abort only ends a read that is already waiting; repeat it until the read has started.
        for (int i = 0; i < 1000 && !read.IsCompleted; i++)
        {
            abort.BeginCall(1).Int32(link);
            Assert.Equal(ErrorNone, (await abort.CallAsync(256, CancellationToken.None)).Results.Int32());
            await Task.WhenAny(read, Task.Delay(20));
        }

        Assert.Equal(ErrorAbort, (await read).Results.Int32());
    }

    private async Task<uint> GetPortAsync(uint program)
    {
        await using var portmapper = await RpcClientConnection.ConnectAsync("127.0.0.1", _station.PortmapperPort, PortmapperProgram, PortmapperVersion, CancellationToken.None);
        portmapper.BeginCall(PortmapperGetPort).UInt32(program).UInt32(ProgramVersion).UInt32(IpProtocolTcp).UInt32(0);
        return (await portmapper.CallAsync(256, CancellationToken.None)).Results.UInt32();
    }

    private async Task<RpcClientConnection> CoreAsync() =>
        await RpcClientConnection.ConnectAsync("127.0.0.1", (int)await GetPortAsync(CoreProgram), CoreProgram, ProgramVersion, CancellationToken.None);

    private static async Task<int> CreateLinkAsync(RpcClientConnection core, string device)
    {
        core.BeginCall(CreateLink).Int32(7).Bool(false).UInt32(0).String(device);
        var reply = await core.CallAsync(256, CancellationToken.None);
        var results = reply.Results;
        Assert.Equal(ErrorNone, results.Int32());
        return results.Int32();
    }

    private static async Task<int> SimpleAsync(RpcClientConnection core, uint procedure, int link, params uint[] more)
    {
        var call = core.BeginCall(procedure).Int32(link);
        foreach (uint word in more)
        {
            call.UInt32(word);
        }

        return (await core.CallAsync(256, CancellationToken.None)).Results.Int32();
    }
}
