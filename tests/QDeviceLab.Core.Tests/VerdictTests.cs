using QDeviceLab.Core;

namespace QDeviceLab.Core.Tests;

public sealed class VerdictTests
{
    [Theory]
    [InlineData(Verdict.Pass, Verdict.Pass, Verdict.Pass)]
    [InlineData(Verdict.Pass, Verdict.Inconclusive, Verdict.Inconclusive)]
    [InlineData(Verdict.Fail, Verdict.Inconclusive, Verdict.Fail)]
    [InlineData(Verdict.Fail, Verdict.Error, Verdict.Error)]
    [InlineData(Verdict.Error, Verdict.Pass, Verdict.Error)]
    public void Combining_two_verdicts_keeps_the_more_severe(Verdict a, Verdict b, Verdict expected)
    {
        Assert.Equal(expected, a.Worst(b));
        Assert.Equal(expected, b.Worst(a));
    }

    [Fact]
    public void An_empty_set_of_verdicts_passes_and_one_error_spoils_any_set()
    {
        Assert.Equal(Verdict.Pass, Array.Empty<Verdict>().Worst());
        Assert.Equal(Verdict.Error, new[] { Verdict.Pass, Verdict.Error, Verdict.Fail }.Worst());
    }

    [Theory]
    [InlineData(Verdict.Pass, "PASS")]
    [InlineData(Verdict.Inconclusive, "INCONCLUSIVE")]
    [InlineData(Verdict.Fail, "FAIL")]
    [InlineData(Verdict.Error, "ERROR")]
    public void Report_words_are_upper_case(Verdict verdict, string word) => Assert.Equal(word, verdict.ToReportWord());

    [Fact]
    public void An_undefined_verdict_value_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Verdict)42).ToReportWord());
}
