using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The command line of <c>scripts/bench.sh</c>. <c>--quick</c> is a preset: every option given explicitly wins
/// over it, wherever it stands.
/// </summary>
public sealed class BenchmarkCommandLine
{
    private static readonly BenchmarkOptions Defaults = new();
    private static readonly BenchmarkOptions Quick = BenchmarkOptions.QuickPreset;

    private readonly Option<bool> quick = new("--quick")
    {
        Description = Invariant($"a short run ({Quick.DurationSeconds} s per phase, {Quick.Repeats} round, closed-{Quick.Concurrencies[0]} and the open model) into {Quick.OutputDirectory}"),
    };

    private readonly Option<string[]> modes = new("--modes")
    {
        HelpName = "LIST",
        Description = $"modes to run, comma-separated (default: {string.Join(',', BenchmarkOptions.AllModes)}; baseline always runs)",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = ParseModes,
    };

    private readonly Option<int> duration = IntOption("--duration", "SECONDS", 1, ArrivalSchedule.MaxDurationSeconds, Invariant($"length of each measured phase (default {Defaults.DurationSeconds}, --quick {Quick.DurationSeconds})"));
    private readonly Option<int> warmup = IntOption("--warmup", "SECONDS", 0, ArrivalSchedule.MaxDurationSeconds, Invariant($"load before each measured phase, not reported (default {Defaults.WarmupSeconds}, --quick {Quick.WarmupSeconds})"));
    private readonly Option<int> repeats = IntOption("--repeats", "N", 1, 100, Invariant($"rounds of all modes, interleaved (default {Defaults.Repeats}, --quick {Quick.Repeats})"));
    private readonly Option<int[]> concurrency = ListOption("--concurrency", 1, 4096, $"closed-model connection counts, comma-separated; \"\" for none (default {string.Join(',', Defaults.Concurrencies)}, --quick {string.Join(',', Quick.Concurrencies)})");
    private readonly Option<int[]> rate = ListOption("--rate", 1, ArrivalSchedule.MaxRatePerSecond, $"open-model arrival rates, requests/s, comma-separated; \"\" for none (default {string.Join(',', Defaults.Rates)})");
    private readonly Option<int> startupRuns = IntOption("--startup-runs", "N", 0, 100, Invariant($"starts per mode for the startup cost, 0 skips it (default {Defaults.StartupRuns}, --quick {Quick.StartupRuns})"));
    private readonly Option<int> maxInFlight = IntOption("--max-in-flight", "N", 1, 100_000, Invariant($"open model: requests beyond this many unanswered fail unsent (default {Defaults.MaxInFlight})"));

    private readonly Option<string> protocol = new("--protocol")
    {
        HelpName = "P",
        Description = $"OTLP protocol of the servers' export: {string.Join(" or ", BenchmarkOptions.Protocols)} (default {Defaults.Protocol})",
        CustomParser = result => BenchmarkOptions.Protocols.Contains(result.Tokens[0].Value)
            ? result.Tokens[0].Value
            : Refuse(result, $"--protocol must be {string.Join(" or ", BenchmarkOptions.Protocols)}, not '{result.Tokens[0].Value}'."),
    };

    private readonly Option<SortedDictionary<string, string>> serverEnvironment = new("--server-env")
    {
        HelpName = "NAME=VALUE",
        Description = "an extra variable for every server, e.g. OTEL_BSP_MAX_QUEUE_SIZE=8192 (repeatable; the last value of a name wins)",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = ParseVariables,
    };

    private readonly Option<bool> variants = new("--variants")
    {
        Description = $"run each instrumented mode also as {string.Join(", ", ServerVariant.All.Select(variant => variant.Name))} (benchmarks/README.md; the baseline also as {ServerVariant.Hop.Of(BenchmarkOptions.Baseline)}), for the server CPU per stage, per signal, of the hop and of the retry, in every scenario (default: in the closed model with the most connections only; --quick: none)",
    };

