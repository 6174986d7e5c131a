using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// Whatever the endpoint does (down from the start, stopped mid-run, slow, answering errors), every mode keeps
/// serving every request, its memory stays bounded, it says why spans do not arrive without a secret or a stack trace,
/// and spans arrive again once the endpoint is back. Latencies are reported, never asserted.
/// </summary>
public sealed class EndpointFaultTests(ITestOutputHelper output)
{
    private const int RequestsPerPhase = 20;
    private const string FailureReport = "OpenTelemetry: telemetry may not reach the OTLP endpoint";

    // A server is about 100 MiB; unbounded buffering of failed exports would show as growth well past this.
    private const long MaxPeakMiB = 400;

    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    // Requests the server under test has answered 200 so far (xunit makes a new instance for each test).
    private int served;

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task OverGrpcTheServerOutlivesAnEndpointThatIsDownStoppedSlowOrUnavailable(string mode)
    {
        var grpcPort = LoopbackPorts.Free();
        var started = DateTime.UtcNow;
        await using var server = await ModeProcess.StartAsync(mode, Traffic.Grpc(grpcPort));
        var endpoint = default(DataKitEndpointServer);
        try
        {
            var memoryBefore = Traffic.Memory(server.ProcessId);
            await ServeAsync(server, "endpoint down from the start", endpoint: null);
            await server.WaitForLineAsync(line => line.StartsWith(FailureReport, StringComparison.Ordinal), Delivery);

            endpoint = await StartEndpointAsync(grpcPort, httpPort: 0);
            await ServeAsync(server, "endpoint back", endpoint);

            await endpoint.DisposeAsync();
            endpoint = null;
            await ServeAsync(server, "endpoint stopped mid-run", endpoint: null);
            endpoint = await StartEndpointAsync(grpcPort, httpPort: 0);
            await ServeAsync(server, "endpoint back after the stop", endpoint);

            endpoint.Faults = new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(3) };
            await ServeAsync(server, "endpoint answering after 3 s", endpoint);

            endpoint.Faults = new EndpointFaults { GrpcStatus = 14 };
            await ServeAsync(server, "endpoint answering UNAVAILABLE", endpoint: null);
            endpoint.ClearFaults();
            await ServeAsync(server, "endpoint healthy again", endpoint);

            await AssertHealthyAsync(server, memoryBefore, started, endpoint);
        }
        finally
        {
            if (endpoint is not null)
            {
                await endpoint.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task OverHttpTheServerOutlivesAnEndpointThatIsDownOrAnswers500Or503(string mode)
    {
        var httpPort = LoopbackPorts.Free();
        var started = DateTime.UtcNow;
        await using var server = await ModeProcess.StartAsync(mode, Traffic.HttpProtobuf(httpPort));
        var memoryBefore = Traffic.Memory(server.ProcessId);
        await ServeAsync(server, "endpoint down from the start", endpoint: null);
        await server.WaitForLineAsync(line => line.StartsWith(FailureReport, StringComparison.Ordinal), Delivery);

        await using var endpoint = await StartEndpointAsync(grpcPort: 0, httpPort);
        await ServeAsync(server, "endpoint back", endpoint);
        foreach (var status in new[] { 500, 503 })
        {
            endpoint.Faults = new EndpointFaults { HttpStatus = status };
            await ServeAsync(server, $"endpoint answering {status}", endpoint: null);
            endpoint.ClearFaults();
            await ServeAsync(server, $"endpoint healthy after {status}", endpoint);
        }

        await AssertHealthyAsync(server, memoryBefore, started, endpoint);
    }

    private static Task<DataKitEndpointServer> StartEndpointAsync(int grpcPort, int httpPort) =>
        DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = grpcPort, HttpPort = httpPort, PrintSpans = false });

    /// <summary>
    /// One phase: every request must be served; when <paramref name="endpoint"/> is given (healthy, or slow), every
    /// span and every log record of the phase must reach it exactly once.
    /// </summary>
    private async Task ServeAsync(ModeProcess server, string phase, DataKitEndpointServer? endpoint)
    {
        var batch = await Traffic.SendAsync(server, RequestsPerPhase);
        served += batch.Ok;
        Assert.True(batch.Ok == RequestsPerPhase, $"{phase}: {batch.Ok} of {RequestsPerPhase} requests served.\n{server.Transcript}");
        var delivered = "not awaited";
        if (endpoint is not null)
        {
            var traceIds = batch.TraceIds.ToHashSet();
            await endpoint.WaitForSpansAsync(span => traceIds.Contains(span.TraceId), RequestsPerPhase, Delivery);
            await endpoint.WaitForLogsAsync(record => traceIds.Contains(record.TraceId), RequestsPerPhase, Delivery);
            Assert.Equal(RequestsPerPhase, endpoint.ReceivedSpans.Count(span => traceIds.Contains(span.TraceId)));
            Assert.Equal(RequestsPerPhase, endpoint.ReceivedLogs.Count(record => traceIds.Contains(record.TraceId)));
            delivered = $"{RequestsPerPhase}/{RequestsPerPhase} spans and log records received";
        }

        var (rss, peak) = Traffic.Memory(server.ProcessId);
        output.WriteLine($"{server.Mode}, {phase}: {batch.Ok}/{RequestsPerPhase} served (200), {delivered}, latency {batch.Latency}, RSS {rss} MiB (peak {peak} MiB)");
    }

    /// <summary>
    /// After every phase, the endpoint healthy: the request-duration count, cumulative, reaches every request the
    /// server served, the faulty phases' included (metrics lose nothing that a later export does not carry again).
    /// </summary>
    private async Task AssertHealthyAsync(ModeProcess server, (long RssMiB, long PeakMiB) memoryBefore, DateTime started, DataKitEndpointServer endpoint)
    {
        var instance = endpoint.ReceivedSpans.First(span => span.Service == ModeLauncher.Modes.ServiceOf(server.Mode)).ResourceAttributes["service.instance.id"];
        await endpoint.WaitForMetricPointsAsync(
            point => point.Name == "http.server.request.duration" && Equals(point.ResourceAttributes["service.instance.id"], instance)
                && point.Attributes.GetValueOrDefault("http.route") as string == "/server_request" && point.Count == (ulong)served,
            1,
            Delivery);

        var memoryAfter = Traffic.Memory(server.ProcessId);
        var reports = server.ErrorLines.Count(line => line.StartsWith(FailureReport, StringComparison.Ordinal));
        output.WriteLine(
            $"{server.Mode}: RSS {memoryBefore.RssMiB} -> {memoryAfter.RssMiB} MiB, peak {memoryAfter.PeakMiB} MiB; " +
            $"{endpoint.Counters.SpansReceived} spans received by the last endpoint; {reports} failure report(s) on stderr");
        Assert.InRange(memoryAfter.PeakMiB, 1, MaxPeakMiB);
        Assert.InRange(reports, 1, 1 + (int)(DateTime.UtcNow - started).TotalMinutes);
        Assert.False(server.HasExited);
        Modes.AssertNoUnhandledException(server);
        Traffic.AssertNoSecret(server);
    }
}
