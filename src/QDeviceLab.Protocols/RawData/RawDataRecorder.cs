using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using QDeviceLab.Instruments.Capabilities;

namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Writes a sweep's raw data as it is taken: every shot is appended to a CSV file and flushed
/// per point, so a run that dies mid-sweep keeps what it measured; the summary JSON is written
/// before any fit runs. Files: <c>{name}.shots.csv</c> and <c>{name}.raw.json</c>.
/// </summary>
public sealed class RawDataRecorder : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    // Rows are formatted as UTF-8 straight into one reused buffer and written with one call per
    // point: formatting 1000 rows through a StringBuilder and a StreamWriter's encoder was most of
    // the harness's per-sequence "analyse" cost in RB (bench/rb).
    private readonly FileStream _shots;
    private readonly ArrayBufferWriter<byte> _rows = new(64 * 1024);

    // Longest row after the prefix: shot index (10 digits), two float32 in round-trip form (at most
    // 15 characters each, e.g. -1.2345678E-05) and three separators.
    private const int MaxRowTail = 48;

    private RawDataRecorder(string directory, string name, string sweepColumn)
    {
        Directory.CreateDirectory(directory);
        SummaryPath = Path.Combine(directory, name + ".raw.json");
        ShotsPath = Path.Combine(directory, name + ".shots.csv");
        _shots = new FileStream(ShotsPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _shots.Write(Encoding.UTF8.GetBytes($"point,label,{sweepColumn},shot,i_V,q_V\n"));
    }

    /// <summary>Header of the third shots-file column for delay sweeps: the delay played, in seconds.</summary>
    public const string DelayColumn = "delay_s";

    public string SummaryPath { get; }

    public string ShotsPath { get; }

    /// <summary>Opens the files; the name is made unique in the folder so repeated runs never overwrite.</summary>
    public static RawDataRecorder Create(string directory, string name) => Create(directory, name, DelayColumn);

    /// <summary>
    /// As <see cref="Create(string, string)"/>, naming the third CSV column after what the sweep
    /// varies (<c>amplitude_V</c>, <c>prepared_state</c>...), so the shots file reads right on its own.
    /// </summary>
    public static RawDataRecorder Create(string directory, string name, string sweepColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (string.IsNullOrWhiteSpace(sweepColumn) || sweepColumn.Any(c => c is ',' or '"' or '\n' or '\r'))
        {
            throw new ArgumentException($"'{sweepColumn}' is not a usable CSV column name", nameof(sweepColumn));
        }

        var unique = name;
        for (var n = 2; File.Exists(Path.Combine(directory, unique + ".raw.json")) || File.Exists(Path.Combine(directory, unique + ".shots.csv")); n++)
        {
            unique = $"{name}-{n}";
        }

        return new RawDataRecorder(directory, unique, sweepColumn);
    }

    /// <summary>Appends the shots of one point and flushes them to disk; <paramref name="delay"/> is the swept value.</summary>
    public async Task AppendShotsAsync(int point, string label, double delay, IqShots shots)
    {
        ArgumentNullException.ThrowIfNull(shots);
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{point},{label},{delay:R},"));
        _rows.ResetWrittenCount();
        for (var k = 0; k < shots.Count; k++)
        {
            // The shortest text that round-trips each float32, as "R" gives.
            var row = _rows.GetSpan(prefix.Length + MaxRowTail);
            prefix.CopyTo(row);
            var n = prefix.Length;
            n += Format(k, row[n..], default);
            row[n++] = (byte)',';
            n += Format(shots.InPhase[k], row[n..], "R");
            row[n++] = (byte)',';
            n += Format(shots.Quadrature[k], row[n..], "R");
            row[n++] = (byte)'\n';
            _rows.Advance(n);
        }

        await _shots.WriteAsync(_rows.WrittenMemory).ConfigureAwait(false);
        await _shots.FlushAsync().ConfigureAwait(false);
    }

    private static int Format<T>(T value, Span<byte> destination, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable =>
        value.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException($"{value} does not fit a shots-file row"); // cannot happen: MaxRowTail bounds it

    /// <summary>
    /// Runs an acquisition and writes its summary whatever happens: if <paramref name="acquire"/> fails,
    /// the summary of what was taken so far (<c>complete: false</c>) and then the failure; otherwise the
    /// complete summary, which is returned. Shots are on disk already, so nothing measured is lost.
    /// </summary>
    public async Task<TSummary> RecordAsync<TSummary>(Func<Task> acquire, Func<bool, TSummary> snapshot)
        where TSummary : IRawDataSummary
    {
        ArgumentNullException.ThrowIfNull(acquire);
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            await acquire().ConfigureAwait(false);
        }
        catch
        {
            await WriteSummaryAsync(snapshot(false)).ConfigureAwait(false);
            throw;
        }

        var data = snapshot(true);
        await WriteSummaryAsync(data).ConfigureAwait(false);
        return data;
    }

    /// <summary>Writes (or rewrites) the summary file.</summary>
    public async Task WriteSummaryAsync<TSummary>(TSummary data)
        where TSummary : IRawDataSummary
    {
        ArgumentNullException.ThrowIfNull(data);
        var temporary = SummaryPath + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, data, Json).ConfigureAwait(false);
        }

        // Replace atomically so a crash never leaves a half-written summary.
        File.Move(temporary, SummaryPath, overwrite: true);
    }

    /// <summary>Reads a delay-sweep summary written by <see cref="WriteSummaryAsync{TSummary}"/>, for offline re-fitting.</summary>
    public static DelaySweepData ReadSummary(string path) =>
        RawDataFile.Read(path) as DelaySweepData
        ?? throw new Core.UserInputException(path, null, $"expected a delay-sweep summary ('{DelaySweepData.FormatId}')");

    public ValueTask DisposeAsync() => _shots.DisposeAsync();
}
