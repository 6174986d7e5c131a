using System.Diagnostics;

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
    public static LatencyStatistics Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Statistics of durations in <see cref="Stopwatch"/> ticks; sorts <paramref name="ticks"/> in place.</summary>
    public static LatencyStatistics FromStopwatchTicks(long[] ticks) => FromTicks(ticks, Stopwatch.Frequency);

    public static LatencyStatistics FromTicks(long[] ticks, long ticksPerSecond)
    {
        if (ticks.Length == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        var millisecondsPerTick = 1000.0 / ticksPerSecond;
        double sum = 0;
        foreach (var value in ticks)
        {
            sum += value;
        }

        var mean = sum / ticks.Length;
        double squares = 0;
        foreach (var value in ticks)
        {
            squares += (value - mean) * (value - mean);
        }

        return new LatencyStatistics(
            MinMs: ticks[0] * millisecondsPerTick,
            MeanMs: mean * millisecondsPerTick,
            MaxMs: ticks[^1] * millisecondsPerTick,
            StdDevMs: Math.Sqrt(squares / ticks.Length) * millisecondsPerTick,
            P50Ms: Percentile(ticks, 50) * millisecondsPerTick,
            P75Ms: Percentile(ticks, 75) * millisecondsPerTick,
            P95Ms: Percentile(ticks, 95) * millisecondsPerTick,
            P99Ms: Percentile(ticks, 99) * millisecondsPerTick);
    }

    /// <summary>
    /// Nearest-rank percentile of sorted values: the smallest value that at least <paramref name="percentile"/>%
    /// of the values do not exceed (what HdrHistogram, and so NBomber, reports, without its bucket rounding).
    /// </summary>
    public static long Percentile(ReadOnlySpan<long> sorted, double percentile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
