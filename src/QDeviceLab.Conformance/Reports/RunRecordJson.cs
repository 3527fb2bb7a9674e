using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Persists the run record itself as <c>run-record.json</c>, so <c>qdlab report DIR</c> can
/// re-render every report format later without measuring again. Unlike <c>report.json</c>
/// (a documented archival contract) this mirrors the C# record and carries everything the
/// writers need, fit evidence and feature sources included; its <c>format</c> number changes
/// when an old file could no longer be read.
/// </summary>
public static class RunRecordJson
{
    public const string FileName = "run-record.json";
    public const string Format = "qdevicelab-run-record";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string WriteToDirectory(RunRecord record, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        Write(record, stream);
        return path;
    }

    public static void Write(RunRecord record, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonSerializer.Serialize(stream, new Envelope(Format, FormatVersion, record), Options);
    }

    /// <exception cref="UserInputException">The file is missing, not JSON, or not a run record this version reads.</exception>
    public static RunRecord Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            var envelope = JsonSerializer.Deserialize<Envelope>(stream, Options);
            if (envelope is null || envelope.Format != Format)
            {
                throw new UserInputException(path, null, $"not a QDeviceLab run record (expected \"format\": \"{Format}\")");
            }

            if (envelope.Version != FormatVersion)
            {
                throw new UserInputException(path, null, $"run record format version {envelope.Version}; this qdlab reads version {FormatVersion}");
            }

            return envelope.Record ?? throw new UserInputException(path, null, "the run record has no \"record\"");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, (int?)(e.LineNumber + 1), "malformed run record: " + e.Message, e);
        }
        catch (IOException e)
        {
            throw new UserInputException(path, null, "cannot read the run record: " + e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserInputException(path, null, "cannot read the run record: " + e.Message, e);
        }
    }

    private sealed record Envelope(string Format, int Version, RunRecord? Record);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

            // A failed fit leaves NaN in the record; the record must round-trip it, not lose the metric.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropComputedProperties } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>
    /// Verdicts, first errors and metric views are derived from the rest: writing them would
    /// invite a reader to trust a stored copy over the data it was derived from.
    /// </summary>
    private static void DropComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type == typeof(Envelope))
        {
            return;
        }

        var constructorParameters = info.Type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && !constructorParameters.Contains(property.Name))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
