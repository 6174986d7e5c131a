using InstrumentationModes.AspireDashboard;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.Compare;

/// <summary>
/// Where the modes export and how what arrived is read back, as the endpoint's own records, so that one comparison
/// (<see cref="ModeComparison"/>, <see cref="NormalisedTelemetry"/>) runs over any backend.
/// </summary>
public interface ITelemetryBackend : IAsyncDisposable
{
    /// <summary>What it is in a word, as <c>compare --backend</c> names it: <c>endpoint</c> or <c>dashboard</c>.</summary>
    string Kind { get; }

    /// <summary>How the listing's heading names it, e.g. <c>the DataKit-style endpoint</c>.</summary>
    string Name { get; }

    /// <summary>Its addresses, for the progress line.</summary>
    string Addresses { get; }

    /// <summary>Whether it gives metric points back; when not, the metric methods throw <see cref="NotSupportedException"/>.</summary>
    bool ServesMetricPoints { get; }

    /// <summary>The settings that make a mode export every signal to it over <paramref name="protocol"/>.</summary>
    Dictionary<string, string> ExportTo(string protocol);

    Task<IReadOnlyList<ReceivedSpan>> ReadSpansAsync();

    Task<IReadOnlyList<ReceivedLogRecord>> ReadLogsAsync();

    Task<IReadOnlyList<ReceivedMetricPoint>> ReadMetricPointsAsync();

    /// <summary>Waits until <paramref name="count"/> spans match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout);

    /// <summary>Waits until <paramref name="count"/> log records match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout);

    /// <summary>Waits until <paramref name="count"/> metric points match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    Task<IReadOnlyList<ReceivedMetricPoint>> WaitForMetricPointsAsync(Func<ReceivedMetricPoint, bool> predicate, int count, TimeSpan timeout);
}

/// <summary>The lab's DataKit-style endpoint, on free loopback ports, with the test collector keeping what it accepts.</summary>
public sealed class EndpointBackend : ITelemetryBackend
{
    private EndpointBackend(DataKitEndpointServer endpoint) => Endpoint = endpoint;

    public DataKitEndpointServer Endpoint { get; }

    public string Name => "the DataKit-style endpoint";

    public string Kind => "endpoint";

    public string Addresses => $"gRPC {Endpoint.GrpcUrl}, HTTP {Endpoint.HttpUrl}/otel";

    public bool ServesMetricPoints => true;

    public static async Task<EndpointBackend> StartAsync() =>
        new(await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false }));

    /// <summary>gRPC to its gRPC port, or http/protobuf to DataKit's paths (the exporters append <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c> to <c>/otel</c>).</summary>
    public Dictionary<string, string> ExportTo(string protocol) =>
        ModeComparison.ExportTo(protocol, protocol == "grpc" ? Endpoint.GrpcUrl : Endpoint.HttpUrl + "/otel");

    public Task<IReadOnlyList<ReceivedSpan>> ReadSpansAsync() => Task.FromResult(Endpoint.ReceivedSpans);

    public Task<IReadOnlyList<ReceivedLogRecord>> ReadLogsAsync() => Task.FromResult(Endpoint.ReceivedLogs);

    public Task<IReadOnlyList<ReceivedMetricPoint>> ReadMetricPointsAsync() => Task.FromResult(Endpoint.ReceivedMetricPoints);

    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout) =>
        Endpoint.WaitForSpansAsync(predicate, count, timeout);

    public Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout) =>
        Endpoint.WaitForLogsAsync(predicate, count, timeout);

    public Task<IReadOnlyList<ReceivedMetricPoint>> WaitForMetricPointsAsync(Func<ReceivedMetricPoint, bool> predicate, int count, TimeSpan timeout) =>
        Endpoint.WaitForMetricPointsAsync(predicate, count, timeout);

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();
}

/// <summary>
/// The Aspire dashboard, started as <c>run-mode.sh dashboard</c> on free loopback ports, read through its telemetry
/// API: every attribute value comes back as a string, and no metric point comes back at all.
/// </summary>
public sealed class DashboardBackend : ITelemetryBackend
{
    private DashboardBackend(DashboardProcess dashboard) => Dashboard = dashboard;

    public DashboardProcess Dashboard { get; }

    public string Name => "the Aspire dashboard";

    public string Kind => "dashboard";

    public string Addresses => $"UI {Dashboard.UiUrl}, OTLP/gRPC {Dashboard.OtlpGrpcUrl}, OTLP/HTTP {Dashboard.OtlpHttpUrl}";

    public bool ServesMetricPoints => false;

    public static async Task<DashboardBackend> StartAsync() => new(await DashboardProcess.StartAsync());

    public Dictionary<string, string> ExportTo(string protocol) =>
        ModeComparison.ExportTo(protocol, protocol == "grpc" ? Dashboard.OtlpGrpcUrl : Dashboard.OtlpHttpUrl);

    public Task<IReadOnlyList<ReceivedSpan>> ReadSpansAsync() => Dashboard.Reader.ReadSpansAsync();

    public Task<IReadOnlyList<ReceivedLogRecord>> ReadLogsAsync() => Dashboard.Reader.ReadLogsAsync();

    public Task<IReadOnlyList<ReceivedMetricPoint>> ReadMetricPointsAsync() => throw NoMetrics();

    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout) =>
        Dashboard.Reader.WaitForSpansAsync(predicate, count, timeout);

    public Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout) =>
        Dashboard.Reader.WaitForLogsAsync(predicate, count, timeout);

    public Task<IReadOnlyList<ReceivedMetricPoint>> WaitForMetricPointsAsync(Func<ReceivedMetricPoint, bool> predicate, int count, TimeSpan timeout) =>
        throw NoMetrics();

    /// <summary>
    /// The services whose resource the dashboard reports metrics received for (<c>HasMetrics</c>), in name order, once
    /// every mode's is among them or, if that never comes, after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ServicesWithMetricsAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var services = (await Dashboard.Reader.ReadResourcesAsync())
                .Where(resource => resource.HasMetrics).Select(resource => resource.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            if (Modes.All.All(mode => services.Contains(mode.ServiceName)) || DateTime.UtcNow > deadline)
            {
                return services;
            }

            await Task.Delay(DashboardTelemetryReader.PollInterval);
        }
    }

    public ValueTask DisposeAsync() => Dashboard.DisposeAsync();

    private static NotSupportedException NoMetrics() => new("The Aspire dashboard's telemetry API serves no metrics (/api/telemetry/metrics is a 404).");
}
