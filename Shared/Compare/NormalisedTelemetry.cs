using System.Globalization;
using InstrumentationModes.DataKit;

namespace InstrumentationModes.Compare;

/// <summary>
/// Everything one mode sent for the client's requests, as named items in reading order: each trace's spans and
/// log records, the compared metric points, and whether any log record carries the raw query.
/// </summary>
public sealed record NormalisedTelemetry(IReadOnlyList<KeyValuePair<string, NormalisedItem>> Items)
{
    /// <summary>The item that says how many log records carry the client's raw query string.</summary>
    public const string RawQueryItem = "log records";

    public NormalisedItem this[string item] => Items.Single(candidate => candidate.Key == item).Value;

    public static NormalisedTelemetry From(ModeObservation observation)
    {
        var items = new List<KeyValuePair<string, NormalisedItem>>();
        // The first server span spells the resource out; every other item only says whether it shares it.
        var reference = observation.ServerRequest.ServerSpans.FirstOrDefault();
        var spansResource = reference?.ResourceAttributes;
        foreach (var trace in new[] { observation.ServerRequest, observation.Dice, observation.Chain })
        {
            var names = new Dictionary<string, string> { [trace.ClientServer.SpanId] = "client-server" };
            foreach (var span in trace.Spans)
            {
                names.TryAdd(span.SpanId, span.Resource);
            }

            foreach (var span in trace.Spans.OrderBy(span => span.Start))
            {
                Add("span " + span.Resource, Span(span, trace.ClientServer, names, observation.Port, span == reference ? null : spansResource));
            }

            foreach (var record in observation.Logs.Where(record => record.TraceId == trace.TraceId).OrderBy(record => record.TimeUnixNano))
            {
                Add("log " + record.Message, Log(record, trace.TraceId, names, spansResource));
            }
        }

        foreach (var point in observation.MetricPoints.OrderBy(point => point.Name, StringComparer.Ordinal).ThenBy(Route, StringComparer.Ordinal))
        {
            Add(point.Name + (Route(point) is { Length: > 0 } route ? " " + route : ""), Metric(point, observation.Port, spansResource));
        }

        var rawQuery = "param=" + observation.Param;
        var leaking = observation.Logs.Count(record => CarriesText(record, rawQuery));
        Add(RawQueryItem, NormalisedItem.From(new Dictionary<string, string>
        {
            [$"carrying \"{rawQuery}\""] = leaking == 0 ? "none" : leaking.ToString(CultureInfo.InvariantCulture),
        }));
        return new NormalisedTelemetry(items.Select(item => new KeyValuePair<string, NormalisedItem>(item.Key, TheRoll(item.Value, observation.Dice))).ToList());

        // A second item of the same name (two server spans, say) stays visible as "#2" instead of hiding the first.
        void Add(string name, NormalisedItem item)
        {
            var unique = name;
            for (var n = 2; items.Any(existing => existing.Key == unique); n++)
            {
                unique = $"{name} #{n}";
            }

            items.Add(new(unique, item));
        }
    }

    /// <summary>
    /// <paramref name="span"/> seen from the request that caused it: its trace and parent told relative to
    /// <paramref name="clientServer"/> and the spans named in <paramref name="names"/>, served on <paramref name="serverPort"/>;
    /// its resource attributes one by one, or, given <paramref name="spansResource"/>, whether it is that one.
    /// </summary>
    public static NormalisedItem Span(
        ReceivedSpan span, ReceivedSpan clientServer, IReadOnlyDictionary<string, string> names, int serverPort,
        IReadOnlyDictionary<string, object>? spansResource = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = span.Resource,
            ["span_kind"] = span.SpanKind,
            ["status"] = $"{span.Status} ({span.StatusCode})",
            ["trace"] = span.TraceId == clientServer.TraceId ? "client's trace" : span.IsRoot ? "new root trace" : "other trace",
            ["parent"] = span.IsRoot ? "none (root)" : names.GetValueOrDefault(span.ParentId, "other span"),
            ["scope.name"] = span.ScopeName,
            ["scope.version"] = span.ScopeVersion,
        };
        foreach (var (name, value) in span.Attributes)
        {
            fields["attribute." + name] = name == "url.full" && value is string url
                ? NormalisedItem.Describe(url.Replace($":{serverPort}/", ":<server port>/", StringComparison.Ordinal))
                : PortAware(name, value, serverPort);
        }

        if (spansResource is not null)
        {
            fields["resource"] = Resource(span.ResourceAttributes, spansResource);
        }
        else
        {
            foreach (var (name, value) in span.ResourceAttributes)
            {
                fields["resource." + name] = NormalisedItem.Describe(value);
            }
        }

