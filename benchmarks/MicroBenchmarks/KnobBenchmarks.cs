using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// The price list in-process: each mode with every signal exported over OTLP, as a load run runs it, with one of
/// <see cref="Knobs.All"/> turned or none, one GET per invocation as in <see cref="RequestPipelineBenchmarks"/>.
/// Only the cases that price something are benchmarks (<see cref="IsPriced"/>).
/// </summary>
[Config(typeof(PricedCases))]
public class KnobBenchmarks : PipelineBenchmark
{
    /// <summary>The <see cref="Knob"/> of the mode as it is, every knob's reference.</summary>
    public const string NoKnob = "none";

    public const string ServerRequest = "/server_request?param=load";

    public const string Chain = "/chain?param=load";

    [Params(PipelineEnvironment.Baseline, "manual", "auto", "programmatic")]
    public string Mode { get; set; } = PipelineEnvironment.Baseline;

    [ParamsSource(nameof(KnobNames))]
    public string Knob { get; set; } = NoKnob;

    /// <summary>The knob's route (<c>/chain</c> for one that acts on the downstream call); with no knob, both, as the reference of either.</summary>
    [Params(ServerRequest, Chain)]
    public string Route { get; set; } = ServerRequest;

    public static IEnumerable<string> KnobNames => [NoKnob, .. Knobs.All.Select(knob => knob.Name)];

    /// <summary>
    /// Whether a case prices something: the mode as it is on either route (the baseline only so), or a knob that
    /// applies to the mode, on the knob's route.
    /// </summary>
    public static bool IsPriced(string mode, string knobName, string route)
    {
        if (knobName == NoKnob)
        {
            return true;
        }

        var knob = Knobs.All.Single(candidate => candidate.Name == knobName);
        return mode != PipelineEnvironment.Baseline && knob.AppliesTo(mode) && route == (knob.OnChain ? Chain : ServerRequest);
    }

    protected override string RequestRoute => Route;

    private protected override Task<ModePipeline> StartPipelineAsync() =>
        ModePipeline.StartAsync(Mode, Signals.All, Route, Knob == NoKnob ? null : Knobs.All.Single(knob => knob.Name == Knob));

    /// <summary>
    /// This class's part of the configuration: the cases that price nothing are left out before anything runs (so
    /// they are neither run nor reported as failures), and each row is set against its mode with no knob.
    /// </summary>
    public sealed class PricedCases : ManualConfig
    {
        public PricedCases()
        {
            AddFilter(new SimpleFilter(benchmarkCase => IsPriced(
                (string)benchmarkCase.Parameters[nameof(Mode)], (string)benchmarkCase.Parameters[nameof(Knob)], (string)benchmarkCase.Parameters[nameof(Route)])));
            AddColumn(AgainstReferenceColumn.AgainstNoKnob);
        }
    }
}
