using Google.Protobuf;
using Google.Protobuf.Reflection;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>
/// OTLP/HTTP as DataKit 1.85 serves it: POST protobuf (and OTLP/JSON only when <see cref="DataKitEndpointOptions.AcceptJson"/>
/// restores the older DataKit's behaviour), optionally gzip, to /otel/v1/traces, /otel/v1/metrics and /otel/v1/logs
/// (or the standard /v1/… paths); a good export gets an empty 200, anything DataKit cannot read a 400.
/// </summary>
internal sealed class HttpOtlpHandler
{
    public const string DataKitTracesPath = "/otel/v1/traces";
    public const string StandardTracesPath = "/v1/traces";
    public const string DataKitMetricsPath = "/otel/v1/metrics";
    public const string StandardMetricsPath = "/v1/metrics";
    public const string DataKitLogsPath = "/otel/v1/logs";
    public const string StandardLogsPath = "/v1/logs";
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    private readonly OtlpReceiver receiver;
    private readonly Dictionary<string, Signal> signalsByPath;

    public HttpOtlpHandler(OtlpReceiver receiver)
    {
        this.receiver = receiver;
        var traces = new Signal(ExportTraceServiceRequest.Descriptor, (export, transport, path) => receiver.AcceptTraces((ExportTraceServiceRequest)export, transport, path));
        var metrics = new Signal(ExportMetricsServiceRequest.Descriptor, (export, transport, path) => receiver.AcceptMetrics((ExportMetricsServiceRequest)export, transport, path));
        var logs = new Signal(ExportLogsServiceRequest.Descriptor, (export, transport, path) => receiver.AcceptLogs((ExportLogsServiceRequest)export, transport, path));
        signalsByPath = new(StringComparer.Ordinal)
        {
            [DataKitTracesPath] = traces,
            [StandardTracesPath] = traces,
            [DataKitMetricsPath] = metrics,
            [StandardMetricsPath] = metrics,
            [DataKitLogsPath] = logs,
            [StandardLogsPath] = logs,
        };
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var (status, text) = await ExportAsync(context);
            if (status != StatusCodes.Status200OK)
            {
                receiver.Counters.HttpRejected();
                await PlainText.WriteAsync(context, status, text);
            }
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            receiver.Counters.HttpRejected();
        }
        catch (BadHttpRequestException e)
        {
            receiver.Counters.HttpRejected();
            await PlainText.WriteAsync(context, e.StatusCode, $"bad request: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            receiver.Counters.HttpRejected();
            await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "endpoint is shutting down");
        }
    }

    /// <summary>Handles one export; returns the error status and text to answer with, or 200 once the success response is written.</summary>
    private async Task<(int Status, string Text)> ExportAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!signalsByPath.TryGetValue(path, out var signal))
        {
            return (StatusCodes.Status404NotFound, "not found: OTLP is accepted at POST /otel/v1/traces, /otel/v1/metrics, /otel/v1/logs and /v1/traces, /v1/metrics, /v1/logs");
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return (StatusCodes.Status405MethodNotAllowed, $"method not allowed: use POST {path}");
        }
        var faults = receiver.Faults;
        await receiver.DelayAsync(faults, context.RequestAborted);
        if (faults.HttpStatus is { } forced)
        {
            return (forced, $"fault injected: HTTP {forced}");
        }

        // DataKit compares the part before any parameter, exactly as written.
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        string transport;
        if (mediaType == ProtobufContentType)
        {
            transport = OtlpTransport.HttpProtobuf;
        }
        else if (mediaType == JsonContentType && receiver.AcceptJson)
        {
            transport = OtlpTransport.HttpJson;
        }
        else
        {
            return (StatusCodes.Status400BadRequest, UnrecognizedContentType(mediaType));
        }
        // DataKit inflates only "gzip" and reads any other encoding as it is, which then fails to parse: a 400 either way.
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding == "gzip";
        if (!gzip && encoding is not ("" or "identity"))
        {
            return (StatusCodes.Status400BadRequest, "unsupported Content-Encoding: use gzip or none");
        }

        var limit = receiver.MaxMessageBytes;
        var tooLarge = (StatusCodes.Status413PayloadTooLarge, $"payload too large: the limit is {limit} bytes");
        if (request.ContentLength > limit)
        {
            return tooLarge;
        }
        using var body = await BoundedPayload.ReadAsync(request.Body, request.ContentLength, limit, context.RequestAborted);
        if (body is null)
        {
            return tooLarge;
        }
        PooledPayload? inflated = null;
        if (gzip)
        {
            try
            {
                inflated = BoundedPayload.Gunzip(body.AsStream(), limit);
            }
            catch (InvalidDataException)
            {
                return (StatusCodes.Status400BadRequest, "body is not valid gzip");
            }
            if (inflated is null)
            {
                return (StatusCodes.Status413PayloadTooLarge, $"payload too large: decompressed body exceeds the limit of {limit} bytes");
            }
        }

        IMessage export;
        using (inflated)
        {
            var content = (inflated ?? body).Content;
            try
            {
                export = transport == OtlpTransport.HttpJson
                    ? OtlpJsonReader.Read(content, signal.Request)
                    : signal.Request.Parser.ParseFrom(content.Span);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or OtlpJsonException)
            {
                var format = transport == OtlpTransport.HttpJson ? "OTLP/JSON" : "protobuf";
                return (StatusCodes.Status400BadRequest, $"malformed {format} {signal.Request.Name}: {e.Message}");
            }
        }
        signal.Accept(export, transport, path);

        // DataKit's handlers write nothing on success, which Go's net/http sends as an empty 200 without a Content-Type.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return (StatusCodes.Status200OK, "");
    }

    /// <summary>DataKit's log line for a body it will not read, naming what it reads instead.</summary>
    private string UnrecognizedContentType(string mediaType) =>
        $"unrecognized Content-Type {(mediaType.Length > 0 ? mediaType : "(none)")}, please use http/protobuf{(receiver.AcceptJson ? " or http/json" : "")}";

    private sealed record Signal(MessageDescriptor Request, Action<IMessage, string, string> Accept);
}

internal static class PlainText
{
    public static async Task WriteAsync(HttpContext context, int status, string text)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n");
    }
}
