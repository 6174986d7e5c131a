using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>
/// One received metric data point, with its metric and resource: what DataKit turns into points of the measurement
/// <c>otel_service</c>, kept in full.
/// </summary>
public sealed record ReceivedMetricPoint
{
    /// <summary>Resource attributes, typed like <see cref="ReceivedSpan.Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object> ResourceAttributes { get; init; }

    public required string ScopeName { get; init; }

    public required string ScopeVersion { get; init; }

    /// <summary>The metric name, e.g. <c>http.server.request.duration</c>.</summary>
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Unit { get; init; }

    /// <summary>One of <see cref="MetricKind"/>'s values.</summary>
    public required string Kind { get; init; }

    /// <summary>For sums: whether the sum only grows.</summary>
    public required bool IsMonotonic { get; init; }

    /// <summary>For sums and histograms: delta or cumulative.</summary>
    public required AggregationTemporality Temporality { get; init; }

    /// <summary>The point's attributes, typed.</summary>
    public required IReadOnlyDictionary<string, object> Attributes { get; init; }

    /// <summary>A gauge's or sum's value: a <see cref="long"/> or a <see cref="double"/>; null for histograms and summaries.</summary>
    public required object? Value { get; init; }

    /// <summary>For histograms and summaries: how many measurements; null otherwise.</summary>
    public required ulong? Count { get; init; }

    /// <summary>For histograms and summaries: the sum of the measurements, when sent.</summary>
    public required double? Sum { get; init; }

    /// <summary>For histograms: the smallest measurement, when sent.</summary>
    public double? Min { get; init; }

    /// <summary>For histograms: the largest measurement, when sent.</summary>
    public double? Max { get; init; }

    /// <summary>For explicit-bucket histograms: the count in each bucket (not cumulative), one more than <see cref="ExplicitBounds"/>.</summary>
    public required IReadOnlyList<ulong> BucketCounts { get; init; }

    /// <summary>For explicit-bucket histograms: the buckets' upper bounds, ascending.</summary>
    public required IReadOnlyList<double> ExplicitBounds { get; init; }

    public required ulong StartTimeUnixNano { get; init; }

    public required ulong TimeUnixNano { get; init; }

    /// <summary>One of <see cref="OtlpTransport"/>'s values.</summary>
    public required string Transport { get; init; }

    /// <summary>The request path the point arrived on, e.g. <c>/otel/v1/metrics</c>.</summary>
    public required string RequestPath { get; init; }

    /// <summary>The point's DataKit view, one line (a histogram's <c>_min</c>/<c>_max</c>/<c>_count</c>/<c>_sum</c> line).</summary>
    public override string ToString() => MetricLine.Format(this)[0];
}

/// <summary>The kinds of OTLP metric.</summary>
public static class MetricKind
{
    public const string Gauge = "gauge";
    public const string Sum = "sum";
    public const string Histogram = "histogram";
    public const string ExponentialHistogram = "exponential_histogram";
    public const string Summary = "summary";
}
