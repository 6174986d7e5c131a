using System.Globalization;
using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A metric data point in DataKit's view, line-protocol-like: <c>otel_service,&lt;tags&gt; &lt;fields&gt;</c>. Resource
/// and point attributes (less <see cref="DataKitMetricMapper.DroppedAttributes"/>), <c>scope_name</c> and <c>unit</c>
/// are tags with dots in their names turned to underscores; the field is named after the metric as it is. Every received
/// value is escaped as <see cref="SpanLine.Escape"/> does, so no input can start another line.
/// </summary>
public static class MetricLine
{
    /// <summary>
    /// One line for a gauge or sum (<c>dice.rolls=1</c>, a sum tagged with its <c>__temporality</c>). A histogram gets
    /// one line with <c>&lt;name&gt;_min</c>, <c>_max</c>, <c>_count</c> and <c>_sum</c>, then, when it has buckets, one
    /// <c>&lt;name&gt;_bucket</c> line per bucket with its upper bound as tag <c>le</c> (counts cumulative, as <c>le</c>
    /// means); an exponential histogram gets the first line and <c>_avg</c>, a summary <c>_count</c> and <c>_sum</c>.
    /// </summary>
    public static IReadOnlyList<string> Format(ReceivedMetricPoint point)
    {
        var series = new StringBuilder(DataKitMetricMapper.Measurement);
        foreach (var (key, value) in Tags(point))
        {
            series.Append(',').Append(Text(Underscored(key))).Append('=').Append(Text(value));
        }
        var field = Text(point.Name);
        switch (point.Kind)
        {
            case MetricKind.Histogram:
            case MetricKind.ExponentialHistogram:
                var summary = $"{series} {field}_min={Number(point.Min ?? 0.0)},{field}_max={Number(point.Max ?? 0.0)},"
                    + $"{field}_count={point.Count ?? 0},{field}_sum={Number(point.Sum ?? 0.0)}";
                if (point.Kind == MetricKind.ExponentialHistogram)
                {
                    // DataKit writes the average as a string with three decimals.
                    return point.Count is > 0 and var count
                        ? [$"{summary},{field}_avg=\"{((point.Sum ?? 0.0) / count).ToString("0.000", CultureInfo.InvariantCulture)}\""]
                        : [summary];
                }
                return [summary, .. Buckets(point, series.ToString(), field)];
            case MetricKind.Summary:
                return [$"{series} {field}_count={point.Count ?? 0},{field}_sum={Number(point.Sum ?? 0.0)}"];
            default:
                return point.Value is { } value ? [$"{series} {field}={Number(value)}"] : [series.ToString()];
        }
    }

    internal static string Underscored(string name) => name.Replace('.', '_');

    /// <summary>Escaped as in a span line, and quoted when it holds a comma, which separates tags here.</summary>
    internal static string Text(string value) => SpanLine.Escape(value, alwaysQuote: value.Contains(','));

    /// <summary>An attribute value as DataKit turns it into a string: bytes as UTF-8, doubles in full without an exponent.</summary>
    internal static string AttributeText(object value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        double number => number.ToString("R", CultureInfo.InvariantCulture) is var text && text.Contains('E') && Math.Abs(number) < 7.9e28
            ? ((decimal)number).ToString(CultureInfo.InvariantCulture)
            : text,
        _ => DataKitSpanMapper.Render(value),
    };

    private static IEnumerable<(string Key, string Value)> Tags(ReceivedMetricPoint point)
    {
        foreach (var (key, value) in point.ResourceAttributes.Where(attribute => !DataKitMetricMapper.DroppedAttributes.Contains(attribute.Key)))
        {
            yield return (key, AttributeText(value));
        }
        if (point.ScopeName.Length > 0)
        {
            yield return ("scope_name", point.ScopeName);
        }
        foreach (var (key, value) in point.Attributes.Where(attribute => !DataKitMetricMapper.DroppedAttributes.Contains(attribute.Key)))
        {
            yield return (key, AttributeText(value));
        }
        if (point.Unit.Length > 0)
        {
            yield return ("unit", point.Unit);
        }
        if (point.Kind == MetricKind.Sum)
        {
            yield return ("__temporality", point.Temporality switch
            {
                Otlp.AggregationTemporality.Delta => "delta",
                Otlp.AggregationTemporality.Cumulative => "cumulative",
                _ => "unspecified",
            });
        }
    }

    // DataKit writes bucket points only for a histogram with bounds and more than one bucket.
    private static IEnumerable<string> Buckets(ReceivedMetricPoint point, string series, string field)
    {
        if (point.BucketCounts.Count <= 1 || point.ExplicitBounds.Count == 0)
        {
            yield break;
        }
        ulong cumulative = 0;
        for (var i = 0; i < point.BucketCounts.Count; i++)
        {
            cumulative += point.BucketCounts[i];
            // A bound is a tag, not a value: kept exact, as 0.005 and 0.01 must stay apart.
            var bound = i < point.ExplicitBounds.Count ? AttributeText(point.ExplicitBounds[i]) : "+Inf";
            yield return $"{series},le={bound} {field}_bucket={cumulative}";
        }
    }

    // DataKit documents that it keeps at most two decimals of a float.
    private static string Number(object value) => value switch
    {
        // Adding 0.0 turns the -0 that rounding a small negative leaves into 0.
        double number => (Math.Round(number, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
