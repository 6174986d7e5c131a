using System.Buffers.Binary;
using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// One OTLP trace export as a server of the suite sends it: a resource, one scope and <c>spanCount</c> SERVER spans
/// with the attributes of the official instrumentation's span, built once and sent again and again by the ingest benchmark.
/// </summary>
public static class IngestBatch
{
    /// <summary>The SDK's batch span processor exports at most 512 spans at a time (<c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c>).</summary>
    public const int SdkBatchSize = 512;

    public static ExportTraceServiceRequest Request(int spanCount)
    {
        // A fixed seed: every run sends the same bytes.
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore", Version = "" } };
        for (var i = 0; i < spanCount; i++)
        {
            var span = new Span
            {
                TraceId = RandomBytes(random, 16),
                SpanId = RandomBytes(random, 8),
                Name = "GET /server_request",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = (ulong)(start + (i * 50_000L)),
                EndTimeUnixNano = (ulong)(start + (i * 50_000L) + 31_000),
                Status = new Status(),
            };
            span.Attributes.Add(
            [
                Text("http.request.method", "GET"),
                Text("server.address", "127.0.0.1"),
                Integer("server.port", 8082),
                Text("url.scheme", "http"),
                Text("url.path", "/server_request"),
                Text("url.query", "?param=Redacted"),
                Text("network.protocol.version", "1.1"),
                Text("http.route", "/server_request"),
                Integer("http.response.status_code", 200),
            ]);
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add(
        [
            Text("service.name", "manual-instrument-service"),
            Text("telemetry.sdk.name", "opentelemetry"),
            Text("telemetry.sdk.language", "dotnet"),
            Text("telemetry.sdk.version", "1.20.1"),
        ]);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>A gRPC message on the wire: an uncompressed flag byte, the length (big-endian), then the message.</summary>
    public static byte[] GrpcFrame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    private static ByteString RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Integer(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
