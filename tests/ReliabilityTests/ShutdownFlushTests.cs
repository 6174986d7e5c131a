using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>One endpoint for every shutdown test; each test tells its spans apart by trace id.</summary>
public sealed class SharedEndpoint : IAsyncLifetime
{
    public DataKitEndpointServer Endpoint { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });

    public async Task DisposeAsync() => await Endpoint.DisposeAsync();
}

/// <summary>
/// SIGTERM or SIGINT right after a burst of requests, with the default 5 s batch delay: every finished span,
/// every log record and a final metric export (the default interval is a minute: this is the only one) have reached
/// the endpoint by the time the process has exited, with exit code 0.
/// </summary>
public sealed class ShutdownFlushTests(SharedEndpoint shared, ITestOutputHelper output) : IClassFixture<SharedEndpoint>
{
    private const int Burst = 50;

    [Theory]
    [InlineData("manual", Signals.SigTerm, "grpc")]
    [InlineData("auto", Signals.SigTerm, "grpc")]
    [InlineData("programmatic", Signals.SigTerm, "grpc")]
    [InlineData("manual", Signals.SigInt, "http/protobuf")]
    [InlineData("auto", Signals.SigInt, "http/protobuf")]
    [InlineData("programmatic", Signals.SigInt, "http/protobuf")]
    public async Task EverySpanOfABurstIsDeliveredBeforeTheProcessExits(string mode, int signal, string protocol)
    {
        var endpoint = shared.Endpoint;
        var environment = protocol == "grpc" ? Traffic.Grpc(endpoint.GrpcPort) : Traffic.HttpProtobuf(endpoint.HttpPort);
        foreach (var shortened in new[] { "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL" })
        {
            environment.Remove(shortened);
        }

        await using var server = await ModeProcess.StartAsync(mode, environment);

        var batch = await Traffic.SendAsync(server, Burst, parallel: 8);
        var exitCode = await server.StopAsync(signal);

        var traceIds = batch.TraceIds.ToHashSet();
        var spans = endpoint.ReceivedSpans.Where(span => traceIds.Contains(span.TraceId)).ToList();
        var logs = endpoint.ReceivedLogs.Count(record => traceIds.Contains(record.TraceId) && record.Attributes.ContainsKey("param"));
        var instance = spans.FirstOrDefault()?.ResourceAttributes["service.instance.id"];
        var duration = endpoint.ReceivedMetricPoints.LastOrDefault(point =>
            point.Name == "http.server.request.duration" && Equals(point.ResourceAttributes["service.instance.id"], instance)
            && point.Attributes.GetValueOrDefault("http.route") as string == "/server_request");
        output.WriteLine($"{mode}, signal {signal}, {protocol}: {batch.Ok}/{Burst} served, {spans.Count} spans, {logs} log records, "
            + $"request count {duration?.Count} received before exit, exit code {exitCode}");
        Assert.Equal(Burst, batch.Ok);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Transcript}");
        Assert.Equal(Burst, spans.Count);
        Assert.Equal(Burst, logs);
        Assert.Equal((ulong)Burst, duration?.Count);
        Modes.AssertNoUnhandledException(server);
    }
}
