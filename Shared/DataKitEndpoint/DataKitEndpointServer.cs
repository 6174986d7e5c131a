using System.Net;
using System.Text;
using Grpc.AspNetCore.Server.Model;
using InstrumentationModes.DataKit.Otlp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A DataKit-style OTLP endpoint on loopback for traces, metrics and logs: OTLP/gRPC (h2c) and OTLP/HTTP, protobuf
/// and JSON. Prints what it receives in DataKit's view and keeps it for tests, which wait on it with
/// <see cref="Expect"/>, <see cref="ExpectMetric"/>, <see cref="ExpectLog"/> and <see cref="AssertExpectationsAsync"/>,
/// or with <see cref="WaitForSpansAsync"/>, <see cref="WaitForMetricPointsAsync"/> and <see cref="WaitForLogsAsync"/>.
/// </summary>
public sealed class DataKitEndpointServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TelemetryStores stores;
    private readonly OtlpReceiver receiver;

    private DataKitEndpointServer(WebApplication app, TelemetryStores stores, OtlpReceiver receiver, int grpcPort, int httpPort)
    {
        this.app = app;
        this.stores = stores;
        this.receiver = receiver;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>The OTLP/gRPC endpoint, e.g. <c>http://127.0.0.1:4317</c>.</summary>
    public string GrpcUrl => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>The OTLP/HTTP base, e.g. <c>http://127.0.0.1:9529</c> (an exporter appends <c>/v1/traces</c>).</summary>
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>DataKit's traces URL, <c>…/otel/v1/traces</c>.</summary>
    public string HttpTracesUrl => HttpUrl + HttpOtlpHandler.DataKitTracesPath;

    /// <summary>The standard OTLP traces URL, <c>…/v1/traces</c>.</summary>
    public string HttpStandardTracesUrl => HttpUrl + HttpOtlpHandler.StandardTracesPath;

    /// <summary>DataKit's metrics URL, <c>…/otel/v1/metrics</c>.</summary>
    public string HttpMetricsUrl => HttpUrl + HttpOtlpHandler.DataKitMetricsPath;

    /// <summary>The standard OTLP metrics URL, <c>…/v1/metrics</c>.</summary>
    public string HttpStandardMetricsUrl => HttpUrl + HttpOtlpHandler.StandardMetricsPath;

    /// <summary>DataKit's logs URL, <c>…/otel/v1/logs</c>.</summary>
    public string HttpLogsUrl => HttpUrl + HttpOtlpHandler.DataKitLogsPath;

    /// <summary>The standard OTLP logs URL, <c>…/v1/logs</c>.</summary>
    public string HttpStandardLogsUrl => HttpUrl + HttpOtlpHandler.StandardLogsPath;

    /// <summary>The retained spans (the newest <see cref="DataKitEndpointOptions.MaxRetainedSpans"/>), oldest first.</summary>
    public IReadOnlyList<ReceivedSpan> ReceivedSpans => stores.Spans.Snapshot();

    /// <summary>The retained metric data points (the newest <see cref="DataKitEndpointOptions.MaxRetainedSpans"/>), oldest first.</summary>
    public IReadOnlyList<ReceivedMetricPoint> ReceivedMetricPoints => stores.MetricPoints.Snapshot();

    /// <summary>The retained log records (the newest <see cref="DataKitEndpointOptions.MaxRetainedSpans"/>), oldest first.</summary>
    public IReadOnlyList<ReceivedLogRecord> ReceivedLogs => stores.Logs.Snapshot();

    public EndpointCounters Counters => receiver.Counters.Snapshot(stores.Spans.Received) with
    {
        MetricPointsReceived = stores.MetricPoints.Received,
        LogRecordsReceived = stores.Logs.Received,
    };

    /// <summary>The faults currently injected; set to change them at runtime.</summary>
    public EndpointFaults Faults
    {
        get => receiver.Faults;
        set => receiver.Faults = value;
    }

    public static async Task<DataKitEndpointServer> StartAsync(DataKitEndpointOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataKitEndpointOptions();
        options.Faults.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetainedSpans, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageBytes, 1);
        OtlpDescriptors.Warm();

        ListenOptions? grpcListener = null;
        ListenOptions? httpListener = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Sizes are enforced per request with DataKit's limit, including after decompression.
            kestrel.Limits.MaxRequestBodySize = null;
            // Without TLS, Http1AndHttp2 would serve only HTTP/1.1: gRPC needs an HTTP/2-only (h2c) listener.
            kestrel.Listen(IPAddress.Loopback, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpcListener = listen;
            });
            kestrel.Listen(IPAddress.Loopback, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                httpListener = listen;
            });
        });
        // The endpoint never hooks process signals: the executable (or the test) decides when it stops.
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.CompressionProviders = [new BoundedGzipCompressionProvider(options.MaxMessageBytes)];
        });
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton<IServiceMethodProvider<TraceGrpcService>>(new OtlpServiceMethodProvider<TraceGrpcService>(TraceService.BindService));
        builder.Services.AddSingleton<IServiceMethodProvider<MetricsGrpcService>>(new OtlpServiceMethodProvider<MetricsGrpcService>(MetricsService.BindService));
        builder.Services.AddSingleton<IServiceMethodProvider<LogsGrpcService>>(new OtlpServiceMethodProvider<LogsGrpcService>(LogsService.BindService));
        var stores = new TelemetryStores(options.MaxRetainedSpans);
        var output = options.PrintSpans ? TextWriter.Synchronized(options.Output ?? Console.Out) : null;
        builder.Services.AddSingleton(services =>
            new OtlpReceiver(options, stores, output, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        var app = builder.Build();

        var receiver = app.Services.GetRequiredService<OtlpReceiver>();
        var http = new HttpOtlpHandler(receiver);
        // Requests that match no gRPC method are OTLP/HTTP; the gRPC calls are counted by the status they end with.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                await http.HandleAsync(context);
                return;
            }
            await next(context);
            if (GrpcStatusOf(context) != "0")
            {
                receiver.Counters.GrpcRejected();
            }
        });
        app.MapGrpcService<TraceGrpcService>();
        app.MapGrpcService<MetricsGrpcService>();
        app.MapGrpcService<LogsGrpcService>();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new DataKitEndpointServer(app, stores, receiver, grpcListener!.IPEndPoint!.Port, httpListener!.IPEndPoint!.Port);
    }

    public void ClearFaults() => receiver.Faults = EndpointFaults.None;

    /// <summary>Adds an expectation that some received span, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void Expect(string description, Func<ReceivedSpan, bool> predicate) => stores.Spans.Expect(description, predicate);

    /// <summary>Adds an expectation that some received metric point, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void ExpectMetric(string description, Func<ReceivedMetricPoint, bool> predicate) => stores.MetricPoints.Expect(description, predicate);

    /// <summary>Adds an expectation that some received log record, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void ExpectLog(string description, Func<ReceivedLogRecord, bool> predicate) => stores.Logs.Expect(description, predicate);

    /// <summary>
    /// Waits until every expectation (on spans, metric points and log records) has its own matching item and returns
    /// the spans in expectation order; throws <see cref="SpanExpectationException"/> listing, per signal, missing
    /// expectations, matched ones and extra items on timeout.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> AssertExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        (await AssertAllExpectationsAsync(timeout, cancellationToken)).Spans;

    /// <summary>Like <see cref="AssertExpectationsAsync"/>, returning the matches of every signal in expectation order.</summary>
    public async Task<ExpectationMatches> AssertAllExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (spanExpectations, metricExpectations, logExpectations) =
            (stores.Spans.Expectations(), stores.MetricPoints.Expectations(), stores.Logs.Expectations());
        var matches = await Waiting.UntilAsync(
            () =>
            {
                var (spans, spansChanged) = stores.Spans.Observe();
                var (points, pointsChanged) = stores.MetricPoints.Observe();
                var (logs, logsChanged) = stores.Logs.Observe();
                var changed = Task.WhenAny(spansChanged, pointsChanged, logsChanged);
                return Matched(spanExpectations, spans) is { } matchedSpans
                       && Matched(metricExpectations, points) is { } matchedPoints
                       && Matched(logExpectations, logs) is { } matchedLogs
                    ? (new ExpectationMatches(matchedSpans, matchedPoints, matchedLogs), changed)
                    : (null, changed);
            },
            timeout,
            cancellationToken);
        if (matches is not null)
        {
            return matches;
        }

        var message = new StringBuilder($"Expectations not met within {timeout.TotalSeconds:0.###} s.").AppendLine();
        Describe(stores.Spans, "Span expectations", spanExpectations);
        Describe(stores.MetricPoints, "Metric point expectations", metricExpectations);
        Describe(stores.Logs, "Log record expectations", logExpectations);
        throw new SpanExpectationException(message.ToString());

        void Describe<T>(TelemetryStore<T> store, string title, Expectation<T>[] expected)
            where T : class
        {
            if (expected.Length > 0)
            {
                store.Describe(message, title, expected, store.Snapshot());
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> retained spans match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        stores.Spans.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> retained metric points match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedMetricPoint>> WaitForMetricPointsAsync(
        Func<ReceivedMetricPoint, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        stores.MetricPoints.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> retained log records match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(
        Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        stores.Logs.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Forgets retained spans, metric points, log records and all expectations; counters keep counting.</summary>
    public void Clear()
    {
        stores.Spans.Clear();
        stores.MetricPoints.Clear();
        stores.Logs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>The item matched to each expectation, in expectation order; null while one is unmatched.</summary>
    private static T[]? Matched<T>(Expectation<T>[] expected, T[] snapshot)
        where T : class =>
        TelemetryStore<T>.Match(expected, snapshot) is var assignment && !assignment.Contains(-1)
            ? assignment.Select(index => snapshot[index]).ToArray()
            : null;

    // A call that fails before its response starts carries grpc-status in the headers ("trailers-only").
    private static string? GrpcStatusOf(HttpContext context) =>
        context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() is { Length: > 0 } trailer
            ? trailer
            : context.Response.Headers["grpc-status"].ToString();

    private sealed class ManualHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>What <see cref="DataKitEndpointServer.AssertAllExpectationsAsync"/> matched, per signal, in expectation order.</summary>
public sealed record ExpectationMatches(
    IReadOnlyList<ReceivedSpan> Spans, IReadOnlyList<ReceivedMetricPoint> MetricPoints, IReadOnlyList<ReceivedLogRecord> Logs);
