namespace InstrumentationModes.LoadRunner.Tests;

public class LatencyStatisticsTests
{
    [Theory]
    [InlineData(50, 50)]
    [InlineData(75, 75)]
    [InlineData(95, 95)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(0, 1)]
    [InlineData(99.5, 100)]
    public void Percentile_is_the_nearest_rank(double percentile, long expected)
    {
        var oneToHundred = Enumerable.Range(1, 100).Select(value => (long)value).ToArray();

        Assert.Equal(expected, LatencyStatistics.Percentile(oneToHundred, percentile));
    }

    [Fact]
    public void Percentile_of_few_values_rounds_the_rank_up()
    {
        long[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000];

        Assert.Equal(50, LatencyStatistics.Percentile(sorted, 50));
        Assert.Equal(80, LatencyStatistics.Percentile(sorted, 75));
        Assert.Equal(1000, LatencyStatistics.Percentile(sorted, 95));
        Assert.Equal(1000, LatencyStatistics.Percentile(sorted, 99));
        Assert.Equal(7, LatencyStatistics.Percentile([7], 99));
    }

    [Fact]
    public void Percentile_refuses_no_values_and_out_of_range_percentiles()
    {
        Assert.Throws<ArgumentException>(() => LatencyStatistics.Percentile([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStatistics.Percentile([1], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStatistics.Percentile([1], -1));
    }

    [Fact]
    public void Statistics_sort_unsorted_samples_and_convert_ticks_to_milliseconds()
    {
        // 10 000 ticks per second: a tick is 0.1 ms.
        long[] ticks = [40, 10, 30, 20];

        var statistics = LatencyStatistics.FromTicks(ticks, ticksPerSecond: 10_000);

        Assert.Equal(1.0, statistics.MinMs, 9);
        Assert.Equal(4.0, statistics.MaxMs, 9);
        Assert.Equal(2.5, statistics.MeanMs, 9);
        Assert.Equal(Math.Sqrt(1.25), statistics.StdDevMs, 9);
        Assert.Equal(2.0, statistics.P50Ms, 9);
        Assert.Equal(3.0, statistics.P75Ms, 9);
        Assert.Equal(4.0, statistics.P99Ms, 9);
    }

    [Fact]
    public void No_samples_give_zeros() =>
        Assert.Equal(LatencyStatistics.Empty, LatencyStatistics.FromTicks([], 1000));
}
