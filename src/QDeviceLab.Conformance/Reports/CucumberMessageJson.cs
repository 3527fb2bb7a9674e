using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Io.Cucumber.Messages.Types;

namespace QDeviceLab.Conformance;

/// <summary>
/// JSON of Cucumber Messages as the published schema spells it (messages.schema.json): camelCase
/// fields, absent rather than null optionals, statuses in capitals (<c>PASSED</c>), but step
/// types in Pascal case (<c>Context</c>) and media types as media types
/// (<c>text/x.cucumber.gherkin+plain</c>), which the C# enum names do not say.
/// </summary>
internal static class CucumberMessageJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new SchemaEnumConverter<SourceMediaType>(v => v switch
        {
            SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN => "text/x.cucumber.gherkin+markdown",
            _ => "text/x.cucumber.gherkin+plain",
        }));
        options.Converters.Add(new SchemaEnumConverter<PickleStepType>(v => Pascal(v.ToString())));
        options.Converters.Add(new SchemaEnumConverter<StepKeywordType>(v => Pascal(v.ToString())));
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private static string Pascal(string upper) => upper[..1] + upper[1..].ToLowerInvariant();

    /// <summary>An enum with a fixed spelling each way.</summary>
    private sealed class SchemaEnumConverter<T>(Func<T, string> spelling) : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return Enum.GetValues<T>().FirstOrDefault(v => spelling(v) == text);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(spelling(value));
    }
}
