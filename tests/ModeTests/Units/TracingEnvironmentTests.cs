using InstrumentationModes.Telemetry;
using OpenTelemetry.Exporter;

namespace InstrumentationModes.ModeTests.Units;

public sealed class TracingEnvironmentTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData("", true, true)]
    [InlineData("console", true, false)]
    [InlineData("otlp", false, true)]
    [InlineData(" OTLP , console ", true, true)]
    [InlineData("none", false, false)]
    public void ExportersComeFromOtelTracesExporter(string? value, bool console, bool otlp)
    {
        var environment = TracingEnvironment.Parse(name => name == "OTEL_TRACES_EXPORTER" ? value : null);

        Assert.Equal((console, otlp), (environment.ConsoleExporter, environment.OtlpExporter));
        Assert.Empty(environment.Warnings);
    }

    [Fact]
    public void AnUnknownExporterIsIgnoredWithAWarning()
    {
        var environment = TracingEnvironment.Parse(name => name == "OTEL_TRACES_EXPORTER" ? "zipkin,console" : null);

        Assert.True(environment.ConsoleExporter);
        Assert.False(environment.OtlpExporter);
        Assert.Equal(["OTEL_TRACES_EXPORTER: unknown exporter 'zipkin' ignored (use console, otlp, console,otlp or none)."], environment.Warnings);
    }

    [Fact]
    public void TracesVariantsWinOverTheGeneralOnes()
    {
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://127.0.0.1:9529/otel/v1/traces",
            ["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] = "authorization=Bearer secret",
            ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] = "2500",
        };

        var environment = TracingEnvironment.Parse(variables.GetValueOrDefault);

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, environment.OtlpProtocol);
        Assert.Equal(new Uri("http://127.0.0.1:9529/otel/v1/traces"), environment.OtlpTracesEndpoint);
        Assert.Equal("authorization=Bearer secret", environment.OtlpTracesHeaders);
        Assert.Equal(2500, environment.OtlpTracesTimeoutMilliseconds);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' is not supported (use grpc or http/protobuf); ignored.")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "localhost:4317", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost:4317' is not an absolute http(s) URL; ignored.")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "-1", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-1' is not a positive number of milliseconds; ignored.")]
    public void BadValuesGetAWarningAndTheDefault(string name, string value, string warning)
    {
        var environment = TracingEnvironment.Parse(candidate => candidate == name ? value : null);

        Assert.Equal([warning], environment.Warnings);
        Assert.Null(environment.OtlpProtocol);
        Assert.Null(environment.OtlpTracesEndpoint);
        Assert.Null(environment.OtlpTracesTimeoutMilliseconds);
    }
}
