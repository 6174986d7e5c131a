using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>OTLP requests with known values: a SERVER span shaped like the official ASP.NET Core instrumentation's, child of a root CLIENT span that failed.</summary>
internal static class SampleSpans
{
    public const string Service = "manual-instrument-service";
    public const string TraceId = "5b8efff798038103d269b633813fc60c";
    public const string ClientSpanId = "0102030405060708";
    public const string ServerSpanId = "eee19b7ec3c1b174";
    public const ulong StartNanos = 1_700_000_000_123_456_789;
    public const long StartMicros = 1_700_000_000_123_456;
    public const string ScopeName = "Microsoft.AspNetCore";
    public const string ScopeVersion = "10.0.0";

    public static ExportTraceServiceRequest Request(string service = Service) => Request(service, ServerSpan(), ClientSpan());

    public static ExportTraceServiceRequest Request(string? service, params Span[] spans)
    {
        var resource = new Resource();
        if (service is not null)
        {
            resource.Attributes.Add(Attribute("service.name", service));
        }
        resource.Attributes.Add(Attribute("telemetry.sdk.language", "dotnet"));
        resource.Attributes.Add(Attribute("deployment.replicas", 3L));
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = ScopeName, Version = ScopeVersion } };
        scopeSpans.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>The server span: 2.5 ms long, status UNSET, with the ASP.NET Core attributes and a few typed extras.</summary>
    public static Span ServerSpan()
    {
        var span = new Span
        {
            TraceId = Bytes(TraceId),
            SpanId = Bytes(ServerSpanId),
            ParentSpanId = Bytes(ClientSpanId),
            Name = "GET /server_request",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = StartNanos,
            EndTimeUnixNano = StartNanos + 2_500_000,
        };
        span.Attributes.Add(
        [
            Attribute("http.request.method", "GET"),
            Attribute("server.address", "127.0.0.1"),
            Attribute("server.port", 8082L),
            Attribute("url.scheme", "http"),
            Attribute("url.path", "/server_request"),
            Attribute("url.query", "?param=Redacted"),
            Attribute("network.protocol.version", "1.1"),
            Attribute("http.route", "/server_request"),
            Attribute("http.response.status_code", 200L),
            Attribute("user_agent.original", "test-agent/1.0"),
            Attribute("sample.ratio", 0.25),
            Attribute("sample.cached", true),
            new KeyValue
            {
                Key = "sample.tags",
                Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { StringValue = "b" } } } },
            },
        ]);
        return span;
    }

    /// <summary>A root client span, 1 ms long, status ERROR, using the older semantic-convention names.</summary>
    public static Span ClientSpan()
    {
        var span = new Span
        {
            TraceId = Bytes(TraceId),
            SpanId = Bytes(ClientSpanId),
            Name = "client-server",
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = StartNanos - 1_000_000,
            EndTimeUnixNano = StartNanos,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add([Attribute("http.method", "GET"), Attribute("http.status_code", 500L), Attribute("error.type", "500")]);
        return span;
    }

    public static IReadOnlyDictionary<string, string> ServerTags { get; } = new Dictionary<string, string>
    {
        ["http_method"] = "GET",
        ["http_status_code"] = "200",
        ["http_route"] = "/server_request",
        ["url_path"] = "/server_request",
        ["url_query"] = "?param=Redacted",
        ["url_scheme"] = "http",
        ["server_address"] = "127.0.0.1",
        ["server_port"] = "8082",
        ["network_protocol_version"] = "1.1",
        ["user_agent_original"] = "test-agent/1.0",
    };

    public const string ServerLine =
        "opentelemetry service=manual-instrument-service resource=\"GET /server_request\" span_kind=server status=ok " +
        "trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174 parent_id=0102030405060708 duration=2500µs " +
        "http_method=GET http_status_code=200 http_route=/server_request url_path=/server_request url_query=\"?param=Redacted\" " +
        "url_scheme=http server_address=127.0.0.1 server_port=8082 network_protocol_version=1.1 user_agent_original=test-agent/1.0";

    /// <summary>Checks every DataKit-view and full-fidelity field of the server span.</summary>
    public static void AssertServerSpan(ReceivedSpan span, string transport, string path, string service = Service)
    {
        Assert.Equal(service, span.Service);
        Assert.Equal("GET /server_request", span.Resource);
        Assert.Equal(TraceId, span.TraceId);
        Assert.Equal(ServerSpanId, span.SpanId);
        Assert.Equal(ClientSpanId, span.ParentId);
        Assert.False(span.IsRoot);
        Assert.Equal(StartMicros, span.Start);
        Assert.Equal(2500, span.Duration);
        Assert.Equal("ok", span.Status);
        Assert.Equal("server", span.SpanKind);
        Assert.Equal("opentelemetry", span.Source);
        Assert.Equal(ServerTags, span.Tags);
        Assert.Equal("GET", span.Attributes["http.request.method"]);
        Assert.Equal(8082L, span.Attributes["server.port"]);
        Assert.Equal(200L, span.Attributes["http.response.status_code"]);
        Assert.Equal(0.25, span.Attributes["sample.ratio"]);
        Assert.Equal(true, span.Attributes["sample.cached"]);
        Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object[]>(span.Attributes["sample.tags"]));
        Assert.Equal(13, span.Attributes.Count);
        Assert.Equal(service, span.ResourceAttributes["service.name"]);
        Assert.Equal("dotnet", span.ResourceAttributes["telemetry.sdk.language"]);
        Assert.Equal(3L, span.ResourceAttributes["deployment.replicas"]);
        Assert.Equal(ScopeName, span.ScopeName);
        Assert.Equal(ScopeVersion, span.ScopeVersion);
        Assert.Equal(Status.Types.StatusCode.Unset, span.StatusCode);
        Assert.Equal("", span.StatusMessage);
        Assert.Equal(Span.Types.SpanKind.Server, span.Kind);
        Assert.Equal(transport, span.Transport);
        Assert.Equal(path, span.RequestPath);
        using var message = System.Text.Json.JsonDocument.Parse(span.Message);
        Assert.Equal(TraceId, message.RootElement.GetProperty("traceId").GetString());
        Assert.Equal(ClientSpanId, message.RootElement.GetProperty("parentSpanId").GetString());
        Assert.Equal(2, message.RootElement.GetProperty("kind").GetInt32());
        Assert.Equal(StartNanos.ToString(), message.RootElement.GetProperty("startTimeUnixNano").GetString());
    }

    public static void AssertClientSpan(ReceivedSpan span)
    {
        Assert.Equal(ClientSpanId, span.SpanId);
        Assert.Equal("0", span.ParentId);
        Assert.True(span.IsRoot);
        Assert.Equal("client-server", span.Resource);
        Assert.Equal("client", span.SpanKind);
        Assert.Equal("error", span.Status);
        Assert.Equal(Status.Types.StatusCode.Error, span.StatusCode);
        Assert.Equal("boom", span.StatusMessage);
        Assert.Equal(StartMicros - 1000, span.Start);
        Assert.Equal(1000, span.Duration);
        Assert.Equal(new Dictionary<string, string> { ["http_method"] = "GET", ["http_status_code"] = "500", ["error_type"] = "500" }, span.Tags);
    }

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attribute(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attribute(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
