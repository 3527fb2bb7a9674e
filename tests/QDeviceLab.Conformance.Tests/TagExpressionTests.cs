using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class TagExpressionTests
{
    [Theory]
    [InlineData("@t1 and not (@slow or @wip)", "@t1", true)]
    [InlineData("@t1 and not (@slow or @wip)", "@t1 @slow", false)]
    [InlineData("@t1 and not (@slow or @wip)", "@t1 @wip", false)]
    [InlineData("@t1 and not (@slow or @wip)", "@t2", false)]
    [InlineData("@a or @b and @c", "@a", true)]
    [InlineData("@a or @b and @c", "@b", false)]
    [InlineData("(@a or @b) and @c", "@a", false)]
    [InlineData("not not @a", "@a", true)]
    [InlineData("not @a and @b", "@b", true)]
    [InlineData("", "", true)]
    [InlineData("@qubit\\:q0", "@qubit:q0", true)]
    public void Evaluates_with_usual_precedence(string expression, string tags, bool expected)
    {
        var tagList = tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, TagExpression.Parse(expression).Evaluate(tagList));
    }

    [Theory]
    [InlineData("@a and", 7, "found the end")]
    [InlineData("@a @b", 4, "expected 'and', 'or' or the end")]
    [InlineData("(@a or @b", 10, "expected ')'")]
    [InlineData("@a and or @b", 8, "found 'or'")]
    [InlineData("slow", 1, "starting with '@'")]
    [InlineData("@a )", 4, "found ')'")]
    public void Errors_name_the_expression_and_position(string expression, int position, string problem)
    {
        var error = Assert.Throws<UserInputException>(() => TagExpression.Parse(expression));

        Assert.Contains($"\"{expression}\"", error.Origin);
        Assert.Contains($"position {position}:", error.Problem);
        Assert.Contains(problem, error.Problem);
    }
}
