namespace InstrumentationModes.ModeLauncher;

/// <summary>
/// A span as the official console exporter (<c>OpenTelemetry.Exporter.Console</c>) prints it. The console shows
/// every value as text: the types of attributes are checked through OTLP, by the equivalence suite.
/// </summary>
public sealed record ConsoleSpan(
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, string> Tags,
    string ScopeName,
    IReadOnlyDictionary<string, string> Resource)
{
    public string TraceId => Fields["TraceId"];

    public string SpanId => Fields["SpanId"];

    /// <summary>The parent's span id, or null for a root span (the exporter prints no parent line then).</summary>
    public string? ParentSpanId => Fields.GetValueOrDefault("ParentSpanId");

    public string Name => Fields["DisplayName"];

    public string Kind => Fields["Kind"];

    /// <summary>Unset unless the exporter printed a status.</summary>
    public string StatusCode => Fields.GetValueOrDefault("StatusCode", "Unset");

    public string TraceState => Fields.GetValueOrDefault("TraceState", string.Empty);
}

/// <summary>
/// Reads the spans in a server's standard output: each block starts with <c>Activity.TraceId:</c> and ends with an
/// empty line; inside it, <c>Activity.Tags:</c>, the scope and the resource list indented <c>key: value</c> lines.
/// </summary>
public static class ConsoleSpans
{
    private const string FieldPrefix = "Activity.";
    private const string Indent = "    ";

    public static IReadOnlyList<ConsoleSpan> Parse(IEnumerable<string> outputLines)
    {
        var spans = new List<ConsoleSpan>();
        SpanBlock? block = null;
        foreach (var line in outputLines)
        {
            if (line.StartsWith(FieldPrefix + "TraceId:", StringComparison.Ordinal))
            {
                block = new SpanBlock();
            }

            if (block is null)
            {
                continue;
            }

            if (line.Length == 0)
            {
                spans.Add(block.ToSpan());
                block = null;
            }
            else
            {
                block.Read(line);
            }
        }

        return spans;
    }

    private sealed class SpanBlock
    {
        private readonly Dictionary<string, string> fields = [];
        private readonly Dictionary<string, string> tags = [];
        private readonly Dictionary<string, string> resource = [];
        private readonly Dictionary<string, string> scope = [];
        private Dictionary<string, string>? section;

        public void Read(string line)
        {
            if (line.StartsWith(Indent, StringComparison.Ordinal))
            {
                if (section is not null && Split(line[Indent.Length..]) is var (key, value))
                {
                    section[key] = value;
                }

                return;
            }

            section = line switch
            {
                "Activity.Tags:" => tags,
                "Instrumentation scope (ActivitySource):" => scope,
                "Resource associated with Activity:" => resource,
                _ => null,
            };
            if (section is null && Split(line) is var (name, text))
            {
                fields[name.StartsWith(FieldPrefix, StringComparison.Ordinal) ? name[FieldPrefix.Length..] : name] = text;
            }
        }

        public ConsoleSpan ToSpan() => new(fields, tags, scope.GetValueOrDefault("Name", string.Empty), resource);

        private static (string Key, string Value)? Split(string line)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            return colon < 0 ? null : (line[..colon], line[(colon + 2)..].Trim());
        }
    }
}
