using System.Net;
using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

public sealed class GrpcTransportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_over_h2c_answers_grpc_status_0_and_the_spans_arrive(bool gzip)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var message = SampleSpans.Request().ToByteArray();
        var frame = gzip ? TestEndpoint.Frame(TestEndpoint.Gzip(message), compressed: true) : TestEndpoint.Frame(message);

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, frame, encoding: gzip ? "gzip" : null);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal(HttpVersion.Version20, result.HttpVersion);
        Assert.Equal("application/grpc", result.ContentType);
        Assert.Equal("0", result.GrpcStatus);
        Assert.Null(result.GrpcMessage);
        // One uncompressed frame holding an empty ExportTraceServiceResponse.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, result.Body);
        Assert.Equal(new ExportTraceServiceResponse(), ExportTraceServiceResponse.Parser.ParseFrom(result.Body.AsSpan(5)));
        var spans = endpoint.ReceivedSpans;
        Assert.Equal(2, spans.Count);
        SampleSpans.AssertServerSpan(spans[0], OtlpTransport.Grpc, TestEndpoint.ExportPath);
        SampleSpans.AssertClientSpan(spans[1]);
        Assert.Equal(new EndpointCounters(1, 0, 0, 0, 0, 2), endpoint.Counters);
    }

    [Fact]
    public async Task Truncated_frame_is_invalid_argument_and_the_endpoint_keeps_serving()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var message = SampleSpans.Request().ToByteArray();
        var truncated = TestEndpoint.Frame(message)[..^10];

        var rejected = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, truncated);
        var accepted = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(message));

        Assert.Equal("3", rejected.GrpcStatus);
        Assert.Equal($"truncated frame: {message.Length - 10} of the {message.Length} message bytes", rejected.GrpcMessage);
        Assert.Empty(rejected.Body);
        Assert.Equal("0", accepted.GrpcStatus);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
        Assert.Equal(new EndpointCounters(1, 1, 0, 0, 0, 2), endpoint.Counters);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, "3", "truncated frame: 2 of the 5 header bytes")]
    [InlineData(new byte[0], "3", "request carried no message")]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0x0A, 0x05, 0x01 }, "3", "malformed ExportTraceServiceRequest: ")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "3", "a unary call takes exactly one message, the request carried more")]
    [InlineData(new byte[] { 7, 0, 0, 0, 0 }, "3", "invalid compressed flag 7")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0 }, "13", "compressed flag set without a grpc-encoding")]
    [InlineData(new byte[] { 0, 1, 0, 0, 1 }, "8", "message of 16777217 bytes exceeds the 16777216-byte limit")]
    public async Task Bad_frames_get_a_non_zero_grpc_status(byte[] body, string status, string messageStart)
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, body);

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal(status, result.GrpcStatus);
        Assert.StartsWith(messageStart, result.GrpcMessage);
        Assert.Empty(endpoint.ReceivedSpans);
        Assert.Equal(new EndpointCounters(0, 1, 0, 0, 0, 0), endpoint.Counters);
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(
            endpoint.GrpcUrl, TestEndpoint.Frame(SampleSpans.Request().ToByteArray()), path: "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export");

        Assert.Equal("12", result.GrpcStatus);
        Assert.Equal(
            "unknown method /opentelemetry.proto.collector.metrics.v1.MetricsService/Export; only /opentelemetry.proto.collector.trace.v1.TraceService/Export is served",
            result.GrpcMessage);
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_is_unimplemented()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame([1, 2, 3], compressed: true), encoding: "snappy");

        Assert.Equal("12", result.GrpcStatus);
        Assert.Equal("unsupported grpc-encoding snappy; supported: identity, gzip", result.GrpcMessage);
    }

    [Fact]
    public async Task Gzip_bomb_in_a_frame_is_resource_exhausted()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var bomb = TestEndpoint.Gzip(new byte[DataKitEndpointOptions.DefaultMaxMessageBytes + 1024]);

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(bomb, compressed: true), encoding: "gzip");

        Assert.Equal("8", result.GrpcStatus);
        Assert.Equal("decompressed message exceeds the 16777216-byte limit", result.GrpcMessage);
    }

    [Fact]
    public void Status_message_is_percent_encoded_utf8()
    {
        Assert.Equal("caf%C3%A9 100%25%0Adone", GrpcFraming.EncodeStatusMessage("café 100%\ndone"));
    }
}
