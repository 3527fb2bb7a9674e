using System.Text.Json;

namespace QDeviceLab.Visa.Tracing;

/// <summary>
/// Writes exchanges to a file as NDJSON, one object per line, as they happen (memory stays bounded
/// however long the run): <c>{"time":"2026-11-28T23:30:00.1234567+00:00","resource":"TCPIP0::...","command":"*IDN?",
/// "answer":"LSCI,MODEL372,...","durationMs":0.412}</c>, plus <c>"error"</c> when the exchange failed.
/// Safe for many sessions at once.
/// </summary>
public sealed class IoTraceFile : IIoTraceSink, IAsyncDisposable, IDisposable
{
    /// <summary>Name of the trace in a run folder.</summary>
    public const string FileName = "io-trace.ndjson";

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private bool _closed;

    private IoTraceFile(FileStream file)
    {
        _file = file;
        _json = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Path = file.Name;
    }

    public string Path { get; }

    /// <summary>Creates (or replaces) the trace file at <paramref name="path"/>.</summary>
    public static IoTraceFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new IoTraceFile(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024));
    }

    public void Record(IoExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _json.Reset();
            _json.WriteStartObject();
            _json.WriteString("time", exchange.Started);
            _json.WriteString("resource", exchange.Resource);
            WriteOptional("command", exchange.Command);
            WriteOptional("answer", exchange.Answer);
            _json.WriteNumber("durationMs", Math.Round(exchange.Duration.TotalMilliseconds, 3));
            WriteOptional("error", exchange.Error);
            _json.WriteEndObject();
            _json.Flush();
            _file.Write(NewLine);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _json.Dispose();
            _file.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void WriteOptional(string name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
    }
}
