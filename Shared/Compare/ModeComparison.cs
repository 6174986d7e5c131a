using System.Globalization;
using System.Text.RegularExpressions;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.Compare;

/// <summary>One client request's trace at the backend: the client's <c>client-server</c> span and the spans the server added.</summary>
public sealed record ClientTrace(ReceivedSpan ClientServer, IReadOnlyList<ReceivedSpan> Spans)
{
    public string TraceId => ClientServer.TraceId;

    public IReadOnlyList<ReceivedSpan> ServerSpans => Spans.Where(span => span.SpanKind == "server").ToList();

    public IReadOnlyList<ReceivedSpan> ClientSpans => Spans.Where(span => span.SpanKind == "client").ToList();
}

/// <summary>
/// What one mode sent for the client's three requests (<c>/server_request?param=Param</c>, the dice, then
/// <c>/chain?param=Param</c>, which calls the mode's own <c>/server_request</c>): the three traces, the mode's log
/// records and its compared metric points (the newest of each) as they stood right after, and the names of the
/// other metrics it exported.
/// </summary>
public sealed record ModeObservation(
    string Mode, int Port, string Param, ClientTrace ServerRequest, ClientTrace Dice, ClientTrace Chain,
    IReadOnlyList<ReceivedMetricPoint> MetricPoints, IReadOnlyList<ReceivedLogRecord> Logs, IReadOnlyList<string> OtherMetrics)
{
    public NormalisedTelemetry Normalised => NormalisedTelemetry.From(this);
}

/// <summary>
/// Starts the three modes as a user would, exporting to a backend, sends each the example client's requests, and
/// collects what the backend received.
/// </summary>
public static partial class ModeComparison
{
    /// <summary>The client's second request: the getting-started's dice, for the player the suite names.</summary>
    public const string DicePath = "/rolldice?player=alice";

    /// <summary>
    /// The metrics compared: the app's counter, the request duration of the routes the client calls (other routes,
    /// such as the <c>/healthz</c> a launcher polls, are counted as often as start-up took) and of the hop's GET (the
    /// official HttpClient instrumentation also measures the OTLP exporter's own POSTs, which the manual mode does not).
    /// </summary>
    public static bool IsCompared(ReceivedMetricPoint point) =>
        point.Name == "dice.rolls"
        || (point.Name == "http.client.request.duration" && point.Attributes.GetValueOrDefault("http.request.method") is "GET")
        || (point.Name == "http.server.request.duration" && point.Attributes.GetValueOrDefault("http.route") is "/server_request" or "/rolldice" or "/chain");

    private static bool IsComparedMetric(string name) => name is "dice.rolls" or "http.server.request.duration" or "http.client.request.duration";

    /// <summary>The client's third request: the hop, <c>/chain</c> calling the server's own <c>/server_request</c>.</summary>
    public static string ChainPath(string param) => "/chain?param=" + Uri.EscapeDataString(param);

