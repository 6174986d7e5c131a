using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>Starts real endpoints on free loopback ports and talks to them over real HTTP/1.1 and h2c.</summary>
internal static class TestEndpoint
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout };

    /// <summary>DataKit 1.85's answers (protobuf only over HTTP), or the older DataKit's with <paramref name="acceptJson"/>.</summary>
    public static Task<DataKitEndpointServer> StartAsync(EndpointFaults? faults = null, int maxRetainedItems = 100_000, bool acceptJson = false) =>
        DataKitEndpointServer.StartAsync(
            new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false, Faults = faults ?? EndpointFaults.None, AcceptJson = acceptJson },
            maxRetainedItems);

    /// <summary>What DataKit answers a good gRPC export with: one uncompressed frame holding an empty partial_success.</summary>
    public static readonly byte[] GrpcSuccessBody = [0, 0, 0, 0, 2, 0x0A, 0x00];

    public static async Task<HttpResponseMessage> PostAsync(string url, byte[] body, string? contentType, bool gzip = false, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(gzip ? Gzip(body) : body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return await Client.PostAsync(url, content, cancellationToken);
    }

    /// <summary>
    /// A unary gRPC call over h2c; returns the HTTP response, its body and its grpc-status/grpc-message: in the trailers,
    /// or in the headers of a "trailers-only" answer to a call that failed before any message.
    /// </summary>
    public static async Task<GrpcResult> CallGrpcAsync(string baseUrl, byte[] requestBody, string path = ExportPath, string? encoding = null, string? grpcTimeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(requestBody),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }
        if (grpcTimeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", grpcTimeout);
        }
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new GrpcResult(
            response.StatusCode,
            response.Version,
            response.Content.Headers.ContentType?.MediaType,
            body,
            GrpcHeader(response, "grpc-status"),
            GrpcHeader(response, "grpc-message") is { } message ? Uri.UnescapeDataString(message) : null);
    }

    private static string? GrpcHeader(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues(name, out var header) ? header.Single()
        : null;

    /// <summary>gRPC length-prefixed framing, written out here independently of the endpoint's own.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, int? declaredLength = null)
    {
        var length = declaredLength ?? message.Length;
        byte[] header = [compressed ? (byte)1 : (byte)0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];
        return [.. header, .. message];
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}

internal sealed record GrpcResult(HttpStatusCode HttpStatus, Version HttpVersion, string? ContentType, byte[] Body, string? GrpcStatus, string? GrpcMessage);
