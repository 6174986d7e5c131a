using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// At process level: the endpoint answers malformed, mistyped, oversized and bomb payloads with DataKit's
/// 4xx (gRPC: a non-zero status), keeps running, and then counts the spans of many exporters at once exactly.
/// </summary>
public sealed class EndpointInputTests(EndpointProcess endpoint, ITestOutputHelper output) : IClassFixture<EndpointProcess>
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    // name -> Content-Type, gzip?, body, expected HTTP status
    private static readonly Dictionary<string, (string ContentType, bool Gzip, Func<byte[]> Body, int Status)> HttpCases = new()
    {
        ["malformed protobuf"] = ("application/x-protobuf", false, () => [0xff, 0xff, 0xff, 0xff, 0x0f], 400),
        ["OTLP/JSON (DataKit 1.85 reads protobuf only)"] = ("application/json", false, () => Encoding.UTF8.GetBytes("{}"), 400),
        ["wrong content type"] = ("text/plain", false, () => Encoding.UTF8.GetBytes("hello"), 400),
        ["truncated gzip"] = ("application/x-protobuf", true, () => Gzip(new byte[1024])[..20], 400),
        ["gzip bomb (64 MiB of zeros)"] = ("application/x-protobuf", true, () => Gzip(new byte[64 * 1024 * 1024]), 413),
        ["over the 16 MiB limit"] = ("application/x-protobuf", false, () => new byte[MaxMessageBytes + 1], 413),
    };

    // name -> gRPC request body (frames), expected grpc-status
    private static readonly Dictionary<string, (Func<byte[]> Body, int GrpcStatus)> GrpcCases = new()
    {
        ["malformed protobuf"] = (() => Frame([0xff, 0xff, 0xff, 0xff, 0x0f], declaredLength: 5), 13),
        // A frame cut short never reaches the service: Grpc.AspNetCore's framing answers INTERNAL ("Incomplete message").
        ["truncated frame"] = (() => Frame(new byte[10], declaredLength: 100), 13),
        ["truncated frame header"] = (() => [0, 0, 0], 13),
        ["message over the 16 MiB limit"] = (() => Frame([], declaredLength: MaxMessageBytes + 1), 8),
    };

    public static TheoryData<string> HttpCaseNames => new(HttpCases.Keys);

    public static TheoryData<string> GrpcCaseNames => new(GrpcCases.Keys);

    [Theory]
    [MemberData(nameof(HttpCaseNames))]
    public async Task BadOtlpHttpGetsA4xxAndTheEndpointKeepsAccepting(string caseName)
    {
        var (contentType, gzip, body, status) = HttpCases[caseName];
        using var client = new HttpClient();
        using var content = new ByteArrayContent(body());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await client.PostAsync(endpoint.HttpTracesUrl, content);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertStillAcceptsAsync(client);
    }

    [Theory]
    [MemberData(nameof(GrpcCaseNames))]
    public async Task BadOtlpGrpcGetsANonZeroStatusAndTheEndpointKeepsAccepting(string caseName)
    {
        var (body, grpcStatus) = GrpcCases[caseName];

        Assert.Equal(grpcStatus, await GrpcExportAsync(body(), "application/grpc"));
        using var client = new HttpClient();
        await AssertStillAcceptsAsync(client);
    }

    [Fact]
    public async Task AWrongContentTypeOnTheGrpcPortGets415()
    {
        using var client = Http2Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.GrpcUrl, "/opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent("hello"),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    /// <summary>
    /// Three servers (two over gRPC, one over OTLP/HTTP) under concurrent load and three example clients at once,
    /// all with a token in their OTLP headers: the endpoint prints every span exactly once, and nobody prints the token.
    /// </summary>
    [Fact]
    public async Task ManyExportersAtOnceAreAllCountedAndNoTokenIsPrinted()
    {
        const int RequestsPerServer = 30;
        var servers = await Task.WhenAll(
            ModeProcess.StartAsync("manual", Traffic.Grpc(endpoint.GrpcPort)),
            ModeProcess.StartAsync("auto", Traffic.Grpc(endpoint.GrpcPort)),
            ModeProcess.StartAsync("programmatic", Traffic.HttpProtobuf(endpoint.HttpPort)));
        try
        {
            var clients = await Task.WhenAll(servers.Select(server => ModeProcess.LaunchAsync(
                "client", [$"client-of-{server.Mode}", $"{server.Port}"], Traffic.Grpc(endpoint.GrpcPort))));
            var batches = await Task.WhenAll(servers.Select(server => Traffic.SendAsync(server, RequestsPerServer, parallel: 4)));
            foreach (var client in clients)
            {
                Assert.True(await client.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, client.Transcript);
            }

            // Each request: its server span. Each client run: client, client-server and the server span.
            var expected = batches.SelectMany(batch => batch.TraceIds).ToDictionary(traceId => traceId, _ => 1);
            foreach (var client in clients)
            {
                var line = await client.WaitForLineAsync(text => text.StartsWith("client: trace_id=", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
                expected[line["client: trace_id=".Length..].Split(' ')[0]] = 3;
            }

            var received = await endpoint.WaitForSpanLinesAsync(expected, TimeSpan.FromSeconds(30));

            output.WriteLine($"{expected.Values.Sum()} spans sent by 3 servers and 3 clients, {received.Values.Sum()} printed by the endpoint");
            Assert.All(batches, batch => Assert.Equal(RequestsPerServer, batch.Ok));
            Assert.Equal(expected, received);
            Assert.All(servers.Concat(clients).Append(endpoint.Process), Traffic.AssertNoSecret);
            Assert.All(servers, Modes.AssertNoUnhandledException);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private static byte[] Frame(byte[] message, int declaredLength)
    {
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static HttpClient Http2Client() => new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One unary Export call over h2c; returns its grpc-status.</summary>
    private async Task<int> GrpcExportAsync(byte[] body, string contentType)
    {
        using var client = Http2Client();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.GrpcUrl, "/opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A call that fails before any message is answered "trailers-only": the status comes in the headers.
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) || response.Headers.TryGetValues("grpc-status", out values)
            ? values.Single()
            : throw new InvalidOperationException("The gRPC answer carries no grpc-status.");
        return int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An empty but valid protobuf export is accepted over HTTP (200) and over gRPC (status 0).</summary>
    private async Task AssertStillAcceptsAsync(HttpClient client)
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await client.PostAsync(endpoint.HttpTracesUrl, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await GrpcExportAsync(Frame([], declaredLength: 0), "application/grpc"));
        Assert.False(endpoint.Process.HasExited, endpoint.Process.Transcript);
    }
}
