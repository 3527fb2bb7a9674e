using System.Globalization;

namespace QDeviceLab.Emulation.Scpi;

internal enum ScpiParameterKind { Token, String, Block }

/// <summary>
/// One program data element: an unquoted token (number, boolean, character data), a quoted
/// string (quotes removed, doubled quotes undone) or a binary block payload.
/// </summary>
internal sealed class ScpiParameter
{
    private ScpiParameter(ScpiParameterKind kind, string text, ReadOnlyMemory<byte> block)
    {
        Kind = kind;
        Text = text;
        Block = block;
    }

    public ScpiParameterKind Kind { get; }

    public string Text { get; }

    public ReadOnlyMemory<byte> Block { get; }

    public static ScpiParameter Token(string text) => new(ScpiParameterKind.Token, text, default);

    public static ScpiParameter QuotedString(string text) => new(ScpiParameterKind.String, text, default);

    public static ScpiParameter BinaryBlock(ReadOnlyMemory<byte> payload) => new(ScpiParameterKind.Block, string.Empty, payload);

    public double AsDouble()
    {
        if (Kind != ScpiParameterKind.Token)
        {
            throw new ScpiErrorException(ScpiError.DataTypeError.With("number expected"));
        }

        if (!double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ScpiErrorException(ScpiError.NumericDataError.With($"'{Text}' is not a number"));
        }

        return value;
    }

    /// <summary>An integer; a decimal that rounds to one (e.g. 1.0E3) is accepted as SCPI allows.</summary>
    public long AsInteger()
    {
        double value = AsDouble();
        double rounded = Math.Round(value);
        if (Math.Abs(value - rounded) > 1e-9 * Math.Max(1, Math.Abs(value)) || Math.Abs(rounded) > long.MaxValue / 2)
        {
            throw new ScpiErrorException(ScpiError.DataTypeError.With($"integer expected, got '{Text}'"));
        }

        return (long)rounded;
    }

    public bool AsBoolean()
    {
        if (Kind == ScpiParameterKind.Token)
        {
            if (Text.Equals("ON", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (Text.Equals("OFF", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return Math.Round(v) != 0;
            }
        }

        throw new ScpiErrorException(ScpiError.DataTypeError.With("ON, OFF, 1 or 0 expected"));
    }

    public string AsString()
    {
        if (Kind != ScpiParameterKind.String)
        {
            throw new ScpiErrorException(ScpiError.DataTypeError.With("quoted string expected"));
        }

        return Text;
    }

    /// <summary>Character data matched against long/short forms such as <c>NORMal</c>; returns the long form.</summary>
    public string AsKeyword(params string[] choices)
    {
        if (Kind == ScpiParameterKind.Token)
        {
            foreach (string choice in choices)
            {
                if (Keyword.Matches(choice, Text))
                {
                    return choice.ToUpperInvariant();
                }
            }
        }

        throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"expected one of {string.Join(", ", choices)}"));
    }

    public ReadOnlyMemory<byte> AsBlock()
    {
        if (Kind != ScpiParameterKind.Block)
        {
            throw new ScpiErrorException(ScpiError.DataTypeError.With("binary block expected"));
        }

        return Block;
    }
}

/// <summary>Long/short keyword forms: the short form is the uppercase part of the long form.</summary>
internal static class Keyword
{
    public static string ShortForm(string longForm)
    {
        var chars = longForm.Where(c => !char.IsLower(c)).ToArray();
        return new string(chars);
    }

    /// <summary>True when <paramref name="text"/> is exactly the short or the long form, ignoring case.</summary>
    public static bool Matches(string longForm, string text)
    {
        if (text.Equals(longForm, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The short form compared in place: the long form's characters that are not lower case.
        int k = 0;
        foreach (char c in longForm)
        {
            if (char.IsLower(c))
            {
                continue;
            }

            if (k == text.Length || char.ToUpperInvariant(text[k]) != char.ToUpperInvariant(c))
            {
                return false;
            }

            k++;
        }

        return k == text.Length;
    }
}
