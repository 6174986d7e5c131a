using Grpc.Core;
using InstrumentationModes.DataKit.Otlp;
using Status = Grpc.Core.Status;

namespace InstrumentationModes.DataKit;

/// <summary>What both transports share: limits, faults, counters, and turning an accepted export into printed items handed on.</summary>
internal sealed class OtlpReceiver(DataKitEndpointOptions options, ITelemetryConsumer? consumer, TextWriter? output, CancellationToken stopping)
{
    private volatile EndpointFaults faults = options.Faults;

    public int MaxMessageBytes => options.MaxMessageBytes;

    public bool AcceptJson => options.AcceptJson;

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

    public void AcceptTraces(ExportTraceServiceRequest request, string transport, string requestPath)
    {
        var spans = DataKitSpanMapper.Map(request, transport, requestPath);
        consumer?.ConsumeSpans(spans);
        Counters.Accepted(transport, spans: spans.Count);
        Print(spans.Select(SpanLine.Format));
    }

    public void AcceptMetrics(ExportMetricsServiceRequest request, string transport, string requestPath)
    {
        var points = DataKitMetricMapper.Map(request, transport, requestPath);
        consumer?.ConsumeMetricPoints(points);
        Counters.Accepted(transport, metricPoints: points.Count);
        Print(points.SelectMany(MetricLine.Format));
    }

    public void AcceptLogs(ExportLogsServiceRequest request, string transport, string requestPath)
    {
        var records = DataKitLogMapper.Map(request, transport, requestPath);
        consumer?.ConsumeLogRecords(records);
        Counters.Accepted(transport, logRecords: records.Count);
        Print(records.Select(LogLine.Format));
    }

    // One write per export, so lines from concurrent exports never interleave.
    private void Print(IEnumerable<string> lines)
    {
        if (output is not null && string.Concat(lines.Select(line => line + Environment.NewLine)) is { Length: > 0 } text)
        {
            output.Write(text);
        }
    }
}
