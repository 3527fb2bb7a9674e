using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Faults;

/// <summary>What an answer fault does to one answer.</summary>
internal enum AnswerFault
{
    None,
    Garbage,
    Truncate,
}

/// <summary>
/// The faults of one instrument and the counters that decide when they strike. Counters are
/// instrument-wide (all connections together), so a fault fires once however the client
/// reconnects. Thread-safe: the transport calls it from connection tasks.
/// </summary>
internal sealed class InstrumentFaults
{
    private readonly object _gate = new();
    private readonly string _name;
    private readonly long _seed;
    private readonly Fault[] _faults;
    private readonly DropLinkFault? _drop;
    private long _messages;
    private long _answers;
    private long _bytes;
    private bool _linkDropped;

    public InstrumentFaults(string name, long seed, IEnumerable<Fault> faults)
    {
        _name = name;
        _seed = seed;
        _faults = [.. faults];
        _drop = _faults.OfType<DropLinkFault>().FirstOrDefault();
    }

    public static InstrumentFaults None { get; } = new(string.Empty, 0, []);

    public bool IsEmpty => _faults.Length == 0;

    /// <summary>Counts one program message; returns its 1-based number.</summary>
    public long CountMessage()
    {
        lock (_gate)
        {
            return ++_messages;
        }
    }

    /// <summary>Errors to put in the queue after program message <paramref name="message"/>.</summary>
    public IEnumerable<ScpiError> ErrorsAfter(long message) =>
        _faults.OfType<InjectedErrorFault>()
            .Where(f => f.AfterCommands == message)
            .SelectMany(f => Enumerable.Repeat(f.Error, f.Count));

    public bool PowerCyclesAfter(long message) =>
        _faults.OfType<ResetFault>().Any(f => f.AfterCommands == message);

    /// <summary>True when arm number <paramref name="arm"/> (1-based INIT count) never gets its trigger.</summary>
    public bool IsStuckArm(long arm) =>
        _faults.OfType<StuckTriggerFault>().Any(f => arm >= f.Arm && arm < f.Arm + f.Count);

    /// <summary>Counts one answer; returns its 1-based number.</summary>
    public long CountAnswer()
    {
        lock (_gate)
        {
            return ++_answers;
        }
    }

    /// <summary>
    /// Counts one answer and holds it back by its latency (the same rule on every server); returns its
    /// 1-based number for the answer faults.
    /// </summary>
    public async ValueTask<long> HoldAnswerAsync(CancellationToken stop)
    {
        long answer = CountAnswer();
        var delay = LatencyFor(answer);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }

        return answer;
    }

    /// <summary>How late answer <paramref name="answer"/> leaves.</summary>
    public TimeSpan LatencyFor(long answer)
    {
        double seconds = 0;
        foreach (var f in _faults.OfType<LatencyFault>())
        {
            var rng = DeterministicRandom.ForStream(_seed, $"{_name}/latency", answer);
            seconds += f.Seconds + f.Jitter * rng.NextDouble();
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public AnswerFault AnswerFaultFor(long answer)
    {
        if (_faults.OfType<TruncatedAnswerFault>().Any(f => f.Answer == answer))
        {
            return AnswerFault.Truncate;
        }

        return _faults.OfType<GarbageAnswerFault>().Any(f => f.Answer == answer) ? AnswerFault.Garbage : AnswerFault.None;
    }

    /// <summary>
    /// Applies the answer fault of answer <paramref name="answer"/> (if any) to <paramref name="response"/>:
    /// the bytes to send, and whether the link must close after them (a truncated answer, which also
    /// never ends: no terminator, no END/DataEnd). One rule for every transport.
    /// </summary>
    public (byte[] Bytes, bool CloseAfter) Spoil(long answer, byte[] response, string terminator) =>
        AnswerFaultFor(answer) switch
        {
            AnswerFault.Garbage => (Garbage(answer, response, terminator), false),
            AnswerFault.Truncate => (Truncate(response), true),
            _ => (response, false),
        };

    /// <summary>
    /// Seeded printable junk (0x21..0x7E) as long as <paramref name="answer"/> minus its
    /// terminator, then the terminator: a line-reading client gets a line, just not a meaningful one.
    /// </summary>
    public byte[] Garbage(long answer, ReadOnlySpan<byte> original, string terminator)
    {
        int body = Math.Max(1, original.Length - terminator.Length);
        var junk = new byte[body + terminator.Length];
        var rng = DeterministicRandom.ForStream(_seed, $"{_name}/garbage", answer);
        for (int i = 0; i < body; i++)
        {
            junk[i] = (byte)(0x21 + (int)(rng.NextUInt64() % 94));
        }

        System.Text.Encoding.ASCII.GetBytes(terminator, junk.AsSpan(body));
        return junk;
    }

    /// <summary>
    /// The first half of an answer: for a definite block, its header (announcing the full
    /// length) and half of the payload; otherwise half of the text, without terminator.
    /// </summary>
    public static byte[] Truncate(ReadOnlySpan<byte> answer)
    {
        if (answer.Length >= 2 && answer[0] == (byte)'#' && answer[1] is >= (byte)'1' and <= (byte)'9')
        {
            int digits = answer[1] - '0';
            int header = 2 + digits;
            if (answer.Length > header)
            {
                int payload = answer.Length - header - 1;
                return answer[..(header + payload / 2)].ToArray();
            }
        }

        return answer[..(answer.Length / 2)].ToArray();
    }

    /// <summary>
    /// Asks to move <paramref name="wanted"/> bytes over the link. Returns how many may pass;
    /// fewer than wanted means the link drops right after them (once per instrument).
    /// </summary>
    public int TakeBytes(int wanted)
    {
        if (_drop is not { } drop)
        {
            return wanted;
        }

        lock (_gate)
        {
            if (_linkDropped)
            {
                return wanted;
            }

            long remaining = drop.AfterBytes - _bytes;
            if (wanted <= remaining)
            {
                _bytes += wanted;
                return wanted;
            }

            _linkDropped = true;
            _bytes = drop.AfterBytes;
            return (int)Math.Max(0, remaining);
        }
    }
}
