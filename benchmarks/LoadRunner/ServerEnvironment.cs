namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The variables every server of a load run gets: traces over OTLP only (no console: the agent reads the exporter
/// list, the samples print spans only in Development), to the harness's endpoint, with metrics and logs to the same
/// endpoint (run-mode.sh exports them over OTLP by default), plus the user's extras.
/// </summary>
public static class ServerEnvironment
{
    public static IReadOnlyDictionary<string, string> For(BenchmarkOptions options, ISpanEndpoint endpoint)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = options.Protocol,
        };
        if (options.Protocol == "grpc")
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.GrpcUrl.ToString();
        }
        else
        {
            // The exporters append /v1/traces, /v1/metrics and /v1/logs: DataKit's paths.
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.HttpOtlpBaseUrl.ToString();
        }

        foreach (var (name, value) in options.ServerEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// Whether a mode's server, so configured, exports the spans of every request to <paramref name="path"/> to the
    /// endpoint (the load's requests carry no parent, so a parent-based sampler decides as its root sampler does; a
    /// ratio sampler keeps some requests' spans, so none are owed).
    /// </summary>
    public static bool ExportsSpans(string mode, IReadOnlyDictionary<string, string> environment, string path = "/server_request") =>
        mode != BenchmarkOptions.Baseline
        && !(environment.TryGetValue("OTEL_SDK_DISABLED", out var disabled) && disabled.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        && !(environment.TryGetValue("OTEL_TRACES_SAMPLER", out var sampler) && sampler.Trim() is "always_off" or "parentbased_always_off" or "traceidratio" or "parentbased_traceidratio")
        && !(environment.TryGetValue("OTEL_DOTNET_EXCLUDED_URLS", out var excluded) && Excludes(excluded, path))
        && ExporterList.Parse(environment.GetValueOrDefault("OTEL_TRACES_EXPORTER"), "console,otlp").Contains("otlp");

    /// <summary>Whether a comma-separated path list excludes <paramref name="path"/> as the servers' filter does (<c>PathString.StartsWithSegments</c>).</summary>
    private static bool Excludes(string excluded, string path) =>
        excluded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(entry => (path + "/").StartsWith(entry.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Where servers export to, and how many spans, log records and metric points have arrived there so far.</summary>
public interface ISpanEndpoint
{
    Uri GrpcUrl { get; }

    Uri HttpTracesUrl { get; }

    /// <summary>The OTLP/HTTP base URL, <c>…/otel</c>, to which the exporters append each signal's <c>/v1/…</c> path.</summary>
    Uri HttpOtlpBaseUrl { get; }

    long SpansReceived { get; }

    long LogRecordsReceived { get; }

    long MetricPointsReceived { get; }
}
