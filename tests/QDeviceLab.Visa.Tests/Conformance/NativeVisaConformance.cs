using QDeviceLab.Visa.Tests.NativeVisa;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// The native backend through a VISA library built from <c>NativeVisa/standin_visa.c</c>, which speaks
/// TCP to the emulator's SOCKET servers: the marshalling, status mapping and session logic are the
/// production code's, the library is ours. Deviation, as for SOCKET: the stand-in's viClear on a socket
/// discards what has arrived, so the unread answer is made to arrive first.
/// </summary>
public sealed class NativeVisaConformance : MessageSessionConformance
{
    protected override Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout) =>
        MessageSession.OpenAsync(Station.Resources[instrument], Options(timeout));

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var peer = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            await connection.WriteAsync("1.2345,6.78", stop);
        });
        return (await MessageSession.OpenAsync(peer.Resource, Options(TimeSpan.FromSeconds(5))), peer);
    }

    protected override async Task LetTheUnreadAnswerArriveAsync(IMessageSession session)
    {
        var first = await session.ReadAsync(new byte[1], stopAtTermination: false);
        Assert.Equal(1, first.Count);
    }

    internal static MessageSessionOptions Options(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        Backend = VisaBackend.Native,
        VisaLibrary = StandInVisaLibrary.Path,
    };
}
