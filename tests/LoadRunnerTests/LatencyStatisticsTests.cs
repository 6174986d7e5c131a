namespace InstrumentationModes.LoadRunner.Tests;

public class LatencyStatisticsTests
{
    [Fact]
    public void Statistics_convert_ticks_to_milliseconds_with_nbombers_percentiles()
    {
        // 10 000 ticks per second: a tick is 0.1 ms; values this small are recorded exactly.
        var histogram = LatencyStatistics.NewHistogram(ticksPerSecond: 10_000);
        foreach (var ticks in new long[] { 40, 10, 30, 20 })
        {
            histogram.RecordValue(ticks);
        }

        var statistics = LatencyStatistics.From(histogram, ticksPerSecond: 10_000);

        Assert.Equal(1.0, statistics.MinMs, 9);
        Assert.Equal(4.0, statistics.MaxMs, 9);
        Assert.Equal(2.5, statistics.MeanMs, 9);
        Assert.Equal(Math.Sqrt(1.25), statistics.StdDevMs, 9);
        Assert.Equal(2.0, statistics.P50Ms, 9);
        Assert.Equal(3.0, statistics.P75Ms, 9);
        Assert.Equal(4.0, statistics.P95Ms, 9);
        Assert.Equal(4.0, statistics.P99Ms, 9);
    }

    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_the_nearest_rank()
    {
        var histogram = LatencyStatistics.NewHistogram(ticksPerSecond: 1000);
        for (var value = 1; value <= 100; value++)
        {
            histogram.RecordValue(value);
        }

        var statistics = LatencyStatistics.From(histogram, ticksPerSecond: 1000);

        Assert.Equal([1.0, 50, 75, 95, 99, 100], new[] { statistics.MinMs, statistics.P50Ms, statistics.P75Ms, statistics.P95Ms, statistics.P99Ms, statistics.MaxMs });
    }

    [Fact]
    public void Nanosecond_latencies_keep_three_significant_digits_up_to_a_minute()
    {
        const long ticksPerSecond = 1_000_000_000;
        var histogram = LatencyStatistics.NewHistogram(ticksPerSecond);
        histogram.RecordValue(1_234_567);
        histogram.RecordValue(LatencyStatistics.LongestRecordableSeconds * ticksPerSecond);

        var statistics = LatencyStatistics.From(histogram, ticksPerSecond);

        Assert.InRange(statistics.MinMs, 1.234567 * 0.999, 1.234567 * 1.001);
        Assert.InRange(statistics.MaxMs, 60_000 * 0.999, 60_000 * 1.001);
    }

    [Fact]
    public void Many_threads_can_record_at_once_without_losing_a_value()
    {
        var histogram = LatencyStatistics.NewHistogram(ticksPerSecond: 1000);

        Parallel.For(0, 8, _ =>
        {
            for (var value = 1; value <= 10_000; value++)
            {
                histogram.RecordValue(value % 100);
            }
        });

        Assert.Equal(80_000, histogram.TotalCount);
    }

    [Fact]
    public void No_samples_give_zeros() =>
        Assert.Equal(LatencyStatistics.Empty, LatencyStatistics.From(LatencyStatistics.NewHistogram(1000), 1000));
}
