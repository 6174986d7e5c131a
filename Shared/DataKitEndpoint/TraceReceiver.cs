using Grpc.Core;
using Status = Grpc.Core.Status;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>What both transports share: limits, faults, counters, and turning an accepted export into stored, printed spans.</summary>
internal sealed class TraceReceiver(DataKitEndpointOptions options, SpanStore store, TextWriter? output, CancellationToken stopping)
{
    private volatile EndpointFaults faults = options.Faults;

    public int MaxMessageBytes => options.MaxMessageBytes;

    public RequestCounters Counters { get; } = new();

    public EndpointFaults Faults
    {
        get => faults;
        set
        {
            value.Validate();
            faults = value;
        }
    }

    /// <summary>Waits out the injected delay; ends early when the client gives up or the endpoint stops.</summary>
    public async Task DelayAsync(EndpointFaults active, CancellationToken requestAborted)
    {
        if (active.ResponseDelay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
            await Task.Delay(active.ResponseDelay, linked.Token);
        }
    }

    /// <summary>Applies the injected delay and gRPC fault to a call; throws the status the call must end with instead.</summary>
    public async Task AdmitGrpcAsync(ServerCallContext context)
    {
        var active = faults;
        try
        {
            await DelayAsync(active, context.CancellationToken);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "endpoint is shutting down"));
        }
        if (active.GrpcStatus is { } forced)
        {
            throw new RpcException(new Status((StatusCode)forced, $"fault injected: grpc-status {forced}"));
        }
    }

    public void Accept(ExportTraceServiceRequest request, string transport, string requestPath)
    {
        var spans = DataKitSpanMapper.Map(request, transport, requestPath);
        store.Add(spans);
        Counters.Accepted(transport);
        if (output is not null && spans.Count > 0)
        {
            output.Write(string.Concat(spans.Select(span => SpanLine.Format(span) + Environment.NewLine)));
        }
    }
}
