using System.Net;
using System.Text;
using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

public sealed class HttpTransportTests
{
    [Theory]
    [InlineData("/otel/v1/traces", false)]
    [InlineData("/v1/traces", false)]
    [InlineData("/otel/v1/traces", true)]
    public async Task Protobuf_export_is_seen_in_DataKits_view_on_both_paths(string path, bool gzip)
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpUrl + path, SampleSpans.Request().ToByteArray(), "application/x-protobuf", gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var spans = endpoint.ReceivedSpans;
        Assert.Equal(2, spans.Count);
        SampleSpans.AssertServerSpan(spans[0], OtlpTransport.HttpProtobuf, path);
        SampleSpans.AssertClientSpan(spans[1]);
        Assert.Equal(new EndpointCounters(0, 0, 1, 0, 0, 2), endpoint.Counters);
    }

    [Fact]
    public async Task OtlpJson_with_hex_ids_string_int64s_and_integer_enums_is_read_exactly_when_json_is_accepted()
    {
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);
        // Upper-case hex, a numeric int64, an empty parentSpanId (= root) and an unknown key are all valid OTLP/JSON.
        const string json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-service"}}]},
              "scopeSpans":[{"scope":{"name":"json-scope","version":"1.2"},"spans":[
                {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"","name":"GET /server_request",
                 "kind":2,"startTimeUnixNano":"1700000000123456789","endTimeUnixNano":1700000000126000000,"unknownField":{"x":1},
                 "attributes":[
                   {"key":"http.request.method","value":{"stringValue":"GET"}},
                   {"key":"http.response.status_code","value":{"intValue":"200"}},
                   {"key":"server.port","value":{"intValue":8082}},
                   {"key":"sample.ratio","value":{"doubleValue":0.5}},
                   {"key":"sample.cached","value":{"boolValue":false}},
                   {"key":"sample.bytes","value":{"bytesValue":"AQID"}},
                   {"key":"sample.list","value":{"arrayValue":{"values":[{"intValue":"1"},{"stringValue":"two"}]}}},
                   {"key":"sample.map","value":{"kvlistValue":{"values":[{"key":"inner","value":{"boolValue":true}}]}}}],
                 "status":{"code":2,"message":"failed"}}]}]}]}
            """;

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var span = Assert.Single(endpoint.ReceivedSpans);
        Assert.Equal("json-service", span.Service);
        Assert.Equal("GET /server_request", span.Resource);
        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal("0", span.ParentId);
        Assert.True(span.IsRoot);
        Assert.Equal(1_700_000_000_123_456, span.Start);
        Assert.Equal(2543, span.Duration);
        Assert.Equal("error", span.Status);
        Assert.Equal("failed", span.StatusMessage);
        Assert.Equal("server", span.SpanKind);
        Assert.Equal(new Dictionary<string, string> { ["http_method"] = "GET", ["http_status_code"] = "200", ["server_port"] = "8082" }, span.Tags);
        Assert.Equal(200L, span.Attributes["http.response.status_code"]);
        Assert.Equal(8082L, span.Attributes["server.port"]);
        Assert.Equal(0.5, span.Attributes["sample.ratio"]);
        Assert.Equal(false, span.Attributes["sample.cached"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, span.Attributes["sample.bytes"]);
        Assert.Equal(new object[] { 1L, "two" }, span.Attributes["sample.list"]);
        Assert.Equal(true, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(span.Attributes["sample.map"])["inner"]);
        Assert.Equal(("json-scope", "1.2"), (span.ScopeName, span.ScopeVersion));
        Assert.Equal((OtlpTransport.HttpJson, "/otel/v1/traces"), (span.Transport, span.RequestPath));
        Assert.Equal(new EndpointCounters(0, 0, 0, 1, 0, 1), endpoint.Counters);
    }

    [Fact]
    public async Task OtlpJson_written_from_the_sample_request_arrives_like_protobuf_even_gzipped_when_json_is_accepted()
    {
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);
        var json = OtlpJsonWriter.WriteExportRequest(SampleSpans.Request());

        using var response = await TestEndpoint.PostAsync(endpoint.HttpStandardTracesUrl, Encoding.UTF8.GetBytes(json), "application/json", gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = endpoint.ReceivedSpans;
        Assert.Equal(2, spans.Count);
        SampleSpans.AssertServerSpan(spans[0], OtlpTransport.HttpJson, "/v1/traces");
        SampleSpans.AssertClientSpan(spans[1]);
    }

    [Fact]
    public void OtlpJson_round_trips_every_field_through_writer_and_reader()
    {
        var request = SampleSpans.Request();
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.TraceState = "vendor=1";
        span.Flags = 0x301;
        span.DroppedAttributesCount = 4;
        span.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = 42, Attributes = { SampleSpans.Attribute("exception.message", "x") } });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId, Flags = 1 });
        span.Attributes.Add(SampleSpans.Attribute("not.finite", double.NegativeInfinity));
        span.Attributes.Add(new KeyValue { Key = "empty" });

        var json = OtlpJsonWriter.WriteExportRequest(request);

        Assert.Equal(request, OtlpJsonReader.ReadExportRequest(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("\"traceId\":\"5b8efff798038103d269b633813fc60c\"", json);
        Assert.Contains("\"startTimeUnixNano\":\"1700000000123456789\"", json);
        Assert.Contains("\"kind\":2", json);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}""", "$.resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a hex string")]
    [InlineData("""{"resourceSpans":{}}""", "Repeated field value was not an array. Token type: StartObject")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"-1"}]}]}]}""", "Value out of range: -1")]
    [InlineData("""{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":"text"}]}}]}""", "Expected an object")]
    [InlineData("[]", "$: expected an object")]
    public void OtlpJson_errors_say_where_and_why(string json, string expected)
    {
        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonReader.ReadExportRequest(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(expected, error.Message);
    }
}
