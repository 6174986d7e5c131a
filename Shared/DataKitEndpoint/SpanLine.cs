using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// The one-line, line-protocol-like rendering of a span in DataKit's view. Every received value is escaped, so
/// nothing a sender puts in a span can start a second line or reach the terminal as a control sequence.
/// </summary>
public static class SpanLine
{
    public static string Format(ReceivedSpan span)
    {
        var line = new StringBuilder(DataKitSpanMapper.Source);
        AppendField(line, "service", span.Service);
        AppendField(line, "resource", span.Resource, alwaysQuote: true);
        AppendField(line, "span_kind", span.SpanKind);
        AppendField(line, "status", span.Status);
        AppendField(line, "trace_id", span.TraceId);
        AppendField(line, "span_id", span.SpanId);
        AppendField(line, "parent_id", span.ParentId);
        line.Append(" duration=").Append(span.Duration).Append("µs");
        foreach (var tag in DataKitSpanMapper.TagNames)
        {
            if (span.Tags.TryGetValue(tag, out var value))
            {
                AppendField(line, tag, value);
            }
        }
        return line.ToString();
    }

    /// <summary>The value quoted when needed, with quotes, backslashes and every control or bidi character escaped.</summary>
    public static string Escape(string value, bool alwaysQuote = false)
    {
        var quote = alwaysQuote || value.Length == 0 || value.Any(c => c is ' ' or '=' or '"' or '\\' || NeedsEscape(c));
        var escaped = new StringBuilder(value.Length + 2);
        if (quote)
        {
            escaped.Append('"');
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                escaped.Append(c).Append(value[++i]);
                continue;
            }
            switch (c)
            {
                case '"': escaped.Append("\\\""); break;
                case '\\': escaped.Append("\\\\"); break;
                case '\n': escaped.Append("\\n"); break;
                case '\r': escaped.Append("\\r"); break;
                case '\t': escaped.Append("\\t"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        escaped.Append("\\u").Append(((int)c).ToString("x4"));
                    }
                    else
                    {
                        escaped.Append(c);
                    }
                    break;
            }
        }
        if (quote)
        {
            escaped.Append('"');
        }
        return escaped.ToString();
    }

    private static void AppendField(StringBuilder line, string key, string value, bool alwaysQuote = false) =>
        line.Append(' ').Append(key).Append('=').Append(Escape(value, alwaysQuote));

    // C0/C1 controls (ESC, CSI, NEL, …), Unicode line/paragraph separators, bidi overrides that reorder what a
    // reader sees, and unpaired surrogates.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
