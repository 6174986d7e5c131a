using System.Diagnostics;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// A collector restart, as a deploy or a crash makes one: the endpoint process is stopped and started again on the
/// same ports while a mode serves a steady load. With run-mode.sh's defaults every span and log record of every
/// request arrives exactly once, and the request-duration histogram's cumulative count reaches the number of requests.
/// </summary>
public sealed class EndpointRestartTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan BeforeRestart = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(15);

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task NothingIsLostOrDuplicatedWhenTheEndpointRestarts(string mode)
    {
        var endpoint = new EndpointProcess();
        await endpoint.InitializeAsync();
        try
        {
            // One server per OTLP protocol, both exporting to the one endpoint that restarts.
            var servers = await Task.WhenAll(
                ModeProcess.StartAsync(mode, Delivered.Tagged(Traffic.Grpc(endpoint.GrpcPort), "grpc")),
                ModeProcess.StartAsync(mode, Delivered.Tagged(Traffic.HttpProtobuf(endpoint.HttpPort), "http")));
            await using var grpc = servers[0];
            await using var http = servers[1];
            var loads = servers.Select(server => Traffic.SteadyAsync(server, Load, Workers / 2, Pause)).ToList();
            await Task.Delay(BeforeRestart);
            var down = Stopwatch.StartNew();
            await endpoint.RestartAsync(Downtime);
            down.Stop();
            var sent = await Task.WhenAll(loads);
            var exitCodes = await Task.WhenAll(servers.Select(server => server.StopAsync(Signals.SigTerm)));

            foreach (var (server, protocol, index) in new[] { (grpc, "grpc", 0), (http, "http/protobuf", 1) })
            {
                var delivery = await Delivered.WaitAsync(endpoint, sent[index], protocol == "grpc" ? "grpc" : "http", Delivery);
                output.WriteLine($"{mode} over {protocol}, endpoint down {down.Elapsed.TotalSeconds:0.0} s: {delivery}; exit code {exitCodes[index]}");
                Assert.Equal(sent[index].TraceIds.Count, sent[index].Ok);
                Assert.True(delivery.Kept(protocol), $"{mode} over {protocol}: {delivery}\n{server.Transcript}");
                Assert.Equal(0, exitCodes[index]);
                Modes.AssertNoUnhandledException(server);
            }
        }
        finally
        {
            await endpoint.DisposeAsync();
        }
    }
}

/// <summary>What reached the endpoint of the requests sent: spans and log records per trace, and the cumulative request count.</summary>
public sealed record Delivered(int Requests, int SpansLost, int SpansTwice, int LogsLost, int LogsTwice, ulong CountedRequests)
{
    public bool NothingLostOrTwice => SpansLost == 0 && SpansTwice == 0 && LogsLost == 0 && LogsTwice == 0 && CountedRequests == (ulong)Requests;

    /// <summary>
    /// Over gRPC, the 1.20.1 exporter does not retry an export that was on the HTTP/2 connection when the endpoint closed
    /// it (the server's GOAWAY), so that one batch may be lost: nothing twice, the request count reached, and at most a
    /// twentieth of the requests' spans and records missing (without the retry, more than half went missing).
    /// </summary>
    public bool WithinTheGrpcLimit =>
        SpansTwice == 0 && LogsTwice == 0 && CountedRequests == (ulong)Requests && SpansLost <= Requests / 20 && LogsLost <= Requests / 20;

    /// <summary>What the retry promises on <paramref name="protocol"/>: nothing lost over OTLP/HTTP, at most the in-flight batch over gRPC.</summary>
    public bool Kept(string protocol) => protocol == "grpc" ? WithinTheGrpcLimit : NothingLostOrTwice;

    private const string ServerTag = "lab.server";

    /// <summary>The environment with a resource attribute that tells this server's metric points apart from another's.</summary>
    public static Dictionary<string, string> Tagged(Dictionary<string, string> environment, string server)
    {
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"{ServerTag}={server}";
        return environment;
    }

    /// <summary>Waits until everything sent by the server tagged <paramref name="server"/> arrived, or the timeout passes, and counts what did.</summary>
    public static async Task<Delivered> WaitAsync(EndpointProcess endpoint, Batch sent, string server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var delivered = Count(
                sent.TraceIds,
                EndpointProcess.TraceIds(endpoint.SpanLines),
                EndpointProcess.TraceIds(endpoint.LogLines.Where(line => line.Contains("Serving param", StringComparison.Ordinal))),
                endpoint.CumulativeCount("http.server.request.duration", "/server_request", $"{ServerTag.Replace('.', '_')}={server}"));
            if (delivered.NothingLostOrTwice || DateTime.UtcNow > deadline)
            {
                return delivered;
            }

            await Task.Delay(200);
        }
    }

    public static Delivered Count(IReadOnlyCollection<string> sent, IEnumerable<string> spanTraceIds, IEnumerable<string> logTraceIds, ulong countedRequests)
    {
        var wanted = sent.ToHashSet();
        var spans = spanTraceIds.Where(wanted.Contains).ToList();
        var logs = logTraceIds.Where(wanted.Contains).ToList();
        var spanTraces = spans.ToHashSet();
        var logTraces = logs.ToHashSet();
        return new Delivered(
            wanted.Count, wanted.Count - spanTraces.Count, spans.Count - spanTraces.Count, wanted.Count - logTraces.Count, logs.Count - logTraces.Count, countedRequests);
    }

    public override string ToString() =>
        $"{Requests} requests: spans {SpansLost} lost, {SpansTwice} twice; log records {LogsLost} lost, {LogsTwice} twice; " +
        $"request count {CountedRequests} of {Requests}";
}
