using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.AspireDashboard;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.DashboardTests;

/// <summary>
/// The Aspire dashboard started as <c>run-mode.sh dashboard</c> starts it, on free loopback ports, and the three
/// modes exporting to it over OTLP/gRPC, each already sent <c>/server_request?param=dashboard</c> with a
/// <c>traceparent</c> and then <c>/rolldice?player=alice</c>; what the dashboard then reports is kept per mode.
/// </summary>
public sealed class ModesExportingToTheDashboard : IAsyncLifetime
{
    public const string UserAgent = "dashboard-tests";

    public static IReadOnlyDictionary<string, string> Services { get; } = Modes.All.ToDictionary(mode => mode.Name, mode => mode.ServiceName);

    // A cold first start of the dashboard (a single-file app of ~80 MB) takes a few seconds; this bounds a hang.
    private static readonly TimeSpan DashboardStartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan TelemetryTimeout = TimeSpan.FromSeconds(60);

    private readonly List<ModeProcess> servers = [];
    private readonly HttpClient dashboardClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ModeProcess Dashboard { get; private set; } = null!;

    /// <summary>The dashboard's own variables it was started with: its three addresses.</summary>
    public IReadOnlyDictionary<string, string> DashboardEnvironment { get; private set; } = new Dictionary<string, string>();

    public DashboardTelemetryReader Reader { get; private set; } = null!;

    public IReadOnlyDictionary<string, ModeRun> Runs { get; private set; } = new Dictionary<string, ModeRun>();

    public async Task InitializeAsync()
    {
        await ModeProcess.EnsureBuiltAsync();
        var (ui, grpc, http) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        DashboardEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}",
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}",
        };
        Dashboard = await StartDashboardAsync(DashboardEnvironment);
        dashboardClient.BaseAddress = new Uri($"http://127.0.0.1:{ui}");
        Reader = new DashboardTelemetryReader(dashboardClient);

        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{grpc}",
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

        dashboardClient.Dispose();
    }

    /// <summary>
    /// <c>run-mode.sh dashboard</c> with the given dashboard variables, waited for until it prints that it listens
    /// on each of them (a free port taken by another process in between would not be this dashboard's).
    /// </summary>
    public static async Task<ModeProcess> StartDashboardAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dashboard = await ModeProcess.LaunchAsync("dashboard", [], environment);
        try
        {
            foreach (var listening in new[]
            {
                "Now listening on: " + environment["ASPNETCORE_URLS"],
                "OTLP/gRPC listening on: " + environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"],
                "OTLP/HTTP listening on: " + environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"],
            })
            {
                await dashboard.WaitForLineAsync(line => line.Contains(listening, StringComparison.Ordinal), DashboardStartTimeout);
            }
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }

        return dashboard;
    }

    private async Task<ModeRun> SendRequestsAsync(ModeProcess server)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var request = await server.GetAsync("/server_request?param=dashboard", UserAgent, $"00-{traceId}-{parentSpanId}-01");
        Assert.True(request.Status == System.Net.HttpStatusCode.OK, $"{server.Mode}: /server_request answered {request.Status}.\n{server.Transcript}");
        var dice = await server.GetAsync("/rolldice?player=alice", UserAgent);
        Assert.True(dice.Status == System.Net.HttpStatusCode.OK, $"{server.Mode}: /rolldice answered {dice.Status}.\n{server.Transcript}");

        var service = Services[server.Mode];
        var deadline = DateTime.UtcNow + TelemetryTimeout;
        while (true)
        {
            var run = await ReadRunAsync(server, service, traceId, parentSpanId, dice.Body);
            // Both server spans, the dice's own span and a log record in each trace: what every mode sends.
            if (run.ServerRequestTrace.Count >= 1 && run.DiceTrace.Count >= 2 && run.ServerRequestLogs.Count >= 1 && run.DiceLogs.Count >= 1)
            {
                // Ten batch intervals more, for anything a mode sends beyond that and the comparison should see.
                await Task.Delay(1000);
                return await ReadRunAsync(server, service, traceId, parentSpanId, dice.Body);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The dashboard did not show {server.Mode}'s telemetry within {TelemetryTimeout}: {run}.\n{server.Transcript}\n{Dashboard.Transcript}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<ModeRun> ReadRunAsync(ModeProcess server, string service, string traceId, string parentSpanId, string diceRoll)
    {
        var spans = await Reader.ReadSpansAsync(resource: service);
        var logs = await Reader.ReadLogsAsync(resource: service);
        var diceTraceId = spans.FirstOrDefault(span => span.Name == "GET /rolldice")?.TraceId;
        return new ModeRun(
            server,
            service,
            traceId,
            parentSpanId,
            diceRoll,
            spans.Where(span => span.TraceId == traceId).OrderBy(span => span.StartTimeUnixNano).ToList(),
            spans.Where(span => span.TraceId == diceTraceId).OrderBy(span => span.StartTimeUnixNano).ToList(),
            logs.Where(record => record.TraceId == traceId).OrderBy(record => record.TimeUnixNano).ToList(),
            logs.Where(record => record.TraceId == diceTraceId).OrderBy(record => record.TimeUnixNano).ToList());
    }
}

/// <summary>
/// What the dashboard reports for one mode's two requests, each trace's spans and log records in time order, and
/// the roll <c>/rolldice</c> answered.
/// </summary>
public sealed record ModeRun(
    ModeProcess Server,
    string Service,
    string TraceId,
    string ParentSpanId,
    string DiceRoll,
    IReadOnlyList<DashboardSpan> ServerRequestTrace,
    IReadOnlyList<DashboardSpan> DiceTrace,
    IReadOnlyList<ReceivedLogRecord> ServerRequestLogs,
    IReadOnlyList<ReceivedLogRecord> DiceLogs)
{
    public string Port => Server.Port.ToString(CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"{ServerRequestTrace.Count} span(s) and {ServerRequestLogs.Count} log record(s) in the /server_request trace, "
        + $"{DiceTrace.Count} span(s) and {DiceLogs.Count} log record(s) in the /rolldice trace";
}
