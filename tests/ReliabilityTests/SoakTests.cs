using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// Each mode under steady load with the endpoint restarted once in the middle: every request served, nothing crashes,
/// nothing twice and nothing lost but what the gRPC exporter cannot retry (see <see cref="Delivered.WithinTheGrpcLimit"/>),
/// the cumulative request count reached, and a clean stop. Figures (requests,
/// spans delivered, memory, latency) are reported. <c>RELIABILITY_SOAK_SECONDS</c> sets the length (6 s by default, for CI).
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const string DurationVariable = "RELIABILITY_SOAK_SECONDS";
    private const int Workers = 4;

    // Each worker paces itself so that the load is steady (about 200 requests/s) rather than as fast as the machine allows.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan EndpointDowntime = TimeSpan.FromSeconds(1);
    private const long MaxPeakMiB = 400;

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task UnderSteadyLoadWithTheEndpointRestartedEverythingIsServedAndNothingCrashes(string mode)
    {
        var duration = TimeSpan.FromSeconds(
            int.TryParse(Environment.GetEnvironmentVariable(DurationVariable), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 6);
        var grpcPort = LoopbackPorts.Free();
        var endpoint = await StartEndpointAsync(grpcPort);
        var received = new List<ReceivedSpan>();
        var receivedLogs = new List<ReceivedLogRecord>();
        var receivedPoints = new List<ReceivedMetricPoint>();
        await using var server = await ModeProcess.StartAsync(mode, Traffic.Grpc(grpcPort));
        var memoryBefore = Traffic.Memory(server.ProcessId);
        var requests = new List<(string TraceId, int Status, double Milliseconds, bool AfterRestart)>();
        var restarted = false;
        var load = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            using var client = ModeProcess.CreateClient();
            while (load.Elapsed < duration)
            {
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                var afterRestart = Volatile.Read(ref restarted);
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/server_request?param=soak"));
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                var stopwatch = Stopwatch.StartNew();
                using var response = await client.SendAsync(request);
                lock (requests)
                {
                    requests.Add((traceId, (int)response.StatusCode, stopwatch.Elapsed.TotalMilliseconds, afterRestart));
                }

                await Task.Delay(Pause);
            }
        }).ToList();

        await Task.Delay(duration / 2);
        Collect(endpoint);
        await endpoint.DisposeAsync();
        await Task.Delay(EndpointDowntime);
        endpoint = await StartEndpointAsync(grpcPort);
        Volatile.Write(ref restarted, true);
        await Task.WhenAll(workers);
        var memoryAfter = Traffic.Memory(server.ProcessId);
        var exitCode = await server.StopAsync(Signals.SigTerm);
        Collect(endpoint);
        await endpoint.DisposeAsync();

        var sent = requests.Select(request => request.TraceId).ToHashSet();
        var delivered = received.Where(span => sent.Contains(span.TraceId)).ToList();
        var deliveredTraces = delivered.Select(span => span.TraceId).ToHashSet();
        var served = requests.Count(request => request.Status == 200);
        var latencies = new Batch([], [], requests.Select(request => request.Milliseconds).ToList());
        var delivery = Delivered.Count(
            sent,
            received.Select(span => span.TraceId),
            receivedLogs.Where(log => log.Message.Contains("Serving param", StringComparison.Ordinal)).Select(log => log.TraceId),
            CumulativeRequests(receivedPoints));
        output.WriteLine(
            $"{mode}, {duration.TotalSeconds:0} s, endpoint down {EndpointDowntime.TotalSeconds:0} s in the middle: {requests.Count} requests, {served} served (200), " +
            $"{delivered.Count} spans delivered; {delivery}; " +
            $"RSS {memoryBefore.RssMiB} -> {memoryAfter.RssMiB} MiB (peak {memoryAfter.PeakMiB} MiB); latency {latencies.Latency}; exit code {exitCode}");

        Assert.Equal(requests.Count, served);
        Assert.True(delivery.Kept("grpc"), $"{delivery}\n{server.Transcript}");
        Assert.Contains(requests, request => request.AfterRestart && deliveredTraces.Contains(request.TraceId));
        Assert.InRange(memoryAfter.PeakMiB, 1, MaxPeakMiB);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Transcript}");
        Modes.AssertNoUnhandledException(server);

        void Collect(DataKitEndpointServer from)
        {
            received.AddRange(from.ReceivedSpans);
            receivedLogs.AddRange(from.ReceivedLogs);
            receivedPoints.AddRange(from.ReceivedMetricPoints);
        }
    }

    // The request-duration histogram's cumulative count of the route, at the last export of each series.
    private static ulong CumulativeRequests(IEnumerable<ReceivedMetricPoint> points) => points
        .Where(point => point.Name == "http.server.request.duration" && Equals(point.Attributes.GetValueOrDefault("http.route"), "/server_request"))
        .GroupBy(point => string.Join(',', point.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")))
        .Aggregate(0UL, (sum, series) => sum + series.Max(point => point.Count ?? 0));

    private static Task<DataKitEndpointServer> StartEndpointAsync(int grpcPort) =>
        DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = grpcPort, HttpPort = 0, PrintSpans = false });
}
