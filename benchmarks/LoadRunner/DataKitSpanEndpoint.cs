using InstrumentationModes.DataKit;

namespace InstrumentationModes.LoadRunner;

/// <summary>The DataKit-style endpoint the servers export to during a load run, on free loopback ports.</summary>
public sealed class DataKitSpanEndpoint : ISpanEndpoint, IAsyncDisposable
{
    // Only the counter matters under load; a small window of spans keeps the endpoint's memory flat.
    private const int RetainedSpans = 1000;

    private readonly DataKitEndpointServer server;

    private DataKitSpanEndpoint(DataKitEndpointServer server)
    {
        this.server = server;
        GrpcUrl = new Uri(server.GrpcUrl);
        HttpTracesUrl = new Uri(server.HttpTracesUrl);
        HttpOtlpBaseUrl = new Uri(server.HttpUrl + "/otel");
    }

    public Uri GrpcUrl { get; }

    public Uri HttpTracesUrl { get; }

    public Uri HttpOtlpBaseUrl { get; }

    public long SpansReceived => server.Counters.SpansReceived;

    public long LogRecordsReceived => server.Counters.LogRecordsReceived;

    public long MetricPointsReceived => server.Counters.MetricPointsReceived;

    public static async Task<DataKitSpanEndpoint> StartAsync() =>
        new(await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false }, maxRetainedItems: RetainedSpans));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
