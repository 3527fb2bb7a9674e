using QDeviceLab.Emulation.Scpi;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>
/// One VXI-11 link to an emulated instrument: program-message bytes from <c>device_write</c> go
/// through the same <see cref="ProgramMessageFramer"/> as the raw socket server, complete messages
/// run on the instrument, and each response waits in the output queue until <c>device_read</c>
/// takes it, with END on its last byte.
/// </summary>
internal sealed class Vxi11Link(int id, ScpiInstrument instrument)
{
    private readonly LinkedList<byte[]> _output = new();
    private readonly List<ReadOnlyMemory<byte>> _messages = [];
    private ProgramMessageFramer _framer = NewFramer(instrument);
    private int _headOffset;
    private bool _headSpoiled;
    private bool _headCut;
    private bool _lastByteWasNewline = true;

    public int Id { get; } = id;

    public ScpiInstrument Instrument { get; } = instrument;

    public bool HasOutput => _output.Count > 0;

    /// <summary>True when the next <see cref="Read"/> starts a response (a latency fault delays it once, there).</summary>
    public bool AtAnswerStart => _headOffset == 0 && !_headSpoiled;

    /// <summary>A truncated answer was read to its (early) end without END: the connection must close now.</summary>
    public bool CutAnswerEnded { get; private set; }

    /// <summary>The response <see cref="Read"/> is about to start, for an answer fault to look at.</summary>
    public byte[] Head => _output.First!.Value;

    /// <summary>
    /// Replaces the response about to be read by what an answer fault made of it; a
    /// <paramref name="cut"/> one ends without END and then ends the connection (<see cref="CutAnswerEnded"/>).
    /// </summary>
    public void SpoilHead(byte[] bytes, bool cut)
    {
        _output.First!.Value = bytes;
        _headSpoiled = true;
        _headCut = cut;
    }

    /// <summary>
    /// Feeds written bytes to the instrument. END ends the program message even without a newline
    /// (VXI-11 framing); a newline ends it even without END, because some clients (PyVISA-py 0.5)
    /// leave END off long writes. Returns a VXI-11 error code.
    /// </summary>
    public int Write(ReadOnlySpan<byte> data, bool end)
    {
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

        foreach (var message in _messages)
        {
            if (Instrument.Execute(message) is { } response)
            {
                _output.AddLast(response);
            }

            _framer.Recycle(message);
        }

        _messages.Clear();
        if (fatal is ScpiError error)
        {
            // The socket server drops the connection here; a link can start over instead.
            Instrument.ReportInputError(error);
            _framer = NewFramer(Instrument);
            _lastByteWasNewline = true;
            return ErrorIo;
        }

        return ErrorNone;
    }

    /// <summary>
    /// Takes up to <paramref name="requestSize"/> bytes of the oldest response, stopping after
    /// <paramref name="termChar"/> when given. Reason bits: REQCNT, CHR, END.
    /// </summary>
    public (byte[] Data, uint Reason) Read(int requestSize, int? termChar)
    {
        var head = _output.First!.Value;
        int available = head.Length - _headOffset;
        int count = Math.Min(available, requestSize);
        uint reason = 0;
        if (termChar is int t)
        {
            int at = head.AsSpan(_headOffset, count).IndexOf((byte)t);
            if (at >= 0)
            {
                count = at + 1;
                reason |= ReasonTermChar;
            }
        }

        byte[] data = head.AsSpan(_headOffset, count).ToArray();
        _headOffset += count;
        if (_headOffset == head.Length)
        {
            _output.RemoveFirst();
            _headOffset = 0;
            _headSpoiled = false;
            if (_headCut)
            {
                _headCut = false;
                CutAnswerEnded = true;
            }
            else
            {
                reason |= ReasonEnd;
            }
        }

        if (count == requestSize)
        {
            reason |= ReasonRequestCount;
        }

        return (data, reason);
    }

    /// <summary>device_clear: forget unread responses and any half-received program message.</summary>
    public void Clear()
    {
        _output.Clear();
        _headOffset = 0;
        _headSpoiled = false;
        _headCut = false;
        _messages.Clear();
        _framer = NewFramer(Instrument);
        _lastByteWasNewline = true;
    }

    private static ProgramMessageFramer NewFramer(ScpiInstrument instrument) => new(instrument.MaxBlockBytes, instrument.MaxMessageTextBytes, instrument as ILargeBlockStore);
}
