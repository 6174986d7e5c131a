using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.AspireDashboard;

/// <summary>
/// The Aspire dashboard started as a user starts it, <c>scripts/run-mode.sh dashboard</c>, in a real process on free
/// loopback ports (UI, OTLP/gRPC, OTLP/HTTP), with a reader of its telemetry API; the tests and <c>compare</c> start
/// it this way.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    // A cold first start of the dashboard (a single-file app of ~80 MB) takes a few seconds; this bounds a hang.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly HttpClient client;

    private DashboardProcess(ModeProcess process, IReadOnlyDictionary<string, string> environment)
    {
        Process = process;
        Environment = environment;
        client = new HttpClient { BaseAddress = new Uri(UiUrl), Timeout = TimeSpan.FromSeconds(30) };
        Reader = new DashboardTelemetryReader(client);
    }

    /// <summary>The <c>run-mode.sh dashboard</c> process, its output captured.</summary>
    public ModeProcess Process { get; }

    /// <summary>The dashboard's own variables it was started with: its three addresses.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string UiUrl => Environment["ASPNETCORE_URLS"];

    /// <summary>Where OTLP/gRPC exporters send.</summary>
    public string OtlpGrpcUrl => Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"];

    /// <summary>Where OTLP/HTTP exporters send (they append <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>).</summary>
    public string OtlpHttpUrl => Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"];

    public DashboardTelemetryReader Reader { get; }

    /// <summary>
    /// <c>run-mode.sh dashboard</c> on three free loopback ports, waited for until it prints that it listens on each
    /// of them (a free port taken by another process in between would not be this dashboard's).
    /// </summary>
    public static async Task<DashboardProcess> StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        };
        var process = await ModeProcess.LaunchAsync("dashboard", [], environment);
        try
        {
            foreach (var listening in new[]
            {
                "Now listening on: " + environment["ASPNETCORE_URLS"],
                "OTLP/gRPC listening on: " + environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"],
                "OTLP/HTTP listening on: " + environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"],
            })
            {
                await process.WaitForLineAsync(line => line.Contains(listening, StringComparison.Ordinal), StartTimeout);
            }
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new DashboardProcess(process, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        client.Dispose();
    }
}
