using System.Buffers;
using System.Text;
using QDeviceLab.Visa;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// The response message being built for one program message: query answers joined by ';'
/// and ended once by the model's terminator.
/// </summary>
internal sealed class ScpiResponse
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64);
    private bool _any;

    /// <summary>A query whose answer will never come (the instrument's parser is blocked).</summary>
    public bool IsHung { get; private set; }

    public void Hang() => IsHung = true;

    public void WriteText(string text)
    {
        Separate();
        Encoding.ASCII.GetBytes(text, _buffer);
    }

    /// <summary>A definite-length arbitrary block.</summary>
    public void WriteBlock(ReadOnlySpan<byte> payload)
    {
        Separate();
        Span<byte> header = stackalloc byte[Ieee4882Block.MaxHeaderLength];
        int n = Ieee4882Block.FormatHeader(payload.Length, header);
        _buffer.Write(header[..n]);
        _buffer.Write(payload);
    }

    /// <summary>The bytes to send, or null when no query produced an answer.</summary>
    public byte[]? Finish(string terminator)
    {
        if (!_any)
        {
            return null;
        }

        Encoding.ASCII.GetBytes(terminator, _buffer);
        return _buffer.WrittenSpan.ToArray();
    }

    private void Separate()
    {
        if (_any)
        {
            _buffer.Write(";"u8);
        }

        _any = true;
    }
}

/// <summary>What a handler sees: the matched suffixes, the parameters and the response.</summary>
internal sealed class ScpiCommandContext(string header, IReadOnlyList<int> suffixes, IReadOnlyList<ScpiParameter> parameters, ScpiResponse response)
{
    public string Header { get; } = header;

    public IReadOnlyList<int> Suffixes { get; } = suffixes;

    public IReadOnlyList<ScpiParameter> Parameters { get; } = parameters;

    public ScpiResponse Response { get; } = response;

    /// <summary>The numeric suffix of the <paramref name="index"/>-th suffixed node, checked against 1..<paramref name="max"/>.</summary>
    public int Suffix(int index, int max)
    {
        int s = Suffixes[index];
        if (s < 1 || s > max)
        {
            throw new ScpiErrorException(ScpiError.HeaderSuffixOutOfRange.With($"{s} is not in 1..{max}"));
        }

        return s;
    }

    public ScpiParameter Parameter(int index, string name)
    {
        if (index >= Parameters.Count)
        {
            throw new ScpiErrorException(ScpiError.MissingParameter.With(name));
        }

        return Parameters[index];
    }

    /// <summary>Rejects surplus parameters (-108) and too few (-109).</summary>
    public void ExpectParameters(int min, int max)
    {
        if (Parameters.Count < min)
        {
            throw new ScpiErrorException(ScpiError.MissingParameter.With($"{Header} takes at least {min}"));
        }

        if (Parameters.Count > max)
        {
            throw new ScpiErrorException(ScpiError.ParameterNotAllowed.With($"{Header} takes at most {max}"));
        }
    }
}
