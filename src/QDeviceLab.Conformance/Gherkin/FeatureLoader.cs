using System.Security.Cryptography;
using System.Text;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using QDeviceLab.Core;
using Messages = Io.Cucumber.Messages.Types;

namespace QDeviceLab.Conformance;

/// <summary>A parsed feature file: where it came from, its hash, and its compiled scenarios.</summary>
public sealed record LoadedFeature(string Path, string Name, string Sha256, IReadOnlyList<CompiledScenario> Scenarios);

/// <summary>
/// Reads <c>.feature</c> files at run time with the Cucumber Gherkin parser and compiles them
/// into scenarios with the Cucumber pickle compiler, so outlines, backgrounds, rules and tag
/// inheritance behave exactly as in every other Cucumber implementation.
/// </summary>
public static class FeatureLoader
{
    /// <summary>
    /// Loads every <c>.feature</c> file named, or found recursively under a named folder, in
    /// ordinal path order so runs are repeatable.
    /// </summary>
    /// <exception cref="UserInputException">A path does not exist or a feature is malformed.</exception>
    public static IReadOnlyList<LoadedFeature> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.feature", SearchOption.AllDirectories))
                {
                    files.Add(file);
                }
            }
            else
            {
                throw new UserInputException(path, null, "expected a .feature file or a folder of them; nothing is there");
            }
        }

        return files.Select(LoadFile).ToList();
    }

    /// <summary>Loads one feature file.</summary>
    public static LoadedFeature LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new UserInputException(path, null, "cannot read the feature file: " + e.Message, e);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return Parse(path, new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), sha256);
    }

    /// <summary>Parses feature text; <paramref name="path"/> is used in messages and results.</summary>
    public static LoadedFeature Parse(string path, string text, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        Gherkin.Ast.GherkinDocument ast;
        try
        {
            ast = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            throw ToUserInput(path, e.Errors.First(), e);
        }
        catch (ParserException e)
        {
            throw ToUserInput(path, e, e);
        }

        var ids = new IncrementingIdGenerator();
        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, path);
        if (document.Feature is null)
        {
            // An empty or comment-only file is legal Gherkin; it simply holds nothing to run.
            return new LoadedFeature(path, "", sha256, []);
        }

        var index = new DocumentIndex(document.Feature);
        var scenarios = new List<CompiledScenario>();
        foreach (var pickle in new PickleCompiler(ids).Compile(document))
        {
            scenarios.Add(new CompiledScenario(
                FeaturePath: path,
                FeatureName: document.Feature.Name,
                FeatureSha256: sha256,
                Name: pickle.Name,
                Line: (int)(pickle.Location?.Line ?? index.LineOf(pickle.AstNodeIds[0])),
                Tags: pickle.Tags.Select(t => t.Name).ToList(),
                Steps: pickle.Steps.Select(index.ToStep).ToList(),
                Parameters: index.ParametersOf(pickle.AstNodeIds)));
        }

        return new LoadedFeature(path, document.Feature.Name, sha256, scenarios);
    }

    private static UserInputException ToUserInput(string path, ParserException error, Exception inner)
    {
        // The parser prefixes "(line:column): "; the line goes into the exception's own field.
        var message = error.Message;
        if (message.StartsWith('(') && message.IndexOf("): ", StringComparison.Ordinal) is var close and > 0)
        {
            message = message[(close + 3)..];
        }

        message = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new UserInputException(path, error.Location?.Line, message, inner);
    }

    /// <summary>Looks up AST nodes by id: pickles only carry ids, reports want keywords and lines.</summary>
    private sealed class DocumentIndex
    {
        private readonly Dictionary<string, Messages.Step> steps = [];
        private readonly Dictionary<string, long> lines = [];
        private readonly Dictionary<string, IReadOnlyDictionary<string, string>> exampleRows = [];

        public DocumentIndex(Messages.Feature feature)
        {
            foreach (var child in feature.Children)
            {
                Add(child.Background);
                Add(child.Scenario);
                if (child.Rule is { } rule)
                {
                    foreach (var ruleChild in rule.Children)
                    {
                        Add(ruleChild.Background);
                        Add(ruleChild.Scenario);
                    }
                }
            }
        }

        public long LineOf(string id) => lines.TryGetValue(id, out var line) ? line : 0;

        public ScenarioStep ToStep(Messages.PickleStep step)
        {
            var source = steps[step.AstNodeIds[0]];
            var table = step.Argument?.DataTable?.Rows
                .Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToList())
                .ToList();
            var docString = step.Argument?.DocString;
            return new ScenarioStep(source.Keyword, step.Text, (int)source.Location.Line, table, docString?.Content, docString?.MediaType);
        }

        public IReadOnlyDictionary<string, string> ParametersOf(IEnumerable<string> astNodeIds)
        {
            foreach (var id in astNodeIds)
            {
                if (exampleRows.TryGetValue(id, out var row))
                {
                    return row;
                }
            }

            return new Dictionary<string, string>();
        }

        private void Add(Messages.Background? background)
        {
            if (background is not null)
            {
                AddSteps(background.Steps);
            }
        }

        private void Add(Messages.Scenario? scenario)
        {
            if (scenario is null)
            {
                return;
            }

            lines[scenario.Id] = scenario.Location.Line;
            AddSteps(scenario.Steps);
            foreach (var examples in scenario.Examples)
            {
                var header = examples.TableHeader?.Cells.Select(c => c.Value).ToList() ?? [];
                foreach (var row in examples.TableBody)
                {
                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (var i = 0; i < header.Count && i < row.Cells.Count; i++)
                    {
                        values[header[i]] = row.Cells[i].Value;
                    }

                    exampleRows[row.Id] = values;
                    lines[row.Id] = row.Location.Line;
                }
            }
        }

        private void AddSteps(IEnumerable<Messages.Step> source)
        {
            foreach (var step in source)
            {
                steps[step.Id] = step;
            }
        }
    }
}
