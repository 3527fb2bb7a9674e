using System.Buffers.Binary;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Visa.HiSlip;

namespace QDeviceLab.Emulation.Servers.HiSlip;

/// <summary>
/// One HiSLIP session (a synchronous and an asynchronous connection) to one emulated instrument, in
/// synchronized mode. Data/DataEnd payloads go through the same <see cref="ProgramMessageFramer"/> as
/// the SOCKET and VXI-11 servers; a program message ends at a newline or at DataEnd. Each answer goes
/// back as Data/DataEnd carrying the MessageID of the message that completed the command, split to the
/// client's maximum message size. Device clear discards what arrives between AsyncDeviceClear and
/// DeviceClearComplete and also frees an instrument whose parser was blocked by a fault.
/// </summary>
internal sealed class HiSlipServerSession(ushort id, string deviceName, ScpiInstrument instrument, ulong maximumMessageSize)
{
    /// <summary>Largest payload of a non-data message we read (sub-addresses and lock strings are at most 256).</summary>
    public const int MaxControlPayload = 4096;

    /// <summary>A Data message above our maximum is refused with Error and skipped up to this size; beyond it the header is nonsense.</summary>
    private const ulong MaxSkippableMessage = 256UL << 20;

    private readonly List<byte[]> _messages = [];
    private ProgramMessageFramer _framer = NewFramer(instrument);
    private byte[] _payload = [];
    private HiSlipServerChannel? _async;
    private HiSlipServerChannel? _sync;
    private bool _lastByteWasNewline = true;
    private bool _hung;
    private bool _discardUntilEnd;
    private volatile bool _clearing;
    private volatile bool _responsePending;
    private long _clientMaximum = (long)HiSlipProtocol.DefaultMaximumMessageSize;
    private uint _currentId = HiSlipProtocol.PreInitialMessageId;
    private uint _processedId = HiSlipProtocol.PreInitialMessageId;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ushort Id { get; } = id;

    public string DeviceName { get; } = deviceName;

    public bool HasAsyncChannel => Volatile.Read(ref _async) is not null;

    /// <summary>Binds the asynchronous channel; false when the session already has one.</summary>
    public bool AttachAsync(HiSlipServerChannel channel) => Interlocked.CompareExchange(ref _async, channel, null) is null;

