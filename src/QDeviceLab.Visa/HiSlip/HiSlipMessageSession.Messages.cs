using System.Net.Sockets;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.HiSlip;

/// <summary>Sending and receiving single HiSLIP messages, the device clear handshake, and turning failures into the caller's exception.</summary>
internal sealed partial class HiSlipMessageSession
{
    /// <summary>How long the device clear after a timeout may take before the session is broken anyway.</summary>
    private static readonly TimeSpan ClearAfterTimeoutBudget = TimeSpan.FromMilliseconds(500);

    private async ValueTask SendDataAsync(HiSlipMessageType type, ReadOnlyMemory<byte> payload, CancellationToken token)
    {
        uint id = _nextMessageId;
        var header = new HiSlipHeader(type, _rmtDelivered ? HiSlipProtocol.RmtDelivered : (byte)0, id, (ulong)payload.Length);
        if (payload.Length <= CoalesceLimit)
        {
            header.Write(_sendScratch);
            payload.Span.CopyTo(_sendScratch.AsSpan(HiSlipProtocol.HeaderSize));
            await _sync.SendAsync(_sendScratch.AsMemory(0, HiSlipProtocol.HeaderSize + payload.Length), token).ConfigureAwait(false);
        }
        else
        {
            header.Write(_sendScratch);
            await _sync.SendAsync(_sendScratch.AsMemory(0, HiSlipProtocol.HeaderSize), token).ConfigureAwait(false);
            await _sync.SendAsync(payload, token).ConfigureAwait(false);
        }

        _rmtDelivered = false;
        _lastSentId = id;
        _nextMessageId = unchecked(id + 2);
    }

    /// <summary>As <see cref="SendDataAsync"/>, with blocking calls.</summary>
    private void SendData(HiSlipMessageType type, ReadOnlySpan<byte> payload)
    {
        uint id = _nextMessageId;
        var header = new HiSlipHeader(type, _rmtDelivered ? HiSlipProtocol.RmtDelivered : (byte)0, id, (ulong)payload.Length);
        header.Write(_sendScratch);
        if (payload.Length <= CoalesceLimit)
        {
            payload.CopyTo(_sendScratch.AsSpan(HiSlipProtocol.HeaderSize));
            _sync.Send(_sendScratch.AsSpan(0, HiSlipProtocol.HeaderSize + payload.Length));
        }
        else
        {
            _sync.Send(_sendScratch.AsSpan(0, HiSlipProtocol.HeaderSize));
            _sync.Send(payload);
        }

        _rmtDelivered = false;
        _lastSentId = id;
        _nextMessageId = unchecked(id + 2);
    }

    /// <summary>As <see cref="NextDataMessageAsync"/>, with blocking calls; the rare control messages take the asynchronous path.</summary>
    private ReadChunk? NextDataMessage()
    {
        while (true)
        {
            var header = _sync.ReadHeader();
            if (header.Type is not (HiSlipMessageType.Data or HiSlipMessageType.DataEnd))
            {
                // Interrupted, Error and anything unexpected: handled as on the asynchronous path.
                _sync.UnreadHeader();
                return NextDataMessageAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }

            if (!IsCurrentAnswer(header))
            {
                _sync.Skip(header.PayloadLength);
                continue;
            }

            if (BeginAnswerPart(header, out var whole))
            {
                return whole;
            }
        }
    }

    /// <summary>
    /// Checks a Data or DataEnd header's size; false for an answer to a message sent before the
    /// latest one (IVI-6.1 3.1.2 rule 2), whose payload the caller skips.
    /// </summary>
    private bool IsCurrentAnswer(HiSlipHeader header)
    {
        if (header.PayloadLength > MaxAcceptedDataPayload)
        {
            throw new HiSlipFormatException($"{header.Type} message announces {header.PayloadLength} bytes, more than the {MaxAcceptedDataPayload} this client accepts in one message");
        }

        return header.Parameter == CurrentAnswerId || header.Parameter == HiSlipProtocol.UnboundMessageId;
    }

