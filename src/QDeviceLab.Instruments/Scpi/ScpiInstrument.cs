using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Scpi;

/// <summary>
/// Base of SCPI drivers: a thin typed wrapper over a message session handed in by the caller,
/// so tests can put a loopback fake under the real driver (OpenTAP's ScpiInstrument idea).
/// </summary>
public abstract class ScpiInstrument : IInstrument
{
    private InstrumentIdentity? _identity;

    protected ScpiInstrument(string name, IMessageSession session)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Session = session ?? throw new ArgumentNullException(nameof(session));
    }

    public string Name { get; }

    public string Resource => Session.Resource.ToString();

    public InstrumentIdentity Identity =>
        _identity ?? throw new InvalidOperationException($"{Name}: identity not read yet; call OpenAsync first");

    protected IMessageSession Session { get; }

    /// <summary>True once the link failed (timeout, drop, torn answer): the driver must be reopened.</summary>
    public bool IsBroken => Session.IsBroken;

    /// <summary>Reads <c>*IDN?</c> and puts the instrument in the state the driver expects.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        _identity = ParseIdentity(await QueryAsync("*IDN?", cancellationToken).ConfigureAwait(false));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the <c>*IDN?</c> answer; IEEE 488.2 comma-separated unless the model says otherwise.</summary>
    protected virtual InstrumentIdentity ParseIdentity(string answer) => InstrumentIdentity.Parse(answer);

    /// <summary>Model-specific set-up after identification (clear errors, set formats...).</summary>
    protected virtual Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected Task WriteAsync(string command, CancellationToken cancellationToken) =>
        Session.WriteLineAsync(command, cancellationToken);

    protected Task<string> QueryAsync(string command, CancellationToken cancellationToken) =>
        Session.QueryAsync(command, cancellationToken);

    protected async Task<double> QueryDoubleAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(command, cancellationToken).ConfigureAwait(false);
        if (!double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InstrumentIOException(Resource, command, $"expected a number but the instrument answered '{Shorten(answer)}'", isTransient: false);
        }

        return value;
    }

    protected async Task<int> QueryIntAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(command, cancellationToken).ConfigureAwait(false);
        if (!int.TryParse(answer.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new InstrumentIOException(Resource, command, $"expected an integer but the instrument answered '{Shorten(answer)}'", isTransient: false);
        }

        return value;
    }

    /// <summary>
    /// Drains the SCPI error queue (<c>SYSTem:ERRor?</c>) and throws the first error found,
    /// naming the command that preceded it.
    /// </summary>
    protected async Task ThrowOnInstrumentErrorAsync(string afterCommand, CancellationToken cancellationToken)
    {
        InstrumentErrorException? first = null;
        for (var i = 0; i < 32; i++)
        {
            var answer = await QueryAsync("SYSTem:ERRor?", cancellationToken).ConfigureAwait(false);
            var (code, text) = ParseError(answer);
            if (code == 0)
            {
                break;
            }

            first ??= new InstrumentErrorException(Resource, afterCommand, code, text);
        }

        if (first is not null)
        {
            throw first;
        }
    }

    private (int Code, string Text) ParseError(string answer)
    {
        var comma = answer.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && int.TryParse(answer.AsSpan(0, comma).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return (code, answer[(comma + 1)..].Trim().Trim('"'));
        }

        throw new InstrumentIOException(Resource, "SYSTem:ERRor?", $"expected '<code>,\"<text>\"' but the instrument answered '{Shorten(answer)}'", isTransient: false);
    }

    protected static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    protected static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Session.DisposeAsync();
    }
}
