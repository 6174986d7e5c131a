using System.Diagnostics;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>
/// What a user sees when the configuration is wrong or the endpoint is gone: one line each, in every mode, with the
/// server serving on.
/// </summary>
public sealed class DiagnosticsTests
{
    public static TheoryData<string> Modes => new(ModeLauncher.Modes.Names);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EachBadVariableGetsOneLineAndTheServerServes(string mode)
    {
        await using var server = await ModeProcess.StartAsync(mode, new Dictionary<string, string>
        {
            ["OTEL_TRACES_EXPORTER"] = "console",
            ["OTEL_METRICS_EXPORTER"] = "none",
            ["OTEL_LOGS_EXPORTER"] = "none",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "abc",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "-5",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "localhost:4317",
        });

        Assert.Equal((System.Net.HttpStatusCode.OK, "served"), await server.GetAsync("/server_request?param=diagnostics", "diagnostics-tests"));

        var warnings = server.ErrorLines.Where(line => line.StartsWith("OpenTelemetry: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "OpenTelemetry: OTEL_BSP_MAX_QUEUE_SIZE: '-5' is not a positive whole number; the SDK's default is used",
                "OpenTelemetry: OTEL_BSP_SCHEDULE_DELAY: 'abc' is not a positive whole number of milliseconds; the SDK's default is used",
                "OpenTelemetry: OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4317' is not an http(s) URL (use e.g. http://localhost:4317); the default endpoint is used",
            ],
            warnings);
        Assert.DoesNotContain(server.ErrorLines, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAgentSaysItIsDisabledAndInstrumentsNothing()
    {
        await using var server = await ModeProcess.StartAsync("auto", new Dictionary<string, string>
        {
            ["OTEL_SDK_DISABLED"] = "true",
            ["OTEL_TRACES_EXPORTER"] = "console",
        });

        await server.GetAsync("/server_request?param=disabled", "diagnostics-tests");
        await server.StopAsync();

        Assert.Contains("OpenTelemetry agent: disabled by OTEL_SDK_DISABLED=true; ServerAutomatic runs uninstrumented.", server.ErrorLines);
        Assert.DoesNotContain(server.ErrorLines, line => line.Contains("instrumenting", StringComparison.Ordinal));
        Assert.Empty(server.ConsoleSpans());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AFinalExportThatFailsAtShutdownIsReported(string mode)
    {
        // Nothing listens there; the batch delay (5 s) keeps the span queued until the flush at shutdown.
        await using var server = await ModeProcess.StartAsync(mode, new Dictionary<string, string>
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_METRICS_EXPORTER"] = "none",
            ["OTEL_LOGS_EXPORTER"] = "none",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        });
        await server.GetAsync("/server_request?param=last", "diagnostics-tests", $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var exitCode = await server.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Single(server.ErrorLines, line => line.StartsWith("OpenTelemetry: telemetry may not reach the OTLP endpoint: ", StringComparison.Ordinal));
    }
}