    /// <summary>
    /// Starts reading a part of the current answer. True when the caller is done: <paramref name="result"/>
    /// is null when payload is ready to read, or the empty chunk of an empty DataEnd (the whole answer).
    /// False for an empty Data message, after which the caller reads the next header.
    /// </summary>
    private bool BeginAnswerPart(HiSlipHeader header, out ReadChunk? result)
    {
        _readingId = CurrentAnswerId;
        _payloadRemaining = header.PayloadLength;
        _readingEnd = header.Type == HiSlipMessageType.DataEnd;
        result = null;
        if (header.PayloadLength > 0)
        {
            _midAnswer = true;
            return true;
        }

        if (_readingEnd)
        {
            _readingEnd = false;
            _rmtDelivered = true;
            _midAnswer = false;
            result = new ReadChunk(0, true);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads headers on the synchronous channel until a Data or DataEnd that answers our last message.
    /// Returns an empty chunk for an empty DataEnd (the whole answer), null when payload is ready.
    /// </summary>
    private async ValueTask<ReadChunk?> NextDataMessageAsync(CancellationToken token)
    {
        while (true)
        {
            var header = await _sync.ReadHeaderAsync(token).ConfigureAwait(false);
            switch (header.Type)
            {
                case HiSlipMessageType.Data or HiSlipMessageType.DataEnd:
                    if (!IsCurrentAnswer(header))
                    {
                        await _sync.SkipAsync(header.PayloadLength, token).ConfigureAwait(false);
                        continue;
                    }

                    if (BeginAnswerPart(header, out var whole))
                    {
                        return whole;
                    }

                    continue;
                case HiSlipMessageType.Interrupted:
                    // The server dropped the answer because a newer message arrived first (overlapped
                    // clients, or another writer); the stream is still in step.
                    await SkipControlPayloadAsync(_sync, header, token).ConfigureAwait(false);
                    if (header.Parameter == CurrentAnswerId)
                    {
                        throw _guard.Fault("the instrument interrupted its answer (HiSLIP Interrupted): a newer message arrived before it was read", breakSession: false, isTransient: true);
                    }

                    continue;
                case HiSlipMessageType.Error or HiSlipMessageType.FatalError:
                    throw await PeerErrorAsync(_sync, header, token).ConfigureAwait(false);
                default:
                    // Nothing else belongs here in a read; skip it rather than lose step.
                    await SkipControlPayloadAsync(_sync, header, token).ConfigureAwait(false);
                    continue;
            }
        }
    }

    private async ValueTask SendAsyncChannelAsync(HiSlipMessageType type, byte controlCode, uint parameter, ReadOnlyMemory<byte> payload, CancellationToken token) =>
        await _async.SendAsync(HiSlipHeader.Frame(type, controlCode, parameter, payload.Span), token).ConfigureAwait(false);

    /// <summary>Reads the asynchronous channel until <paramref name="expected"/>, passing over unsolicited service requests and interrupts.</summary>
    private async ValueTask<(HiSlipHeader Header, byte[] Payload)> ReadAsyncResponseAsync(HiSlipMessageType expected, CancellationToken token)
    {
        while (true)
        {
            var header = await _async.ReadHeaderAsync(token).ConfigureAwait(false);
            if (header.Type is HiSlipMessageType.AsyncServiceRequest or HiSlipMessageType.AsyncInterrupted)
            {
                await SkipControlPayloadAsync(_async, header, token).ConfigureAwait(false);
                continue;
            }

            if (header.Type is HiSlipMessageType.Error or HiSlipMessageType.FatalError)
            {
                throw await PeerErrorAsync(_async, header, token).ConfigureAwait(false);
            }

            byte[] payload = await ReadControlPayloadAsync(_async, header, token).ConfigureAwait(false);
            return header.Type == expected
                ? (header, payload)
                : throw new HiSlipFormatException($"expected {expected} on the asynchronous channel, got {header.Type}");
        }
    }

    /// <summary>Device clear with both channel gates held by the caller's path (the sync gate by the caller, the async gate here).</summary>
    private async ValueTask DeviceClearCoreAsync(CancellationToken token)
    {
        HiSlipHeader acknowledge;
        await _asyncGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await SendAsyncChannelAsync(HiSlipMessageType.AsyncDeviceClear, 0, 0, default, token).ConfigureAwait(false);
            (acknowledge, _) = await ReadAsyncResponseAsync(HiSlipMessageType.AsyncDeviceClearAcknowledge, token).ConfigureAwait(false);
        }
        finally
        {
            _asyncGate.Release();
        }

        // Abandon the answer being read, tell the server the channel is clear, and skip every answer
        // still on its way until the acknowledge. We accept the mode the server prefers.
        if (_payloadRemaining > 0)
        {
            await _sync.SkipAsync(_payloadRemaining, token).ConfigureAwait(false);
            _payloadRemaining = 0;
        }

        await _sync.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.DeviceClearComplete, acknowledge.ControlCode, 0, []), token).ConfigureAwait(false);
        while (true)
        {
            var header = await _sync.ReadHeaderAsync(token).ConfigureAwait(false);
            if (header.Type == HiSlipMessageType.DeviceClearAcknowledge)
            {
                await SkipControlPayloadAsync(_sync, header, token).ConfigureAwait(false);
                IsOverlapped = (header.ControlCode & HiSlipProtocol.FeatureOverlapped) != 0;
                break;
            }

            if (header.Type is HiSlipMessageType.FatalError or HiSlipMessageType.Error)
            {
                throw await PeerErrorAsync(_sync, header, token).ConfigureAwait(false);
            }

            if (header.Type is HiSlipMessageType.Data or HiSlipMessageType.DataEnd && header.PayloadLength <= MaxAcceptedDataPayload)
            {
                await _sync.SkipAsync(header.PayloadLength, token).ConfigureAwait(false);
                continue;
            }

            await SkipControlPayloadAsync(_sync, header, token).ConfigureAwait(false);
        }

