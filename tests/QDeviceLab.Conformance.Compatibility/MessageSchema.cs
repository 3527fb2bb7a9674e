using System.Text.Json;
using Json.Schema;

namespace QDeviceLab.Compatibility;

/// <summary>Validates NDJSON envelopes against the bundled Cucumber Messages schema (messages.schema.json from npm @cucumber/messages).</summary>
internal static class MessageSchema
{
    public static bool Validate(string schemaPath, IEnumerable<string> files)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath));
        var valid = true;
        var count = 0;
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                count++;
                if (!results.IsValid)
                {
                    valid = false;
                    var problems = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));
                    Console.Error.WriteLine($"{file}:{lineNumber}: not a valid envelope: {string.Join("; ", problems)}");
                }
            }
        }

        Console.WriteLine($"{count} envelopes checked against {Path.GetFileName(schemaPath)}: {(valid ? "all valid" : "INVALID ones above")}");
        return valid;
    }
}