    private readonly Option<bool> noVariants = new("--no-variants")
    {
        Description = "skip the variants: no stage-by-stage or per-signal tables",
    };

    private readonly Option<bool> priceList = new("--price-list")
    {
        Description = Invariant($"the price list alone: each instrumented mode with one knob turned ({string.Join(", ", ServerVariant.Knobs.Select(variant => variant.Name))}), beside the mode itself and its /chain, in {Defaults.SaturationScenario!.Name} only, no startup, no ingest benchmark, into {Path.Combine(Defaults.OutputDirectory, PriceListFolder)} (with --quick: one short round)"),
    };

    private readonly Option<bool> endpointIngest = new("--endpoint-ingest")
    {
        Description = $"only the endpoint's ingest benchmark (spans/s per core over gRPC and OTLP/HTTP, {IngestBatch.SdkBatchSize}-span batches from {EndpointIngest.Senders} senders), no load runs; into {IngestFolder} under the report folder",
    };

    private readonly Option<bool> noEndpointIngest = new("--no-endpoint-ingest")
    {
        Description = "skip the endpoint's ingest benchmark, which otherwise follows the load runs",
    };

    private readonly Option<bool> noIsolation = new("--no-isolation")
    {
        Description = "do not pin the server to its own CPU and the load generator and endpoint to the others (pinned by default where there are 2 or more)",
    };

    private readonly Option<string> output = new("--output")
    {
        HelpName = "DIR",
        Description = $"report folder, relative to the repository (default {Defaults.OutputDirectory}, --quick {Quick.OutputDirectory})",
    };

    public BenchmarkCommandLine()
    {
        Command = new Command("scripts/bench.sh", "Load runs of every instrumentation mode against the uninstrumented baseline; reports what NBomber reports.")
        {
            quick, modes, duration, warmup, repeats, concurrency, rate, startupRuns, maxInFlight, protocol, serverEnvironment, variants, noVariants, priceList, endpointIngest, noEndpointIngest, noIsolation, output, new HelpOption(),
        };
        Command.Validators.Add(result =>
        {
            if (result.GetValue(endpointIngest) && result.GetValue(noEndpointIngest))
            {
                result.AddError("--endpoint-ingest and --no-endpoint-ingest exclude each other.");
            }

            if (result.GetValue(variants) && result.GetValue(noVariants))
            {
                result.AddError("--variants and --no-variants exclude each other.");
            }

            if (result.GetValue(priceList) && (result.GetValue(noVariants) || result.GetValue(endpointIngest)))
            {
                result.AddError("--price-list runs variants and load: it excludes --no-variants and --endpoint-ingest.");
            }

            if (!result.GetValue(endpointIngest) && result.GetResult(concurrency) is not null && result.GetResult(rate) is not null && result.GetResult(startupRuns) is not null
                && result.GetValue(concurrency) is [] && result.GetValue(rate) is [] && result.GetValue(startupRuns) == 0)
            {
                result.AddError("Nothing to run: no --concurrency, no --rate and no --startup-runs.");
            }
        });
    }

    /// <summary>The subfolder <c>--endpoint-ingest</c> alone writes to, so that it never overwrites a full run's report.</summary>
    public const string IngestFolder = "endpoint-ingest";

    /// <summary>The subfolder <c>--price-list</c> writes to.</summary>
    public const string PriceListFolder = "price-list";

    public Command Command { get; }

    public ParseResult Parse(IReadOnlyList<string> arguments) => Command.Parse(arguments);

    /// <summary>The options a parse without errors asks for: the defaults (or the quick preset), overridden by every option given.</summary>
    public BenchmarkOptions Options(ParseResult result)
    {
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException("The command line has errors: " + result.Errors[0].Message);
        }

