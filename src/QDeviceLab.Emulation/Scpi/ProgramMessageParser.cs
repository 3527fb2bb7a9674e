using System.Text;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>A parsed program message unit: header text (e.g. <c>:SOUR2:VOLT?</c>) and its parameters.</summary>
internal sealed record ProgramUnit(string Header, IReadOnlyList<ScpiParameter> Parameters);

/// <summary>
/// Splits one complete program message into units separated by ';', honouring quoted strings
/// and binary blocks (whose payloads may contain ';', ',' and '\n'). Units are produced one at
/// a time so that a syntax error late in a message does not undo earlier units.
/// </summary>
internal sealed class ProgramMessageParser(ReadOnlyMemory<byte> message)
{
    private int _pos;

    /// <summary>Returns the next unit, or null at the end; throws <see cref="ScpiErrorException"/> on bad syntax.</summary>
    public ProgramUnit? Next()
    {
        var m = message.Span;
        SkipWhitespace(m);
        while (_pos < m.Length && m[_pos] == (byte)';')
        {
            _pos++;
            SkipWhitespace(m);
        }

        if (_pos >= m.Length)
        {
            return null;
        }

        int start = _pos;
        while (_pos < m.Length && !IsWhitespace(m[_pos]) && m[_pos] != (byte)';')
        {
            byte b = m[_pos];
            if (!(IsAsciiLetterOrDigit(b) || b == (byte)':' || b == (byte)'*' || b == (byte)'?' || b == (byte)'_'))
            {
                _pos = m.Length;
                throw new ScpiErrorException(ScpiError.InvalidCharacter.With($"byte 0x{b:X2} in header"));
            }

            _pos++;
        }

        string header = Encoding.ASCII.GetString(m[start.._pos]);
        var parameters = new List<ScpiParameter>();
        SkipWhitespace(m);
        if (_pos < m.Length && m[_pos] != (byte)';')
        {
            while (true)
            {
                SkipWhitespace(m);
                parameters.Add(ReadParameter(m));
                SkipWhitespace(m);
                if (_pos >= m.Length || m[_pos] == (byte)';')
                {
                    break;
                }

                if (m[_pos] != (byte)',')
                {
                    _pos = m.Length;
                    throw new ScpiErrorException(ScpiError.SyntaxError.With("',' or ';' expected between parameters"));
                }

                _pos++;
            }
        }

        if (_pos < m.Length)
        {
            _pos++; // the ';'
        }

        return new ProgramUnit(header, parameters);
    }

    private ScpiParameter ReadParameter(ReadOnlySpan<byte> m)
    {
        if (_pos >= m.Length || m[_pos] == (byte)',' || m[_pos] == (byte)';')
        {
            _pos = m.Length;
            throw new ScpiErrorException(ScpiError.SyntaxError.With("empty parameter"));
        }

        byte first = m[_pos];
        if (first == (byte)'"' || first == (byte)'\'')
        {
            // Most strings (names) hold no quote: their text is the bytes up to the closing quote.
            int close = m[(_pos + 1)..].IndexOf(first);
            if (close >= 0 && (_pos + 2 + close >= m.Length || m[_pos + 2 + close] != first))
            {
                string plain = Encoding.Latin1.GetString(m.Slice(_pos + 1, close)); // byte for char, as below
                _pos += close + 2;
                return ScpiParameter.QuotedString(plain);
            }

            var text = new StringBuilder();
            _pos++;
            while (true)
            {
                if (_pos >= m.Length)
                {
                    throw new ScpiErrorException(ScpiError.InvalidStringData.With("unterminated string"));
                }

                byte b = m[_pos++];
                if (b == first)
                {
                    if (_pos < m.Length && m[_pos] == first)
                    {
                        text.Append((char)first);
                        _pos++;
                        continue;
                    }

                    return ScpiParameter.QuotedString(text.ToString());
                }

                text.Append((char)b);
            }
        }

        if (first == (byte)'#' && _pos + 1 < m.Length && m[_pos + 1] >= (byte)'0' && m[_pos + 1] <= (byte)'9')
        {
            if (!BlockHeaderCodec.TryParseHeader(m[_pos..], out int headerLength, out long payloadLength, out bool indefinite))
            {
                _pos = m.Length;
                throw new ScpiErrorException(ScpiError.InvalidBlockData.With("bad block header"));
            }

            if (indefinite)
            {
                var rest = message.Slice(_pos + headerLength);
                _pos = m.Length;
                return ScpiParameter.BinaryBlock(rest);
            }

            if (_pos + headerLength + payloadLength > m.Length)
            {
                _pos = m.Length;
                throw new ScpiErrorException(ScpiError.InvalidBlockData.With("block shorter than its header announced"));
            }

            var payload = message.Slice(_pos + headerLength, (int)payloadLength);
            _pos += headerLength + (int)payloadLength;
            return ScpiParameter.BinaryBlock(payload);
        }

        int start = _pos;
        while (_pos < m.Length && m[_pos] != (byte)',' && m[_pos] != (byte)';')
        {
            if (m[_pos] == (byte)'"' || m[_pos] == (byte)'\'')
            {
                _pos = m.Length;
                throw new ScpiErrorException(ScpiError.SyntaxError.With("quote inside a parameter"));
            }

            _pos++;
        }

        return ScpiParameter.Token(Encoding.ASCII.GetString(m[start.._pos]).TrimEnd(' ', '\t', '\r'));
    }

    private void SkipWhitespace(ReadOnlySpan<byte> m)
    {
        while (_pos < m.Length && IsWhitespace(m[_pos]))
        {
            _pos++;
        }
    }

    private static bool IsWhitespace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';

    private static bool IsAsciiLetterOrDigit(byte b) =>
        (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'0' && b <= (byte)'9');
}
