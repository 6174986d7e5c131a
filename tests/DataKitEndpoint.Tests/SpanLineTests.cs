using System.Net;
using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

public sealed class SpanLineTests
{
    [Fact]
    public async Task Each_received_span_is_printed_as_one_line_and_request_headers_never_are()
    {
        var output = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = output });
        var content = new ByteArrayContent(SampleSpans.Request().ToByteArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.HttpTracesUrl) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer top-secret-token");

        using var response = await TestEndpoint.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal(SampleSpans.ServerLine, lines[0]);
        Assert.Equal(
            "opentelemetry service=manual-instrument-service resource=\"client-server\" span_kind=client status=error " +
            "trace_id=5b8efff798038103d269b633813fc60c span_id=0102030405060708 parent_id=0 duration=1000µs " +
            "http_method=GET http_status_code=500 error_type=500",
            lines[1]);
        Assert.Equal("", lines[2]);
        Assert.DoesNotContain("top-secret-token", output.ToString());
    }

    [Fact]
    public async Task Quiet_endpoint_prints_no_span_metric_or_log()
    {
        var output = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = output, PrintSpans = false });

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        using var metrics = await TestEndpoint.PostAsync(endpoint.HttpMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf");
        using var logs = await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, metrics.StatusCode, logs.StatusCode));
        Assert.Equal((2, 3, 2), (endpoint.ReceivedSpans.Count, endpoint.ReceivedMetricPoints.Count, endpoint.ReceivedLogs.Count));
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Received_values_cannot_forge_lines_or_emit_terminal_escapes()
    {
        var span = SampleSpans.ServerSpan();
        span.Name = "GET /x\r\nopentelemetry service=forged resource=\"evil\"\u001b[2J\u009b31m\u202eabc\u2028";
        span.Attributes.Add(SampleSpans.Attribute("http.route", "/a b\\c\t"));
        var request = SampleSpans.Request("svc\nname", span);

        var line = SpanLine.Format(DataKitSpanMapper.Map(request, OtlpTransport.Grpc, "/").Single());

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u202e' or '\u2028');
        Assert.StartsWith(
            "opentelemetry service=\"svc\\nname\" resource=\"GET /x\\r\\nopentelemetry service=forged resource=\\\"evil\\\"\\u001b[2J\\u009b31m\\u202eabc\\u2028\" span_kind=server",
            line);
        Assert.Contains(" http_route=\"/a b\\\\c\\t\" ", line);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "\"\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("naïve 😀", "\"naïve 😀\"")]
    public void Escaping_quotes_only_when_needed_and_keeps_printable_unicode(string value, string expected)
    {
        Assert.Equal(expected, SpanLine.Escape(value));
    }

    [Fact]
    public void Unpaired_surrogates_are_escaped()
    {
        // Built at run time: attribute arguments cannot carry an unpaired surrogate.
        Assert.Equal("\"\\ud800x\"", SpanLine.Escape(new string(['\ud800', 'x'])));
    }
}
