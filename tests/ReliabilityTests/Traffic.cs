using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>What a batch of requests got: a trace id per request (each sent its own traceparent), statuses, latencies.</summary>
public sealed record Batch(IReadOnlyList<string> TraceIds, IReadOnlyList<int> Statuses, IReadOnlyList<double> LatenciesMilliseconds)
{
    public int Ok => Statuses.Count(status => status == 200);

    public string Latency =>
        LatenciesMilliseconds.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(0.5):0.0} ms, max {LatenciesMilliseconds.Max():0.0} ms");

    private double Percentile(double fraction) => LatenciesMilliseconds.Order().ElementAt((int)(fraction * (LatenciesMilliseconds.Count - 1)));
}

public static class Traffic
{
    public const string Secret = "s3cr3t-token";

    public const string SecretHeaders = $"authorization=Bearer {Secret}";

    /// <summary>Sends <paramref name="count"/> requests, <paramref name="parallel"/> at a time, each in its own trace.</summary>
    public static async Task<Batch> SendAsync(ModeProcess server, int count, int parallel = 1)
    {
        var traceIds = new string[count];
        var statuses = new int[count];
        var latencies = new double[count];
        using var client = ModeProcess.CreateClient();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (index, cancellationToken) =>
        {
            traceIds[index] = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, $"/server_request?param={index}"));
            request.Headers.Add("traceparent", $"00-{traceIds[index]}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var stopwatch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request, cancellationToken);
            latencies[index] = stopwatch.Elapsed.TotalMilliseconds;
            statuses[index] = (int)response.StatusCode;
        });
        return new Batch(traceIds, statuses, latencies);
    }

    /// <summary>
    /// Steady load for <paramref name="duration"/>: <paramref name="workers"/> loops each sending one request, each in its
    /// own trace, then pausing, so that the rate does not depend on how fast the machine is.
    /// </summary>
    public static async Task<Batch> SteadyAsync(ModeProcess server, TimeSpan duration, int workers, TimeSpan pause)
    {
        var requests = new List<(string TraceId, int Status, double Milliseconds)>();
        var load = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            using var client = ModeProcess.CreateClient();
            while (load.Elapsed < duration)
            {
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/server_request?param=steady"));
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                var stopwatch = Stopwatch.StartNew();
                using var response = await client.SendAsync(request);
                lock (requests)
                {
                    requests.Add((traceId, (int)response.StatusCode, stopwatch.Elapsed.TotalMilliseconds));
                }

                await Task.Delay(pause);
            }
        }));
        return new Batch(
            requests.Select(request => request.TraceId).ToList(),
            requests.Select(request => request.Status).ToList(),
            requests.Select(request => request.Milliseconds).ToList());
    }

    /// <summary>OTLP/gRPC to <paramref name="grpcPort"/> only, batched every 100 ms (metrics every 500 ms), with a token in the headers.</summary>
    public static Dictionary<string, string> Grpc(int grpcPort) => new()
    {
        ["OTEL_TRACES_EXPORTER"] = "otlp",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{grpcPort}",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = SecretHeaders,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>
    /// OTLP/HTTP (protobuf) to DataKit's paths on <paramref name="httpPort"/> (the exporter appends <c>/v1/traces</c>
    /// to the base), batched every 100 ms (metrics every 500 ms), with a token in the headers.
    /// </summary>
    public static Dictionary<string, string> HttpProtobuf(int httpPort) => new()
    {
        ["OTEL_TRACES_EXPORTER"] = "otlp",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{httpPort}/otel",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = SecretHeaders,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>Resident and peak resident memory of a process, in MiB, from /proc.</summary>
    public static (long RssMiB, long PeakMiB) Memory(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        long Field(string name) =>
            long.Parse(status.Single(line => line.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public static void AssertNoSecret(ModeProcess process) =>
        Assert.False(
            process.OutputLines.Concat(process.ErrorLines).Any(line => line.Contains(Secret, StringComparison.Ordinal)),
            $"{process.Mode} printed the token.\n{process.Transcript}");
}
