using System.Text;
using System.Text.Json;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// The run's environment readings, appended to <c>raw/environment.ndjson</c> (one JSON
/// object per line) as each is taken, like every other raw datum: a run that dies half way
/// still shows the conditions it ran under. The report writers read it back into
/// <see cref="RunRecord.Environment"/>.
/// </summary>
internal static class EnvironmentLog
{
    public const string FileName = "environment.ndjson";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly Lock Gate = new();

    /// <summary>Appends one reading to the log in <paramref name="rawDataDirectory"/> (created if needed).</summary>
    public static void Append(string rawDataDirectory, EnvironmentReading reading)
    {
        ArgumentNullException.ThrowIfNull(rawDataDirectory);
        ArgumentNullException.ThrowIfNull(reading);
        Directory.CreateDirectory(rawDataDirectory);
        var line = JsonSerializer.Serialize(reading, Options) + "\n";
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(rawDataDirectory, FileName), line, new UTF8Encoding(false));
        }
    }

    /// <summary>The readings logged in <paramref name="rawDataDirectory"/>, in time order; none when there is no log.</summary>
    /// <exception cref="UserInputException">A line of the log is not a reading.</exception>
    public static IReadOnlyList<EnvironmentReading> Read(string rawDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(rawDataDirectory);
        var path = Path.Combine(rawDataDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var readings = new List<EnvironmentReading>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                readings.Add(JsonSerializer.Deserialize<EnvironmentReading>(line, Options)
                    ?? throw new UserInputException(path, lineNumber, "null is not an environment reading"));
            }
            catch (JsonException e)
            {
                throw new UserInputException(path, lineNumber, "not an environment reading: " + e.Message, e);
            }
        }

        return readings.OrderBy(r => r.TimeUtc).ToList();
    }
}
