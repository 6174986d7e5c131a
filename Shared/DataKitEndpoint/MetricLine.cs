using System.Globalization;
using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A metric data point in DataKit's view, line-protocol-like: <c>otel-service,&lt;tags&gt; &lt;fields&gt;</c>, resource
/// and point attributes as tags and names with dots turned to underscores, values with at most two decimals.
/// Every received value is escaped as <see cref="SpanLine.Escape"/> does, so no input can start another line.
/// </summary>
public static class MetricLine
{
    /// <summary>
    /// One line for a gauge or sum (<c>dice_rolls=1</c>); for an explicit-bucket histogram one <c>&lt;name&gt;_bucket</c>
    /// line per bucket with its upper bound as tag <c>le</c> (counts cumulative, as <c>le</c> means), then one line with
    /// <c>&lt;name&gt;_count</c> and <c>&lt;name&gt;_sum</c>, which is also all an exponential histogram or summary gets.
    /// </summary>
    public static IReadOnlyList<string> Format(ReceivedMetricPoint point)
    {
        var series = new StringBuilder(DataKitMetricMapper.Measurement);
        foreach (var (key, tag) in point.ResourceAttributes.Concat(point.Attributes))
        {
            series.Append(',').Append(Text(Underscored(key))).Append('=').Append(Text(DataKitSpanMapper.Render(tag)));
        }
        var field = Text(Underscored(point.Name));
        if (point.Value is { } value)
        {
            return [$"{series} {field}={Number(value)}"];
        }
        var lines = new List<string>();
        ulong cumulative = 0;
        for (var i = 0; i < point.BucketCounts.Count; i++)
        {
            cumulative += point.BucketCounts[i];
            // A bound is a tag, not a value: kept exact, as 0.005 and 0.01 must stay apart.
            var bound = i < point.ExplicitBounds.Count ? point.ExplicitBounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            lines.Add($"{series},le={bound} {field}_bucket={cumulative}");
        }
        var summary = $"{series} {field}_count={point.Count ?? 0}";
        lines.Add(point.Sum is { } sum ? $"{summary},{field}_sum={Number(sum)}" : summary);
        return lines;
    }

    internal static string Underscored(string name) => name.Replace('.', '_');

    /// <summary>Escaped as in a span line, and quoted when it holds a comma, which separates tags here.</summary>
    internal static string Text(string value) => SpanLine.Escape(value, alwaysQuote: value.Contains(','));

    private static string Number(object value) => value switch
    {
        // Adding 0.0 turns the -0 that rounding a small negative leaves into 0.
        double number => (Math.Round(number, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
