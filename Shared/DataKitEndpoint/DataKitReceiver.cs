using System.Net;
using Grpc.AspNetCore.Server.Model;
using InstrumentationModes.DataKit.Otlp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A DataKit-style OTLP receiver on loopback for traces, metrics and logs: OTLP/gRPC (h2c) and OTLP/HTTP, with
/// DataKit's answers. It prints what it accepts in DataKit's view and hands it, mapped, to an optional
/// <see cref="ITelemetryConsumer"/>; it keeps nothing itself, so it runs for as long as it is fed.
/// </summary>
public sealed class DataKitReceiver : IAsyncDisposable
{
    /// <summary>The DataKit release whose OpenTelemetry input the receiver answers and prints like.</summary>
    public const string ModelledDataKitVersion = "1.85";

    private readonly WebApplication app;
    private readonly OtlpReceiver receiver;

    private DataKitReceiver(WebApplication app, OtlpReceiver receiver, int grpcPort, int httpPort)
    {
        this.app = app;
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

    /// <summary>What the receiver has handled since it started: export requests per transport and items per signal.</summary>
    public EndpointCounters Counters => receiver.Counters.Snapshot();

    /// <summary>The faults currently injected; set to change them at runtime.</summary>
    public EndpointFaults Faults
    {
        get => receiver.Faults;
        set => receiver.Faults = value;
    }

    /// <summary>Starts listening; every accepted export is handed to <paramref name="consumer"/> when one is given.</summary>
    public static async Task<DataKitReceiver> StartAsync(
        DataKitEndpointOptions? options = null, ITelemetryConsumer? consumer = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataKitEndpointOptions();
        options.Faults.Validate();
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
        var output = options.PrintSpans ? TextWriter.Synchronized(options.Output ?? Console.Out) : null;
        builder.Services.AddSingleton(services =>
            new OtlpReceiver(options, consumer, output, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
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
        return new DataKitReceiver(app, receiver, grpcListener!.IPEndPoint!.Port, httpListener!.IPEndPoint!.Port);
    }

    public void ClearFaults() => receiver.Faults = EndpointFaults.None;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

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
