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
    private readonly List<Entry> _entries = [];

    public void Add(string pattern, ScpiHandler? set = null, ScpiHandler? query = null)
    {
        _entries.Add(new Entry(pattern, ParsePattern(pattern), set, query));
    }

    /// <summary>
    /// Finds the handler for <paramref name="tokens"/>. Returns false when no declared header
    /// matches, or the header exists only in the other form (command vs query).
    /// </summary>
    public bool TryResolve(IReadOnlyList<HeaderToken> tokens, bool isQuery, out ScpiHandler handler, out int[] suffixes)
    {
        foreach (var entry in _entries)
        {
            var h = isQuery ? entry.Query : entry.Set;
            if (h is null)
            {
                continue;
            }

            var found = new List<int>();
            if (Match(entry.Nodes, 0, tokens, 0, found))
            {
                handler = h;
                suffixes = [.. found];
                return true;
            }
        }

        handler = null!;
        suffixes = [];
        return false;
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

    private static bool Match(Node[] nodes, int n, IReadOnlyList<HeaderToken> tokens, int t, List<int> suffixes)
    {
        if (n == nodes.Length)
        {
            return t == tokens.Count;
        }

        var node = nodes[n];
        int mark = suffixes.Count;
        if (t < tokens.Count && Keyword.Matches(node.LongForm, tokens[t].Keyword)
            && (tokens[t].Suffix is null || node.Suffixed))
        {
            if (node.Suffixed)
            {
                suffixes.Add(tokens[t].Suffix ?? 1);
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
                suffixes.Add(1);
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

    private sealed record Node(string LongForm, bool Optional, bool Suffixed);
}
