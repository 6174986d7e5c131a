namespace InstrumentationModes.LoadRunner;

public enum LoadModel
{
    Closed,
    Open,
}

/// <summary>One load phase: a closed model at a concurrency or an open model at a rate.</summary>
public sealed record Scenario(LoadModel Model, int Level)
{
    public string Name => Model == LoadModel.Closed ? $"closed-{Level}" : $"open-{Level}";

    public string Description => Model == LoadModel.Closed
        ? $"closed model, {Level} connections, each sends its next request when answered"
        : $"open model, {Level} requests/s arriving on schedule";
}

/// <summary>Everything a load run is told: which modes, which scenarios, how long, how often, with which settings.</summary>
public sealed record BenchmarkOptions
{
    public const string Baseline = "baseline";

    public static readonly IReadOnlyList<string> AllModes = [Baseline, .. ModeLauncher.Modes.Names];

    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    public bool Quick { get; init; }

    public IReadOnlyList<string> Modes { get; init; } = AllModes;

    // Five short rounds rather than three long ones: each figure is a per-round difference against a baseline
    // measured minutes apart at most, and more rounds give its confidence interval.
    public int DurationSeconds { get; init; } = 6;

    public int WarmupSeconds { get; init; } = 2;

    public int Repeats { get; init; } = 5;

    public IReadOnlyList<int> Concurrencies { get; init; } = [16, 64];

    public IReadOnlyList<int> Rates { get; init; } = [1000];

    public int StartupRuns { get; init; } = 5;

    public int MaxInFlight { get; init; } = 1024;

    public string Protocol { get; init; } = "grpc";

    /// <summary>In which scenarios each instrumented mode also runs in its <see cref="ServerVariant"/>s, for the cost breakdown.</summary>
    public VariantScope Variants { get; init; } = VariantScope.Saturation;

    /// <summary>The saturating scenario: the closed model with the most connections, if any.</summary>
    public Scenario? SaturationScenario => Scenarios.Where(scenario => scenario.Model == LoadModel.Closed).MaxBy(scenario => scenario.Level);

    /// <summary>The scenarios in which the variants run.</summary>
    public IReadOnlyList<Scenario> VariantScenarios => Variants switch
    {
        VariantScope.Every => Scenarios,
        VariantScope.Saturation when SaturationScenario is { } saturation => [saturation],
        _ => [],
    };

    /// <summary>Which variants run where <see cref="Variants"/> says: every one by default, the price list's alone with <c>--price-list</c>.</summary>
    public IReadOnlyList<ServerVariant> VariantSet { get; init; } = ServerVariant.All;

    /// <summary>
    /// What each round runs in a scenario, in order: the modes one after another, so that each is measured right after
    /// the baseline it is compared with, then each mode's variants there (a knob that would switch to the run's own
    /// protocol is left out).
    /// </summary>
    public IReadOnlyList<string> RunModes(Scenario scenario)
    {
        var variants = VariantScenarios.Contains(scenario)
            ? VariantSet.Where(variant => variant.Knob?.Protocol is not { } protocol || protocol != Protocol).ToList()
            : [];
        return [.. Modes, .. Modes.SelectMany(mode => variants.Where(variant => variant.AppliesTo(mode)).Select(variant => variant.Of(mode)))];
    }

    /// <summary>Whether the endpoint's ingest benchmark runs after the load runs, alone, or not at all.</summary>
    public IngestPlan EndpointIngest { get; init; } = IngestPlan.Also;

    /// <summary>Whether to pin the server to its own CPU and the harness to the others (where there are two or more).</summary>
    public bool Isolation { get; init; } = true;

    /// <summary>Extra variables for every server, e.g. <c>OTEL_BSP_MAX_QUEUE_SIZE</c>; they win over the harness's own.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the report goes, relative to the repository unless absolute.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("benchmarks", "results");

    public IReadOnlyList<Scenario> Scenarios =>
        [.. Concurrencies.Select(level => new Scenario(LoadModel.Closed, level)), .. Rates.Select(level => new Scenario(LoadModel.Open, level))];

    /// <summary>Closed models run with one connection per virtual user, open models with as many as the largest closed one.</summary>
    public int MaxConnections(Scenario scenario) =>
        scenario.Model == LoadModel.Closed ? scenario.Level : Math.Max(64, Concurrencies.DefaultIfEmpty(0).Max());

    /// <summary>The preset <c>--quick</c> starts from: one repeat of the saturating closed model and the open model.</summary>
    public static BenchmarkOptions QuickPreset { get; } = new()
    {
        Quick = true,
        DurationSeconds = 3,
        WarmupSeconds = 1,
        Repeats = 1,
        Concurrencies = [64],
        StartupRuns = 2,

        // 17 more phases would triple its length; --variants asks for them.
        Variants = VariantScope.None,
        OutputDirectory = Path.Combine("benchmarks", "results", "quick"),
    };
}

/// <summary>Where the <see cref="ServerVariant"/>s run.</summary>
public enum VariantScope
{
    /// <summary>Nowhere (<c>--no-variants</c>, and <c>--quick</c>'s default).</summary>
    None,

    /// <summary>In the saturating closed model only (the full run's default): where CPU per request is steadiest.</summary>
    Saturation,

    /// <summary>In every scenario (<c>--variants</c>).</summary>
    Every,
}

/// <summary>When the endpoint's ingest benchmark (<see cref="IngestRunner"/>) runs.</summary>
public enum IngestPlan
{
    /// <summary>After the load runs and the startup probes, in the same report.</summary>
    Also,

    /// <summary>Alone (<c>--endpoint-ingest</c>): no load runs, no startup probes.</summary>
    Only,

    /// <summary>Not at all (<c>--no-endpoint-ingest</c>).</summary>
    Off,
}
