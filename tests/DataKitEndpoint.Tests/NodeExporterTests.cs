using System.Diagnostics;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>
/// Another language's official SDK: node-exporter/send.js exports one metric point and one log record with the
/// OpenTelemetry JS packages over OTLP/HTTP protobuf, and the endpoint receives and prints them.
/// </summary>
public sealed class NodeExporterTests
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(1);
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "node-exporter");

    [Fact]
    public async Task The_OpenTelemetry_JS_exporters_metric_and_log_arrive_and_are_printed()
    {
        var node = Executable("node");
        var npm = Executable("npm");
        await RunAsync(npm, ["install", "--no-package-lock", "--no-audit", "--no-fund"], [], InstallTimeout);
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed });

        await RunAsync(
            node,
            ["send.js"],
            [("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", endpoint.HttpMetricsUrl), ("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", endpoint.HttpLogsUrl)],
            SendTimeout);

        var point = Assert.Single(endpoint.ReceivedMetricPoints);
        Assert.Equal(("dice.rolls", "{roll}", "Rolls so far", MetricKind.Sum), (point.Name, point.Unit, point.Description, point.Kind));
        Assert.Equal((true, AggregationTemporality.Cumulative, 2L), (point.IsMonotonic, point.Temporality, point.Value));
        Assert.Equal(new Dictionary<string, object> { ["roll.value"] = 5L }, point.Attributes);
        Assert.Equal(("node-dice", "1.0.0"), (point.ScopeName, point.ScopeVersion));
        Assert.Equal("node-dice", point.ResourceAttributes["service.name"]);
        Assert.Equal((OtlpTransport.HttpProtobuf, "/otel/v1/metrics"), (point.Transport, point.RequestPath));
        var record = Assert.Single(endpoint.ReceivedLogs);
        Assert.Equal(("node-dice", "node-dice", "node-dice.roller"), (record.Source, record.Service, record.ScopeName));
        Assert.Equal((SeverityNumber.Warn, "WARN", "warn"), (record.SeverityNumber, record.SeverityText, record.Status));
        Assert.Equal("Bob is rolling the dice: 5", record.Message);
        Assert.Equal(new Dictionary<string, object> { ["player"] = "Bob", ["result"] = 5L }, record.Attributes);
        Assert.Equal(("", ""), (record.TraceId, record.SpanId));
        Assert.Equal((OtlpTransport.HttpProtobuf, "/otel/v1/logs"), (record.Transport, record.RequestPath));
        Assert.Equal(
            [
                "otel_service,service_name=node-dice,scope_name=node-dice,roll_value=5,unit={roll},__temporality=cumulative dice.rolls=2",
                "node-dice,service=node-dice,source=node-dice,status=warn,scope_name=node-dice.roller service_name=node-dice,player=Bob,result=5,message=\"Bob is rolling the dice: 5\"",
            ],
            MetricsAndLogsTransportTests.Lines(printed));
    }

    /// <summary>The full path of <paramref name="name"/> on PATH; a missing Node.js fails the test, never skips it.</summary>
    private static string Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            $"'{name}' is not on PATH: this test runs the OpenTelemetry JS exporter and needs Node.js 20.6+ with npm (e.g. apt-get install nodejs npm).");

    private static async Task RunAsync(string executable, string[] arguments, (string Name, string Value)[] environment, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }
        Assert.True(
            process.ExitCode == 0,
            $"{Path.GetFileName(executable)} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
    }
}
