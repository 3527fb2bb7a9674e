using System.Text;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.Tests.Serial;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// <c>ASRL/dev/pts/N::INSTR</c> against the emulator's serial server over a socat pseudo-terminal pair,
/// 8N1 (a pty ignores character size and parity; 7O1 is checked at the codec level in
/// <c>Serial/SerialFramingTests</c>). Deviations, all shared with SOCKET:
/// a serial line has no device clear (<see cref="IMessageSession.ClearAsync"/> flushes buffers, as VISA's
/// viClear does on ASRL, so the unread answer must have arrived first) and no serial poll (the status
/// byte is <c>*STB?</c>); "the peer hangs up" is the pseudo-terminal pair going away (socat killed).
/// </summary>
public sealed class SerialConformance : MessageSessionConformance, IAsyncLifetime
{
    private EmulatedStation? _serialStation;

    protected override async Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout)
    {
        // The base class's station serves SOCKET and VXI-11 only; this one adds the serial line.
        _serialStation ??= EmulatedStation.Start(StationFile.Default, null, 0, SerialLines.For(instrument));
        return await MessageSession.OpenAsync(_serialStation.SerialResources[instrument], new MessageSessionOptions { Timeout = timeout });
    }

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var line = await PtyLine.StartAsync();
        IMessageSession session;
        try
        {
            session = await MessageSession.OpenAsync(line.ClientResource);
        }
        catch
        {
            await line.DisposeAsync();
            throw;
        }

        _ = Task.Run(async () =>
        {
            var buffer = new byte[256];
            int have = 0;
            while (Array.IndexOf(buffer, (byte)'\n', 0, have) < 0)
            {
                have += await line.Peer.BaseStream.ReadAsync(buffer.AsMemory(have));
            }

            await line.Peer.BaseStream.WriteAsync(Encoding.ASCII.GetBytes("1.2345,6.78"));
            await line.Peer.BaseStream.FlushAsync();
            await line.HangUpAsync();
        });
        return (session, line);
    }

    /// <summary>Reading one byte makes sure the (single-write) answer is here before the flush.</summary>
    protected override async Task LetTheUnreadAnswerArriveAsync(IMessageSession session)
    {
        var first = await session.ReadAsync(new byte[1], stopAtTermination: false);
        Assert.Equal(1, first.Count);
    }

    /// <summary>Re-implements <see cref="IAsyncLifetime.DisposeAsync"/> to stop this class's station (and its socat) too.</summary>
    public new async Task DisposeAsync()
    {
        if (_serialStation is not null)
        {
            await _serialStation.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
