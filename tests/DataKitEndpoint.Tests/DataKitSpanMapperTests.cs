using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

public sealed class DataKitSpanMapperTests
{
    [Theory]
    [InlineData(Span.Types.SpanKind.Unspecified, "unspecified")]
    [InlineData(Span.Types.SpanKind.Internal, "internal")]
    [InlineData(Span.Types.SpanKind.Server, "server")]
    [InlineData(Span.Types.SpanKind.Client, "client")]
    [InlineData(Span.Types.SpanKind.Producer, "producer")]
    [InlineData(Span.Types.SpanKind.Consumer, "consumer")]
    [InlineData((Span.Types.SpanKind)42, "unspecified")]
    public void Span_kind_is_DataKits_lowercase_name(Span.Types.SpanKind kind, string expected)
    {
        Assert.Equal(expected, Map(new Span { Kind = kind }).SpanKind);
    }

    [Theory]
    [InlineData(Status.Types.StatusCode.Unset, "ok")]
    [InlineData(Status.Types.StatusCode.Ok, "ok")]
    [InlineData(Status.Types.StatusCode.Error, "error")]
    public void Status_is_ok_unless_error(Status.Types.StatusCode code, string expected)
    {
        Assert.Equal(expected, Map(new Span { Status = new Status { Code = code } }).Status);
    }

    [Fact]
    public void Current_semantic_convention_names_win_over_old_ones()
    {
        var span = new Span();
        span.Attributes.Add([
            SampleSpans.Attribute("http.request.method", "POST"),
            SampleSpans.Attribute("http.method", "GET"),
            SampleSpans.Attribute("http.response.status_code", 503L),
            SampleSpans.Attribute("http.status_code", 200L),
            SampleSpans.Attribute("custom.flag", true),
        ]);

        var received = Map(span);

        Assert.Equal(new Dictionary<string, string> { ["http_method"] = "POST", ["http_status_code"] = "503" }, received.Tags);
        Assert.Equal(true, received.Attributes["custom.flag"]);
    }

    [Fact]
    public void Span_without_ids_times_or_status_still_maps()
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { StartTimeUnixNano = 5_000, EndTimeUnixNano = 1_000 } } } } } },
        };

        var received = DataKitSpanMapper.Map(request, OtlpTransport.Grpc, "/").Single();

        Assert.Equal("unknown_service", received.Service);
        Assert.Empty(received.ResourceAttributes);
        Assert.Equal(("", "", "0"), (received.TraceId, received.SpanId, received.ParentId));
        Assert.Equal((5, 0), (received.Start, received.Duration));
        Assert.Equal("", received.Resource);
        Assert.Equal("", received.ScopeName);
        Assert.Equal("{\"startTimeUnixNano\":\"5000\",\"endTimeUnixNano\":\"1000\"}", received.Message);
    }

    [Fact]
    public void Spans_of_every_resource_and_scope_are_mapped_with_their_own_service_and_scope()
    {
        var request = SampleSpans.Request("first", SampleSpans.ServerSpan());
        request.ResourceSpans.Add(SampleSpans.Request("second", SampleSpans.ClientSpan()).ResourceSpans);
        request.ResourceSpans[1].ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "other" }, Spans = { new Span { Name = "third" } } });

        var spans = DataKitSpanMapper.Map(request, OtlpTransport.HttpProtobuf, "/v1/traces");

        Assert.Equal([("first", "GET /server_request", SampleSpans.ScopeName), ("second", "client-server", SampleSpans.ScopeName), ("second", "third", "other")],
            spans.Select(span => (span.Service, span.Resource, span.ScopeName)));
    }

    private static ReceivedSpan Map(Span span) =>
        DataKitSpanMapper.Map(SampleSpans.Request(SampleSpans.Service, span), OtlpTransport.Grpc, "/").Single();
}
