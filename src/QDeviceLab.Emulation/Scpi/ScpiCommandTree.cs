using System.Text.RegularExpressions;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>Handles one matched program message unit.</summary>
internal delegate void ScpiHandler(ScpiCommandContext context);

/// <summary>One keyword of a typed header: <c>SOUR2</c> is keyword <c>SOUR</c> with suffix 2.</summary>
internal readonly record struct HeaderToken(string Keyword, int? Suffix);

/// <summary>
/// The command tree of one instrument, declared with SCPI notation:
/// <c>[SOURce&lt;n&gt;]:VOLTage[:LEVel][:IMMediate][:AMPLitude]</c>. Keywords match their
/// short or long form ignoring case; bracketed nodes may be left out; <c>&lt;n&gt;</c> nodes take
/// an optional numeric suffix (default 1), handed to the handler in declaration order.
/// </summary>
internal sealed partial class ScpiCommandTree
{
    /// <summary>Most header shapes remembered; an instrument declares far fewer, so only junk headers go unremembered.</summary>
    private const int MaxResolvedShapes = 1024;

    /// <summary>Most keywords in a header resolved without allocating; longer ones take the general path.</summary>
    private const int MaxFastTokens = 16;

    private readonly List<Entry> _entries = [];

    // Header shape (keywords with each numeric suffix as '#', '?' for a query) -> resolution, or
    // null for a shape no declared header takes. Which entry a header matches depends only on its
    // keywords and on which of them carry a suffix, never on the suffix values, so one resolution
    // serves STEP1 ... STEP16383 alike and the table stays small.
    private readonly Dictionary<string, Resolution?> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string pattern, ScpiHandler? set = null, ScpiHandler? query = null)
    {
        _entries.Add(new Entry(pattern, ParsePattern(pattern), set, query));
        _resolved.Clear();
    }

    /// <summary>
    /// Finds the handler for <paramref name="tokens"/>. Returns false when no declared header
    /// matches, or the header exists only in the other form (command vs query).
    /// </summary>
    public bool TryResolve(IReadOnlyList<HeaderToken> tokens, bool isQuery, out ScpiHandler handler, out int[] suffixes)
    {
        if (Resolve(tokens, isQuery) is { } resolution)
        {
            handler = resolution.Handler;
            suffixes = new int[resolution.SuffixSources.Length];
            for (int k = 0; k < suffixes.Length; k++)
            {
                int source = resolution.SuffixSources[k];
                suffixes[k] = source < 0 ? 1 : tokens[source].Suffix ?? 1;
            }

            return true;
        }

        handler = null!;
        suffixes = [];
        return false;
    }

    /// <summary>
    /// Resolves a header typed from the root (absolute, or the first unit of a message):
    /// <paramref name="path"/> is the header without its leading ':' and '?'. The same as
    /// tokenizing and <see cref="TryResolve"/>, but each header shape is matched against the
    /// tree once and remembered, and a known shape costs one scan of the text and no allocation
    /// beyond the suffix array. Returns false for a header that does not tokenize or match.
    /// </summary>
    public bool TryResolveFromRoot(ReadOnlySpan<char> path, bool isQuery, out ScpiHandler handler, out int[] suffixes)
    {
        handler = null!;
        suffixes = [];
        Span<char> shape = path.Length < 128 ? stackalloc char[path.Length + 1] : new char[path.Length + 1];
        Span<int> values = stackalloc int[MaxFastTokens];
        int shapeLength = 0;
        int tokenCount = 0;
        int pos = 0;
        while (true)
        {
            // One keyword: [A-Za-z_]+ then an optional decimal suffix, then ':' or the end.
            int letters = pos;
            while (pos < path.Length && (char.IsAsciiLetter(path[pos]) || path[pos] == '_'))
            {
                shape[shapeLength++] = path[pos++];
            }

            if (pos == letters || tokenCount == MaxFastTokens)
            {
                return tokenCount == MaxFastTokens && TryResolveSlowly(path, isQuery, out handler, out suffixes);
            }

            int value = -1;
            if (pos < path.Length && char.IsAsciiDigit(path[pos]))
            {
                value = 0;
                while (pos < path.Length && char.IsAsciiDigit(path[pos]))
                {
                    int digit = path[pos++] - '0';
                    if (value > (int.MaxValue - digit) / 10)
                    {
                        return false; // a suffix beyond int does not tokenize
                    }

                    value = value * 10 + digit;
                }

                shape[shapeLength++] = '#';
            }

            values[tokenCount++] = value;
            if (pos == path.Length)
            {
                break;
            }

            if (path[pos] != ':')
            {
                return false;
            }

            shape[shapeLength++] = ':';
            pos++;
        }

        if (isQuery)
        {
            shape[shapeLength++] = '?';
        }

        var cached = _resolved.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!cached.TryGetValue(shape[..shapeLength], out var resolution))
        {
            if (!TryTokenize(path.ToString(), out var tokens))
            {
                return false;
            }

            resolution = Resolve(tokens, isQuery);
            if (_resolved.Count < MaxResolvedShapes)
            {
                cached[shape[..shapeLength]] = resolution;
            }
        }

        if (resolution is null)
        {
            return false;
        }

        handler = resolution.Handler;
        if (resolution.SuffixSources.Length > 0)
        {
            suffixes = new int[resolution.SuffixSources.Length];
            for (int k = 0; k < suffixes.Length; k++)
            {
                int source = resolution.SuffixSources[k];
                suffixes[k] = source < 0 || values[source] < 0 ? 1 : values[source];
            }
        }

        return true;
    }

    private bool TryResolveSlowly(ReadOnlySpan<char> path, bool isQuery, out ScpiHandler handler, out int[] suffixes)
    {
        if (TryTokenize(path.ToString(), out var tokens))
        {
            return TryResolve(tokens, isQuery, out handler, out suffixes);
        }

        handler = null!;
        suffixes = [];
        return false;
    }

    /// <summary>The first declared header (in declaration order) that <paramref name="tokens"/> match, and where each of its suffixes comes from.</summary>
    private Resolution? Resolve(IReadOnlyList<HeaderToken> tokens, bool isQuery)
    {
        var sources = new List<int>();
        foreach (var entry in _entries)
        {
            var h = isQuery ? entry.Query : entry.Set;
            if (h is null)
            {
                continue;
            }

            sources.Clear();
            if (Match(entry.Nodes, 0, tokens, 0, sources))
            {
                return new Resolution(h, [.. sources]);
            }
        }

        return null;
    }

    /// <summary>Splits a typed header (without '?' and leading ':') into keywords and suffixes.</summary>
    public static bool TryTokenize(string header, out List<HeaderToken> tokens)
    {
        tokens = [];
        foreach (string part in header.Split(':'))
        {
            var m = KeywordPattern().Match(part);
            if (!m.Success)
            {
                return false;
            }

            int? suffix = null;
            if (m.Groups[2].Success)
            {
                if (!int.TryParse(m.Groups[2].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int s))
                {
                    return false;
                }

                suffix = s;
            }

            tokens.Add(new HeaderToken(m.Groups[1].Value, suffix));
        }

        return true;
    }

    /// <summary>Matches nodes from <paramref name="n"/> against tokens from <paramref name="t"/>; each suffixed node adds the index of the token that supplies its suffix, or -1 (default 1).</summary>
    private static bool Match(Node[] nodes, int n, IReadOnlyList<HeaderToken> tokens, int t, List<int> suffixes)
    {
        if (n == nodes.Length)
        {
            return t == tokens.Count;
        }

        var node = nodes[n];
        int mark = suffixes.Count;
        if (t < tokens.Count && node.Matches(tokens[t].Keyword)
            && (tokens[t].Suffix is null || node.Suffixed))
        {
            if (node.Suffixed)
            {
                suffixes.Add(t);
            }

            if (Match(nodes, n + 1, tokens, t + 1, suffixes))
            {
                return true;
            }

            suffixes.RemoveRange(mark, suffixes.Count - mark);
        }

        if (node.Optional)
        {
            if (node.Suffixed)
            {
                suffixes.Add(-1);
            }

            if (Match(nodes, n + 1, tokens, t, suffixes))
            {
                return true;
            }

            suffixes.RemoveRange(mark, suffixes.Count - mark);
        }

        return false;
    }

    private static Node[] ParsePattern(string pattern)
    {
        var nodes = new List<Node>();
        foreach (Match m in PatternNode().Matches(pattern))
        {
            nodes.Add(new Node(m.Groups[2].Value, m.Groups[1].Success && m.Groups[1].Length > 0, m.Groups[3].Success && m.Groups[3].Length > 0));
        }

        string rebuilt = string.Concat(nodes.Select(n => n.LongForm));
        string letters = string.Concat(pattern.Replace("<n>", string.Empty, StringComparison.Ordinal).Where(char.IsLetter));
        if (nodes.Count == 0 || rebuilt != letters)
        {
            throw new ArgumentException($"Bad SCPI pattern '{pattern}'.", nameof(pattern));
        }

        return [.. nodes];
    }

    [GeneratedRegex(@"^([A-Za-z_]+)([0-9]+)?$")]
    private static partial Regex KeywordPattern();

    [GeneratedRegex(@"(\[)?:?([A-Za-z]+)(<n>)?\]?")]
    private static partial Regex PatternNode();

    private sealed record Entry(string Pattern, Node[] Nodes, ScpiHandler? Set, ScpiHandler? Query);

    private sealed record Resolution(ScpiHandler Handler, int[] SuffixSources);

    private sealed record Node(string LongForm, bool Optional, bool Suffixed)
    {
        public string ShortForm { get; } = Keyword.ShortForm(LongForm);

        public bool Matches(string text) =>
            text.Equals(LongForm, StringComparison.OrdinalIgnoreCase) || text.Equals(ShortForm, StringComparison.OrdinalIgnoreCase);
    }
}
