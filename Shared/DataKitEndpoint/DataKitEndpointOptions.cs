namespace InstrumentationModes.DataKit;

/// <summary>How a <see cref="DataKitReceiver"/> listens, answers and prints; the command line sets the same.</summary>
public sealed record DataKitEndpointOptions
{
    public const int DefaultGrpcPort = 4317;
    public const int DefaultHttpPort = 9529;

    /// <summary>DataKit's gRPC limit; also applied to OTLP/HTTP bodies, before and after decompression.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>Port for OTLP/gRPC (h2c) on 127.0.0.1; 0 picks a free one.</summary>
    public int GrpcPort { get; init; } = DefaultGrpcPort;

    /// <summary>Port for OTLP/HTTP (HTTP/1.1) on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpPort { get; init; } = DefaultHttpPort;

    /// <summary>Print received spans, metric points and log records, one line per DataKit point.</summary>
    public bool PrintSpans { get; init; } = true;

    /// <summary>Where they are printed; standard output when null.</summary>
    public TextWriter? Output { get; init; }

    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>
    /// Also take OTLP/JSON (<c>application/json</c>) over HTTP, as DataKit did before 1.85.0; DataKit 1.85 answers it 400.
    /// </summary>
    public bool AcceptJson { get; init; }

    /// <summary>Faults active from start-up; changeable later through <see cref="DataKitReceiver.Faults"/>.</summary>
    public EndpointFaults Faults { get; init; } = EndpointFaults.None;
}
