using QDeviceLab.Conformance;

namespace QDeviceLab.Compatibility;

/// <summary>Runs one kit sample through FeatureLoader and FeatureRunner and writes our messages.ndjson for it.</summary>
internal static class KitSample
{
    public static async Task RunAsync(string featuresDirectory, string sample, string output, string order)
    {
        var directory = Path.Combine(featuresDirectory, sample);
        var files = Directory.EnumerateFiles(directory, "*.feature").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"no .feature file in {directory}");
        }

        // The kit names its sources samples/NAME/FILE; loading under that name keeps every uri comparable.
        var features = files.Select(f =>
        {
            var uri = $"samples/{sample}/{Path.GetFileName(f)}";
            var text = File.ReadAllText(f);
            var loaded = FeatureLoader.Parse(uri, text);
            return (Loaded: loaded, Info: new FeatureInfo(uri, loaded.Sha256, text));
        }).ToList();

        var registry = new StepRegistry();
        KitSteps.Define(sample, registry);
        var options = new RunOptions(Order: RunOrder.Parse(order));
        var record = await FeatureRunner.RunAsync(features.SelectMany(f => f.Loaded.Scenarios).ToList(), registry, options, new RunContext());
        record = record with { Features = features.Select(f => f.Info).ToList() };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var stream = File.Create(output);
        CucumberMessagesWriter.Write(record, stream, registry);
    }
}
