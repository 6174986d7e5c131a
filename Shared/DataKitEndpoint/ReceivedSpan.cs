using InstrumentationModes.DataKit.Otlp;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using OtlpStatusCode = InstrumentationModes.DataKit.Otlp.Status.Types.StatusCode;

namespace InstrumentationModes.DataKit;

/// <summary>
/// One received span as DataKit stores it (a point of the measurement <c>opentelemetry</c>), plus the full OTLP
/// detail (typed attributes, scope, raw status and kind, transport) that tests assert on.
/// </summary>
/// <remarks>
/// Only the decoded OTLP span is kept: DataKit's view is worked out when first read, as a load run reads none of it.
/// Two threads reading at once may both work a value out; either result is the same, so neither is locked.
/// </remarks>
public sealed class ReceivedSpan
{
    /// <summary>What DataKit writes as <c>parent_id</c> for a root span.</summary>
    public const string NoParent = "0";

    private readonly SpanOrigin origin;

    internal ReceivedSpan(Otlp.Span otlp, SpanOrigin origin)
    {
        Otlp = otlp;
        this.origin = origin;
    }

    /// <summary>Resource <c>service.name</c>; <c>unknown_service</c> when absent.</summary>
    public string Service => origin.Service;

    /// <summary>The span name.</summary>
    public string Resource => Otlp.Name;

    /// <summary>Lowercase hex.</summary>
    public string TraceId => field ??= DataKitSpanMapper.Hex(Otlp.TraceId);

    /// <summary>Lowercase hex.</summary>
    public string SpanId => field ??= DataKitSpanMapper.Hex(Otlp.SpanId);

    /// <summary>Lowercase hex, or <see cref="NoParent"/> for a root span.</summary>
    public string ParentId => field ??= Otlp.ParentSpanId.Span.ContainsAnyExcept((byte)0) ? DataKitSpanMapper.Hex(Otlp.ParentSpanId) : NoParent;

    public bool IsRoot => ParentId == NoParent;

    /// <summary>Start time in microseconds since the Unix epoch.</summary>
    public long Start => (long)(Otlp.StartTimeUnixNano / 1000);

    /// <summary>Duration in microseconds.</summary>
    public long Duration => Otlp.EndTimeUnixNano > Otlp.StartTimeUnixNano ? (long)((Otlp.EndTimeUnixNano - Otlp.StartTimeUnixNano) / 1000) : 0;

    /// <summary><c>ok</c> (OTLP OK or UNSET) or <c>error</c>.</summary>
    public string Status => StatusCode == OtlpStatusCode.Error ? "error" : "ok";

    /// <summary><c>server</c>, <c>client</c>, <c>internal</c>, <c>producer</c>, <c>consumer</c> or <c>unspecified</c>.</summary>
    public string SpanKind => DataKitSpanMapper.KindName(Kind);

    public string Source => DataKitSpanMapper.Source;

    /// <summary>The selected attributes DataKit turns into tags (e.g. <c>http_method</c>), values rendered as strings.</summary>
    public IReadOnlyDictionary<string, string> Tags => field ??= DataKitSpanMapper.ToTags(Attributes);

    /// <summary>The whole span as OTLP/JSON, as DataKit keeps it in the <c>message</c> field; written on each read.</summary>
    public string Message => OtlpJsonWriter.WriteSpan(Otlp);

    /// <summary>Span attributes, typed: string, long, double, bool, byte[], object[] or a nested dictionary.</summary>
    public IReadOnlyDictionary<string, object> Attributes => field ??= DataKitSpanMapper.ToDictionary(Otlp.Attributes);

    /// <summary>Resource attributes, typed like <see cref="Attributes"/>.</summary>
    public IReadOnlyDictionary<string, object> ResourceAttributes => origin.ResourceAttributes;

    public string ScopeName => origin.Scope?.Name ?? "";

    public string ScopeVersion => origin.Scope?.Version ?? "";

    public OtlpStatusCode StatusCode => Otlp.Status?.Code ?? OtlpStatusCode.Unset;

    public string StatusMessage => Otlp.Status?.Message ?? "";

    public OtlpSpanKind Kind => Otlp.Kind;

    /// <summary>The names of the span's events, in order (an <c>exception</c> event for a recorded exception).</summary>
    public IReadOnlyList<string> EventNames => field ??= Otlp.Events.Select(spanEvent => spanEvent.Name).ToList();

    /// <summary>The W3C <c>tracestate</c> the span carries; empty when none.</summary>
    public string TraceState => Otlp.TraceState;

    /// <summary>The spans this one links to, as lowercase hex trace and span ids, in order.</summary>
    public IReadOnlyList<(string TraceId, string SpanId)> Links =>
        field ??= Otlp.Links.Select(link => (DataKitSpanMapper.Hex(link.TraceId), DataKitSpanMapper.Hex(link.SpanId))).ToList();

    /// <summary>One of <see cref="OtlpTransport"/>'s values.</summary>
    public string Transport => origin.Transport;

    /// <summary>The request path the span arrived on, e.g. <c>/otel/v1/traces</c>.</summary>
    public string RequestPath => origin.RequestPath;

    /// <summary>The span as received.</summary>
    internal Otlp.Span Otlp { get; }

    /// <summary>The one-line DataKit view, as the endpoint prints it.</summary>
    public override string ToString() => SpanLine.Format(this);
}

/// <summary>What the spans of one scope in one export share: resource, scope, transport and path.</summary>
internal sealed class SpanOrigin(Resource? resource, InstrumentationScope? scope, string transport, string requestPath)
{
    public InstrumentationScope? Scope => scope;

    public string Transport => transport;

    public string RequestPath => requestPath;

    public IReadOnlyDictionary<string, object> ResourceAttributes => field ??= DataKitSpanMapper.ToDictionary(resource?.Attributes);

    public string Service => field ??= ResourceAttributes.TryGetValue("service.name", out var name) && name is string { Length: > 0 } serviceName
        ? serviceName
        : DataKitSpanMapper.UnknownService;
}

/// <summary>How a span reached the endpoint.</summary>
public static class OtlpTransport
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";
    public const string HttpJson = "http/json";
}
