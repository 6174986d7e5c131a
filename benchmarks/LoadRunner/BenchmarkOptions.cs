using System.Globalization;

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

    public static readonly IReadOnlyList<string> AllModes = [Baseline, "manual", "auto", "programmatic"];

    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    public bool Quick { get; init; }

    public IReadOnlyList<string> Modes { get; init; } = AllModes;

    public int DurationSeconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 3;

    public int Repeats { get; init; } = 3;

    public IReadOnlyList<int> Concurrencies { get; init; } = [16, 64];

    public IReadOnlyList<int> Rates { get; init; } = [1000];

    public int StartupRuns { get; init; } = 5;

    public int MaxInFlight { get; init; } = 1024;

    public string Protocol { get; init; } = "grpc";

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
        OutputDirectory = Path.Combine("benchmarks", "results", "quick"),
    };
}

/// <summary>The command line of <c>scripts/bench.sh</c>.</summary>
public static class BenchmarkArguments
{
    public const string Usage = """
        usage: scripts/bench.sh [--quick] [options]

          --quick                    a short run (3 s per phase, one repeat, closed-64 and the open model) into benchmarks/results/quick
          --modes LIST               modes to run, comma-separated (default: baseline,manual,auto,programmatic; baseline always runs)
          --duration SECONDS         length of each measured phase (default 10)
          --warmup SECONDS           load before each measured phase, not reported (default 3)
          --repeats N                rounds of all modes, interleaved (default 3)
          --concurrency LIST         closed-model connection counts (default 16,64)
          --rate LIST                open-model arrival rates, requests/s (default 1000)
          --startup-runs N           starts per mode for the startup cost (default 5, 0 skips it)
          --max-in-flight N          open model: requests beyond this many unanswered fail unsent (default 1024)
          --protocol P               grpc or http/protobuf (default grpc)
          --server-env NAME=VALUE    an extra variable for every server, e.g. OTEL_BSP_MAX_QUEUE_SIZE=8192 (repeatable)
          --output DIR               report folder (default benchmarks/results, quick: benchmarks/results/quick)
        """;

    /// <summary>The options the arguments ask for; null when they ask for help. Throws ArgumentException when they are wrong.</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Any(argument => argument is "--help" or "-h"))
        {
            return null;
        }

        var options = arguments.Contains("--quick") ? BenchmarkOptions.QuickPreset : new BenchmarkOptions();
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < arguments.Count; index++)
        {
            var name = arguments[index];
            if (name == "--quick")
            {
                continue;
            }

            if (index + 1 >= arguments.Count)
            {
                throw new ArgumentException(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value." : $"Unknown argument '{name}'.");
            }

            var value = arguments[++index];
            options = name switch
            {
                "--modes" => options with { Modes = ParseModes(value) },
                "--duration" => options with { DurationSeconds = ParseInt(name, value, 1, ArrivalSchedule.MaxDurationSeconds) },
                "--warmup" => options with { WarmupSeconds = ParseInt(name, value, 0, ArrivalSchedule.MaxDurationSeconds) },
                "--repeats" => options with { Repeats = ParseInt(name, value, 1, 100) },
                "--concurrency" => options with { Concurrencies = ParseList(name, value, 1, 4096) },
                "--rate" => options with { Rates = ParseList(name, value, 1, ArrivalSchedule.MaxRatePerSecond) },
                "--startup-runs" => options with { StartupRuns = ParseInt(name, value, 0, 100) },
                "--max-in-flight" => options with { MaxInFlight = ParseInt(name, value, 1, 100_000) },
                "--protocol" => options with { Protocol = ParseProtocol(value) },
                "--server-env" => AddVariable(options, environment, value),
                "--output" => options with { OutputDirectory = value },
                _ => throw new ArgumentException($"Unknown argument '{name}'."),
            };
        }

        if (options.Concurrencies.Count == 0 && options.Rates.Count == 0 && options.StartupRuns == 0)
        {
            throw new ArgumentException("Nothing to run: no --concurrency, no --rate and no --startup-runs.");
        }

        return options;
    }

    private static BenchmarkOptions AddVariable(BenchmarkOptions options, SortedDictionary<string, string> environment, string assignment)
    {
        var separator = assignment.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException($"--server-env needs NAME=VALUE, not '{assignment}'.");
        }

        environment[assignment[..separator]] = assignment[(separator + 1)..];
        return options with { ServerEnvironment = new SortedDictionary<string, string>(environment, StringComparer.Ordinal) };
    }

    private static string[] ParseModes(string value)
    {
        var modes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var mode in modes.Where(mode => !BenchmarkOptions.AllModes.Contains(mode)))
        {
            throw new ArgumentException($"Unknown mode '{mode}' (use {string.Join(", ", BenchmarkOptions.AllModes)}).");
        }

        // Every figure is a ratio to the baseline of the same round, so the baseline always runs, first.
        return [BenchmarkOptions.Baseline, .. BenchmarkOptions.AllModes.Skip(1).Where(modes.Contains)];
    }

    private static string ParseProtocol(string value) =>
        BenchmarkOptions.Protocols.Contains(value)
            ? value
            : throw new ArgumentException($"--protocol must be {string.Join(" or ", BenchmarkOptions.Protocols)}, not '{value}'.");

    /// <summary>Comma-separated numbers; an empty list turns that model off.</summary>
    private static int[] ParseList(string name, string value, int minimum, int maximum)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. items.Select(item => ParseInt(name, item, minimum, maximum)).Distinct()];
    }

    private static int ParseInt(string name, string value, int minimum, int maximum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum
            ? number
            : throw new ArgumentException($"{name} must be a whole number from {minimum} to {maximum}, not '{value}'.");
}
