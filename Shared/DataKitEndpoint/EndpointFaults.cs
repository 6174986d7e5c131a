namespace InstrumentationModes.DataKit;

/// <summary>
/// Faults the endpoint injects, for reliability and load tests. A faulted request records no spans.
/// </summary>
public sealed record EndpointFaults
{
    public static EndpointFaults None { get; } = new();

    /// <summary>Wait this long before handling each export request.</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>Answer every OTLP/HTTP export with this status (400-599) instead of accepting it.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Answer every gRPC export with this grpc-status (1-16, e.g. 14 UNAVAILABLE) instead of accepting it.</summary>
    public int? GrpcStatus { get; init; }

    public bool IsNone => this == None;

    public void Validate()
    {
        if (ResponseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ResponseDelay), ResponseDelay, "must not be negative");
        }
        if (HttpStatus is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(HttpStatus), HttpStatus, "must be an HTTP error status, 400-599");
        }
        if (GrpcStatus is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(GrpcStatus), GrpcStatus, "must be a non-OK gRPC status, 1-16");
        }
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (ResponseDelay > TimeSpan.Zero)
        {
            parts.Add($"delay={ResponseDelay.TotalMilliseconds:0}ms");
        }
        if (HttpStatus is { } httpStatus)
        {
            parts.Add($"http-status={httpStatus}");
        }
        if (GrpcStatus is { } grpcStatus)
        {
            parts.Add($"grpc-status={grpcStatus}");
        }
        return parts.Count == 0 ? "none" : string.Join(" ", parts);
    }
}
