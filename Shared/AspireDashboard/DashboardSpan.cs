using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using OtlpStatusCode = InstrumentationModes.DataKit.Otlp.Status.Types.StatusCode;

namespace InstrumentationModes.AspireDashboard;

/// <summary>
/// One span as the dashboard's telemetry API reports it. Its own record, since the endpoint's
/// <c>ReceivedSpan</c> can only be built from a decoded OTLP message inside the endpoint; kind and status use the
/// same OTLP enums, so the two compare field by field.
/// </summary>
/// <remarks>The dashboard renders every attribute value as a string (<c>200</c>, <c>true</c>, <c>["a",1]</c>): the types are lost.</remarks>
public sealed record DashboardSpan
{
    /// <summary>Resource <c>service.name</c>.</summary>
    public required string Service { get; init; }

    public required string Name { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string TraceId { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string SpanId { get; init; }

    /// <summary>Lowercase hex; empty for a root span.</summary>
    public required string ParentSpanId { get; init; }

    public bool IsRoot => ParentSpanId.Length == 0;

    public required OtlpSpanKind Kind { get; init; }

    public required OtlpStatusCode StatusCode { get; init; }

    public required string StatusMessage { get; init; }

    public required string TraceState { get; init; }

    public required ulong StartTimeUnixNano { get; init; }

    public required ulong EndTimeUnixNano { get; init; }

    /// <summary>The span's attributes as strings, without the dashboard's own <c>aspire.destination</c>.</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>Resource attributes as strings.</summary>
    public required IReadOnlyDictionary<string, string> ResourceAttributes { get; init; }

    public required string ScopeName { get; init; }

    public required string ScopeVersion { get; init; }

    public required IReadOnlyList<DashboardSpanEvent> Events { get; init; }

    public required IReadOnlyList<DashboardSpanLink> Links { get; init; }
}

/// <summary>A span event; attribute values as strings.</summary>
public sealed record DashboardSpanEvent(string Name, ulong TimeUnixNano, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A span link (hex ids); attribute values as strings.</summary>
public sealed record DashboardSpanLink(string TraceId, string SpanId, string TraceState, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One trace of <c>/api/telemetry/traces</c>: its hex id and every span the dashboard holds of it.</summary>
public sealed record DashboardTrace(string TraceId, IReadOnlyList<DashboardSpan> Spans);

/// <summary>
/// One entry of <c>/api/telemetry/resources</c>: an app the dashboard received telemetry from, named by its
/// <c>service.name</c> and told apart from its replicas by <c>service.instance.id</c>.
/// </summary>
public sealed record DashboardResource(string Name, string? InstanceId, string DisplayName, bool HasTraces, bool HasLogs, bool HasMetrics);
