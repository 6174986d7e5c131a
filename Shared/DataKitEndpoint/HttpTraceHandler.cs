using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;
using Microsoft.Net.Http.Headers;

namespace InstrumentationModes.DataKit;

/// <summary>OTLP/HTTP as DataKit serves it: POST protobuf or JSON, optionally gzip, to /otel/v1/traces (or the standard /v1/traces).</summary>
internal sealed class HttpTraceHandler(TraceReceiver receiver)
{
    public const string DataKitTracesPath = "/otel/v1/traces";
    public const string StandardTracesPath = "/v1/traces";
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    private static readonly Dictionary<string, string> TransportByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        [ProtobufContentType] = OtlpTransport.HttpProtobuf,
        [JsonContentType] = OtlpTransport.HttpJson,
    };

    private static readonly byte[] EmptyProtobufResponse = new ExportTraceServiceResponse().ToByteArray();

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
        if (path is not (DataKitTracesPath or StandardTracesPath))
        {
            return (StatusCodes.Status404NotFound, $"not found: traces are accepted at POST {DataKitTracesPath} and {StandardTracesPath}");
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

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
        if (mediaType is null || !TransportByMediaType.TryGetValue(mediaType, out var transport))
        {
            return (StatusCodes.Status400BadRequest, $"unsupported Content-Type: use {ProtobufContentType} or {JsonContentType}");
        }
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding is not ("" or "identity"))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "unsupported Content-Encoding: use gzip or none");
        }

        var limit = receiver.MaxMessageBytes;
        var tooLarge = (StatusCodes.Status413PayloadTooLarge, $"payload too large: the limit is {limit} bytes");
        if (request.ContentLength > limit)
        {
            return tooLarge;
        }
        var body = await BoundedPayload.ReadAsync(request.Body, limit, context.RequestAborted);
        if (body is null)
        {
            return tooLarge;
        }
        if (gzip)
        {
            try
            {
                body = BoundedPayload.Gunzip(new MemoryStream(body), limit);
            }
            catch (InvalidDataException)
            {
                return (StatusCodes.Status400BadRequest, "body is not valid gzip");
            }
            if (body is null)
            {
                return (StatusCodes.Status413PayloadTooLarge, $"payload too large: decompressed body exceeds the limit of {limit} bytes");
            }
        }

        ExportTraceServiceRequest export;
        try
        {
            export = transport == OtlpTransport.HttpJson
                ? OtlpJsonReader.ReadExportRequest(body)
                : ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or OtlpJsonException)
        {
            var format = transport == OtlpTransport.HttpJson ? "OTLP/JSON" : "protobuf";
            return (StatusCodes.Status400BadRequest, $"malformed {format} ExportTraceServiceRequest: {e.Message}");
        }
        receiver.Accept(export, transport, path);

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (transport == OtlpTransport.HttpJson)
        {
            context.Response.ContentType = JsonContentType;
            await context.Response.WriteAsync("{}");
        }
        else
        {
            context.Response.ContentType = ProtobufContentType;
            await context.Response.Body.WriteAsync(EmptyProtobufResponse);
        }
        return (StatusCodes.Status200OK, "");
    }
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
