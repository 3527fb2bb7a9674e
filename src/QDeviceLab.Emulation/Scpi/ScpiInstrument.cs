using System.Globalization;
using QDeviceLab.Emulation.Faults;
using QDeviceLab.Emulation.Instruments;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// Base of every emulated SCPI instrument: executes program messages against a command tree
/// with the SCPI path rules, keeps the error queue and the IEEE 488.2 status registers, and
/// serves the common commands. All state is guarded by the device-wide lock handed in, so
/// instruments that trigger each other (AWG run -> digitizer) see one consistent device.
/// </summary>
internal abstract class ScpiInstrument
{
    private const byte EsrOperationComplete = 1;
    private const byte EsrQueryError = 4;
    private const byte EsrDeviceError = 8;
    private const byte EsrExecutionError = 16;
    private const byte EsrCommandError = 32;
    private const byte EsrPowerOn = 128;

    private readonly Dictionary<string, ScpiHandler> _common = new(StringComparer.OrdinalIgnoreCase);
    private byte _esr;
    private byte _ese;
    private byte _sre;
    private readonly EmulatedClock? _clock;

    protected ScpiInstrument(object syncRoot, EmulatedClock? clock = null)
    {
        SyncRoot = syncRoot;
        _clock = clock;
        _common["*IDN?"] = c => c.Response.WriteText(Identity);
        _common["*RST"] = _ => Reset();
        _common["*CLS"] = _ =>
        {
            Errors.Clear();
            _esr = 0;
        };
        _common["*OPC"] = _ => _esr |= EsrOperationComplete;
        // Every emulated operation completes before the next command is parsed, unless a
        // fault keeps one pending for ever: then the answer never comes.
        _common["*OPC?"] = c =>
        {
            if (OperationPending)
            {
                c.Response.Hang();
            }
            else
            {
                c.Response.WriteText("1");
            }
        };
        _common["*WAI"] = _ => { };
        _common["*TST?"] = c => c.Response.WriteText("0");
        _common["*ESR?"] = c =>
        {
            c.Response.WriteText(_esr.ToString(CultureInfo.InvariantCulture));
            _esr = 0;
        };
        _common["*ESE"] = c => _ese = ByteParameter(c);
        _common["*ESE?"] = c => c.Response.WriteText(_ese.ToString(CultureInfo.InvariantCulture));
        _common["*SRE"] = c => _sre = ByteParameter(c);
        _common["*SRE?"] = c => c.Response.WriteText(_sre.ToString(CultureInfo.InvariantCulture));
        _common["*STB?"] = c => c.Response.WriteText(StatusByte.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The device-wide lock.</summary>
    public object SyncRoot { get; }

    /// <summary>The <c>*IDN?</c> answer.</summary>
    public abstract string Identity { get; }

    /// <summary>Largest binary block the model accepts in one program message.</summary>
    public abstract long MaxBlockBytes { get; }

    /// <summary>Largest non-block text of one program message.</summary>
    public virtual int MaxMessageTextBytes => 64 * 1024;

    /// <summary>What ends a response message on the wire.</summary>
    public virtual string ResponseTerminator => "\n";

    /// <summary>The faults injected into this instrument (station file <c>emulator.faults</c>).</summary>
    public InstrumentFaults Faults { get; set; } = InstrumentFaults.None;

    protected ScpiCommandTree Commands { get; } = new();

    /// <summary>True while an operation will never complete (a stuck trigger): <c>*OPC?</c> then never answers.</summary>
    protected virtual bool OperationPending => false;

    protected ErrorQueue Errors { get; } = new();

    /// <summary>IEEE 488.2 status byte: bit 2 error queue not empty, bit 5 ESB, bit 6 MSS.</summary>
    public byte StatusByte
    {
        get
        {
            lock (SyncRoot)
            {
                int stb = 0;
                if (Errors.Count > 0)
                {
                    stb |= 4;
                }

                if ((_esr & _ese) != 0)
                {
                    stb |= 32;
                }

                if ((stb & _sre & ~64) != 0)
                {
                    stb |= 64;
                }

                return (byte)stb;
            }
        }
    }

    /// <summary>Executes one complete program message (without its terminator); returns the response bytes, if any.</summary>
    public byte[]? Execute(ReadOnlyMemory<byte> message) => ExecuteMessage(message).Response;

    /// <summary>
    /// Executes one complete program message. <see cref="ScpiExecution.Hung"/> is true when a
    /// query will never be answered (the parser is blocked): the transport must then stay silent.
    /// </summary>
    public ScpiExecution ExecuteMessage(ReadOnlyMemory<byte> message)
    {
        lock (SyncRoot)
        {
            _clock?.OnMessage();
            long number = Faults.CountMessage();
            var execution = ExecuteUnits(message);
            foreach (var error in Faults.ErrorsAfter(number))
            {
                PushError(error);
            }

            if (Faults.PowerCyclesAfter(number))
            {
                PowerCycle();
            }

            return execution;
        }
    }

    /// <summary>
    /// Interprets one program message under the device lock. SCPI by default; an instrument with a
    /// protocol of its own on the same line framing (Oxford Instruments' READ/SET/STAT) overrides it.
    /// </summary>
    protected virtual ScpiExecution ExecuteUnits(ReadOnlyMemory<byte> message)
    {
        var response = new ScpiResponse();
        var parser = new ProgramMessageParser(message);
        var prefix = new HeaderPrefix();
        while (true)
        {
            ProgramUnit? unit;
            try
            {
                unit = parser.Next();
            }
            catch (ScpiErrorException e)
            {
                PushError(e.Error);
                break; // the rest of a malformed message is discarded
            }

            if (unit is null)
            {
                break;
            }

            try
            {
                ExecuteUnit(unit, response, prefix);
            }
            catch (ScpiErrorException e)
            {
                PushError(e.Error);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
            {
                PushError(ScpiError.ExecutionError.With(e.Message));
            }

            if (response.IsHung)
            {
                break; // a blocked parser reads nothing more of this message
            }
        }

        return new ScpiExecution(response.Finish(ResponseTerminator), response.IsHung);
    }

    /// <summary>Records an error found by the transport (e.g. an oversized block) before it drops the link.</summary>
    public void ReportInputError(ScpiError error)
    {
        lock (SyncRoot)
        {
            PushError(error);
        }
    }

    /// <summary>Puts an error in the queue and sets the matching event status bit.</summary>
    protected void PushError(ScpiError error)
    {
        _esr |= error.Code switch
        {
            <= -100 and > -200 => EsrCommandError,
            <= -200 and > -300 => EsrExecutionError,
            <= -300 and > -400 => EsrDeviceError,
            <= -400 and > -500 => EsrQueryError,
            _ => 0,
        };
        Errors.Push(error);
    }

    /// <summary>
    /// Power lost and restored (a reset fault): the documented defaults, volatile memory gone,
    /// an empty error queue, cleared enables and PON set in the event status register.
    /// </summary>
    protected virtual void PowerCycle()
    {
        Reset();
        Errors.Clear();
        _ese = 0;
        _sre = 0;
        _esr = EsrPowerOn;
    }

    /// <summary><c>*RST</c>: back to the documented defaults. The error queue and status enables survive, as IEEE 488.2 requires.</summary>
    protected abstract void Reset();

    /// <summary>Declares <c>SYSTem:ERRor[:NEXT]?</c>, <c>SYSTem:ERRor:ALL?</c> and <c>SYSTem:ERRor:COUNt?</c>.</summary>
    protected void AddErrorQueueCommands()
    {
        Commands.Add("SYSTem:ERRor[:NEXT]", query: c => c.Response.WriteText(Errors.Pop().ToString()));
        Commands.Add("SYSTem:ERRor:ALL", query: c =>
        {
            if (Errors.Count == 0)
            {
                c.Response.WriteText(ScpiError.NoError.ToString());
                return;
            }

            var all = new List<string>();
            while (Errors.Count > 0)
            {
                all.Add(Errors.Pop().ToString());
            }

            c.Response.WriteText(string.Join(",", all));
        });
        Commands.Add("SYSTem:ERRor:COUNt", query: c => c.Response.WriteText(Errors.Count.ToString(CultureInfo.InvariantCulture)));
    }

    private void ExecuteUnit(ProgramUnit unit, ScpiResponse response, HeaderPrefix prefix)
    {
        string header = unit.Header;
        if (header.Length == 0)
        {
            throw new ScpiErrorException(ScpiError.SyntaxError.With("header expected"));
        }

        if (header[0] == '*')
        {
            if (!_common.TryGetValue(header, out var common))
            {
                throw new ScpiErrorException(ScpiError.UndefinedHeader.With(header));
            }

            common(new ScpiCommandContext(header, [], unit.Parameters, response));
            return;
        }

        bool isQuery = header.EndsWith('?');
        bool absolute = header[0] == ':';
        int pathStart = absolute ? 1 : 0;
        var path = header.AsSpan(pathStart, header.Length - pathStart - (isQuery ? 1 : 0));
        if (path.Contains('?'))
        {
            throw new ScpiErrorException(ScpiError.UndefinedHeader.With(header));
        }

        ScpiHandler handler;
        int[] suffixes;
        if (absolute || prefix.IsRoot)
        {
            // From the root (every unit of a ";:" chain, and the first of a message): the
            // resolution of the header's shape is remembered by the tree.
            if (!Commands.TryResolveFromRoot(path, isQuery, out handler, out suffixes))
            {
                throw new ScpiErrorException(ScpiError.UndefinedHeader.With(header));
            }

            prefix.SetFromRoot(header, pathStart, path.Length);
        }
        else
        {
            if (!ScpiCommandTree.TryTokenize(path.ToString(), out var typed))
            {
                throw new ScpiErrorException(ScpiError.UndefinedHeader.With(header));
            }

            List<HeaderToken> full = [.. prefix.Tokens, .. typed];
            if (!Commands.TryResolve(full, isQuery, out handler, out suffixes))
            {
                // Leniency: a relative header that only makes sense from the root is accepted there.
                if (!Commands.TryResolve(typed, isQuery, out handler, out suffixes))
                {
                    throw new ScpiErrorException(ScpiError.UndefinedHeader.With(header));
                }

                full = typed;
            }

            prefix.Set(full.GetRange(0, full.Count - 1));
        }

        handler(new ScpiCommandContext(header, suffixes, unit.Parameters, response));
    }

    private static byte ByteParameter(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        long v = c.Parameters[0].AsInteger();
        if (v is < 0 or > 255)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With("0..255 expected"));
        }

        return (byte)v;
    }
}

/// <summary>What one program message produced: the response bytes (if any) and whether the instrument stopped answering.</summary>
internal readonly record struct ScpiExecution(byte[]? Response, bool Hung);

/// <summary>
/// The SCPI path of a program message: the keywords of the last header but its final one, where a
/// relative header that follows continues. Headers typed from the root keep only their text here and
/// are tokenized when a relative header actually follows them, which ";:" chains never need.
/// </summary>
internal sealed class HeaderPrefix
{
    private List<HeaderToken> _tokens = [];
    private string? _header;
    private int _start;
    private int _length;

    /// <summary>True when the next relative header starts at the root.</summary>
    public bool IsRoot => _header is null ? _tokens.Count == 0 : _header.AsSpan(_start, _length).IndexOf(':') < 0;

    public IReadOnlyList<HeaderToken> Tokens
    {
        get
        {
            if (_header is not null)
            {
                if (!ScpiCommandTree.TryTokenize(_header.Substring(_start, _length), out var tokens))
                {
                    throw new InvalidOperationException($"header '{_header}' resolved but does not tokenize");
                }

                _tokens = tokens.GetRange(0, tokens.Count - 1);
                _header = null;
            }

            return _tokens;
        }
    }

    /// <summary>After a header typed from the root: <paramref name="header"/>[<paramref name="start"/>..+<paramref name="length"/>] is its path without ':' and '?'.</summary>
    public void SetFromRoot(string header, int start, int length)
    {
        _header = header;
        _start = start;
        _length = length;
    }

    public void Set(List<HeaderToken> tokens)
    {
        _tokens = tokens;
        _header = null;
    }
}
