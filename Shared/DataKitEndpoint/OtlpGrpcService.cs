using Grpc.Core;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

// DataKit answers every export with a partial_success holding nothing rejected, which encodes to two bytes, not none.

/// <summary>OTLP/gRPC <c>TraceService/Export</c>.</summary>
internal sealed class TraceGrpcService(OtlpReceiver receiver) : TraceService.TraceServiceBase
{
    private static readonly ExportTraceServiceResponse Success = new() { PartialSuccess = new() };

    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        await receiver.AdmitGrpcAsync(context);
        receiver.AcceptTraces(request, OtlpTransport.Grpc, context.Method);
        return Success;
    }
}

/// <summary>OTLP/gRPC <c>MetricsService/Export</c>.</summary>
internal sealed class MetricsGrpcService(OtlpReceiver receiver) : MetricsService.MetricsServiceBase
{
    private static readonly ExportMetricsServiceResponse Success = new() { PartialSuccess = new() };

    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        await receiver.AdmitGrpcAsync(context);
        receiver.AcceptMetrics(request, OtlpTransport.Grpc, context.Method);
        return Success;
    }
}

/// <summary>OTLP/gRPC <c>LogsService/Export</c>.</summary>
internal sealed class LogsGrpcService(OtlpReceiver receiver) : LogsService.LogsServiceBase
{
    private static readonly ExportLogsServiceResponse Success = new() { PartialSuccess = new() };

    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        await receiver.AdmitGrpcAsync(context);
        receiver.AcceptLogs(request, OtlpTransport.Grpc, context.Method);
        // DataKit returns before building its answer when a logs export holds no resource: an empty message.
        return request.ResourceLogs.Count == 0 ? new ExportLogsServiceResponse() : Success;
    }
}
