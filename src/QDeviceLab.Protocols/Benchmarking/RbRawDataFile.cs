using System.Text.Json;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Reads an RB summary written by <see cref="RawDataRecorder.WriteSummaryAsync{TSummary}"/> back
/// for offline re-fitting, with the recorder's JSON conventions.
/// </summary>
public static class RbRawDataFile
{
    public static RbData Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var data = JsonSerializer.Deserialize<RbData>(stream, RawDataRecorder.Json)
                ?? throw new Core.UserInputException(path, null, "expected an RB raw-data summary object, found null");
            if (data.Format != RbData.FormatId)
            {
                throw new Core.UserInputException(path, null, $"unsupported raw-data format '{data.Format}', expected '{RbData.FormatId}'");
            }

            return data;
        }
        catch (JsonException e)
        {
            throw new Core.UserInputException(path, (int?)(e.LineNumber + 1), $"not an RB raw-data summary: {e.Message}", e);
        }
    }
}
