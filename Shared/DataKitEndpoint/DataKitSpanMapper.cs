using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>Maps OTLP spans to DataKit's view of them: points of the measurement <c>opentelemetry</c>.</summary>
public static class DataKitSpanMapper
{
    public const string Source = "opentelemetry";
    public const string UnknownService = "unknown_service";

    /// <summary>Attributes DataKit turns into tags. Older semantic-convention names come first so the current ones win.</summary>
    private static readonly (string Attribute, string Tag)[] TagMappings =
    [
        ("http.method", "http_method"),
        ("http.request.method", "http_method"),
        ("http.status_code", "http_status_code"),
        ("http.response.status_code", "http_status_code"),
        ("http.route", "http_route"),
        ("url.path", "url_path"),
        ("url.query", "url_query"),
        ("url.scheme", "url_scheme"),
        ("server.address", "server_address"),
        ("server.port", "server_port"),
        ("network.protocol.version", "network_protocol_version"),
        ("user_agent.original", "user_agent_original"),
        ("error.type", "error_type"),
    ];

    /// <summary>The tag names in the order they are printed.</summary>
    public static IReadOnlyList<string> TagNames { get; } = TagMappings.Select(m => m.Tag).Distinct().ToArray();

    public static IReadOnlyList<ReceivedSpan> Map(ExportTraceServiceRequest request, string transport, string requestPath)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var origin = new SpanOrigin(resourceSpans.Resource, scopeSpans.Scope, transport, requestPath);
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(new ReceivedSpan(span, origin));
                }
            }
        }
        return spans;
    }

    public static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "internal",
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "unspecified",
    };

    /// <summary>The typed value of an OTLP AnyValue, or null when it holds none.</summary>
    public static object? ToObject(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToObject).OfType<object>().ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToDictionary(value.KvlistValue.Values),
        _ => null,
    };

    internal static IReadOnlyDictionary<string, object> ToDictionary(RepeatedField<KeyValue>? keyValues)
    {
        var dictionary = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues ?? [])
        {
            if (ToObject(keyValue.Value) is { } value)
            {
                dictionary[keyValue.Key] = value;
            }
        }
        return dictionary;
    }

    internal static Dictionary<string, string> ToTags(IReadOnlyDictionary<string, object> attributes)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (attribute, tag) in TagMappings)
        {
            if (attributes.TryGetValue(attribute, out var value))
            {
                tags[tag] = Render(value);
            }
        }
        return tags;
    }

    /// <summary>An attribute value as DataKit shows it in a tag.</summary>
    internal static string Render(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        object[] items => "[" + string.Join(",", items.Select(Render)) + "]",
        IReadOnlyDictionary<string, object> map => "{" + string.Join(",", map.Select(e => $"{e.Key}={Render(e.Value)}")) + "}",
        _ => value.ToString() ?? "",
    };

    internal static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
