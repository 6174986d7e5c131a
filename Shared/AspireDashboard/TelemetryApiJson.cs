using System.Text.Json;

namespace InstrumentationModes.AspireDashboard;

// The shapes of the telemetry API's answers, as the dashboard 13.6 writes them: OTLP/JSON (ids in hex, times and
// 64-bit numbers as strings), wrapped in a page that says how many items matched and how many it returned.

internal sealed record TelemetryPage<T>(T? Data, int TotalCount, int ReturnedCount);

internal sealed record SpansData(IReadOnlyList<ResourceSpansJson>? ResourceSpans);

internal sealed record ResourceSpansJson(ResourceJson? Resource, IReadOnlyList<ScopeSpansJson>? ScopeSpans);

internal sealed record ScopeSpansJson(ScopeJson? Scope, IReadOnlyList<SpanJson>? Spans);

internal sealed record SpanJson(
    string? TraceId,
    string? SpanId,
    string? ParentSpanId,
    string? TraceState,
    string? Name,
    int Kind,
    ulong StartTimeUnixNano,
    ulong EndTimeUnixNano,
    IReadOnlyList<KeyValueJson>? Attributes,
    IReadOnlyList<SpanEventJson>? Events,
    IReadOnlyList<SpanLinkJson>? Links,
    StatusJson? Status);

internal sealed record SpanEventJson(string? Name, ulong TimeUnixNano, IReadOnlyList<KeyValueJson>? Attributes);

internal sealed record SpanLinkJson(string? TraceId, string? SpanId, string? TraceState, IReadOnlyList<KeyValueJson>? Attributes);

internal sealed record StatusJson(int Code, string? Message);

internal sealed record LogsData(IReadOnlyList<ResourceLogsJson>? ResourceLogs);

internal sealed record ResourceLogsJson(ResourceJson? Resource, IReadOnlyList<ScopeLogsJson>? ScopeLogs);

internal sealed record ScopeLogsJson(ScopeJson? Scope, IReadOnlyList<LogRecordJson>? LogRecords);

internal sealed record LogRecordJson(
    ulong TimeUnixNano,
    ulong ObservedTimeUnixNano,
    int SeverityNumber,
    string? SeverityText,
    JsonElement Body,
    IReadOnlyList<KeyValueJson>? Attributes,
    uint Flags,
    string? TraceId,
    string? SpanId,
    string? EventName);

internal sealed record ResourceJson(IReadOnlyList<KeyValueJson>? Attributes);

internal sealed record ScopeJson(string? Name, string? Version);

/// <summary>An attribute; its value an OTLP <c>AnyValue</c>, which the dashboard always writes as <c>stringValue</c>.</summary>
internal sealed record KeyValueJson(string Key, JsonElement Value);
