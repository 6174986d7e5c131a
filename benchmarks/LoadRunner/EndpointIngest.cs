using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>How the ingest benchmark sends its batches: as the SDK's two OTLP exporters do.</summary>
public enum IngestTransport
{
    Grpc,
    HttpProtobuf,
}

/// <summary>Where the ingest benchmark sends, and how to read the endpoint's CPU time so far (null when unknown).</summary>
public sealed record IngestTarget(Uri GrpcUrl, Uri HttpTracesUrl, Func<TimeSpan?> EndpointCpuTime);

/// <summary>
/// The endpoint's ingest rate: several senders post the same prepared OTLP trace batch over one transport
/// for a fixed time, each waiting for its answer before the next; spans accepted over the measured part, against the
/// endpoint's CPU time over the same part, is the rate per core. A batch is accepted when the endpoint has decoded and
/// kept every span of it (it answers after that), so the count needs nothing from inside the endpoint.
/// </summary>
public static class EndpointIngest
{
    /// <summary>Concurrent senders, each with its own connection, like as many servers exporting.</summary>
    public const int Senders = 4;

    /// <summary>The target: the endpoint ingests at least this many spans per second per core.</summary>
    public const double TargetSpansPerCoreSecond = 200_000;

    public const string GrpcExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    public static string Name(IngestTransport transport) => transport == IngestTransport.Grpc ? "grpc" : "http/protobuf";

    /// <summary>Sends for <paramref name="warmup"/> (not counted), then measures for <paramref name="duration"/>.</summary>
    public static async Task<IngestRun> MeasureAsync(
        int round, IngestTransport transport, IngestTarget target, IMessage batch, int spansPerBatch, int senders, TimeSpan warmup, TimeSpan duration, Action<string>? status = null)
    {
        var body = transport == IngestTransport.Grpc ? IngestBatch.GrpcFrame(batch) : batch.ToByteArray();
        var counters = new IngestCounters();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, senders).Select(_ => Client()).ToList();
        try
        {
            var sending = clients.Select(client => SendUntilStoppedAsync(client, transport, target, body, counters, stop.Token)).ToList();
            status?.Invoke("warming up");
            await Task.Delay(warmup);
            status?.Invoke("measuring");
            var (okBefore, failedBefore) = counters.Read();
            var cpuBefore = target.EndpointCpuTime();
            var clock = Stopwatch.StartNew();
            await Task.Delay(duration);
            var (okAfter, failedAfter) = counters.Read();
            var cpuAfter = target.EndpointCpuTime();
            var measured = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(sending);
            var (okTotal, failedTotal) = counters.Read();
            return new IngestRun(
                round,
                transport,
                spansPerBatch,
                measured,
                okAfter - okBefore,
                failedAfter - failedBefore,
                cpuAfter - cpuBefore,
                okTotal,
                failedTotal,
                counters.FirstFailure);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private static HttpClient Client() =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = null, MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task SendUntilStoppedAsync(HttpClient client, IngestTransport transport, IngestTarget target, byte[] body, IngestCounters counters, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // A batch already sent is always answered and counted: stopping only keeps the next one from starting.
            string? failure;
            try
            {
                failure = await SendAsync(client, transport, target, body);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                failure = exception.GetType().Name;
            }

            counters.Count(failure);
        }
    }

    /// <summary>Sends one batch; null when the endpoint accepted it, else why not.</summary>
    private static async Task<string?> SendAsync(HttpClient client, IngestTransport transport, IngestTarget target, byte[] body)
    {
        var content = new ByteArrayContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, transport == IngestTransport.Grpc ? new Uri(target.GrpcUrl, GrpcExportPath) : target.HttpTracesUrl)
        {
            Content = content,

            // gRPC needs HTTP/2, here without TLS (h2c, prior knowledge); the SDK's OTLP/HTTP exporter uses HTTP/1.1.
            Version = transport == IngestTransport.Grpc ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (transport == IngestTransport.Grpc)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        }
        else
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        }

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }

        if (transport == IngestTransport.HttpProtobuf)
        {
            return null;
        }

        // gRPC puts its status in the trailers, or in the headers of a trailers-only answer.
        var grpcStatus = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First() : null;
        return grpcStatus == "0" ? null : $"grpc-status {grpcStatus ?? "missing"}";
    }

    private sealed class IngestCounters
    {
        private long ok;
        private long failed;
        private string? firstFailure;

        public string? FirstFailure => Volatile.Read(ref firstFailure);

        public void Count(string? failure)
        {
            if (failure is null)
            {
                Interlocked.Increment(ref ok);
                return;
            }

            Interlocked.CompareExchange(ref firstFailure, failure, null);
            Interlocked.Increment(ref failed);
        }

        public (long Ok, long Failed) Read() => (Interlocked.Read(ref ok), Interlocked.Read(ref failed));
    }
}

/// <summary>
/// One measured phase of the ingest benchmark: batches accepted and failed within the measured part, and the
/// endpoint's CPU time over it; the totals include the warm-up and the last answers after the end.
/// </summary>
public sealed record IngestRun(
    int Round,
    IngestTransport Transport,
    int SpansPerBatch,
    TimeSpan Measured,
    long Batches,
    long FailedBatches,
    TimeSpan? EndpointCpu,
    long TotalBatches,
    long TotalFailedBatches,
    string? FirstFailure = null,
    string? EndpointCpus = null)
{
    public long Spans => Batches * SpansPerBatch;

    /// <summary>Spans accepted per second of wall-clock time.</summary>
    public double SpansPerSecond => Measured > TimeSpan.Zero ? Spans / Measured.TotalSeconds : double.NaN;

    /// <summary>Spans accepted per second of the endpoint's CPU time: its rate per core. NaN when the CPU time is unknown or zero.</summary>
    public double SpansPerCoreSecond => EndpointCpu is { } cpu && cpu > TimeSpan.Zero ? Spans / cpu.TotalSeconds : double.NaN;

    /// <summary>The endpoint's CPU per span accepted, in microseconds: the cost form of the rate, larger is worse.</summary>
    public double CpuMicrosecondsPerSpan => EndpointCpu is { } cpu && Spans > 0 ? cpu.TotalMicroseconds / Spans : double.NaN;

    /// <summary>How many cores the endpoint kept busy on average.</summary>
    public double CoresBusy => EndpointCpu is { } cpu && Measured > TimeSpan.Zero ? cpu / Measured : double.NaN;
}
