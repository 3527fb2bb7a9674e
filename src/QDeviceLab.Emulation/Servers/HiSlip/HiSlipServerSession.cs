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

    private readonly List<ReadOnlyMemory<byte>> _messages = [];
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
    private readonly object _progress = new();

    public ushort Id { get; } = id;

    public string DeviceName { get; } = deviceName;

    public bool HasAsyncChannel => Volatile.Read(ref _async) is not null;

    /// <summary>Binds the asynchronous channel; false when the session already has one.</summary>
    public bool AttachAsync(HiSlipServerChannel channel) => Interlocked.CompareExchange(ref _async, channel, null) is null;

    /// <summary>Serves the synchronous channel until the client leaves; then the whole session ends.</summary>
    public void RunSync(HiSlipServerChannel sync, CancellationToken stop)
    {
        _sync = sync;
        try
        {
            while (!stop.IsCancellationRequested && sync.ReadHeader() is HiSlipHeader header)
            {
                if (!HandleSync(sync, header, stop))
                {
                    return;
                }
            }
        }
        catch (HiSlipFormatException e)
        {
            FailBoth(HiSlipProtocol.FatalPoorlyFormedHeader, e.Message);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
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
    public void RunAsync(HiSlipServerChannel channel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && channel.ReadHeader() is HiSlipHeader header)
            {
                if (header.PayloadLength > MaxControlPayload)
                {
                    FailBoth(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} with a payload of {header.PayloadLength} bytes");
                    return;
                }

                byte[] payload = header.PayloadLength == 0 ? [] : new byte[(int)header.PayloadLength];
                channel.ReadExactly(payload);
                HandleAsyncChannel(channel, header, payload, stop);
            }
        }
        catch (HiSlipFormatException e)
        {
            FailBoth(HiSlipProtocol.FatalPoorlyFormedHeader, e.Message);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            channel.Dispose();
            _sync?.Dispose();
        }
    }

    private bool HandleSync(HiSlipServerChannel sync, HiSlipHeader header, CancellationToken stop)
    {
        switch (header.Type)
        {
            case HiSlipMessageType.Data or HiSlipMessageType.DataEnd:
                if (!HasAsyncChannel)
                {
                    FailBoth(HiSlipProtocol.FatalChannelsNotEstablished, "Data before the asynchronous channel was initialized");
                    return false;
                }

                if (header.PayloadLength > (ulong)Math.Max(0, (long)maximumMessageSize - HiSlipProtocol.HeaderSize))
                {
                    if (header.PayloadLength > MaxSkippableMessage)
                    {
                        FailBoth(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} announces {header.PayloadLength} bytes");
                        return false;
                    }

                    // IVI-6.1 6.3: refuse with Error, discard the payload, stay in step.
                    sync.Skip(header.PayloadLength);
                    sync.Send(HiSlipMessageType.Error, HiSlipProtocol.ErrorMessageTooLarge, 0, System.Text.Encoding.ASCII.GetBytes($"{header.PayloadLength}-byte payload exceeds the maximum message size of {maximumMessageSize} bytes"));
                    return true;
                }

                int length = (int)header.PayloadLength;
                if (length > 0 && !_clearing && !_hung && !_discardUntilEnd && _framer.PayloadDestination(length) is { IsEmpty: false } direct)
                {
                    // Within a large block: the payload goes from the socket straight to where the block is kept.
                    ReceiveBlockPayload(sync, header, direct[..length], stop);
                    return true;
                }

                if (_payload.Length < length)
                {
                    _payload = new byte[Math.Max(length, Math.Min(2 * _payload.Length, (int)maximumMessageSize))];
                }

                sync.ReadExactly(_payload.AsSpan(0, length));
                if (instrument.Faults.TakeBytes(length) is int arrived && arrived < length)
                {
                    // A dropped link: the instrument gets what got through, unanswered, and both connections close.
                    Execute(sync, _payload.AsSpan(0, arrived), end: false, stop, answer: false);
                    throw new IOException("the link was dropped by a drop_link fault");
                }

                NoteRmt(header.ControlCode);
                _currentId = header.Parameter;
                if (!_clearing && !_hung)
                {
                    Execute(sync, _payload.AsSpan(0, length), header.Type == HiSlipMessageType.DataEnd, stop);
                }

                MarkProcessed(header.Parameter);
                return true;
            case HiSlipMessageType.Trigger:
                // A GPIB group execute trigger; none of the emulated models acts on one, but it uses a message id.
                NoteRmt(header.ControlCode);
                _currentId = header.Parameter;
                MarkProcessed(header.Parameter);
                return SkipControl(sync, header);
            case HiSlipMessageType.DeviceClearComplete:
                if (!SkipControl(sync, header))
                {
                    return false;
                }

                ResetAfterClear();
                // We only run synchronized mode, whatever the client asked for.
                sync.Send(HiSlipMessageType.DeviceClearAcknowledge, 0, 0, []);
                return true;
            default:
                if (!SkipControl(sync, header))
                {
                    return false;
                }

                sync.Send(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnrecognizedMessageType, 0, System.Text.Encoding.ASCII.GetBytes($"message type {(byte)header.Type} is not served on the synchronous channel"));
                return true;
        }
    }

    private void HandleAsyncChannel(HiSlipServerChannel channel, HiSlipHeader header, byte[] payload, CancellationToken stop)
    {
        switch (header.Type)
        {
            case HiSlipMessageType.AsyncMaximumMessageSize when payload.Length == 8:
                ulong theirs = BinaryPrimitives.ReadUInt64BigEndian(payload);
                Volatile.Write(ref _clientMaximum, (long)Math.Clamp(theirs, HiSlipProtocol.HeaderSize + 1UL, int.MaxValue));
                byte[] ours = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(ours, maximumMessageSize);
                channel.Send(HiSlipMessageType.AsyncMaximumMessageSizeResponse, 0, 0, ours);
                break;
            case HiSlipMessageType.AsyncDeviceClear:
                // From here until DeviceClearComplete the synchronous loop discards what arrives.
                _clearing = true;
                channel.Send(HiSlipMessageType.AsyncDeviceClearAcknowledge, 0, 0, []);
                break;
            case HiSlipMessageType.AsyncStatusQuery:
                // The query names the client's latest message: let the synchronous channel catch up with it
                // first, so a status byte read right after a write reflects that write (as on GPIB).
                WaitUntilProcessed(header.Parameter, stop);
                NoteRmt(header.ControlCode);
                byte status = (byte)(instrument.StatusByte | (_responsePending ? HiSlipProtocol.MessageAvailable : 0));
                channel.Send(HiSlipMessageType.AsyncStatusResponse, status, 0, []);
                break;
            case HiSlipMessageType.AsyncRemoteLocalControl:
                channel.Send(HiSlipMessageType.AsyncRemoteLocalResponse, 0, 0, []);
                break;
            case HiSlipMessageType.AsyncLock or HiSlipMessageType.AsyncLockInfo:
                channel.Send(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnidentified, 0, "locks are not supported by the QDeviceLab emulator"u8);
                break;
            case HiSlipMessageType.AsyncMaximumMessageSize:
                channel.Send(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnidentified, 0, "AsyncMaximumMessageSize needs an 8-byte payload"u8);
                break;
            default:
                channel.Send(HiSlipMessageType.Error, HiSlipProtocol.ErrorUnrecognizedMessageType, 0, System.Text.Encoding.ASCII.GetBytes($"message type {(byte)header.Type} is not served on the asynchronous channel"));
                break;
        }
    }

    /// <summary>A Data/DataEnd message that lies wholly inside a block's payload, received into <paramref name="destination"/>.</summary>
    private void ReceiveBlockPayload(HiSlipServerChannel sync, HiSlipHeader header, Span<byte> destination, CancellationToken stop)
    {
        sync.ReadExactly(destination);
        int arrived = instrument.Faults.TakeBytes(destination.Length);
        _framer.PayloadReceived(arrived);
        if (arrived < destination.Length)
        {
            // A dropped link: the instrument keeps what got through, unanswered, and both connections close.
            throw new IOException("the link was dropped by a drop_link fault");
        }

        _lastByteWasNewline = destination[^1] == (byte)'\n';
        NoteRmt(header.ControlCode);
        _currentId = header.Parameter;
        if (header.Type == HiSlipMessageType.DataEnd)
        {
            // END inside a block: the same as the bytes arriving through Execute.
            Execute(sync, [], end: true, stop);
        }

        MarkProcessed(header.Parameter);
    }

    /// <summary>Feeds written bytes to the instrument; END (DataEnd) ends a program message even without a newline.</summary>
    private void Execute(HiSlipServerChannel sync, ReadOnlySpan<byte> data, bool end, CancellationToken stop, bool answer = true)
    {
        if (_discardUntilEnd)
        {
            _discardUntilEnd = !end;
            return;
        }

        var fatal = _framer.Push(data, _messages);
        if (data.Length > 0)
        {
            _lastByteWasNewline = data[^1] == (byte)'\n';
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
                    Answer(sync, response, stop);
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
            foreach (var message in _messages)
            {
                _framer.Recycle(message);
            }

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

    private void Answer(HiSlipServerChannel sync, byte[] response, CancellationToken stop)
    {
        var faults = instrument.Faults;
        int allowed = response.Length;
        bool cut = false;
        if (!faults.IsEmpty)
        {
            // Transport faults as on the SOCKET server: each answer held back by the latency, garbage
            // and truncated answers spoiled by the same rule, and a dropped link (or a truncated answer)
            // delivers what got through (as Data, never DataEnd) and closes both connections.
            long answer = faults.HoldAnswer(stop);
            (response, cut) = faults.Spoil(answer, response, instrument.ResponseTerminator);
            allowed = faults.TakeBytes(response.Length);
        }

        int chunk = (int)Math.Min(Volatile.Read(ref _clientMaximum) - HiSlipProtocol.HeaderSize, 1 << 20);
        int offset = 0;
        if (allowed < response.Length || cut)
        {
            for (; offset < allowed; offset += Math.Min(chunk, allowed - offset))
            {
                sync.Send(HiSlipMessageType.Data, 0, _currentId, response.AsSpan(offset, Math.Min(chunk, allowed - offset)));
            }

            throw new IOException(cut ? "a truncated_answer fault cut the answer" : "the link was dropped by a drop_link fault");
        }

        do
        {
            int take = Math.Min(chunk, response.Length - offset);
            bool last = offset + take == response.Length;
            sync.Send(last ? HiSlipMessageType.DataEnd : HiSlipMessageType.Data, 0, _currentId, response.AsSpan(offset, take));
            offset += take;
        }
        while (offset < response.Length);
        _responsePending = true;
    }

    private bool SkipControl(HiSlipServerChannel channel, HiSlipHeader header)
    {
        if (header.PayloadLength > MaxControlPayload)
        {
            channel.Fail(HiSlipProtocol.FatalPoorlyFormedHeader, $"{header.Type} with a payload of {header.PayloadLength} bytes");
            return false;
        }

        channel.Skip(header.PayloadLength);
        return true;
    }

    private void MarkProcessed(uint id)
    {
        lock (_progress)
        {
            _processedId = id;
            Monitor.PulseAll(_progress);
        }
    }

    /// <summary>Waits (at most 2 s) until the synchronous channel has taken message <paramref name="id"/>.</summary>
    private void WaitUntilProcessed(uint id, CancellationToken stop)
    {
        long deadline = Environment.TickCount64 + 2000;
        lock (_progress)
        {
            while (id != HiSlipProtocol.PreInitialMessageId && !_clearing && _processedId != id)
            {
                stop.ThrowIfCancellationRequested();
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return; // a message that never arrives must not hang the status query: answer what we have
                }

                // Short waits, so a stopping server is noticed without a registration per query.
                Monitor.Wait(_progress, (int)Math.Min(remaining, 100));
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
    private void FailBoth(byte code, string reason)
    {
        _sync?.Fail(code, reason);
        Volatile.Read(ref _async)?.Fail(code, reason);
    }

    private static ProgramMessageFramer NewFramer(ScpiInstrument instrument) => new(instrument.MaxBlockBytes, instrument.MaxMessageTextBytes, instrument as ILargeBlockStore);
}
