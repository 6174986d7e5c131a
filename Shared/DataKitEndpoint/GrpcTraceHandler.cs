using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>OTLP/gRPC: the unary TraceService/Export call over h2c, framed by hand.</summary>
internal sealed class GrpcTraceHandler(TraceReceiver receiver)
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private static readonly byte[] EmptyResponseFrame = GrpcFraming.Frame(new ExportTraceServiceResponse().ToByteArray());

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            receiver.Counters.GrpcRejected();
            await PlainText.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "this port serves OTLP/gRPC: POST with content-type application/grpc");
            return;
        }
        try
        {
            await ExportAsync(context);
            await WriteStatusAsync(context, GrpcStatus.Ok, null);
        }
        catch (GrpcCallException e)
        {
            receiver.Counters.GrpcRejected();
            await WriteStatusAsync(context, e.Status, e.Message);
        }
        catch (InvalidProtocolBufferException e)
        {
            receiver.Counters.GrpcRejected();
            await WriteStatusAsync(context, GrpcStatus.InvalidArgument, $"malformed ExportTraceServiceRequest: {e.Message}");
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            receiver.Counters.GrpcRejected();
        }
        catch (OperationCanceledException)
        {
            receiver.Counters.GrpcRejected();
            await WriteStatusAsync(context, GrpcStatus.Unavailable, "endpoint is shutting down");
        }
    }

    private async Task ExportAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path != ExportPath)
        {
            throw new GrpcCallException(GrpcStatus.Unimplemented, $"unknown method {path}; only {ExportPath} is served");
        }
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            context.Response.Headers["grpc-accept-encoding"] = "identity,gzip";
            throw new GrpcCallException(GrpcStatus.Unimplemented, $"unsupported grpc-encoding {encoding}; supported: identity, gzip");
        }
        var faults = receiver.Faults;
        await receiver.DelayAsync(faults, context.RequestAborted);
        if (faults.GrpcStatus is { } forced)
        {
            throw new GrpcCallException(forced, $"fault injected: grpc-status {forced}");
        }
        var message = await GrpcFraming.ReadUnaryMessageAsync(
            context.Request.Body, encoding.Length == 0 ? null : encoding, receiver.MaxMessageBytes, context.RequestAborted);
        receiver.Accept(ExportTraceServiceRequest.Parser.ParseFrom(message), OtlpTransport.Grpc, path);
    }

    // The gRPC port is HTTP/2 only, so trailers are always available.
    private static async Task WriteStatusAsync(HttpContext context, int status, string? message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        if (status == GrpcStatus.Ok)
        {
            await response.Body.WriteAsync(EmptyResponseFrame);
        }
        response.AppendTrailer("grpc-status", status.ToString());
        if (message is not null)
        {
            response.AppendTrailer("grpc-message", GrpcFraming.EncodeStatusMessage(message));
        }
    }
}
