using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstrumentationModes.DataKit;
using InstrumentationModes.DataKit.Otlp;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using OtlpStatusCode = InstrumentationModes.DataKit.Otlp.Status.Types.StatusCode;

namespace InstrumentationModes.AspireDashboard;

/// <summary>
/// Reads what an Aspire dashboard received, through its telemetry HTTP API (<c>/api/telemetry/…</c>, open without
/// a key when the dashboard allows anonymous access). Spans come as <see cref="DashboardSpan"/>, log records as the
/// endpoint's <see cref="ReceivedLogRecord"/>; the API serves no metrics.
/// </summary>
/// <param name="client">An HttpClient whose <see cref="HttpClient.BaseAddress"/> is the dashboard's UI address.</param>
public sealed class DashboardTelemetryReader(HttpClient client)
{
    /// <summary>The span attribute the dashboard adds itself (the peer it resolved), left out of what is returned.</summary>
    public const string DestinationAttribute = "aspire.destination";

    /// <summary>The log attribute the dashboard adds itself (its own sequence number), left out of what is returned.</summary>
    public const string LogIdAttribute = "aspire.log_id";

    // Unasked, the API returns only the latest 200 spans or log records (100 traces).
    private const string Limit = "limit=2147483647";

    /// <summary>The apps the dashboard has received telemetry from, and which signals.</summary>
    public async Task<IReadOnlyList<DashboardResource>> ReadResourcesAsync(CancellationToken cancellationToken = default) =>
        await client.GetFromJsonAsync<List<DashboardResource>>("/api/telemetry/resources", JsonSerializerOptions.Web, cancellationToken) ?? [];

