using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// A Cucumber tag expression such as <c>@t1 and not (@slow or @wip)</c>: tags, <c>and</c>,
/// <c>or</c>, <c>not</c> and parentheses, with not binding tighter than and, and tighter than or.
/// </summary>
public abstract class TagExpression
{
    private protected TagExpression() { }

    /// <summary>Matches every scenario (the empty expression).</summary>
    public static TagExpression Any { get; } = new AnyTags();

    /// <summary>True when a scenario with these tags is selected.</summary>
    public abstract bool Evaluate(IReadOnlyCollection<string> tags);

    /// <summary>Parses an expression; blank text gives <see cref="Any"/>.</summary>
    /// <exception cref="UserInputException">Names the expression and the 1-based character position.</exception>
    public static TagExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Any;
        }

        var parser = new TagExpressionParser(expression);
        return parser.ParseAll();
    }

    private sealed class AnyTags : TagExpression
    {
        public override bool Evaluate(IReadOnlyCollection<string> tags) => true;

        public override string ToString() => "";
    }

    internal sealed class Tag(string name) : TagExpression
    {
        public override bool Evaluate(IReadOnlyCollection<string> tags) => tags.Contains(name, StringComparer.Ordinal);

        public override string ToString() => name;
    }

    internal sealed class Not(TagExpression operand) : TagExpression
    {
        public override bool Evaluate(IReadOnlyCollection<string> tags) => !operand.Evaluate(tags);

        public override string ToString() => $"not ({operand})";
    }

    internal sealed class And(TagExpression left, TagExpression right) : TagExpression
    {
        public override bool Evaluate(IReadOnlyCollection<string> tags) => left.Evaluate(tags) && right.Evaluate(tags);

        public override string ToString() => $"({left} and {right})";
    }

    internal sealed class Or(TagExpression left, TagExpression right) : TagExpression
    {
        public override bool Evaluate(IReadOnlyCollection<string> tags) => left.Evaluate(tags) || right.Evaluate(tags);

        public override string ToString() => $"({left} or {right})";
    }
}

/// <summary>Recursive descent: or := and ("or" and)*; and := unary ("and" unary)*; unary := "not" unary | "(" or ")" | tag.</summary>
internal sealed class TagExpressionParser
{
    private readonly string text;
    private readonly List<(string Text, int Position)> tokens;
    private int next;

    public TagExpressionParser(string text)
    {
        this.text = text;
        tokens = Tokenize(text);
    }

    public TagExpression ParseAll()
    {
        var result = ParseOr();
        if (next < tokens.Count)
        {
            throw Error(tokens[next].Position, $"expected 'and', 'or' or the end, found '{tokens[next].Text}'");
        }

        return result;
    }

    private TagExpression ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            left = new TagExpression.Or(left, ParseAnd());
        }

        return left;
    }

    private TagExpression ParseAnd()
    {
        var left = ParseUnary();
        while (Accept("and"))
        {
            left = new TagExpression.And(left, ParseUnary());
        }

        return left;
    }

    private TagExpression ParseUnary()
    {
        if (next >= tokens.Count)
        {
            throw Error(text.Length + 1, "expected a tag, 'not' or '(', found the end of the expression");
        }

        var (token, position) = tokens[next++];
        switch (token)
        {
            case "not":
                return new TagExpression.Not(ParseUnary());
            case "(":
                var inner = ParseOr();
                if (!Accept(")"))
                {
                    var at = next < tokens.Count ? tokens[next].Position : text.Length + 1;
                    throw Error(at, $"expected ')' to close the '(' at position {position}");
                }

                return inner;
            case ")" or "and" or "or":
                throw Error(position, $"expected a tag, 'not' or '(', found '{token}'");
            default:
                if (token.Length < 2 || token[0] != '@')
                {
                    throw Error(position, $"expected a tag starting with '@', found '{token}'");
                }

                return new TagExpression.Tag(token);
        }
    }

    private bool Accept(string token)
    {
        if (next < tokens.Count && tokens[next].Text == token)
        {
            next++;
            return true;
        }

        return false;
    }

    private UserInputException Error(int position, string problem) =>
        new($"tag expression \"{text}\"", null, $"at position {position}: {problem}");

    private static List<(string, int)> Tokenize(string text)
    {
        var result = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] is '(' or ')')
            {
                result.Add((text[i].ToString(), i + 1));
                i++;
            }
            else
            {
                var start = i;
                var word = new System.Text.StringBuilder();
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')'))
                {
                    // A backslash lets a tag contain a parenthesis or space, as in Cucumber.
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    word.Append(text[i]);
                    i++;
                }

                result.Add((word.ToString(), start + 1));
            }
        }

        return result;
    }
}