        return NormalisedItem.From(fields);
    }

    /// <summary>A log record of the trace <paramref name="traceId"/>, its span named from <paramref name="names"/>.</summary>
    public static NormalisedItem Log(
        ReceivedLogRecord record, string traceId, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, object>? spansResource)
    {
        var fields = new Dictionary<string, string>
        {
            ["severity"] = $"{(int)record.SeverityNumber} {record.SeverityText}",
            ["body"] = NormalisedItem.Describe(record.Body),
            ["trace"] = record.TraceId == traceId ? "client's trace" : record.TraceId.Length == 0 ? "none" : "other trace",
            ["span"] = record.SpanId.Length == 0 ? "none" : names.GetValueOrDefault(record.SpanId, "other span"),
            ["flags"] = record.Flags.ToString(CultureInfo.InvariantCulture),
            ["category (scope)"] = record.ScopeName,
            ["event name"] = record.EventName.Length == 0 ? "(none)" : record.EventName,
            ["resource"] = Resource(record.ResourceAttributes, spansResource),
        };
        foreach (var (name, value) in record.Attributes)
        {
            fields["attribute." + name] = NormalisedItem.Describe(value);
        }

        return NormalisedItem.From(fields);
    }

    /// <summary>A metric point without what depends on timing (times, sum, bucket counts).</summary>
    public static NormalisedItem Metric(ReceivedMetricPoint point, int serverPort, IReadOnlyDictionary<string, object>? spansResource)
    {
        var fields = new Dictionary<string, string>
        {
            ["kind"] = point.Kind switch
            {
                MetricKind.Sum => $"sum, {(point.IsMonotonic ? "monotonic" : "not monotonic")}, {point.Temporality.ToString().ToLowerInvariant()}",
                MetricKind.Histogram or MetricKind.ExponentialHistogram => $"{point.Kind}, {point.Temporality.ToString().ToLowerInvariant()}",
                _ => point.Kind,
            },
            ["unit"] = point.Unit.Length == 0 ? "(none)" : point.Unit,
            ["description"] = point.Description,
            ["scope.name"] = point.ScopeName,
            ["scope.version"] = point.ScopeVersion,
            ["resource"] = Resource(point.ResourceAttributes, spansResource),
        };
        if (point.Count is { } count)
        {
            fields["count"] = count.ToString(CultureInfo.InvariantCulture);
            fields["bounds"] = string.Join(", ", point.ExplicitBounds.Select(bound => bound.ToString("R", CultureInfo.InvariantCulture)));
        }
        else
        {
            fields["value"] = NormalisedItem.Describe(point.Value);
        }

        foreach (var (name, value) in point.Attributes)
        {
            fields["attribute." + name] = PortAware(name, value, serverPort);
        }

        return NormalisedItem.From(fields);
    }

    /// <summary>Whether the record's body or any attribute contains <paramref name="text"/>.</summary>
    public static bool CarriesText(ReceivedLogRecord record, string text) =>
        record.Message.Contains(text, StringComparison.Ordinal)
        || record.Attributes.Values.Any(value => NormalisedItem.Describe(value).Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// The dice roll at random in every mode: where the <c>roll</c> span's value stands again (the span, the counter's
    /// attribute, the log record's <c>result</c>), it reads <c>&lt;the roll&gt;</c>, so that a different value elsewhere shows.
    /// </summary>
    private static NormalisedItem TheRoll(NormalisedItem item, ClientTrace dice)
    {
        // A backend that renders every value as a string (the Aspire dashboard) gives the roll back as one.
        if (dice.Spans.FirstOrDefault(span => span.Resource == "roll")?.Attributes.GetValueOrDefault("roll.value") is not ({ } roll and (long and >= 1 and <= 6 or "1" or "2" or "3" or "4" or "5" or "6")))
        {
            return item;
        }

        var rolled = NormalisedItem.Describe(roll);
        return item with
        {
            Fields = item.Fields.ToDictionary(
                field => field.Key,
                field => field.Key is "attribute.roll.value" or "attribute.result" && field.Value == rolled ? Placeholder("the roll", rolled) : field.Value,
                StringComparer.Ordinal),
        };
    }

    /// <summary>The server's own port, which differs from mode to mode, as a placeholder (also when a backend gives it back as a string).</summary>
    private static string PortAware(string name, object value, int serverPort)
    {
        var described = NormalisedItem.Describe(value);
        return name == "server.port" && (value is long port && port == serverPort || value is string text && text == serverPort.ToString(CultureInfo.InvariantCulture))
            ? Placeholder("server port", described)
            : described;
    }

    /// <summary><c>&lt;what&gt;</c> with the type of the value <paramref name="described"/>, e.g. <c>&lt;server port&gt; (int)</c>.</summary>
    private static string Placeholder(string what, string described) => $"<{what}> {described[described.LastIndexOf('(')..]}";

    private static string Route(ReceivedMetricPoint point) => point.Attributes.GetValueOrDefault("http.route") as string ?? "";

    // One resource for all signals; spelled out only where it is not the first server span's.
    private static string Resource(IReadOnlyDictionary<string, object> resource, IReadOnlyDictionary<string, object>? spansResource) =>
        spansResource is not null && resource.Count == spansResource.Count
        && resource.All(attribute => spansResource.TryGetValue(attribute.Key, out var value) && NormalisedItem.Describe(value) == NormalisedItem.Describe(attribute.Value))
            ? "the first server span's"
            : string.Join(", ", resource.OrderBy(attribute => attribute.Key, StringComparer.Ordinal).Select(attribute => $"{attribute.Key}={NormalisedItem.Describe(attribute.Value)}"));
}
