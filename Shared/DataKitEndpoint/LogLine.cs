using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A log record in DataKit's view, line-protocol-like: <c>&lt;source&gt;,service=…,source=…,status=…,scope_name=…[,host=…]
/// &lt;fields&gt;</c>, the point named after its source; resource and record attributes (less
/// <see cref="DataKitMetricMapper.DroppedAttributes"/>) are fields with dots in their names turned to underscores, then
/// <c>trace_id</c>, <c>span_id</c> and <c>message</c>. Every received value is escaped, so a message with newlines or
/// terminal escapes stays one harmless line.
/// </summary>
public static class LogLine
{
    public static string Format(ReceivedLogRecord record)
    {
        var line = new StringBuilder(MetricLine.Text(record.Source));
        AppendTag(line, "service", record.Service);
        AppendTag(line, "source", record.Source);
        AppendTag(line, "status", record.Status);
        if (record.ScopeName.Length > 0)
        {
            AppendTag(line, "scope_name", record.ScopeName);
        }
        if (record.Host.Length > 0)
        {
            AppendTag(line, "host", record.Host);
        }
        var separator = ' ';
        foreach (var (key, value) in record.ResourceAttributes.Concat(record.Attributes))
        {
            if (!DataKitMetricMapper.DroppedAttributes.Contains(key))
            {
                AppendField(MetricLine.Underscored(key), MetricLine.AttributeText(value));
            }
        }
        if (record.TraceId.Length > 0)
        {
            AppendField("trace_id", record.TraceId);
        }
        if (record.SpanId.Length > 0)
        {
            AppendField("span_id", record.SpanId);
        }
        line.Append(separator).Append("message=").Append(SpanLine.Escape(record.Message, alwaysQuote: true));
        return line.ToString();

        void AppendField(string key, string value)
        {
            line.Append(separator).Append(MetricLine.Text(key)).Append('=').Append(MetricLine.Text(value));
            separator = ',';
        }
    }

    private static void AppendTag(StringBuilder line, string key, string value) =>
        line.Append(',').Append(MetricLine.Text(key)).Append('=').Append(MetricLine.Text(value));
}
