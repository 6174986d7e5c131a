namespace InstrumentationModes.DataKit;

/// <summary>
/// A snapshot of what the endpoint has handled since it started: export requests per transport (every signal), and
/// items received per signal, counted whether or not anything keeps them.
/// </summary>
public sealed record EndpointCounters(
    long GrpcAccepted,
    long GrpcRejected,
    long HttpProtobufAccepted,
    long HttpJsonAccepted,
    long HttpRejected,
    long SpansReceived)
{
    public long HttpAccepted => HttpProtobufAccepted + HttpJsonAccepted;

    public long MetricPointsReceived { get; init; }

    public long LogRecordsReceived { get; init; }
}

/// <summary>The live counters behind <see cref="EndpointCounters"/>.</summary>
internal sealed class RequestCounters
{
    private long grpcAccepted;
    private long grpcRejected;
    private long httpProtobufAccepted;
    private long httpJsonAccepted;
    private long httpRejected;
    private long spansReceived;
    private long metricPointsReceived;
    private long logRecordsReceived;

    public void Accepted(string transport, int spans = 0, int metricPoints = 0, int logRecords = 0)
    {
        Interlocked.Add(ref spansReceived, spans);
        Interlocked.Add(ref metricPointsReceived, metricPoints);
        Interlocked.Add(ref logRecordsReceived, logRecords);
        switch (transport)
        {
            case OtlpTransport.Grpc: Interlocked.Increment(ref grpcAccepted); break;
            case OtlpTransport.HttpJson: Interlocked.Increment(ref httpJsonAccepted); break;
            default: Interlocked.Increment(ref httpProtobufAccepted); break;
        }
    }

    public void GrpcRejected() => Interlocked.Increment(ref grpcRejected);

    public void HttpRejected() => Interlocked.Increment(ref httpRejected);

    public EndpointCounters Snapshot() => new(
        Interlocked.Read(ref grpcAccepted),
        Interlocked.Read(ref grpcRejected),
        Interlocked.Read(ref httpProtobufAccepted),
        Interlocked.Read(ref httpJsonAccepted),
        Interlocked.Read(ref httpRejected),
        Interlocked.Read(ref spansReceived))
    {
        MetricPointsReceived = Interlocked.Read(ref metricPointsReceived),
        LogRecordsReceived = Interlocked.Read(ref logRecordsReceived),
    };
}
