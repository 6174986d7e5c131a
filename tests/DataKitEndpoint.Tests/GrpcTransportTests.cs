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
        Assert.Equal(TestEndpoint.GrpcSuccessBody, result.Body);
        Assert.Equal(
            new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess() },
            ExportTraceServiceResponse.Parser.ParseFrom(result.Body.AsSpan(5)));
        var spans = endpoint.ReceivedSpans;
        Assert.Equal(2, spans.Count);
        SampleSpans.AssertServerSpan(spans[0], OtlpTransport.Grpc, TestEndpoint.ExportPath);
        SampleSpans.AssertClientSpan(spans[1]);
        Assert.Equal(new EndpointCounters(1, 0, 0, 0, 0, 2), endpoint.Counters);
    }

    [Fact]
    public async Task Truncated_frame_is_internal_and_the_endpoint_keeps_serving()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var message = SampleSpans.Request().ToByteArray();
        var truncated = TestEndpoint.Frame(message)[..^10];

        var rejected = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, truncated);
        var accepted = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(message));

        Assert.Equal("13", rejected.GrpcStatus);
        Assert.Equal("Incomplete message.", rejected.GrpcMessage);
        Assert.Empty(rejected.Body);
        Assert.Equal("0", accepted.GrpcStatus);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
        Assert.Equal(new EndpointCounters(1, 1, 0, 0, 0, 2), endpoint.Counters);
    }

    // Grpc.AspNetCore's own answers, except for a malformed message, answered as DataKit's grpc-go server answers it.
    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0x0A, 0x05, 0x01 }, "13", "grpc: error unmarshalling request: ")]
    [InlineData(new byte[] { 0, 1, 0, 0, 1 }, "8", "Received message exceeds the maximum configured message size.")]
    [InlineData(new byte[] { 0, 0 }, "13", "Incomplete message.")]
    [InlineData(new byte[0], "13", "Incomplete message.")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "13", "Additional data after the message received.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0 }, "13", "Request did not include grpc-encoding value with compressed message.")]
    [InlineData(new byte[] { 7, 0, 0, 0, 0 }, "2", "Exception was thrown by handler.")]
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

    [Theory]
    [InlineData("/opentelemetry.proto.collector.trace.v1.TraceService/Import", "Method is unimplemented.")]
    [InlineData("/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export", "Service is unimplemented.")]
    public async Task Unknown_method_or_service_is_unimplemented(string path, string message)
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(SampleSpans.Request().ToByteArray()), path);

        Assert.Equal("12", result.GrpcStatus);
        Assert.Equal(message, result.GrpcMessage);
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_is_unimplemented()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame([1, 2, 3], compressed: true), encoding: "snappy");

        Assert.Equal("12", result.GrpcStatus);
        Assert.Equal("Unsupported grpc-encoding value 'snappy'. Supported encodings: identity, gzip", result.GrpcMessage);
    }

    [Fact]
    public async Task Invalid_gzip_in_a_frame_is_invalid_argument()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame([1, 2, 3], compressed: true), encoding: "gzip");

        Assert.Equal("3", result.GrpcStatus);
        Assert.Equal("message is not valid gzip", result.GrpcMessage);
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
}
