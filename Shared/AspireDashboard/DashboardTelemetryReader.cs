using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using InstrumentationModes.DataKit;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.AspireDashboard;

/// <summary>
/// Reads what an Aspire dashboard received, through its telemetry HTTP API (<c>/api/telemetry/…</c>, open without
/// a key when the dashboard allows anonymous access), into the endpoint's own <see cref="ReceivedSpan"/> and
/// <see cref="ReceivedLogRecord"/>, so that what the lab asserts and normalises applies to them unchanged; the API
/// serves no metrics.
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

    // The API does not say how an item reached the dashboard, so the endpoint's transport and path stay empty.
    private const string UnknownTransport = "";

    /// <summary>Between two reads while waiting: twice the batch delay the lab gives the modes' exporters.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The apps the dashboard has received telemetry from, and which signals.</summary>
    public async Task<IReadOnlyList<DashboardResource>> ReadResourcesAsync(CancellationToken cancellationToken = default) =>
        await client.GetFromJsonAsync<List<DashboardResource>>("/api/telemetry/resources", JsonSerializerOptions.Web, cancellationToken) ?? [];

    /// <summary>
    /// Every span received, or only those of the app named <paramref name="resource"/> (its <c>service.name</c>,
    /// or a resource's display name for one replica) and of the trace <paramref name="traceId"/> (hex).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> ReadSpansAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default) =>
        ToSpans(await GetAsync<ExportTraceServiceRequest>("spans", resource, traceId, cancellationToken));

    /// <summary>Every trace received (what the UI's trace list shows), each with all its spans, or only those involving <paramref name="resource"/>.</summary>
    public async Task<IReadOnlyList<DashboardTrace>> ReadTracesAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        ToSpans(await GetAsync<ExportTraceServiceRequest>("traces", resource, traceId: null, cancellationToken))
            .GroupBy(span => span.TraceId)
            .Select(trace => new DashboardTrace(trace.Key, trace.ToList()))
            .ToList();

    /// <summary>Every log record received, or only those of <paramref name="resource"/> and of the trace <paramref name="traceId"/> (hex).</summary>
    public async Task<IReadOnlyList<ReceivedLogRecord>> ReadLogsAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default) =>
        ToLogRecords(await GetAsync<ExportLogsServiceRequest>("logs", resource, traceId, cancellationToken));

    /// <summary>Reads the spans until <paramref name="count"/> match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(() => ReadSpansAsync(cancellationToken: cancellationToken), predicate, count, timeout, "spans", cancellationToken);

    /// <summary>Reads the log records until <paramref name="count"/> match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(
        Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(() => ReadLogsAsync(cancellationToken: cancellationToken), predicate, count, timeout, "log records", cancellationToken);

    private static async Task<IReadOnlyList<T>> WaitForAsync<T>(
        Func<Task<IReadOnlyList<T>>> read, Func<T, bool> predicate, int count, TimeSpan timeout, string plural, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var items = await read();
            var matching = items.Where(predicate).Take(count).ToList();
            if (matching.Count == count)
            {
                return matching;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Expected {count} matching {plural} from the dashboard within {timeout.TotalSeconds:0.###} s, found {matching.Count} among {items.Count}:\n"
                    + string.Join('\n', items.Select(item => "  - " + item)));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<T> GetAsync<T>(string signal, string? resource, string? traceId, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
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
            return new T();
        }

        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<TelemetryPage>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new InvalidDataException($"The dashboard answered /api/telemetry/{signal} with null.");
        if (page.ReturnedCount < page.TotalCount)
        {
            throw new InvalidDataException($"The dashboard returned {page.ReturnedCount} of {page.TotalCount} items of /api/telemetry/{signal}.");
        }

        // The page's data is an export request in OTLP/JSON, which the endpoint's own reader parses, hex ids and all.
        return page.Data.ValueKind == JsonValueKind.Object
            ? OtlpJsonReader.Read<T>(Encoding.UTF8.GetBytes(page.Data.GetRawText()))
            : new T();
    }

    private static IReadOnlyList<ReceivedSpan> ToSpans(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            WithoutEmptyValues(resourceSpans.Resource?.Attributes);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scopeSpans => scopeSpans.Spans))
            {
                Without(span.Attributes, DestinationAttribute);
            }
        }

        return DataKitSpanMapper.Map(request, UnknownTransport, requestPath: "");
    }

    private static IReadOnlyList<ReceivedLogRecord> ToLogRecords(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            WithoutEmptyValues(resourceLogs.Resource?.Attributes);
            foreach (var record in resourceLogs.ScopeLogs.SelectMany(scopeLogs => scopeLogs.LogRecords))
            {
                Without(record.Attributes, LogIdAttribute);
            }
        }

        return DataKitLogMapper.Map(request, UnknownTransport, requestPath: "");
    }

    /// <summary>Removes the attribute the dashboard added itself, as no mode sent it.</summary>
    private static void Without(RepeatedField<KeyValue> attributes, string dashboardOwn) => Keep(attributes, attribute => attribute.Key != dashboardOwn);

    /// <summary>Removes empty values: the dashboard writes an empty <c>service.instance.id</c> for a resource that sent none.</summary>
    private static void WithoutEmptyValues(RepeatedField<KeyValue>? attributes)
    {
        if (attributes is not null)
        {
            Keep(attributes, attribute => attribute.Value is not { ValueCase: AnyValue.ValueOneofCase.StringValue, StringValue.Length: 0 });
        }
    }

    private static void Keep(RepeatedField<KeyValue> attributes, Func<KeyValue, bool> kept)
    {
        var keeping = attributes.Where(kept).ToList();
        attributes.Clear();
        attributes.AddRange(keeping);
    }
}

/// <summary>One trace of <c>/api/telemetry/traces</c>: its hex id and every span the dashboard holds of it.</summary>
public sealed record DashboardTrace(string TraceId, IReadOnlyList<ReceivedSpan> Spans);

/// <summary>
/// One entry of <c>/api/telemetry/resources</c>: an app the dashboard received telemetry from, named by its
/// <c>service.name</c> and told apart from its replicas by <c>service.instance.id</c>.
/// </summary>
public sealed record DashboardResource(string Name, string? InstanceId, string DisplayName, bool HasTraces, bool HasLogs, bool HasMetrics);
