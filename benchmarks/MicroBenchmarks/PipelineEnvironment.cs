using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// The variables a benchmark case sets, as <c>scripts/run-mode.sh</c> and the load runs' variants set them: the
/// samples and the agent are configured only through what the SDK, the agent and the lab's hosting startup read.
/// </summary>
internal static class PipelineEnvironment
{
    public const string Baseline = "baseline";

    private const string Otlp = "otlp";
    private const string None = "none";

    /// <summary>The endpoint's gRPC services: ASP.NET Core instrumentation subscribes process-wide, so without this it would trace the in-process endpoint's own export requests.</summary>
    private static readonly string[] EndpointGrpcPaths =
    [
        "/opentelemetry.proto.collector.trace.v1.TraceService",
        "/opentelemetry.proto.collector.metrics.v1.MetricsService",
        "/opentelemetry.proto.collector.logs.v1.LogsService",
    ];

    /// <summary>The endpoint's OTLP/HTTP paths (DataKit's), excluded for the same reason when the export goes over HTTP.</summary>
    private static readonly string[] EndpointHttpPaths = ["/otel/v1/traces", "/otel/v1/metrics", "/otel/v1/logs"];

    /// <summary>The variables of a mode and its signals, whatever the knob.</summary>
    private static readonly string[] PipelineVariables =
    [
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES", "DOWNSTREAM_URL", "OTEL_SERVICE_NAME",
        "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_TRACES_SAMPLER",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_BSP_MAX_QUEUE_SIZE",
        "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "OTEL_DOTNET_EXCLUDED_URLS", "OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES",
        "OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES",
    ];

    /// <summary>Every variable a case may set, a knob's too, cleared before the next case in the same process (the tests run many).</summary>
    public static readonly string[] Managed = [.. PipelineVariables.Union(Knobs.Variables)];

    /// <summary>The sample assembly a mode runs: the automatic server for the baseline too, without its agent.</summary>
    public static string AssemblyOf(string mode) =>
        Path.GetFileNameWithoutExtension((Modes.All.FirstOrDefault(known => known.Name == mode) ?? Modes.All.Single(known => known.Name == "auto")).Project);

    /// <summary>
    /// The variables of <paramref name="mode"/> exporting <paramref name="signals"/> to <paramref name="endpoint"/>
    /// with <paramref name="knob"/> turned, if any, for the server under test and its downstream alike.
    /// </summary>
    public static Dictionary<string, string> For(string mode, Signals signals, DataKitEndpointServer endpoint, Knob? knob = null)
    {
        // Over OTLP/HTTP the exporters append /v1/traces, /v1/metrics and /v1/logs to the base: DataKit's paths.
        var overHttp = knob?.Protocol is { } protocol && protocol != "grpc";
        var endpointUrl = overHttp ? endpoint.HttpUrl + "/otel" : endpoint.GrpcUrl;
        var (traces, metrics, logs) = signals switch
        {
            Signals.Traces => (None, None, None),
            Signals.TracesOtlp => (Otlp, None, None),
            Signals.Metrics => (None, Otlp, None),
            Signals.Logs => (None, None, Otlp),
            _ => (Otlp, Otlp, Otlp),
        };
        var variables = new Dictionary<string, string>
        {
            // No console exporter, as in the load runs: the samples add one in Development only.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OTEL_TRACES_EXPORTER"] = traces,
            ["OTEL_METRICS_EXPORTER"] = metrics,
            ["OTEL_LOGS_EXPORTER"] = logs,
            // run-mode.sh's defaults for every mode.
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "8192",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        };

        if (signals == Signals.Traces)
        {
            // No OTLP endpoint, so the samples add no exporter; the per-signal endpoints, which only an exporter
            // reads, make any export nobody asked for land where the tests look instead of on a default port.
            foreach (var signal in new[] { "TRACES", "METRICS", "LOGS" })
            {
                variables[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] = endpointUrl;
            }
        }
        else
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpointUrl;
            variables["OTEL_DOTNET_EXCLUDED_URLS"] = string.Join(',', ["/healthz", .. overHttp ? EndpointHttpPaths : EndpointGrpcPaths]);
        }

        if (signals is Signals.Metrics or Signals.Logs)
        {
            // The lab's sampler-off variant: no span is recorded, so the row prices that signal, not the traces.
            variables["OTEL_TRACES_SAMPLER"] = "always_off";
        }

        if (mode != Baseline)
        {
            variables["OTEL_SERVICE_NAME"] = Modes.ServiceOf(mode);
        }

        if (mode == "auto")
        {
            variables["OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES"] = "DiceRoller";
            variables["OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES"] = "DiceRoller";
        }

        foreach (var (name, value) in knob?.Settings ?? [])
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>
    /// What run-mode.sh attaches to the server under test as a hosting startup (<c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>),
    /// which the downstream's run-mode.sh adds itself: the agent's for auto, the lab's SilencedSignals for the samples.
    /// </summary>
    public static string? HostingStartupOf(string mode) => mode switch
    {
        Baseline => null,
        "auto" => "InstrumentationModes.Agent",
        _ => "InstrumentationModes.LabHooks",
    };
}
