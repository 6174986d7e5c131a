using System.Net;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>
/// The README's curl examples: the OTLP/JSON files they post are taken and printed by an endpoint started with
/// <c>--accept-json</c> (the older DataKit), refused by a default one (DataKit 1.85), and a wrong content type is refused.
/// </summary>
public sealed class ReadmeExampleTests
{
    private static readonly byte[] ExampleSpan = Example("span.json");

    [Fact]
    public async Task TheExampleSpanIsAcceptedAndPrintedInDataKitsView()
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed, AcceptJson = true });

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

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task TheExampleSpanIsRefusedWith400WithoutAcceptJson(string contentType)
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, ExampleSpan, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"unrecognized Content-Type {contentType}, please use http/protobuf\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task TheExampleMetricIsAcceptedAndPrintedInDataKitsView()
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed, AcceptJson = true });

        using var response = await TestEndpoint.PostAsync(endpoint.HttpMetricsUrl, Example("metric.json"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [
                "otel_service,service_name=dice-server,scope_name=dice,roll_value=4,unit={roll},__temporality=cumulative dice.rolls=1",
                "otel_service,service_name=dice-server,scope_name=dice,http_route=/rolldice,http_response_status_code=200,unit=s "
                    + "http.server.request.duration_min=0,http.server.request.duration_max=0,http.server.request.duration_count=3,http.server.request.duration_sum=0.03",
                "otel_service,service_name=dice-server,scope_name=dice,http_route=/rolldice,http_response_status_code=200,unit=s,le=0.005 http.server.request.duration_bucket=1",
                "otel_service,service_name=dice-server,scope_name=dice,http_route=/rolldice,http_response_status_code=200,unit=s,le=0.01 http.server.request.duration_bucket=3",
                "otel_service,service_name=dice-server,scope_name=dice,http_route=/rolldice,http_response_status_code=200,unit=s,le=+Inf http.server.request.duration_bucket=3",
            ],
            MetricsAndLogsTransportTests.Lines(printed));
        var rolls = endpoint.ReceivedMetricPoints[0];
        Assert.Equal(("dice.rolls", "{roll}", 1L, true), (rolls.Name, rolls.Unit, rolls.Value, rolls.IsMonotonic));
    }

    [Fact]
    public async Task TheExampleLogIsAcceptedAndPrintedInDataKitsView()
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed, AcceptJson = true });

        using var response = await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, Example("log.json"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "dice-server,service=dice-server,source=dice-server,status=warn,scope_name=Dice.Roller service_name=dice-server,player=Alice,result=4,"
            + "trace_id=0af7651916cd43dd8448eb211c80319c,span_id=f66118cc8d5489a7,message=\"Alice is rolling the dice: 4\"",
            Assert.Single(MetricsAndLogsTransportTests.Lines(printed)));
        Assert.Equal((1U, 1_795_755_167_260_221_000UL), (endpoint.ReceivedLogs[0].Flags, endpoint.ReceivedLogs[0].TimeUnixNano));
    }

    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
