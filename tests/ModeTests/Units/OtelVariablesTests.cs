using InstrumentationModes.LabHooks;

namespace InstrumentationModes.ModeTests.Units;

public sealed class OtelVariablesTests
{
    [Theory]
    [InlineData("OTEL_TRACES_EXPORTER", "console,zipkin", "OTEL_TRACES_EXPORTER: unknown exporter 'zipkin' (use console, otlp, console,otlp or none)")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "ftp://x", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'ftp://x' is not an http(s) URL (use e.g. http://localhost:4317); the default endpoint is used")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' is not supported (use grpc or http/protobuf); the default protocol is used")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "authorization Bearer s3cr3t", "OTEL_EXPORTER_OTLP_HEADERS: not a list of key=value pairs; no headers are sent (the value is not shown: it may hold a secret)")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "0", "OTEL_METRIC_EXPORT_INTERVAL: '0' is not a positive whole number of milliseconds; the SDK's default is used")]
    [InlineData("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "many", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: 'many' is not a positive whole number; the SDK's default is used")]
    [InlineData("OTEL_SDK_DISABLED", "yes", "OTEL_SDK_DISABLED: 'yes' is neither true nor false; ignored")]
    public void ABadValueGetsOneLineSayingWhatIsWrong(string name, string value, string expected) =>
        Assert.Equal([(name, expected)], OtelVariables.Problems(variable => variable == name ? value : null));

    [Theory]
    [InlineData("OTEL_LOGS_EXPORTER", "console, otlp")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318/otel")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer s3cr3t,x-tenant=a")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "8192")]
    [InlineData("OTEL_SDK_DISABLED", "TRUE")]
    public void AGoodValueGetsNoLine(string name, string value) =>
        Assert.Empty(OtelVariables.Problems(variable => variable == name ? value : null));

    [Fact]
    public void NoLineEverShowsAHeaderValue() =>
        Assert.DoesNotContain(
            OtelVariables.Problems(variable => variable.EndsWith("_HEADERS", StringComparison.Ordinal) ? "token s3cr3t" : null),
            problem => problem.Problem.Contains("s3cr3t", StringComparison.Ordinal));
}
