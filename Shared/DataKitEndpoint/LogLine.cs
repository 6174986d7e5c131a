using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A log record in DataKit's view, line-protocol-like: <c>logging,source=…,status=…,trace_id=…,span_id=…,&lt;attributes&gt;
/// message="…"</c>, attribute names with dots turned to underscores. Every received value is escaped, so a message
/// with newlines or terminal escapes stays one harmless line.
/// </summary>
public static class LogLine
{
    public const string Category = "logging";

    public static string Format(ReceivedLogRecord record)
    {
        var line = new StringBuilder(Category);
        AppendTag(line, "source", record.Source);
        AppendTag(line, "status", record.Status);
        if (record.TraceId.Length > 0)
        {
            AppendTag(line, "trace_id", record.TraceId);
        }
        if (record.SpanId.Length > 0)
        {
            AppendTag(line, "span_id", record.SpanId);
        }
        foreach (var (key, value) in record.Attributes)
        {
            AppendTag(line, MetricLine.Underscored(key), DataKitSpanMapper.Render(value));
        }
        return line.Append(" message=").Append(SpanLine.Escape(record.Message, alwaysQuote: true)).ToString();
    }

    private static void AppendTag(StringBuilder line, string key, string value) =>
        line.Append(',').Append(MetricLine.Text(key)).Append('=').Append(MetricLine.Text(value));
}