    /// <summary>The OTLP protocols every mode is compared on, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> names them.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    /// <summary>
    /// OTLP-only export of every signal over <paramref name="protocol"/> to <paramref name="otlpEndpoint"/>, a
    /// backend's address for that protocol. Short batch delays and export interval, so nobody waits seconds for telemetry.
    /// </summary>
    public static Dictionary<string, string> ExportTo(string protocol, string otlpEndpoint) => new()
    {
        ["OTEL_TRACES_EXPORTER"] = "otlp",
        ["OTEL_METRICS_EXPORTER"] = "otlp",
        ["OTEL_LOGS_EXPORTER"] = "otlp",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol switch
        {
            "grpc" or "http/protobuf" => protocol,
            _ => throw new ArgumentException($"Unknown OTLP protocol '{protocol}': use grpc or http/protobuf.", nameof(protocol)),
        },
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>Runs <c>run-mode.sh client PARAM PORT</c> and returns the trace and span ids of its <c>client-server</c> span.</summary>
    public static async Task<(string TraceId, string SpanId)> RunClientAsync(int port, string param, IReadOnlyDictionary<string, string> environment)
    {
        var client = await RunModeCommand.RunAsync(
            ["client", param, port.ToString(CultureInfo.InvariantCulture)], environment, TimeSpan.FromMinutes(2));
        var ids = ClientIdsLine().Match(client.Output);
        if (client.ExitCode != 0 || !ids.Success)
        {
            throw new InvalidOperationException($"The client failed (exit code {client.ExitCode}):\n{client.Output}\n{client.Error}");
        }

        return (ids.Groups["trace"].Value, ids.Groups["span"].Value);
    }

    /// <summary>
    /// The client's three requests to <paramref name="server"/>, <c>/server_request?param=</c><paramref name="param"/>,
    /// <see cref="DicePath"/> and <see cref="ChainPath"/>, and what <paramref name="backend"/> received for them.
    /// </summary>
    public static async Task<ModeObservation> ObserveAsync(ITelemetryBackend backend, ModeProcess server, IReadOnlyDictionary<string, string> environment, string param)
    {
        var serverRequest = await TraceOfClientAsync(backend, server.Port, param, serverSpans: 1, environment);
        var dice = await TraceOfClientAsync(backend, server.Port, DicePath, serverSpans: 2, environment);
        var chain = await TraceOfClientAsync(backend, server.Port, ChainPath(param), serverSpans: 3, environment);
        var service = Modes.ServiceOf(server.Mode);
        var timeout = TimeSpan.FromSeconds(30);
        foreach (var trace in new[] { serverRequest, dice, chain })
        {
            await backend.WaitForLogsAsync(record => record.TraceId == trace.TraceId, 1, timeout);
        }

        List<ReceivedMetricPoint> points = [];
        List<string> otherMetrics = [];
        if (backend.ServesMetricPoints)
        {
            // Cumulative points: once the dice's are in, the export that holds them counts both requests.
            await backend.WaitForMetricPointsAsync(point => IsOf(point.ResourceAttributes, service) && point.Name == "dice.rolls", 1, timeout);
            await backend.WaitForMetricPointsAsync(
                point => IsOf(point.ResourceAttributes, service) && point.Name == "http.server.request.duration" && point.Attributes["http.route"] is "/chain", 1, timeout);
            await backend.WaitForMetricPointsAsync(point => IsOf(point.ResourceAttributes, service) && point.Name == "http.client.request.duration", 1, timeout);
            var received = (await backend.ReadMetricPointsAsync()).Where(point => IsOf(point.ResourceAttributes, service)).ToList();
            points = received.Where(IsCompared)
                .GroupBy(point => point.Name + " " + string.Join(", ", point.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={NormalisedItem.Describe(a.Value)}")))
                .Select(series => series.MaxBy(point => point.TimeUnixNano)!)
                .ToList();
            otherMetrics = received.Where(point => !IsComparedMetric(point.Name)).Select(point => point.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            // Without the metric waits, ten log batch delays more, so that a record the requests caused beyond each
            // trace's own (one carrying the raw query, say) has arrived as it would have there.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var logs = (await backend.ReadLogsAsync()).Where(record => IsOf(record.ResourceAttributes, service)).ToList();
        return new ModeObservation(server.Mode, server.Port, param, serverRequest, dice, chain, points, logs, otherMetrics);
    }

    private static bool IsOf(IReadOnlyDictionary<string, object> resource, string service) =>
        resource.GetValueOrDefault("service.name") as string == service;

    /// <summary>Runs the client with <paramref name="param"/> and waits for its two spans and <paramref name="serverSpans"/> more.</summary>
    private static async Task<ClientTrace> TraceOfClientAsync(
        ITelemetryBackend backend, int port, string param, int serverSpans, IReadOnlyDictionary<string, string> environment)
    {
        var (traceId, spanId) = await RunClientAsync(port, param, environment);
        await backend.WaitForSpansAsync(span => span.TraceId == traceId, 2 + serverSpans, TimeSpan.FromSeconds(30));
        var trace = (await backend.ReadSpansAsync()).Where(span => span.TraceId == traceId).ToList();
        var clientServer = trace.Single(span => span.SpanId == spanId);
        return new ClientTrace(clientServer, trace.Where(span => span.Service != clientServer.Service).ToList());
    }

    /// <summary>
    /// The modes started in a chain, each <c>/chain</c>'s <c>DOWNSTREAM_URL</c> the next mode (manual, auto, then
    /// programmatic's <c>/server_request</c>), and the client's request to the first: the trace id, the client's
    /// <c>client-server</c> span id, and the servers' spans in parent order.
    /// </summary>
    public static async Task<(string TraceId, string ClientServer, IReadOnlyList<ReceivedSpan> Spans)> TraceThroughAllModesAsync(
        ITelemetryBackend backend, IReadOnlyDictionary<string, string> environment, string param)
    {
        await ModeProcess.EnsureBuiltAsync();
        var servers = new List<ModeProcess>();
        try
        {
            string? downstream = null;
            foreach (var mode in Modes.Names.Reverse())
            {
                var settings = new Dictionary<string, string>(environment);
                if (downstream is not null)
                {
                    settings["DOWNSTREAM_URL"] = downstream;
                }

                servers.Add(await ModeProcess.StartAsync(mode, settings));
                // The last mode's /server_request answers; every other mode's /chain calls on.
                downstream = new Uri(servers[^1].BaseAddress, downstream is null ? "/" : "/chain").ToString();
            }

            var (traceId, spanId) = await RunClientAsync(servers[^1].Port, ChainPath(param), environment);
            var spans = await backend.WaitForSpansAsync(span => span.TraceId == traceId && Modes.All.Any(mode => mode.ServiceName == span.Service), (2 * Modes.Names.Count) - 1, TimeSpan.FromSeconds(30));
            var ordered = new List<ReceivedSpan>();
            for (var parent = spanId; spans.SingleOrDefault(span => span.ParentId == parent) is { } child; parent = child.SpanId)
            {
                ordered.Add(child);
            }

            return (traceId, spanId, ordered);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("client: trace_id=(?<trace>[0-9a-f]{32}) client-server span_id=(?<span>[0-9a-f]{16})")]
    private static partial Regex ClientIdsLine();
}

/// <summary>
/// A backend and every mode exporting to it over one OTLP protocol, started as a user starts them, each mode already
/// sent the client's three requests and what the backend received for them kept per mode; the backend and the
/// servers stay up for more requests until disposed. Compare and the equivalence suite both start the modes this way.
/// </summary>
public sealed class ComparedModes : IAsyncDisposable
{
    private ComparedModes(string protocol, ITelemetryBackend backend, IReadOnlyDictionary<string, string> environment)
    {
        Protocol = protocol;
        Backend = backend;
        Environment = environment;
    }

    public string Protocol { get; }

    public ITelemetryBackend Backend { get; }

    /// <summary>What every server was started with: the backend's <see cref="ITelemetryBackend.ExportTo"/>, and the caller's extra settings.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public IReadOnlyDictionary<string, ModeProcess> Servers { get; private set; } = new Dictionary<string, ModeProcess>();

    /// <summary>What each mode sent for the client's requests, in the order of <see cref="Modes.Names"/>.</summary>
    public IReadOnlyList<ModeObservation> Observations { get; private set; } = [];

    /// <summary>Starts the modes exporting to <paramref name="backend"/>, which is theirs to dispose from then on.</summary>
    public static async Task<ComparedModes> StartAsync(
        ITelemetryBackend backend, string protocol, string param, IReadOnlyDictionary<string, string>? extraEnvironment = null, Action<string>? progress = null)
    {
        var environment = backend.ExportTo(protocol);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var modes = new ComparedModes(protocol, backend, environment);
        try
        {
            await ModeProcess.EnsureBuiltAsync();
            progress?.Invoke($"{backend.Kind}: {backend.Addresses}; exporting {protocol}");
            var servers = await Task.WhenAll(Modes.Names.Select(mode => ModeProcess.StartAsync(mode, environment)));
            modes.Servers = servers.ToDictionary(server => server.Mode);
            foreach (var server in servers)
            {
                progress?.Invoke($"{server.Mode}: listening on {server.BaseAddress}");
            }

            var observations = new List<ModeObservation>();
            foreach (var server in servers)
            {
                observations.Add(await ModeComparison.ObserveAsync(backend, server, environment, param));
                progress?.Invoke(backend.ServesMetricPoints
                    ? $"{server.Mode}: client requests served, spans, metric points and log records received"
                    : $"{server.Mode}: client requests served, spans and log records received");
            }

            modes.Observations = observations;
            return modes;
        }
        catch
        {
            await modes.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers.Values)
        {
            await server.DisposeAsync();
        }

        await Backend.DisposeAsync();
    }
}
