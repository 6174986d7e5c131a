using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.AspireDashboard;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.DashboardTests;

/// <summary>
/// The Aspire dashboard started as <c>run-mode.sh dashboard</c> starts it, on free loopback ports, and the three
/// modes exporting to it over OTLP/gRPC, each already sent <c>/server_request?param=dashboard</c> with a
/// <c>traceparent</c>, then <c>/rolldice?player=alice</c> and <c>/chain?param=dashboard</c> (the hop to its own
/// <c>/server_request</c>); what the dashboard then reports is kept per mode.
/// </summary>
public sealed class ModesExportingToTheDashboard : IAsyncLifetime
{
    public const string UserAgent = "dashboard-tests";

    public const string ChainPath = "/chain?param=dashboard";

    public static IReadOnlyDictionary<string, string> Services { get; } = Modes.All.ToDictionary(mode => mode.Name, mode => mode.ServiceName);

    private static readonly TimeSpan TelemetryTimeout = TimeSpan.FromSeconds(60);

    private readonly List<ModeProcess> servers = [];

    public DashboardProcess Dashboard { get; private set; } = null!;

    public DashboardTelemetryReader Reader => Dashboard.Reader;

    public IReadOnlyDictionary<string, ModeRun> Runs { get; private set; } = new Dictionary<string, ModeRun>();

    public async Task InitializeAsync()
    {
        Dashboard = await DashboardProcess.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Dashboard.OtlpGrpcUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        };
        servers.AddRange(await Task.WhenAll(Services.Keys.Select(mode => ModeProcess.StartAsync(mode, environment))));

        var runs = new Dictionary<string, ModeRun>();
        foreach (var server in servers)
        {
            runs[server.Mode] = await SendRequestsAsync(server);
        }

        Runs = runs;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }
    }

    private async Task<ModeRun> SendRequestsAsync(ModeProcess server)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var request = await server.GetAsync("/server_request?param=dashboard", UserAgent, $"00-{traceId}-{parentSpanId}-01");
        Assert.True(request.Status == System.Net.HttpStatusCode.OK, $"{server.Mode}: /server_request answered {request.Status}.\n{server.Transcript}");
        var dice = await server.GetAsync("/rolldice?player=alice", UserAgent);
        Assert.True(dice.Status == System.Net.HttpStatusCode.OK, $"{server.Mode}: /rolldice answered {dice.Status}.\n{server.Transcript}");
        var chainTraceId = ActivityTraceId.CreateRandom().ToHexString();
        var chain = await server.GetAsync(ChainPath, UserAgent, $"00-{chainTraceId}-{parentSpanId}-01");
        Assert.True(chain.Status == System.Net.HttpStatusCode.OK, $"{server.Mode}: /chain answered {chain.Status}.\n{server.Transcript}");

        var service = Services[server.Mode];
        // Every server span, the dice's own span, the hop's client span and a log record in each trace: what every mode sends.
        await Reader.WaitForSpansAsync(span => span.Service == service && span.TraceId == traceId, 1, TelemetryTimeout);
        await Reader.WaitForSpansAsync(span => span.Service == service && span.Resource is "GET /rolldice" or "roll", 2, TelemetryTimeout);
        await Reader.WaitForSpansAsync(span => span.Service == service && span.TraceId == chainTraceId, 3, TelemetryTimeout);
        foreach (var trace in new[] { traceId, chainTraceId })
        {
            await Reader.WaitForLogsAsync(record => record.Service == service && record.TraceId == trace, 1, TelemetryTimeout);
        }

        await Reader.WaitForLogsAsync(record => record.Service == service && record.ScopeName == "ServerEndpoints.DiceRoller", 1, TelemetryTimeout);
        // Ten batch intervals more, for anything a mode sends beyond that and the comparison should see.
        await Task.Delay(1000);
        var spans = await Reader.ReadSpansAsync(resource: service);
        var logs = await Reader.ReadLogsAsync(resource: service);
        var diceTraceId = spans.First(span => span.Resource == "GET /rolldice").TraceId;
        List<ReceivedSpan> Trace(string id) => spans.Where(span => span.TraceId == id).OrderBy(span => span.Start).ToList();
        List<ReceivedLogRecord> Logs(string id) => logs.Where(record => record.TraceId == id).OrderBy(record => record.TimeUnixNano).ToList();
        return new ModeRun(
            server, service, traceId, parentSpanId, dice.Body, chainTraceId,
            Trace(traceId), Trace(diceTraceId), Trace(chainTraceId), Logs(traceId), Logs(diceTraceId), Logs(chainTraceId));
    }
}

/// <summary>
/// What the dashboard reports for one mode's three requests, each trace's spans and log records in time order, and
/// the roll <c>/rolldice</c> answered.
/// </summary>
public sealed record ModeRun(
    ModeProcess Server,
    string Service,
    string TraceId,
    string ParentSpanId,
    string DiceRoll,
    string ChainTraceId,
    IReadOnlyList<ReceivedSpan> ServerRequestTrace,
    IReadOnlyList<ReceivedSpan> DiceTrace,
    IReadOnlyList<ReceivedSpan> ChainTrace,
    IReadOnlyList<ReceivedLogRecord> ServerRequestLogs,
    IReadOnlyList<ReceivedLogRecord> DiceLogs,
    IReadOnlyList<ReceivedLogRecord> ChainLogs)
{
    public string Port => Server.Port.ToString(CultureInfo.InvariantCulture);
}
