namespace InstrumentationModes.LoadRunner.Tests;

public class TargetJudgeTests
{
    [Fact]
    public void Spread_is_the_median_and_the_range_of_the_finite_rounds()
    {
        var spread = RoundSpread.Of([14.1, double.NaN, 9.8, 12.3]);

        Assert.Equal(new RoundSpread(12.3, 9.8, 14.1, 3), spread);
        Assert.Equal(4.3, spread.Width, 9);
        Assert.Equal("+12.3 (+9.8–+14.1)", spread.Format("+0.0;-0.0"));
        Assert.Equal("12.3", RoundSpread.Of([12.3]).Format("0.0"));
        Assert.Equal("–", RoundSpread.Of([]).Format("0.0"));
    }

    [Fact]
    public void Interval_is_the_mean_plus_or_minus_students_t_times_the_standard_error()
    {
        // Mean 12, standard deviation 2, t(0.975, 2 degrees of freedom) = 4.3027: 4.3027 × 2 / √3 = 4.968.
        var interval = RoundInterval.Of([10, double.NaN, 14, 12]);

        Assert.Equal((12, 3), (interval.Mean, interval.Rounds));
        Assert.Equal(4.968, interval.HalfWidth95, 3);
        Assert.Equal("+12.0 ± 5.0", interval.Format("+0.0;-0.0"));

        // Five rounds: t(0.975, 4) = 2.7764; standard deviation √2.5.
        Assert.Equal(2.7764 * Math.Sqrt(2.5) / Math.Sqrt(5), RoundInterval.Of([1, 2, 3, 4, 5]).HalfWidth95, 3);
        Assert.Equal("12.3", RoundInterval.Of([12.3]).Format("0.0"));
        Assert.Equal("–", RoundInterval.Of([]).Format("0.0"));
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.4, 0.9 }, 0.1, Verdict.Met, null)]
    [InlineData(new[] { 1.0, 1.5, 2.5 }, 0.1, Verdict.Missed, null)]
    [InlineData(new[] { 0.5, 0.9, 1.1 }, 0.1, Verdict.NotJudged, "the rounds fall on both sides of the target")]
    [InlineData(new[] { 0.4, 0.6 }, 0.1, Verdict.NotJudged, "2 rounds, judging needs at least 3")]
    [InlineData(new[] { 0.4 }, 0.1, Verdict.NotJudged, "1 round, judging needs at least 3")]
    [InlineData(new[] { -0.5, -0.4, -0.3 }, 0.1, Verdict.NotJudged, "the baseline was worse than the mode by more than its own spread over the rounds: noise hides the overhead")]
    [InlineData(new[] { -0.5, -0.4, -0.3 }, 0.5, Verdict.Met, null)]
    [InlineData(new[] { -0.05, 0.1, 0.3 }, 0.1, Verdict.Met, null)]
    public void A_target_of_one_ms_is_judged_only_from_enough_rounds_on_one_side_of_it(double[] overheads, double baselineNoise, Verdict verdict, string? reason)
    {
        Assert.Equal((verdict, reason), TargetJudge.Judge(RoundSpread.Of(overheads), limit: 1.0, baselineNoise));
    }

    [Fact]
    public void A_round_exactly_at_the_limit_misses_it() =>
        Assert.Equal((Verdict.Missed, (string?)null), TargetJudge.Judge(RoundSpread.Of([1.0, 1.0, 1.2]), limit: 1.0, baselineNoise: 0));

    [Theory]
    [InlineData(new[] { 8.0, 10.0, 9.5 }, Verdict.Met, null)]
    [InlineData(new[] { 10.5, 11.0, 30.0 }, Verdict.Missed, null)]
    [InlineData(new[] { 10.0, 10.0, 12.0 }, Verdict.NotJudged, "the rounds fall on both sides of the target")]
    [InlineData(new[] { 4.0, 6.0 }, Verdict.NotJudged, "2 rounds, judging needs at least 3")]
    public void An_at_most_target_is_met_by_a_round_exactly_at_the_limit(double[] overheads, Verdict verdict, string? reason) =>
        Assert.Equal((verdict, reason), TargetJudge.Judge(RoundSpread.Of(overheads), limit: 10, baselineNoise: 1, atMost: true));

    [Theory]
    [InlineData(new[] { -40.0, -25.0, -31.0 }, Verdict.Met, null)]
    [InlineData(new[] { -2.0, 0.0, -1.0 }, Verdict.Met, null)]
    [InlineData(new[] { 0.5, 3.0, 1.0 }, Verdict.Missed, null)]
    [InlineData(new[] { -3.0, 2.0, -1.0 }, Verdict.NotJudged, "the rounds fall on both sides of the target")]
    public void A_comparison_without_a_baseline_counts_a_large_saving_as_met_not_as_noise(double[] differences, Verdict verdict, string? reason) =>
        Assert.Equal((verdict, reason), TargetJudge.Judge(RoundSpread.Of(differences), limit: 0, TargetJudge.NoBaseline, atMost: true));
}
