namespace InstrumentationModes.LoadRunner.Tests;

public class ServerEnvironmentTests
{
    private sealed class FakeEndpoint : ISpanEndpoint
    {
        public Uri GrpcUrl { get; } = new("http://127.0.0.1:4317");

        public Uri HttpTracesUrl { get; } = new("http://127.0.0.1:9529/otel/v1/traces");

        public Uri HttpOtlpBaseUrl { get; } = new("http://127.0.0.1:9529/otel");

        public long SpansReceived => 0;

        public long LogRecordsReceived => 0;

        public long MetricPointsReceived => 0;
    }

    [Fact]
    public void Grpc_exports_to_the_endpoints_grpc_port_with_otlp_only()
    {
        var environment = ServerEnvironment.For(new BenchmarkOptions(), new FakeEndpoint());

        Assert.Equal("otlp", environment["OTEL_TRACES_EXPORTER"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("http://127.0.0.1:4317/", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.False(environment.ContainsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }

    [Fact]
    public void Http_protobuf_exports_every_signal_under_the_datakit_base_and_extra_variables_win()
    {
        var options = new BenchmarkOptions
        {
            Protocol = "http/protobuf",
            ServerEnvironment = new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "500", ["OTEL_TRACES_EXPORTER"] = "none" },
        };

        var environment = ServerEnvironment.For(options, new FakeEndpoint());

        Assert.Equal("http://127.0.0.1:9529/otel", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.DoesNotContain(environment.Keys, name => name.EndsWith("S_ENDPOINT", StringComparison.Ordinal));
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("500", environment["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.False(ServerEnvironment.ExportsSpans("manual", environment));
    }

    [Theory]
    [InlineData("manual", "otlp", null, true)]
    [InlineData("auto", "console, otlp", null, true)]
    [InlineData("baseline", "otlp", null, false)]
    [InlineData("programmatic", "console", null, false)]
    [InlineData("programmatic", "otlp", "TRUE", false)]
    public void Only_instrumented_modes_exporting_otlp_owe_the_endpoint_spans(string mode, string exporters, string? sdkDisabled, bool expected)
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = exporters };
        if (sdkDisabled is not null)
        {
            environment["OTEL_SDK_DISABLED"] = sdkDisabled;
        }

        Assert.Equal(expected, ServerEnvironment.ExportsSpans(mode, environment));
    }
}
