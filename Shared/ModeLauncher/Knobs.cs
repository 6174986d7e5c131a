namespace InstrumentationModes.ModeLauncher;

/// <summary>
/// A setting a user can turn to make a mode cheaper, and the variables that turn it from outside the sample (what the
/// SDK, ASP.NET Core's configuration, the agent and the lab's hosting startup read): the load runs and the in-process
/// benchmarks price each one against the mode with every signal exported.
/// </summary>
public sealed record Knob(string Name, string Description, IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    /// <summary>The OTLP protocol the knob exports over instead of the run's, if it changes it (the endpoint's URL changes with it).</summary>
    public string? Protocol => Settings.FirstOrDefault(setting => setting.Key == "OTEL_EXPORTER_OTLP_PROTOCOL").Value;

    /// <summary>Whether the knob is priced on <c>/chain</c> (it acts on the downstream call), against the mode's own <c>/chain</c>.</summary>
    public bool OnChain { get; init; }

    /// <summary>The spans a request owes with the knob on, where it changes them.</summary>
    public int? SpansPerRequest { get; init; }

    /// <summary>The modes it applies to, with the reason for each one it does not.</summary>
    public IReadOnlyDictionary<string, string> NotFor { get; init; } = new Dictionary<string, string>();

    public bool AppliesTo(string mode) => !NotFor.ContainsKey(mode);
}

/// <summary>The price list's knobs, in the order the reports list them.</summary>
public static class Knobs
{
    /// <summary>The ASP.NET Core and Kestrel instruments a dashboard of request rate, errors and duration does not chart.</summary>
    public const string UnchartedInstruments = "kestrel.*,aspnetcore.*,http.server.active_requests";

    private const string Manual = "manual";

    public static IReadOnlyList<Knob> All { get; } =
    [
        new("ratio-0.1", "a tenth of the traces sampled (parentbased_traceidratio 0.1)",
            [new("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), new("OTEL_TRACES_SAMPLER_ARG", "0.1")]),
        new("drop-instruments", "views drop the uncharted ASP.NET Core and Kestrel instruments",
            [new(DroppedInstruments.Variable, UnchartedInstruments)])
        {
            NotFor = new Dictionary<string, string> { [Manual] = "records only its own http.server.request.duration" },
        },
        new("logs-warning", "OpenTelemetry logging at Warning: the request's Information record not exported",
            [new("Logging__OpenTelemetry__LogLevel__Default", "Warning")]),
        new("batch-2048", "export batches of 2048 instead of 512 (spans and log records)",
            [new("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2048"), new("OTEL_BLRP_MAX_QUEUE_SIZE", "8192"), new("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "2048")]),
        new("gzip", "OTLP payloads compressed with gzip", [new("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")]),
        new("http-protobuf", "OTLP over HTTP/1.1 with protobuf instead of gRPC", [new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")]),
        new("httpclient-off", "the HttpClient instrumentation off, on /chain (programmatic, from outside: its spans and meters dropped)",
            [new("OTEL_DOTNET_AUTO_TRACES_HTTPCLIENT_INSTRUMENTATION_ENABLED", "false"), new("OTEL_DOTNET_AUTO_METRICS_HTTPCLIENT_INSTRUMENTATION_ENABLED", "false")])
        {
            OnChain = true,
            SpansPerRequest = 2,
            NotFor = new Dictionary<string, string> { [Manual] = "its client span is its own code: AddManualInstrumentation() removed" },
        },
    ];

    /// <summary>Every variable a knob may set.</summary>
    public static IReadOnlyList<string> Variables { get; } = All.SelectMany(knob => knob.Settings).Select(setting => setting.Key).Distinct().ToList();
}
