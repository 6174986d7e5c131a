using System.Net;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>The README's curl example: the OTLP/JSON file it posts is taken, and a wrong content type is not.</summary>
public sealed class ReadmeExampleTests
{
    private static readonly byte[] ExampleSpan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "span.json"));

    [Fact]
    public async Task TheExampleSpanIsAcceptedAndPrintedInDataKitsView()
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed });

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, ExampleSpan, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = Assert.Single(endpoint.ReceivedSpans);
        Assert.Equal(("manual-instrument-service", "GET /server_request", "b7ad6b7169203331", 27754L), (span.Service, span.Resource, span.ParentId, span.Duration));
        Assert.Equal(
            "opentelemetry service=manual-instrument-service resource=\"GET /server_request\" span_kind=server status=ok "
            + "trace_id=0af7651916cd43dd8448eb211c80319c span_id=f66118cc8d5489a7 parent_id=b7ad6b7169203331 duration=27754µs "
            + "http_method=GET http_status_code=200 http_route=/server_request url_path=/server_request url_query=\"?param=Redacted\" "
            + "url_scheme=http server_address=localhost server_port=8082 network_protocol_version=1.1",
            printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Last());
    }

    [Fact]
    public async Task TheExampleSpanAsTextPlainIsRefusedWith400()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, ExampleSpan, "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported Content-Type: use application/x-protobuf or application/json\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(endpoint.ReceivedSpans);
    }
}
