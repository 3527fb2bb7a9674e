namespace QDeviceLab.Visa;

/// <summary>Rules every transport's session shares, written once.</summary>
internal static class SessionRules
{
    /// <summary>Checks a session timeout: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static TimeSpan ValidTimeout(TimeSpan value) =>
        value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "a timeout must be positive or Timeout.InfiniteTimeSpan");

    /// <summary>The printable start of a program message, to name the command in errors.</summary>
    public static string CommandText(ReadOnlySpan<byte> message)
    {
        int length = Math.Min(message.Length, 80);
        int end = message[..length].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        return System.Text.Encoding.ASCII.GetString(message[..(end < 0 ? length : end)]);
    }
}
