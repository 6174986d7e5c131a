using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// An instrumented mode run again with some OpenTelemetry settings changed, so that the difference in server CPU per
/// request between runs says what each step costs. The mode's own run exports all three signals over OTLP (traces,
/// metrics, logs; no console exporter). The trace stages run with metrics and logs off, so that they price the trace
/// path alone; the signal variants turn off one signal's exporter each; the hop sends the load to <c>/chain</c> (the
/// baseline too); the retry variants turn the exporter's retry off and take the endpoint away; the price list's
/// variants turn one <see cref="Knob"/> each.
/// </summary>
public sealed record ServerVariant(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings, string Stage)
{
    /// <summary>The route the variant's load goes to.</summary>
    public LoadRoute Route { get; init; } = LoadRoute.ServerRequest;

    /// <summary>Whether the baseline runs it too, as its own reference (the hop: the baseline's /chain is the reference of a mode's).</summary>
    public bool AlsoBaseline { get; init; }

    /// <summary>Whether the server exports to a port on which nothing answers for the whole phase (a connection there is refused).</summary>
    public bool EndpointDown { get; init; }

    /// <summary>The price list's knob the variant turns, if it is one of the price list's.</summary>
    public Knob? Knob { get; init; }

    /// <summary>The spans a request owes in this variant.</summary>
    public int SpansPerRequest => Knob?.SpansPerRequest ?? Route.SpansPerRequest;