    /// <summary>Serves the synchronous channel until the client leaves; then the whole session ends.</summary>
    public async Task RunSyncAsync(HiSlipServerChannel sync, CancellationToken stop)
    {
        _sync = sync;
        try
        {
            while (await sync.ReadHeaderAsync(stop).ConfigureAwait(false) is HiSlipHeader header)
            {
                if (!await HandleSyncAsync(sync, header, stop).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (HiSlipFormatException e)
        {
            await FailBothAsync(HiSlipProtocol.FatalPoorlyFormedHeader, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            // Client went away or the server is stopping.
        }
        finally
        {
            sync.Dispose();
            Volatile.Read(ref _async)?.Dispose();
        }
    }

    /// <summary>Serves the asynchronous channel; when it closes, the synchronous one is closed too.</summary>
    public async Task RunAsyncAsync(HiSlipServerChannel channel, CancellationToken stop)
    {
        try
        {
            while (await channel.ReadHeaderAsync(stop).ConfigureAwait(false) is HiSlipHeader header)
            {
                if (header.PayloadLength > MaxControlPayload)
                {
                    await FailBothAsync(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} with a payload of {header.PayloadLength} bytes").ConfigureAwait(false);
                    return;
                }

                byte[] payload = new byte[(int)header.PayloadLength];
                await channel.ReadExactlyAsync(payload, stop).ConfigureAwait(false);
                await HandleAsyncAsync(channel, header, payload, stop).ConfigureAwait(false);
            }
        }
        catch (HiSlipFormatException e)
        {
            await FailBothAsync(HiSlipProtocol.FatalPoorlyFormedHeader, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            channel.Dispose();
            _sync?.Dispose();
        }
    }

    private async ValueTask<bool> HandleSyncAsync(HiSlipServerChannel sync, HiSlipHeader header, CancellationToken stop)
    {
        switch (header.Type)
        {
            case HiSlipMessageType.Data or HiSlipMessageType.DataEnd:
                if (!HasAsyncChannel)
                {
                    await FailBothAsync(HiSlipProtocol.FatalChannelsNotEstablished, "Data before the asynchronous channel was initialized").ConfigureAwait(false);
                    return false;
                }

                if (header.PayloadLength > (ulong)Math.Max(0, (long)maximumMessageSize - HiSlipProtocol.HeaderSize))
                {
                    if (header.PayloadLength > MaxSkippableMessage)
                    {
                        await FailBothAsync(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} announces {header.PayloadLength} bytes").ConfigureAwait(false);
                        return false;
                    }

                    // IVI-6.1 6.3: refuse with Error, discard the payload, stay in step.
                    await sync.SkipAsync(header.PayloadLength, stop).ConfigureAwait(false);
                    await sync.SendAsync(HiSlipMessageType.Error, HiSlipProtocol.ErrorMessageTooLarge, 0, System.Text.Encoding.ASCII.GetBytes($"{header.PayloadLength}-byte payload exceeds the maximum message size of {maximumMessageSize} bytes"), stop).ConfigureAwait(false);
                    return true;
                }

                int length = (int)header.PayloadLength;
                if (_payload.Length < length)
                {
                    _payload = new byte[Math.Max(length, Math.Min(2 * _payload.Length, (int)maximumMessageSize))];
                }

                await sync.ReadExactlyAsync(_payload.AsMemory(0, length), stop).ConfigureAwait(false);
                if (instrument.Faults.TakeBytes(length) is int arrived && arrived < length)
                {
                    // A dropped link: the instrument gets what got through, unanswered, and both connections close.
                    await ExecuteAsync(sync, _payload.AsMemory(0, arrived), end: false, stop, answer: false).ConfigureAwait(false);
                    throw new IOException("the link was dropped by a drop_link fault");
                }

                NoteRmt(header.ControlCode);
                _currentId = header.Parameter;
                if (!_clearing && !_hung)
                {
                    await ExecuteAsync(sync, _payload.AsMemory(0, length), header.Type == HiSlipMessageType.DataEnd, stop).ConfigureAwait(false);
                }

                MarkProcessed(header.Parameter);
                return true;
            case HiSlipMessageType.Trigger:
                // A GPIB group execute trigger; none of the emulated models acts on one, but it uses a message id.
                NoteRmt(header.ControlCode);
                _currentId = header.Parameter;
                MarkProcessed(header.Parameter);
                return await SkipControlAsync(sync, header, stop).ConfigureAwait(false);
            case HiSlipMessageType.DeviceClearComplete:
                if (!await SkipControlAsync(sync, header, stop).ConfigureAwait(false))
                {
                    return false;
                }

                ResetAfterClear();
                // We only run synchronized mode, whatever the client asked for.
                await sync.SendAsync(HiSlipMessageType.DeviceClearAcknowledge, 0, 0, [], stop).ConfigureAwait(false);
                return true;
            default:
                if (!await SkipControlAsync(sync, header, stop).ConfigureAwait(false))
                {
                    return false;
                }

                await sync.SendAsync(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnrecognizedMessageType, 0, System.Text.Encoding.ASCII.GetBytes($"message type {(byte)header.Type} is not served on the synchronous channel"), stop).ConfigureAwait(false);
                return true;
        }
    }

    private async ValueTask HandleAsyncAsync(HiSlipServerChannel channel, HiSlipHeader header, byte[] payload, CancellationToken stop)
    {
        switch (header.Type)
        {
            case HiSlipMessageType.AsyncMaximumMessageSize when payload.Length == 8:
                ulong theirs = BinaryPrimitives.ReadUInt64BigEndian(payload);
                Volatile.Write(ref _clientMaximum, (long)Math.Clamp(theirs, HiSlipProtocol.HeaderSize + 1UL, int.MaxValue));
                byte[] ours = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(ours, maximumMessageSize);
                await channel.SendAsync(HiSlipMessageType.AsyncMaximumMessageSizeResponse, 0, 0, ours, stop).ConfigureAwait(false);
                break;
            case HiSlipMessageType.AsyncDeviceClear:
                // From here until DeviceClearComplete the synchronous loop discards what arrives.
                _clearing = true;
                await channel.SendAsync(HiSlipMessageType.AsyncDeviceClearAcknowledge, 0, 0, [], stop).ConfigureAwait(false);
                break;
            case HiSlipMessageType.AsyncStatusQuery:
                // The query names the client's latest message: let the synchronous channel catch up with it
                // first, so a status byte read right after a write reflects that write (as on GPIB).
                await WaitUntilProcessedAsync(header.Parameter, stop).ConfigureAwait(false);
                NoteRmt(header.ControlCode);
                byte status = (byte)(instrument.StatusByte | (_responsePending ? HiSlipProtocol.MessageAvailable : 0));
                await channel.SendAsync(HiSlipMessageType.AsyncStatusResponse, status, 0, [], stop).ConfigureAwait(false);
                break;
            case HiSlipMessageType.AsyncRemoteLocalControl:
                await channel.SendAsync(HiSlipMessageType.AsyncRemoteLocalResponse, 0, 0, [], stop).ConfigureAwait(false);
                break;
            case HiSlipMessageType.AsyncLock or HiSlipMessageType.AsyncLockInfo:
                await channel.SendAsync(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnidentified, 0, "locks are not supported by the QDeviceLab emulator"u8, stop).ConfigureAwait(false);
                break;
            case HiSlipMessageType.AsyncMaximumMessageSize:
                await channel.SendAsync(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnidentified, 0, "AsyncMaximumMessageSize needs an 8-byte payload"u8, stop).ConfigureAwait(false);
                break;
            default:
                await channel.SendAsync(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnrecognizedMessageType, 0, System.Text.Encoding.ASCII.GetBytes($"message type {(byte)header.Type} is not served on the asynchronous channel"), stop).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Feeds written bytes to the instrument; END (DataEnd) ends a program message even without a newline.</summary>
    private async ValueTask ExecuteAsync(HiSlipServerChannel sync, ReadOnlyMemory<byte> data, bool end, CancellationToken stop, bool answer = true)
    {
        if (_discardUntilEnd)
        {
            _discardUntilEnd = !end;
            return;
        }

        var fatal = _framer.Push(data.Span, _messages);
        if (data.Length > 0)
        {
            _lastByteWasNewline = data.Span[^1] == (byte)'\n';
        }

        if (fatal is null && end && !_lastByteWasNewline)
        {
            fatal = _framer.Push("\n"u8, _messages);
            _lastByteWasNewline = true;
        }

        try
        {
            foreach (var message in _messages)
            {
                var execution = instrument.ExecuteMessage(message);
                if (execution.Response is { } response && answer)
                {
                    await AnswerAsync(sync, response, stop).ConfigureAwait(false);
                }

                if (execution.Hung)
                {
                    // A blocked parser answers nothing more until a device clear.
                    _hung = true;
                    break;
                }
            }
        }
        finally
        {
            _messages.Clear();
        }

        if (fatal is ScpiError error)
        {
            // Same as the VXI-11 link: log it, start over with the next program message.
            instrument.ReportInputError(error);
            _framer = NewFramer(instrument);
            _lastByteWasNewline = true;
            _discardUntilEnd = !end;
        }
    }

    private async ValueTask AnswerAsync(HiSlipServerChannel sync, byte[] response, CancellationToken stop)
    {
        var faults = instrument.Faults;
        int allowed = response.Length;
        bool cut = false;
        if (!faults.IsEmpty)
        {
            // Transport faults as on the SOCKET server: each answer held back by the latency, garbage
            // and truncated answers spoiled by the same rule, and a dropped link (or a truncated answer)
            // delivers what got through (as Data, never DataEnd) and closes both connections.
            long answer = await faults.HoldAnswerAsync(stop).ConfigureAwait(false);
            (response, cut) = faults.Spoil(answer, response, instrument.ResponseTerminator);
            allowed = faults.TakeBytes(response.Length);
        }

        int chunk = (int)Math.Min(Volatile.Read(ref _clientMaximum) - HiSlipProtocol.HeaderSize, 1 << 20);
        int offset = 0;
        if (allowed < response.Length || cut)
        {
            for (; offset < allowed; offset += Math.Min(chunk, allowed - offset))
            {
                await sync.SendAsync(HiSlipMessageType.Data, 0, _currentId, response.AsSpan(offset, Math.Min(chunk, allowed - offset)), stop).ConfigureAwait(false);
            }

            throw new IOException(cut ? "a truncated_answer fault cut the answer" : "the link was dropped by a drop_link fault");
        }

        do
        {
            int take = Math.Min(chunk, response.Length - offset);
            bool last = offset + take == response.Length;
            await sync.SendAsync(last ? HiSlipMessageType.DataEnd : HiSlipMessageType.Data, 0, _currentId, response.AsSpan(offset, take), stop).ConfigureAwait(false);
            offset += take;
        }
        while (offset < response.Length);
        _responsePending = true;
    }

    private static async ValueTask<bool> SkipControlAsync(HiSlipServerChannel channel, HiSlipHeader header, CancellationToken stop)
    {
        if (header.PayloadLength > MaxControlPayload)
        {
            await channel.FailAsync(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} with a payload of {header.PayloadLength} bytes").ConfigureAwait(false);
            return false;
        }

        await channel.SkipAsync(header.PayloadLength, stop).ConfigureAwait(false);
        return true;
    }

    private void MarkProcessed(uint id)
    {
        Volatile.Write(ref _processedId, id);
        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits (at most 2 s) until the synchronous channel has taken message <paramref name="id"/>.</summary>
    private async Task WaitUntilProcessedAsync(uint id, CancellationToken stop)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bounded.CancelAfter(TimeSpan.FromSeconds(2));
        while (id != HiSlipProtocol.PreInitialMessageId && !_clearing)
        {
            // Take the signal before looking at the id, so progress made in between is not missed.
            var progress = Volatile.Read(ref _progress).Task;
            if (Volatile.Read(ref _processedId) == id)
            {
                return;
            }

            try
            {
                await progress.WaitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                return; // a message that never arrives must not hang the status query: answer what we have
            }
        }
    }

    /// <summary>RMT-delivered: the client read our last answer to its end, so no message is available any more.</summary>
    private void NoteRmt(byte controlCode)
    {
        if ((controlCode & HiSlipProtocol.RmtDelivered) != 0)
        {
            _responsePending = false;
        }
    }

    private void ResetAfterClear()
    {
        _framer = NewFramer(instrument);
        _messages.Clear();
        _lastByteWasNewline = true;
        _hung = false;
        _discardUntilEnd = false;
        _responsePending = false;
        _currentId = HiSlipProtocol.PreInitialMessageId;
        MarkProcessed(HiSlipProtocol.PreInitialMessageId);
        _clearing = false;
    }

    /// <summary>IVI-6.1 6.2: a FatalError on both channels, then both close.</summary>
    private async Task FailBothAsync(byte code, string reason)
    {
        var sync = _sync;
        var async = Volatile.Read(ref _async);
        await Task.WhenAll(
            sync?.FailAsync(code, reason) ?? Task.CompletedTask,
            async?.FailAsync(code, reason) ?? Task.CompletedTask).ConfigureAwait(false);
    }

    private static ProgramMessageFramer NewFramer(ScpiInstrument instrument) => new(instrument.MaxBlockBytes, instrument.MaxMessageTextBytes);
}
