using QDeviceLab.Visa.Tests.Usbtmc;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// <c>USB0::vid::pid::serial::INSTR</c> through the usbtmc backend (chosen by default for USB INSTR on
/// Linux), with <see cref="StandInUsbtmcDevice"/> as the device file in front of the emulator's AWG.
/// Deviation, from the stand-in rather than the session: its CLEAR can only discard what has already
/// arrived, so the unread answer is made to arrive first (a real INITIATE_CLEAR needs nothing).
/// </summary>
public sealed class UsbtmcConformance : MessageSessionConformance
{
    internal static readonly ResourceName UsbAwg = ResourceName.Parse("USB0::0x0699::0x0503::B010123::INSTR");

    protected override Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout)
    {
        int port = ResourceName.Parse(Station.Resources[instrument]).Port!.Value;
        return MessageSession.OpenAsync(UsbAwg, Options(port, timeout));
    }

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var peer = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            await connection.WriteAsync("1.2345,6.78", stop);
        });
        return (await MessageSession.OpenAsync(UsbAwg, Options(peer.Port, TimeSpan.FromSeconds(5))), peer);
    }

    protected override async Task LetTheUnreadAnswerArriveAsync(IMessageSession session)
    {
        var first = await session.ReadAsync(new byte[1], stopAtTermination: false);
        Assert.Equal(1, first.Count);
    }

    internal static MessageSessionOptions Options(int port, TimeSpan timeout, Action<StandInUsbtmcDevice>? opened = null) => new()
    {
        Timeout = timeout,
        UsbtmcDevice = "/dev/usbtmc-standin",
        UsbtmcOpener = path =>
        {
            var device = StandInUsbtmcDevice.Connect(port, path);
            opened?.Invoke(device);
            return device;
        },
    };
}
