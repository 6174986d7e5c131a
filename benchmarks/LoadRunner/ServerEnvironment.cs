namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The variables every server of a load run gets: traces over OTLP only (no console), to the harness's endpoint, with
/// metrics and logs to the same endpoint (run-mode.sh exports them over OTLP by default), plus the user's extras.
/// </summary>
public static class ServerEnvironment
{
    public static IReadOnlyDictionary<string, string> For(BenchmarkOptions options, ISpanEndpoint endpoint)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = options.Protocol,
        };
        if (options.Protocol == "grpc")
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.GrpcUrl.ToString();
        }
        else
        {
            // The endpoint's DataKit paths are not the base URL plus /v1/…, so each signal gets its own.
            environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = endpoint.HttpTracesUrl.ToString();
            environment["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = endpoint.HttpMetricsUrl.ToString();
            environment["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = endpoint.HttpLogsUrl.ToString();
        }

        foreach (var (name, value) in options.ServerEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// Whether a mode's server, so configured, exports a span per request to the endpoint (the load's requests carry no
    /// parent, so a parent-based sampler decides as its root sampler does).
    /// </summary>
    public static bool ExportsSpans(string mode, IReadOnlyDictionary<string, string> environment) =>
        mode != BenchmarkOptions.Baseline
        && !(environment.TryGetValue("OTEL_SDK_DISABLED", out var disabled) && disabled.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        && !(environment.TryGetValue("OTEL_TRACES_SAMPLER", out var sampler) && sampler.Trim() is "always_off" or "parentbased_always_off")
        && environment.TryGetValue("OTEL_TRACES_EXPORTER", out var exporters)
        && exporters.Split(',', StringSplitOptions.TrimEntries).Contains("otlp", StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where servers export to, and how many spans, log records and metric points have arrived there so far.</summary>
public interface ISpanEndpoint
{
    Uri GrpcUrl { get; }

    Uri HttpTracesUrl { get; }

    Uri HttpMetricsUrl { get; }

    Uri HttpLogsUrl { get; }

    long SpansReceived { get; }

    long LogRecordsReceived { get; }

    long MetricPointsReceived { get; }
}