        var options = result.GetValue(quick) ? BenchmarkOptions.QuickPreset : new BenchmarkOptions();
        options = result.GetValue(priceList)
            ? options with
            {
                Concurrencies = [Defaults.SaturationScenario!.Level],
                Rates = [],
                StartupRuns = 0,
                EndpointIngest = IngestPlan.Off,
                Variants = VariantScope.Saturation,
                VariantSet = ServerVariant.PriceList,
                OutputDirectory = Path.Combine(options.OutputDirectory, PriceListFolder),
            }
            : options;
        options = Given(result, modes) is { } chosenModes ? options with { Modes = chosenModes } : options;
        options = Given(result, duration) is { } seconds ? options with { DurationSeconds = seconds } : options;
        options = Given(result, warmup) is { } warmupSeconds ? options with { WarmupSeconds = warmupSeconds } : options;
        options = Given(result, repeats) is { } rounds ? options with { Repeats = rounds } : options;
        options = Given(result, concurrency) is { } levels ? options with { Concurrencies = levels } : options;
        options = Given(result, rate) is { } rates ? options with { Rates = rates } : options;
        options = Given(result, startupRuns) is { } starts ? options with { StartupRuns = starts } : options;
        options = Given(result, maxInFlight) is { } limit ? options with { MaxInFlight = limit } : options;
        options = Given(result, protocol) is { } chosenProtocol ? options with { Protocol = chosenProtocol } : options;
        options = Given(result, serverEnvironment) is { } variables ? options with { ServerEnvironment = variables } : options;
        options = result.GetValue(variants) ? options with { Variants = VariantScope.Every } : options;
        options = result.GetValue(noVariants) ? options with { Variants = VariantScope.None } : options;
        options = result.GetValue(noIsolation) ? options with { Isolation = false } : options;
        options = result.GetValue(noEndpointIngest) ? options with { EndpointIngest = IngestPlan.Off } : options;
        options = result.GetValue(endpointIngest)
            ? options with { EndpointIngest = IngestPlan.Only, OutputDirectory = Path.Combine(options.OutputDirectory, IngestFolder) }
            : options;
        return Given(result, output) is { } folder ? options with { OutputDirectory = folder } : options;
    }

    private static T? Given<T>(ParseResult result, Option<T> option)
        where T : class =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    private static int? Given(ParseResult result, Option<int> option) =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    private static Option<int> IntOption(string name, string helpName, int minimum, int maximum, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result => ParseInt(result, result.Tokens[0].Value, minimum, maximum),
    };

    /// <summary>Comma-separated numbers in one argument; an empty list turns that model off.</summary>
    private static Option<int[]> ListOption(string name, int minimum, int maximum, string description) => new(name)
    {
        HelpName = "LIST",
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result =>
        {
            var items = result.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return [.. items.Select(item => ParseInt(result, item, minimum, maximum)).Distinct()];
        },
    };

    private static int ParseInt(ArgumentResult result, string value, int minimum, int maximum)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum)
        {
            return number;
        }

        result.AddError(Invariant($"{OptionName(result)} must be a whole number from {minimum} to {maximum}, not '{value}'."));
        return 0;
    }

    private static string[] ParseModes(ArgumentResult result)
    {
        var chosen = result.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var mode in chosen.Where(mode => !BenchmarkOptions.AllModes.Contains(mode)))
        {
            result.AddError($"Unknown mode '{mode}' (use {string.Join(", ", BenchmarkOptions.AllModes)}).");
        }

        // Every figure is a ratio to the baseline of the same round, so the baseline always runs, first.
        return [BenchmarkOptions.Baseline, .. BenchmarkOptions.AllModes.Skip(1).Where(chosen.Contains)];
    }

    private static SortedDictionary<string, string> ParseVariables(ArgumentResult result)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in result.Tokens.Select(token => token.Value))
        {
            var separator = assignment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                result.AddError($"--server-env needs NAME=VALUE, not '{assignment}'.");
                continue;
            }

            variables[assignment[..separator]] = assignment[(separator + 1)..];
        }

        return variables;
    }

    private static string Refuse(ArgumentResult result, string message)
    {
        result.AddError(message);
        return "";
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "value";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
