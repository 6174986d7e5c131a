using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

public sealed class HttpRejectionTests
{
    private const int Limit = DataKitEndpointOptions.DefaultMaxMessageBytes;
    private const string NotFound = "not found: OTLP is accepted at POST /otel/v1/traces, /otel/v1/metrics, /otel/v1/logs and /v1/traces, /v1/metrics, /v1/logs\n";

    // DataKit 1.85 reads http/protobuf only, compares the media type exactly, and logs what it refused.
    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("text/plain", "text/plain")]
    [InlineData("application/protobuf", "application/protobuf")]
    [InlineData("Application/X-Protobuf", "Application/X-Protobuf")]
    [InlineData(null, "(none)")]
    public async Task Anything_but_protobuf_is_400_naming_the_content_type_and_http_protobuf(string? contentType, string named)
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"unrecognized Content-Type {named}, please use http/protobuf\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(endpoint.ReceivedSpans);
        Assert.Equal(new EndpointCounters(0, 0, 0, 0, 1, 0), endpoint.Counters);
    }

    [Fact]
    public async Task With_json_accepted_another_content_type_is_400_naming_both_encodings()
    {
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unrecognized Content-Type text/plain, please use http/protobuf or http/json\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 0x0A, 0x05, 0x01 }, "malformed protobuf ExportTraceServiceRequest: ")]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'"' }, "malformed OTLP/JSON ExportTraceServiceRequest: not valid JSON: ")]
    public async Task Malformed_body_is_400_and_the_endpoint_keeps_serving(string contentType, byte[] body, string messageStart)
    {
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);

        using var rejected = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, body, contentType);
        using var accepted = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.StartsWith(messageStart, await rejected.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
        Assert.Equal(new EndpointCounters(0, 0, 1, 0, 1, 2), endpoint.Counters);
    }

    [Fact]
    public async Task Invalid_gzip_is_400()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var content = new ByteArrayContent([1, 2, 3, 4]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await TestEndpoint.Client.PostAsync(endpoint.HttpTracesUrl, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body is not valid gzip\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_over_16_MiB_is_413_whether_its_length_is_declared_or_chunked(bool chunked)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.HttpTracesUrl) { Content = new ByteArrayContent(new byte[Limit + 1]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await TestEndpoint.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"payload too large: the limit is {Limit} bytes\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task Body_of_exactly_16_MiB_is_not_rejected_for_size()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        // 16 MiB of zero bytes is size-acceptable but not a valid message: the answer must come from parsing (400), not from the limit.
        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, new byte[Limit], "application/x-protobuf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_shorter_than_its_Content_Length_keeps_nothing_and_the_endpoint_keeps_serving()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var body = SampleSpans.Request().ToByteArray();

        // The connection ends mid-body: Kestrel aborts the request and closes or resets the connection, unanswered.
        var failure = await Record.ExceptionAsync(() => RawPostAsync(endpoint, declaredLength: body.Length + 100, body, endSending: true));
        Assert.True(failure is null or IOException, $"unexpected {failure}");
        using var next = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, body, "application/x-protobuf");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
    }

    [Fact]
    public async Task Body_longer_than_its_Content_Length_is_taken_to_the_declared_length()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var body = SampleSpans.Request().ToByteArray();

        // What follows the declared length is the start of the next request on the connection.
        var answer = await RawPostAsync(endpoint, declaredLength: body.Length, [.. body, .. Encoding.ASCII.GetBytes("POST /otel/v1/traces HTTP/1.1\r\n")], endSending: false);

        Assert.StartsWith("HTTP/1.1 200 ", answer);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
    }

    [Fact]
    public async Task Gzip_bomb_is_413_quickly_and_never_fully_inflated()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var bomb = GzipOfZeros(256 * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb should be small, is {bomb.Length} bytes");
        var content = new ByteArrayContent(bomb);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        var stopwatch = Stopwatch.StartNew();

        using var response = await TestEndpoint.Client.PostAsync(endpoint.HttpTracesUrl, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"payload too large: decompressed body exceeds the limit of {Limit} bytes\n", await response.Content.ReadAsStringAsync());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        using var next = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
    }

    [Theory]
    [InlineData("GET", "/otel/v1/traces", HttpStatusCode.MethodNotAllowed, "method not allowed: use POST /otel/v1/traces\n")]
    [InlineData("PUT", "/v1/traces", HttpStatusCode.MethodNotAllowed, "method not allowed: use POST /v1/traces\n")]
    [InlineData("GET", "/otel/v1/logs", HttpStatusCode.MethodNotAllowed, "method not allowed: use POST /otel/v1/logs\n")]
    [InlineData("POST", "/otel/v1/profiles", HttpStatusCode.NotFound, NotFound)]
    [InlineData("POST", "/", HttpStatusCode.NotFound, NotFound)]
    public async Task Wrong_method_is_405_and_unknown_path_is_404(string method, string path, HttpStatusCode expected, string text)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), endpoint.HttpUrl + path);

        using var response = await TestEndpoint.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(text, await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.MethodNotAllowed)
        {
            Assert.Equal("POST", Assert.Single(response.Content.Headers.Allow));
        }
    }

    // DataKit reads a body in any encoding but gzip as it is, and then cannot parse it.
    [Theory]
    [InlineData("br")]
    [InlineData("GZIP")]
    public async Task Unsupported_content_encoding_is_400(string encoding)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var content = new ByteArrayContent(TestEndpoint.Gzip(SampleSpans.Request().ToByteArray()));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await TestEndpoint.Client.PostAsync(endpoint.HttpTracesUrl, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported Content-Encoding: use gzip or none\n", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts protobuf over a bare connection, optionally ending the sending side; returns the head of the first answer.</summary>
    private static async Task<string> RawPostAsync(DataKitEndpointServer endpoint, int declaredLength, byte[] sent, bool endSending)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, endpoint.HttpPort);
        var stream = client.GetStream();
        var head = $"POST /otel/v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: {declaredLength}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(sent);
        if (endSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }
        using var timeout = new CancellationTokenSource(TestEndpoint.Timeout);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return answer.ToString();
    }

    private static byte[] GzipOfZeros(int length)
    {
        var zeros = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            for (var written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }
        return output.ToArray();
    }
}
