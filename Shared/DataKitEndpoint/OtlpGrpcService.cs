using Grpc.Core;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>.</summary>
internal sealed class TraceGrpcService(TraceReceiver receiver) : TraceService.TraceServiceBase
{
    private static readonly ExportTraceServiceResponse Success = new();

    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        await receiver.AdmitGrpcAsync(context);
        receiver.Accept(request, OtlpTransport.Grpc, context.Method);
        return Success;
    }
}
