using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using OtlpStatusCode = InstrumentationModes.DataKit.Otlp.Status.Types.StatusCode;

namespace InstrumentationModes.DataKit;

/// <summary>
/// One received span as DataKit stores it (a point of the measurement <c>opentelemetry</c>), plus the full OTLP
/// detail (typed attributes, scope, raw status and kind, transport) that tests assert on.
/// </summary>
public sealed record ReceivedSpan
{
    /// <summary>What DataKit writes as <c>parent_id</c> for a root span.</summary>
    public const string NoParent = "0";

    /// <summary>Resource <c>service.name</c>; <c>unknown_service</c> when absent.</summary>
    public required string Service { get; init; }

    /// <summary>The span name.</summary>
    public required string Resource { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string TraceId { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string SpanId { get; init; }

    /// <summary>Lowercase hex, or <see cref="NoParent"/> for a root span.</summary>
    public required string ParentId { get; init; }

    public bool IsRoot => ParentId == NoParent;

    /// <summary>Start time in microseconds since the Unix epoch.</summary>
    public required long Start { get; init; }

    /// <summary>Duration in microseconds.</summary>
    public required long Duration { get; init; }

    /// <summary><c>ok</c> (OTLP OK or UNSET) or <c>error</c>.</summary>
    public required string Status { get; init; }

    /// <summary><c>server</c>, <c>client</c>, <c>internal</c>, <c>producer</c>, <c>consumer</c> or <c>unspecified</c>.</summary>
    public required string SpanKind { get; init; }

    public string Source => DataKitSpanMapper.Source;

    /// <summary>The selected attributes DataKit turns into tags (e.g. <c>http_method</c>), values rendered as strings.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The whole span as OTLP/JSON, as DataKit keeps it in the <c>message</c> field; written on each read.</summary>
    public string Message => OtlpJsonWriter.WriteSpan(Otlp);

    /// <summary>Span attributes, typed: string, long, double, bool, byte[], object[] or a nested dictionary.</summary>
    public required IReadOnlyDictionary<string, object> Attributes { get; init; }

    /// <summary>Resource attributes, typed like <see cref="Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object> ResourceAttributes { get; init; }

    public required string ScopeName { get; init; }

    public required string ScopeVersion { get; init; }

    public required OtlpStatusCode StatusCode { get; init; }

    public required string StatusMessage { get; init; }

    public required OtlpSpanKind Kind { get; init; }

    /// <summary>One of <see cref="OtlpTransport"/>'s values.</summary>
    public required string Transport { get; init; }

    /// <summary>The request path the span arrived on, e.g. <c>/otel/v1/traces</c>.</summary>
    public required string RequestPath { get; init; }

    /// <summary>The span as received; its JSON is written only when <see cref="Message"/> is read, as a load run reads none.</summary>
    internal Otlp.Span Otlp { get; init; } = new();

    /// <summary>The one-line DataKit view, as the endpoint prints it.</summary>
    public override string ToString() => SpanLine.Format(this);
}

/// <summary>How a span reached the endpoint.</summary>
public static class OtlpTransport
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";
    public const string HttpJson = "http/json";
}