        _nextMessageId = HiSlipProtocol.InitialMessageId;
        _lastSentId = null;
        _rmtDelivered = false;
        _readingEnd = false;
        _midAnswer = false;
        _guard.NoteCleared();
    }

    private static async ValueTask<byte[]> ReadControlPayloadAsync(HiSlipChannel channel, HiSlipHeader header, CancellationToken token) =>
        header.PayloadLength > MaxControlPayload
            ? throw new HiSlipFormatException($"{header.Type} message announces {header.PayloadLength} bytes of payload; at most {MaxControlPayload} make sense")
            : await channel.ReadPayloadAsync((int)header.PayloadLength, token).ConfigureAwait(false);

    private static byte[] ReadControlPayload(HiSlipChannel channel, HiSlipHeader header) =>
        header.PayloadLength > MaxControlPayload
            ? throw new HiSlipFormatException($"{header.Type} message announces {header.PayloadLength} bytes of payload; at most {MaxControlPayload} make sense")
            : channel.ReadPayload((int)header.PayloadLength);

    private static async ValueTask SkipControlPayloadAsync(HiSlipChannel channel, HiSlipHeader header, CancellationToken token)
    {
        if (header.PayloadLength > MaxControlPayload)
        {
            throw new HiSlipFormatException($"{header.Type} message announces {header.PayloadLength} bytes of payload; at most {MaxControlPayload} make sense");
        }

        await channel.SkipAsync(header.PayloadLength, token).ConfigureAwait(false);
    }

    /// <summary>An Error leaves the session usable; a FatalError means the server closes both channels.</summary>
    private async ValueTask<InstrumentIOException> PeerErrorAsync(HiSlipChannel channel, HiSlipHeader header, CancellationToken token)
    {
        byte[] payload = await ReadControlPayloadAsync(channel, header, token).ConfigureAwait(false);
        string text = System.Text.Encoding.ASCII.GetString(payload).Trim();
        bool fatal = header.Type == HiSlipMessageType.FatalError;
        string meaning = fatal ? HiSlipProtocol.DescribeFatal(header.ControlCode) : HiSlipProtocol.DescribeError(header.ControlCode);
        string problem = $"the HiSLIP server reported {(fatal ? "a fatal error" : "an error")} {header.ControlCode} ({meaning}){(text.Length > 0 ? $": {text}" : "")}";
        return _guard.Fault(problem, breakSession: fatal);
    }

    /// <summary>
    /// Turns whatever interrupted an operation into the exception the caller sees, breaking the session
    /// unless the stream is known to be in step. A timeout first tries a device clear, so the instrument
    /// drops the answer nobody will read, then breaks the session all the same.
    /// </summary>
    private async ValueTask<Exception> FailureAsync(Exception e, string activity, CancellationToken caller, bool timedOut, bool clearOnTimeout = true)
    {
        if (timedOut && !caller.IsCancellationRequested && clearOnTimeout && !IsBroken)
        {
            try
            {
                using var quick = new CancellationTokenSource(ClearAfterTimeoutBudget, _time);
                await DeviceClearCoreAsync(quick.Token).ConfigureAwait(false);
            }
            catch (Exception ignored) when (ignored is IOException or SocketException or OperationCanceledException or HiSlipFormatException or InstrumentIOException or ObjectDisposedException)
            {
                // Best effort: the session is broken below whatever happened.
            }
        }

        if (_guard.Interrupted(e, activity, caller, timedOut, _timeout, GetType().Name) is { } interrupted)
        {
            return interrupted;
        }

        switch (e)
        {
            case InstrumentIOException reported:
                return reported;
            case HiSlipFormatException malformed:
                // IVI-6.1 6.2: a receiver that lost synchronization sends FatalError on both channels and closes.
                SendFatalErrorBestEffort(malformed.Message);
                return _guard.Fault($"malformed HiSLIP traffic while {activity}: {malformed.Message}", breakSession: true, isTransient: false, malformed);
            case EndOfStreamException when !IsBroken:
                return _guard.HungUp(e, _midAnswer || activity == "waiting for the answer");
            default:
                return IsBroken ? _guard.BrokenException() : _guard.LinkFailed(e, activity);
        }
    }

    private void SendFatalErrorBestEffort(string reason)
    {
        byte[] frame = HiSlipHeader.Frame(HiSlipMessageType.FatalError, HiSlipProtocol.FatalPoorlyFormedHeader, 0, System.Text.Encoding.ASCII.GetBytes(reason));
        foreach (var channel in new[] { _sync, _async })
        {
            try
            {
                channel.Socket.SendTimeout = 200;
                channel.Socket.Send(frame, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The peer may already be gone; closing follows either way.
            }
        }
    }
}
