using System.Diagnostics;
using HdrHistogram;

namespace InstrumentationModes.LoadRunner;

/// <summary>The latency figures NBomber prints for a scenario's successful requests, in milliseconds.</summary>
public sealed record LatencyStatistics(
    double MinMs,
    double MeanMs,
    double MaxMs,
    double StdDevMs,
    double P50Ms,
    double P75Ms,
    double P95Ms,
    double P99Ms)
{
    /// <summary>Longer than any request can take (the client gives up after 10 s), in seconds.</summary>
    public const int LongestRecordableSeconds = 60;

    public static LatencyStatistics Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// A histogram for latencies in <see cref="Stopwatch"/> ticks that any number of threads may record into at
    /// once, with 3 significant digits (a value is reported within 0.1 %), as NBomber records them.
    /// </summary>
    public static HistogramBase NewHistogram(long ticksPerSecond) =>
        HistogramFactory.With64BitBucketSize()
            .WithValuesFrom(1)
            .WithValuesUpTo(LongestRecordableSeconds * ticksPerSecond)
            .WithPrecisionOf(3)
            .WithThreadSafeWrites()
            .Create();

    /// <summary>The figures of a histogram of durations in ticks of <paramref name="ticksPerSecond"/>; zeros when it is empty.</summary>
    public static LatencyStatistics From(HistogramBase histogram, long ticksPerSecond)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        var millisecondsPerTick = 1000.0 / ticksPerSecond;
        return new LatencyStatistics(
            MinMs: histogram.GetValueAtPercentile(0) * millisecondsPerTick,
            MeanMs: histogram.GetMean() * millisecondsPerTick,
            MaxMs: histogram.GetMaxValue() * millisecondsPerTick,
            StdDevMs: histogram.GetStdDeviation() * millisecondsPerTick,
            P50Ms: histogram.GetValueAtPercentile(50) * millisecondsPerTick,
            P75Ms: histogram.GetValueAtPercentile(75) * millisecondsPerTick,
            P95Ms: histogram.GetValueAtPercentile(95) * millisecondsPerTick,
            P99Ms: histogram.GetValueAtPercentile(99) * millisecondsPerTick);
    }
}
