using System.Net;
using Grpc.AspNetCore.Server.Model;
using InstrumentationModes.DataKit.Otlp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstrumentationModes.DataKit;

/// <summary>
/// A DataKit-style OTLP trace endpoint on loopback: OTLP/gRPC (h2c) and OTLP/HTTP, protobuf and JSON. Prints what
/// it receives in DataKit's view and keeps it for tests, which wait on it with <see cref="Expect"/> and
/// <see cref="AssertExpectationsAsync"/> or <see cref="WaitForSpansAsync"/>.
/// </summary>
public sealed class DataKitEndpointServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SpanStore store;
    private readonly TraceReceiver receiver;

    private DataKitEndpointServer(WebApplication app, SpanStore store, TraceReceiver receiver, int grpcPort, int httpPort)
    {
        this.app = app;
        this.store = store;
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
    public string HttpTracesUrl => HttpUrl + HttpTraceHandler.DataKitTracesPath;

    /// <summary>The standard OTLP traces URL, <c>…/v1/traces</c>.</summary>
    public string HttpStandardTracesUrl => HttpUrl + HttpTraceHandler.StandardTracesPath;

    /// <summary>The retained spans (the newest <see cref="DataKitEndpointOptions.MaxRetainedSpans"/>), oldest first.</summary>
    public IReadOnlyList<ReceivedSpan> ReceivedSpans => store.Snapshot();

    public EndpointCounters Counters => receiver.Counters.Snapshot(store.Received);

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
        var store = new SpanStore(options.MaxRetainedSpans);
        var output = options.PrintSpans ? TextWriter.Synchronized(options.Output ?? Console.Out) : null;
        builder.Services.AddSingleton(services =>
            new TraceReceiver(options, store, output, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        var app = builder.Build();

        var receiver = app.Services.GetRequiredService<TraceReceiver>();
        var http = new HttpTraceHandler(receiver);
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

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new DataKitEndpointServer(app, store, receiver, grpcListener!.IPEndPoint!.Port, httpListener!.IPEndPoint!.Port);
    }

    public void ClearFaults() => receiver.Faults = EndpointFaults.None;

    /// <summary>Adds an expectation that some received span, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void Expect(string description, Func<ReceivedSpan, bool> predicate) => store.Expect(description, predicate);

    /// <summary>
    /// Waits until every expectation has its own matching span and returns those spans in expectation order; throws
    /// <see cref="SpanExpectationException"/> listing missing expectations, matched ones and extra spans on timeout.
    /// </summary>
    public Task<IReadOnlyList<ReceivedSpan>> AssertExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        store.AssertExpectationsAsync(timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> retained spans match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        store.WaitForSpansAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Forgets retained spans and expectations; counters keep counting.</summary>
    public void Clear() => store.Clear();

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