    private static readonly KeyValuePair<string, string> NoMetrics = new("OTEL_METRICS_EXPORTER", "none");
    private static readonly KeyValuePair<string, string> NoLogs = new("OTEL_LOGS_EXPORTER", "none");
    private static readonly KeyValuePair<string, string> NoRetry = new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "");

    /// <summary>
    /// The instrumentation's hooks run, but the sampler records nothing (the SDK 1.20 reads <c>OTEL_TRACES_SAMPLER</c>).
    /// With the ASP.NET Core instrumentation the SDK declines the framework's request activity, which ASP.NET Core still
    /// creates, unrecorded, because the instrumentation listens to its diagnostic events.
    /// </summary>
    public static readonly ServerVariant SamplerOff = new("sampler-off", [new("OTEL_TRACES_SAMPLER", "always_off"), NoMetrics, NoLogs], "hooks, nothing sampled");

    /// <summary>
    /// Every mode's exclusion list (<c>OTEL_DOTNET_EXCLUDED_URLS</c>) names the load's path: in auto and programmatic
    /// the request activity is sampled and recorded, then the ASP.NET Core instrumentation's <c>Filter</c> rejects it
    /// at its start (no attributes, never ended into a processor); the manual mode starts no span at all.
    /// </summary>
    public static readonly ServerVariant FilterAll = new(
        "filter-all",
        [new("OTEL_DOTNET_EXCLUDED_URLS", $"{LoadRoute.ServerRequest.Path},/healthz"), NoMetrics, NoLogs],
        "excluded by the filter");

    /// <summary>Every span is created, sampled, filled with its attributes and ended, then dropped: no processor, no export.</summary>
    public static readonly ServerVariant ExporterNone = new("exporter-none", [new("OTEL_TRACES_EXPORTER", "none"), NoMetrics, NoLogs], "attributes, span ended, not exported");

    /// <summary>
    /// Spans exported over OTLP; the metrics and logs providers exist, but export nothing: the agent reads <c>none</c>,
    /// and the lab's hosting startup silences the signal in the samples (a drop-all view, a logging filter).
    /// </summary>
    public static readonly ServerVariant TracesOnly = new("traces-only", [NoMetrics, NoLogs], "batch processor, OTLP serialisation and send");

    /// <summary>Traces and metrics exported, logs not.</summary>
    public static readonly ServerVariant TracesAndMetrics = new("no-logs", [NoLogs], "traces and metrics");

    /// <summary>Traces and logs exported, metrics not.</summary>
    public static readonly ServerVariant TracesAndLogs = new("no-metrics", [NoMetrics], "traces and logs");

    /// <summary>All three signals exported, the load on <c>/chain</c>: a downstream call per request, to the server itself.</summary>
    public static readonly ServerVariant Hop = new("chain", [], "the hop") { Route = LoadRoute.Chain, AlsoBaseline = true };

    /// <summary>
    /// All three signals exported with the OTLP exporter's retry off (run-mode.sh turns it on; an empty value is off):
    /// against the mode's own run, what the retry costs when nothing fails.
    /// </summary>
    public static readonly ServerVariant RetryOff = new("retry-off", [NoRetry], "retry off");

    /// <summary>The endpoint away for the whole phase, the retry on as run-mode.sh sets it: what an outage costs the server.</summary>
    public static readonly ServerVariant Outage = new("outage", [], "endpoint down, retry on") { EndpointDown = true };

    /// <summary>The endpoint away for the whole phase, the retry off.</summary>
    public static readonly ServerVariant OutageRetryOff = new("outage-retry-off", [NoRetry], "endpoint down, retry off") { EndpointDown = true };

    /// <summary>The trace path's stages, in the order they add work; the mode's own run adds metrics and logs on top.</summary>
    public static IReadOnlyList<ServerVariant> TraceStages { get; } = [SamplerOff, FilterAll, ExporterNone, TracesOnly];

    /// <summary>The price list: one variant per knob, on the knob's route.</summary>
    public static IReadOnlyList<ServerVariant> Knobs { get; } =
        [.. ModeLauncher.Knobs.All.Select(knob => new ServerVariant(knob.Name, knob.Settings, knob.Description) { Route = knob.OnChain ? LoadRoute.Chain : LoadRoute.ServerRequest, Knob = knob })];

    /// <summary>What the price list needs besides its knobs: the mode's own <c>/chain</c>, the reference of a knob priced there.</summary>
    public static IReadOnlyList<ServerVariant> PriceList { get; } = [Hop, .. Knobs];

    /// <summary>Every variant, in the order a round runs them.</summary>
    public static IReadOnlyList<ServerVariant> All { get; } = [.. TraceStages, TracesAndMetrics, TracesAndLogs, Hop, RetryOff, Outage, OutageRetryOff, .. Knobs];

    private const char Separator = ':';

    public bool AppliesTo(string mode) => AlsoBaseline || (mode != BenchmarkOptions.Baseline && (Knob?.AppliesTo(mode) ?? true));

    /// <summary>The run a knob's variant of <paramref name="mode"/> saves against: the mode itself on the same route.</summary>
    public string ReferenceOf(string mode) => Route == LoadRoute.Chain ? Hop.Of(mode) : mode;

    /// <summary>The settings as <c>NAME=value</c> (and the route or the endpoint where they change), for reports and help.</summary>
    public string Describe() => string.Join(" ", [
        .. Settings.Select(setting => $"{setting.Key}={setting.Value}"),
        .. Route != LoadRoute.ServerRequest ? [$"GET {Route.Path}"] : Array.Empty<string>(),
        .. EndpointDown ? ["OTEL_EXPORTER_OTLP_ENDPOINT=(a port that refuses every connection)"] : Array.Empty<string>(),
    ]);

    /// <summary>The run a phase of <paramref name="runMode"/> is compared with in its round: the baseline on the same route.</summary>
    public static string BaselineOf(string runMode) =>
        Split(runMode).Variant is { Route: var route } && route == LoadRoute.Chain ? Hop.Of(BenchmarkOptions.Baseline) : BenchmarkOptions.Baseline;

    /// <summary>The name a run of <paramref name="mode"/> in this variant goes by in the results, e.g. <c>manual:exporter-none</c>.</summary>
    public string Of(string mode) => $"{mode}{Separator}{Name}";

    /// <summary>The mode to start and the variant, if any, of a name from <see cref="Of"/>.</summary>
    public static (string Mode, ServerVariant? Variant) Split(string runMode)
    {
        var separator = runMode.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return (runMode, null);
        }

        var name = runMode[(separator + 1)..];
        return (runMode[..separator], All.FirstOrDefault(variant => variant.Name == name) ?? throw new ArgumentException($"Unknown variant '{name}'.", nameof(runMode)));
    }

    /// <summary>The server's environment with this variant's settings changed; a variant with the endpoint down exports to <paramref name="refusingPort"/> instead.</summary>
    public IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> environment, int refusingPort = 0)
    {
        var changed = new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, value) in Settings)
        {
            changed[name] = value;
        }

        if (EndpointDown)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(refusingPort, 1);
            const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
            changed[Endpoint] = new UriBuilder(changed[Endpoint]) { Port = refusingPort }.Uri.ToString();
        }

        return changed;
    }
}
