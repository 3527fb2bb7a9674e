using System.Text.Json;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using QDeviceLab.Protocols.Benchmarking;

namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Reads any raw-data summary (<c>*.raw.json</c>) back for offline re-fitting: the
/// <c>format</c> field selects the schema, and the numbers are checked so that a hand-edited or
/// truncated file becomes an input error naming the file, never a crash inside a fit.
/// </summary>
public static class RawDataFile
{
    private static readonly JsonSerializerOptions Strict = new(RawDataRecorder.Json)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Every format this version reads.</summary>
    public static IReadOnlyList<string> Formats { get; } = [DelaySweepData.FormatId, AmplitudeSweepData.FormatId, SingleShotData.FormatId, RbData.FormatId, TwoQubitRbData.FormatId];

    public static IRawDataSummary Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(path, null, $"cannot read the raw-data summary: {e.Message}", e);
        }

        try
        {
            string? format;
            using (var document = JsonDocument.Parse(bytes))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new UserInputException(path, null, $"expected a raw-data summary object, found {document.RootElement.ValueKind}");
                }

                format = document.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            }

            IRawDataSummary summary = format switch
            {
                DelaySweepData.FormatId => Check(path, JsonSerializer.Deserialize<DelaySweepData>(bytes, Strict)),
                AmplitudeSweepData.FormatId => Check(path, JsonSerializer.Deserialize<AmplitudeSweepData>(bytes, Strict)),
                SingleShotData.FormatId => Check(path, JsonSerializer.Deserialize<SingleShotData>(bytes, Strict)),
                RbData.FormatId => Check(path, JsonSerializer.Deserialize<RbData>(bytes, Strict)),
                TwoQubitRbData.FormatId => Check(path, JsonSerializer.Deserialize<TwoQubitRbData>(bytes, Strict)),
                null => throw new UserInputException(path, null, $"expected a string field 'format', one of {string.Join(", ", Formats)}"),
                _ => throw new UserInputException(path, null, $"unsupported raw-data format '{format}', expected one of {string.Join(", ", Formats)}"),
            };
            return summary;
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, e.LineNumber is { } line ? (int)line + 1 : null, $"not a raw-data summary: {e.Message}", e);
        }
    }

    private static DelaySweepData Check(string path, DelaySweepData? data)
    {
        data = NotNull(path, data);
        for (var i = 0; i < data.Points.Count; i++)
        {
            var p = data.Points[i] ?? throw Bad(path, $"points[{i}] is null");
            CheckCounts(path, $"points[{i}]", p.Excited, p.Shots);
            if (!(p.Delay >= 0) || double.IsInfinity(p.Delay))
            {
                throw Bad(path, $"points[{i}].delay is {p.Delay}; expected a delay of zero or more seconds");
            }
        }

        return data;
    }

    private static RbData Check(string path, RbData? data)
    {
        data = NotNull(path, data);
        for (var i = 0; i < data.Sequences.Count; i++)
        {
            var sequence = data.Sequences[i] ?? throw Bad(path, $"sequences[{i}] is null");
            CheckCounts(path, $"sequences[{i}]", sequence.Survived, sequence.Shots);
            if (sequence.Length < 0 || sequence.Cliffords is null || sequence.Cliffords.Count != sequence.Length)
            {
                throw Bad(path, $"sequences[{i}] has length {sequence.Length} but lists {sequence.Cliffords?.Count ?? 0} Cliffords");
            }

            if (sequence.Cliffords.Append(sequence.Recovery).Any(c => c is < 0 or >= 24))
            {
                throw Bad(path, $"sequences[{i}] names a Clifford outside 0-23");
            }
        }

        return data;
    }

    private static TwoQubitRbData Check(string path, TwoQubitRbData? data)
    {
        data = NotNull(path, data);
        for (var i = 0; i < data.Sequences.Count; i++)
        {
            var sequence = data.Sequences[i] ?? throw Bad(path, $"sequences[{i}] is null");
            if (sequence.Outcomes is not { Count: 4 } outcomes || outcomes.Any(n => n < 0) || outcomes.Sum() != sequence.Shots || sequence.Shots <= 0)
            {
                throw Bad(path, $"sequences[{i}].outcomes must be four counts (00, 01, 10, 11), none negative, adding up to shots = {sequence.Shots} > 0");
            }

            if (sequence.Length < 0 || sequence.Cliffords is null || sequence.Cliffords.Count != sequence.Length)
            {
                throw Bad(path, $"sequences[{i}] has length {sequence.Length} but lists {sequence.Cliffords?.Count ?? 0} Cliffords");
            }

            if (sequence.Cliffords.Append(sequence.Recovery).Any(c => c is < 0 or >= TwoQubitCliffords.Count))
            {
                throw Bad(path, $"sequences[{i}] names a Clifford outside 0-{TwoQubitCliffords.Count - 1}");
            }

            if (sequence.ControlledZs < 0 || !(sequence.Duration >= 0) || double.IsInfinity(sequence.Duration))
            {
                throw Bad(path, $"sequences[{i}] has {sequence.ControlledZs} CZs and duration {sequence.Duration}; expected counts and seconds of zero or more");
            }
        }

        return data;
    }

    private static AmplitudeSweepData Check(string path, AmplitudeSweepData? data)
    {
        data = NotNull(path, data);
        for (var i = 0; i < data.Points.Count; i++)
        {
            var p = data.Points[i] ?? throw Bad(path, $"points[{i}] is null");
            CheckCounts(path, $"points[{i}]", p.Excited, p.Shots);
            if (!double.IsFinite(p.Amplitude))
            {
                throw Bad(path, $"points[{i}].amplitude is {p.Amplitude}; expected a finite amplitude in volts");
            }
        }

        return data;
    }

    private static SingleShotData Check(string path, SingleShotData? data)
    {
        data = NotNull(path, data);
        for (var i = 0; i < data.Prepared.Count; i++)
        {
            var p = data.Prepared[i] ?? throw Bad(path, $"prepared[{i}] is null");
            CheckCounts(path, $"prepared[{i}]", p.AssignedExcited, p.Shots);
            if (p.State is not (0 or 1))
            {
                throw Bad(path, $"prepared[{i}].state is {p.State}; expected 0 or 1");
            }
        }

        return data;
    }

    private static T NotNull<T>(string path, T? data)
        where T : class, IRawDataSummary =>
        data ?? throw Bad(path, "expected a raw-data summary object, found null");

    private static void CheckCounts(string path, string where, int excited, int shots)
    {
        if (shots <= 0 || excited < 0 || excited > shots)
        {
            throw Bad(path, $"{where} counts {excited} excited of {shots} shots; expected shots > 0 and 0 <= excited <= shots");
        }
    }

    private static UserInputException Bad(string path, string problem) => new(path, null, problem);
}
