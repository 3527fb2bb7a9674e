using System.Text.Json;
using QDeviceLab.Analysis.Reference;

// Usage: dotnet QDeviceLab.Analysis.Reference.dll fits OUT.json
if (args.Length != 2 || args[0] != "fits")
{
    Console.Error.WriteLine("usage: QDeviceLab.Analysis.Reference fits OUT.json");
    return 64;
}

var cases = FitCases.All().Select(FitCases.Run).ToList();
await using (var stream = File.Create(args[1]))
{
    await JsonSerializer.SerializeAsync(stream, cases, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false });
}

Console.WriteLine($"{cases.Count} fits written to {args[1]}");
return 0;
