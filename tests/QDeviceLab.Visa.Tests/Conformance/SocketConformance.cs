namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary><c>TCPIP::host::port::SOCKET</c> against the emulator's raw socket servers.</summary>
public sealed class SocketConformance : MessageSessionConformance
{
    protected override Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout) =>
        MessageSession.OpenAsync(Station.Resources[instrument], new MessageSessionOptions { Timeout = timeout });

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var peer = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            await connection.WriteAsync("1.2345,6.78", stop);
        });
        return (await peer.OpenAsync(), peer);
    }

    /// <summary>
    /// Deviation: a raw socket has no device clear, so <see cref="IMessageSession.ClearAsync"/> can only
    /// discard what has already arrived. Reading one byte makes sure the (single-segment) answer is here.
    /// </summary>
    protected override async Task LetTheUnreadAnswerArriveAsync(IMessageSession session)
    {
        var first = await session.ReadAsync(new byte[1], stopAtTermination: false);
        Assert.Equal(1, first.Count);
    }
}
