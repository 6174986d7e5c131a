namespace InstrumentationModes.DataKit;

/// <summary>
/// A <see cref="DataKitReceiver"/> started with a <see cref="TelemetryCollector"/> attached: what tests and the
/// compare tool start to send telemetry to and then read back what arrived.
/// </summary>
public sealed class DataKitEndpointServer : TelemetryCollector, IAsyncDisposable
{
    // Set once in StartAsync: the receiver starts with this collector as its consumer, so it comes second.
    private DataKitReceiver receiver = null!;

    private DataKitEndpointServer(int maxRetainedItems)
        : base(maxRetainedItems)
    {
    }

    public int GrpcPort => receiver.GrpcPort;

    public int HttpPort => receiver.HttpPort;

    /// <inheritdoc cref="DataKitReceiver.GrpcUrl"/>
    public string GrpcUrl => receiver.GrpcUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpUrl"/>
    public string HttpUrl => receiver.HttpUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpTracesUrl"/>
    public string HttpTracesUrl => receiver.HttpTracesUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpStandardTracesUrl"/>
    public string HttpStandardTracesUrl => receiver.HttpStandardTracesUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpMetricsUrl"/>
    public string HttpMetricsUrl => receiver.HttpMetricsUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpStandardMetricsUrl"/>
    public string HttpStandardMetricsUrl => receiver.HttpStandardMetricsUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpLogsUrl"/>
    public string HttpLogsUrl => receiver.HttpLogsUrl;

    /// <inheritdoc cref="DataKitReceiver.HttpStandardLogsUrl"/>
    public string HttpStandardLogsUrl => receiver.HttpStandardLogsUrl;

    /// <summary>What the receiver has handled since it started, counting past what the collector retains.</summary>
    public EndpointCounters Counters => receiver.Counters;

    /// <inheritdoc cref="DataKitReceiver.Faults"/>
    public EndpointFaults Faults
    {
        get => receiver.Faults;
        set => receiver.Faults = value;
    }

    /// <summary>Starts a receiver with <paramref name="options"/> whose collector keeps the newest <paramref name="maxRetainedItems"/> of each signal.</summary>
    public static async Task<DataKitEndpointServer> StartAsync(
        DataKitEndpointOptions? options = null, int maxRetainedItems = DefaultMaxRetainedItems, CancellationToken cancellationToken = default)
    {
        var server = new DataKitEndpointServer(maxRetainedItems);
        server.receiver = await DataKitReceiver.StartAsync(options, server, cancellationToken);
        return server;
    }

    public void ClearFaults() => receiver.ClearFaults();

    public ValueTask DisposeAsync() => receiver.DisposeAsync();
}