    /// <summary>
    /// Every span received, or only those of the app named <paramref name="resource"/> (its <c>service.name</c>,
    /// or a resource's display name for one replica) and of the trace <paramref name="traceId"/> (hex).
    /// </summary>
    public async Task<IReadOnlyList<DashboardSpan>> ReadSpansAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default) =>
        ToSpans(await GetAsync<SpansData>("spans", resource, traceId, cancellationToken));

    /// <summary>Every trace received (what the UI's trace list shows), each with all its spans, or only those involving <paramref name="resource"/>.</summary>
    public async Task<IReadOnlyList<DashboardTrace>> ReadTracesAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        ToSpans(await GetAsync<SpansData>("traces", resource, traceId: null, cancellationToken))
            .GroupBy(span => span.TraceId)
            .Select(trace => new DashboardTrace(trace.Key, trace.ToList()))
            .ToList();

    /// <summary>Every log record received, or only those of <paramref name="resource"/> and of the trace <paramref name="traceId"/> (hex).</summary>
    public async Task<IReadOnlyList<ReceivedLogRecord>> ReadLogsAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default) =>
        ToLogRecords(await GetAsync<LogsData>("logs", resource, traceId, cancellationToken));

    private async Task<T?> GetAsync<T>(string signal, string? resource, string? traceId, CancellationToken cancellationToken)
        where T : class
    {
        var query = Limit;
        if (resource is not null)
        {
            query += "&resource=" + Uri.EscapeDataString(resource);
        }

        if (traceId is not null)
        {
            query += "&traceId=" + Uri.EscapeDataString(traceId);
        }

        using var response = await client.GetAsync(new Uri($"/api/telemetry/{signal}?{query}", UriKind.Relative), cancellationToken);
        // A resource the dashboard has not heard of is a 404, not an empty page.
        if (response.StatusCode == HttpStatusCode.NotFound && resource is not null)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<TelemetryPage<T>>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new InvalidDataException($"The dashboard answered /api/telemetry/{signal} with null.");
        if (page.ReturnedCount < page.TotalCount)
        {
            throw new InvalidDataException($"The dashboard returned {page.ReturnedCount} of {page.TotalCount} items of /api/telemetry/{signal}.");
        }

        return page.Data;
    }

    private static List<DashboardSpan> ToSpans(SpansData? data)
    {
        var spans = new List<DashboardSpan>();
        foreach (var resourceSpans in data?.ResourceSpans ?? [])
        {
            var resourceAttributes = ToDictionary(resourceSpans.Resource?.Attributes);
            var service = resourceAttributes.GetValueOrDefault("service.name", DataKitSpanMapper.UnknownService);
            foreach (var scopeSpans in resourceSpans.ScopeSpans ?? [])
            {
                foreach (var span in scopeSpans.Spans ?? [])
                {
                    spans.Add(new DashboardSpan
                    {
                        Service = service,
                        Name = span.Name ?? "",
                        TraceId = span.TraceId ?? "",
                        SpanId = span.SpanId ?? "",
                        ParentSpanId = span.ParentSpanId ?? "",
                        Kind = (OtlpSpanKind)span.Kind,
                        StatusCode = (OtlpStatusCode)(span.Status?.Code ?? 0),
                        StatusMessage = span.Status?.Message ?? "",
                        TraceState = span.TraceState ?? "",
                        StartTimeUnixNano = span.StartTimeUnixNano,
                        EndTimeUnixNano = span.EndTimeUnixNano,
                        Attributes = ToDictionary(span.Attributes, DestinationAttribute),
                        ResourceAttributes = resourceAttributes,
                        ScopeName = scopeSpans.Scope?.Name ?? "",
                        ScopeVersion = scopeSpans.Scope?.Version ?? "",
                        Events = (span.Events ?? [])
                            .Select(spanEvent => new DashboardSpanEvent(spanEvent.Name ?? "", spanEvent.TimeUnixNano, ToDictionary(spanEvent.Attributes)))
                            .ToList(),
                        Links = (span.Links ?? [])
                            .Select(link => new DashboardSpanLink(link.TraceId ?? "", link.SpanId ?? "", link.TraceState ?? "", ToDictionary(link.Attributes)))
                            .ToList(),
                    });
                }
            }
        }

        return spans;
    }

    private static List<ReceivedLogRecord> ToLogRecords(LogsData? data)
    {
        var records = new List<ReceivedLogRecord>();
        foreach (var resourceLogs in data?.ResourceLogs ?? [])
        {
            var resourceAttributes = ToDictionary(resourceLogs.Resource?.Attributes);
            var source = resourceAttributes.GetValueOrDefault("log.source") is { Length: > 0 } logSource ? logSource
                : resourceAttributes.GetValueOrDefault("service.name") is { Length: > 0 } service ? service
                : DataKitSpanMapper.UnknownService;
            var typedResource = resourceAttributes.ToDictionary(attribute => attribute.Key, attribute => (object)attribute.Value);
            foreach (var scopeLogs in resourceLogs.ScopeLogs ?? [])
            {
                foreach (var record in scopeLogs.LogRecords ?? [])
                {
                    var body = Text(record.Body);
                    var severityNumber = (SeverityNumber)record.SeverityNumber;
                    var severityText = record.SeverityText ?? "";
                    records.Add(new ReceivedLogRecord
                    {
                        Source = source,
                        Service = resourceAttributes.GetValueOrDefault("service.name") is { Length: > 0 } serviceName ? serviceName : DataKitLogMapper.UnsetService,
                        Host = resourceAttributes.GetValueOrDefault("host.name") ?? "",
                        ResourceAttributes = typedResource,
                        ScopeName = scopeLogs.Scope?.Name ?? "",
                        TimeUnixNano = record.TimeUnixNano,
                        ObservedTimeUnixNano = record.ObservedTimeUnixNano,
                        SeverityNumber = severityNumber,
                        SeverityText = severityText,
                        Status = DataKitLogMapper.Status(severityNumber, severityText),
                        Message = body ?? "",
                        Body = body,
                        Attributes = ToDictionary(record.Attributes, LogIdAttribute)
                            .ToDictionary(attribute => attribute.Key, attribute => (object)attribute.Value),
                        TraceId = record.TraceId ?? "",
                        SpanId = record.SpanId ?? "",
                        Flags = record.Flags,
                        EventName = record.EventName ?? "",
                        // The API does not say how a record reached the dashboard.
                        Transport = "",
                        RequestPath = "",
                    });
                }
            }
        }

        return records;
    }

    /// <summary>Attributes by key, without <paramref name="dashboardOwn"/> and without empty values (the dashboard writes an empty <c>service.instance.id</c> for a resource that sent none).</summary>
    private static Dictionary<string, string> ToDictionary(IReadOnlyList<KeyValueJson>? attributes, string? dashboardOwn = null)
    {
        var dictionary = new Dictionary<string, string>();
        foreach (var attribute in attributes ?? [])
        {
            if (attribute.Key != dashboardOwn && Text(attribute.Value) is { } value)
            {
                dictionary[attribute.Key] = value;
            }
        }

        return dictionary;
    }

    /// <summary>An OTLP/JSON <c>AnyValue</c> as text: its <c>stringValue</c>, else (never seen from the dashboard) its JSON; null when empty.</summary>
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (value.TryGetProperty("stringValue", out var text))
        {
            return text.GetString();
        }

        return value.EnumerateObject().Any() ? value.GetRawText() : null;
    }
}
