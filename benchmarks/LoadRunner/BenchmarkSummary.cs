namespace InstrumentationModes.LoadRunner;

/// <summary>A mode's figures for one scenario: medians over the rounds, and medians of its ratios to the same round's baseline.</summary>
public sealed record PhaseSummary(
    string Mode,
    Scenario Scenario,
    int Rounds,
    double Ok,
    double Failed,
    double RequestsPerSecond,
    LatencyStatistics Latency,
    double ServerCpuMicrosecondsPerRequest,
    RoundSpread RequestsPerSecondOverRounds,
    RoundSpread P99MsOverRounds,
    RoundSpread ServerCpuOverRounds,
    double GeneratorCpuShare,
    double PeakResidentMegabytes,
    long Served,
    long SpansOwed,
    long SpansReceived,
    double? DeliveryPercent,
    double? WorstDeliveryPercent,
    long? SpansDropped,
    double? SpansAtEndOfLoadPercent,
    RatiosToBaseline? Ratios,
    bool AllExitedCleanly);

/// <summary>A mode's figure divided by (or minus) the baseline's in the same round: median and spread over the rounds.</summary>
public sealed record RatiosToBaseline(
    RoundSpread RequestsPerSecond,
    RoundSpread P99,
    RoundSpread P99DeltaMs,
    RoundSpread MeanDeltaMs,
    RoundSpread ServerCpuPerRequest,
    RoundSpread ServerCpuDeltaMicroseconds,
    RoundInterval ServerCpuDeltaInterval,
    RoundSpread PeakMemory);

/// <summary>Startup: the median over the starts, and the difference to the same round's baseline start over the rounds.</summary>
public sealed record StartupSummary(string Mode, int Starts, double MedianMs, double MinMs, double MaxMs, RoundSpread? Overhead);

/// <summary>One of the issue's targets for one mode, with the figure that decides it; <see cref="Reason"/> says why it was not judged.</summary>
public sealed record TargetCheck(string Target, string Mode, string Figure, Verdict Verdict, string? Reason = null)
{
    public string Result => Verdict switch
    {
        Verdict.Met => "met",
        Verdict.Missed => "missed",
        _ => $"not judged: {Reason}",
    };
}

/// <summary>What one stage adds to the server's CPU per request: per round, this stage's figure minus the previous stage's.</summary>
public sealed record StageCost(string Stage, RoundSpread AddedMicroseconds);

/// <summary>A mode's server CPU per request from the baseline up, stage by stage (<c>--variants</c>), and the whole overhead.</summary>
public sealed record CostBreakdown(string Mode, Scenario Scenario, RoundSpread BaselineMicroseconds, IReadOnlyList<StageCost> Stages, RoundSpread TotalMicroseconds);

/// <summary>
/// What each signal costs a mode's server, in CPU µs per request (<c>--variants</c>): each configuration's overhead
/// over the same round's baseline, and what metrics, logs and both add to traces alone, per round.
/// </summary>
public sealed record SignalCost(
    string Mode,
    Scenario Scenario,
    RoundSpread BaselineMicroseconds,
    RoundSpread TracesOnly,
    RoundSpread TracesAndMetrics,
    RoundSpread TracesAndLogs,
    RoundSpread AllThree,
    RoundSpread MetricsAdd,
    RoundSpread LogsAdd,
    RoundSpread MetricsAndLogsAdd);

/// <summary>
/// What the hop costs a mode's server, in CPU µs per request over the baseline of the same round on the same route: a
/// <c>/server_request</c> request, a <c>/chain</c> request, and per round the difference; with the baseline's own
/// CPU per request on each route.
/// </summary>
public sealed record HopCost(
    string Mode,
    Scenario Scenario,
    RoundSpread BaselineServerRequest,
    RoundSpread BaselineChain,
    RoundSpread ServerRequestOverhead,
    RoundSpread ChainOverhead,
    RoundSpread HopAdds);

/// <summary>
/// What the OTLP exporter's retry costs a mode's server: CPU µs per request over the same round's baseline with the
/// retry on (the mode's own run) and off, and per round the difference; then with the endpoint down for the whole
/// phase, retry on and off, CPU over the baseline and peak resident memory.
/// </summary>
public sealed record RetryCost(
    string Mode,
    Scenario Scenario,
    RoundSpread RetryOn,
    RoundSpread RetryOff,
    RoundSpread RetryAdds,
    RoundSpread OutageRetryOn,
    RoundSpread OutageRetryOff,
    RoundSpread PeakMegabytes,
    RoundSpread OutagePeakMegabytesRetryOn,
    RoundSpread OutagePeakMegabytesRetryOff);

/// <summary>
/// What one knob saves a mode's server, in CPU µs per request: the mode's overhead over the baseline on the knob's
/// route without the knob and with it, per round the difference (the saving) and the share of the overhead it saves;
/// <see cref="NotApplicable"/> says why a mode has no such run.
/// </summary>
public sealed record KnobCost(
    ServerVariant Knob,
    string Mode,
    Scenario Scenario,
    RoundSpread Without,
    RoundSpread With,
    RoundSpread Saves,
    RoundSpread SharePercent,
    string? NotApplicable = null);

public sealed record BenchmarkSummary(
    IReadOnlyList<PhaseSummary> Phases,
    IReadOnlyList<StartupSummary> Startups,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<CostBreakdown> Breakdowns,
    IReadOnlyList<SignalCost> Signals,
    IReadOnlyList<IngestSummary> Ingest,
    IReadOnlyList<HopCost> Hops,
    IReadOnlyList<RetryCost> Retries,
    IReadOnlyList<KnobCost> PriceList)
{
    /// <summary>The name of the last stage, the mode's own run: metrics and logs exported besides the traces.</summary>
    public const string SignalsStage = "metrics and logs export";

    public const double ThroughputTarget = 0.90;
    public const double P99OverheadTargetMs = 1.0;
    public const double StartupOverheadTargetMs = 300;
    public const double CpuOverheadTargetMicroseconds = 10;

    private const string Manual = "manual";

    /// <summary>The mode built on the official ASP.NET Core instrumentation (<c>AddAspNetCoreInstrumentation</c>), set up in code.</summary>
    private const string Official = "programmatic";

    private const string AllSignals = "all three signals";
    private const string TracesOnly = "traces only";
    private const string CpuFormat = "+0.0;-0.0;0.0";

    public static BenchmarkSummary From(BenchmarkResults results)
    {
        var phases = new List<PhaseSummary>();
        foreach (var scenario in results.Options.Scenarios)
        {
            foreach (var mode in results.Options.RunModes(scenario))
            {
                var runs = results.Runs.Where(run => run.Mode == mode && run.Scenario == scenario).ToList();
                if (runs.Count > 0)
                {
                    phases.Add(Summarise(mode, scenario, runs, results.Runs));
                }
            }
        }

        var startups = results.Options.Modes
            .Select(mode => SummariseStartup(mode, results.Startups))
            .OfType<StartupSummary>()
            .ToList();
        var ingest = IngestSummary.From(results.IngestRuns);
        return new BenchmarkSummary(
            phases, startups, [.. CheckTargets(results, phases, startups), .. ingest.Select(transport => transport.Target)], BreakDown(results), PriceSignals(results), ingest,
            PriceHop(results), PriceRetry(results), PriceKnobs(results));
    }

    /// <summary>The middle finite value, or the mean of the two middle ones; NaN for none (unknown figures are left out).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static PhaseSummary Summarise(string mode, Scenario scenario, List<ScenarioRun> runs, IReadOnlyList<ScenarioRun> allRuns)
    {
        var baselineMode = ServerVariant.BaselineOf(mode);
        var baselines = allRuns.Where(run => run.Mode == baselineMode && run.Scenario == scenario).ToDictionary(run => run.Repeat);
        var pairs = runs.Where(run => baselines.ContainsKey(run.Repeat)).Select(run => (Run: run, Baseline: baselines[run.Repeat])).ToList();
        var ratios = pairs.Count == 0
            ? null
            : new RatiosToBaseline(
                RequestsPerSecond: RoundSpread.Of(pairs.Select(pair => Ratio(pair.Run.Load.RequestsPerSecond, pair.Baseline.Load.RequestsPerSecond))),
                P99: RoundSpread.Of(pairs.Select(pair => Ratio(pair.Run.Load.Latency.P99Ms, pair.Baseline.Load.Latency.P99Ms))),
                P99DeltaMs: RoundSpread.Of(pairs.Select(pair => pair.Run.Load.Latency.P99Ms - pair.Baseline.Load.Latency.P99Ms)),
                MeanDeltaMs: RoundSpread.Of(pairs.Select(pair => pair.Run.Load.Latency.MeanMs - pair.Baseline.Load.Latency.MeanMs)),
                ServerCpuPerRequest: RoundSpread.Of(pairs.Select(pair => Ratio(pair.Run.ServerCpuMicrosecondsPerRequest, pair.Baseline.ServerCpuMicrosecondsPerRequest))),
                ServerCpuDeltaMicroseconds: RoundSpread.Of(pairs.Select(pair => pair.Run.ServerCpuMicrosecondsPerRequest - pair.Baseline.ServerCpuMicrosecondsPerRequest)),
                ServerCpuDeltaInterval: RoundInterval.Of(pairs.Select(pair => pair.Run.ServerCpuMicrosecondsPerRequest - pair.Baseline.ServerCpuMicrosecondsPerRequest)),
                PeakMemory: RoundSpread.Of(pairs.Select(pair => Ratio(pair.Run.PeakResidentMegabytes, pair.Baseline.PeakResidentMegabytes))));
        var deliveries = runs.Select(run => run.DeliveryPercent).OfType<double>().ToList();
        var exportingRuns = runs.Where(run => run.ExpectsSpans && run.Served > 0).ToList();
        return new PhaseSummary(
            mode,
            scenario,
            runs.Count,
            Ok: Median(runs.Select(run => (double)run.Load.Ok)),
            Failed: Median(runs.Select(run => (double)run.Load.Failed)),
            RequestsPerSecond: Median(runs.Select(run => run.Load.RequestsPerSecond)),
            Latency: new LatencyStatistics(
                Median(runs.Select(run => run.Load.Latency.MinMs)),
                Median(runs.Select(run => run.Load.Latency.MeanMs)),
                Median(runs.Select(run => run.Load.Latency.MaxMs)),
                Median(runs.Select(run => run.Load.Latency.StdDevMs)),
                Median(runs.Select(run => run.Load.Latency.P50Ms)),
                Median(runs.Select(run => run.Load.Latency.P75Ms)),
                Median(runs.Select(run => run.Load.Latency.P95Ms)),
                Median(runs.Select(run => run.Load.Latency.P99Ms))),
            ServerCpuMicrosecondsPerRequest: Median(runs.Select(run => run.ServerCpuMicrosecondsPerRequest)),
            RequestsPerSecondOverRounds: RoundSpread.Of(runs.Select(run => run.Load.RequestsPerSecond)),
            P99MsOverRounds: RoundSpread.Of(runs.Select(run => run.Load.Latency.P99Ms)),
            ServerCpuOverRounds: RoundSpread.Of(runs.Select(run => run.ServerCpuMicrosecondsPerRequest)),
            GeneratorCpuShare: Median(runs.Select(run => run.ServerCpu is { } serverCpu ? Ratio(run.GeneratorCpu.TotalSeconds, run.GeneratorCpu.TotalSeconds + serverCpu.TotalSeconds) : double.NaN)),
            PeakResidentMegabytes: Median(runs.Select(run => run.PeakResidentMegabytes)),
            Served: runs.Sum(run => run.Served),
            SpansOwed: exportingRuns.Sum(run => run.SpansOwed),
            SpansReceived: runs.Sum(run => run.SpansReceived),
            DeliveryPercent: deliveries.Count > 0 ? Median(deliveries) : null,
            WorstDeliveryPercent: deliveries.Count > 0 ? deliveries.Min() : null,
            SpansDropped: exportingRuns.Count > 0 ? exportingRuns.Sum(run => run.SpansDropped ?? 0) : null,
            SpansAtEndOfLoadPercent: exportingRuns.Count > 0 ? Median(exportingRuns.Select(run => 100.0 * run.SpansAtEndOfLoad / run.SpansOwed)) : null,
            Ratios: ratios,
            AllExitedCleanly: runs.All(run => run.ExitCode == 0));
    }

    private static StartupSummary? SummariseStartup(string mode, IReadOnlyList<StartupRun> startups)
    {
        var own = startups.Where(start => start.Mode == mode).ToList();
        if (own.Count == 0)
        {
            return null;
        }

        var baselines = startups.Where(start => start.Mode == BenchmarkOptions.Baseline).ToDictionary(start => start.Run);
        var differences = own.Where(start => baselines.ContainsKey(start.Run))
            .Select(start => (start.ToFirstResponse - baselines[start.Run].ToFirstResponse).TotalMilliseconds)
            .ToList();
        return new StartupSummary(
            mode,
            own.Count,
            Median(own.Select(start => start.ToFirstResponse.TotalMilliseconds)),
            own.Min(start => start.ToFirstResponse.TotalMilliseconds),
            own.Max(start => start.ToFirstResponse.TotalMilliseconds),
            mode == BenchmarkOptions.Baseline || differences.Count == 0 ? null : RoundSpread.Of(differences));
    }

    private static List<TargetCheck> CheckTargets(BenchmarkResults results, List<PhaseSummary> phases, List<StartupSummary> startups)
    {
        var options = results.Options;
        var checks = new List<TargetCheck>();
        var instrumented = options.Modes.Where(mode => mode != BenchmarkOptions.Baseline).ToList();
        var saturation = options.SaturationScenario;
        var moderate = options.Scenarios.Where(scenario => scenario.Model == LoadModel.Open).MinBy(scenario => scenario.Level);
        foreach (var mode in instrumented)
        {
            if (saturation is not null && Find(phases, mode, saturation)?.Ratios is { } saturated && Find(phases, BenchmarkOptions.Baseline, saturation) is { } saturatedBaseline)
            {
                // As an overhead: the share of the baseline's throughput lost; noise is the baseline's spread relative to its median.
                var lost = saturated.RequestsPerSecond with
                {
                    Median = 1 - saturated.RequestsPerSecond.Median,
                    Min = 1 - saturated.RequestsPerSecond.Max,
                    Max = 1 - saturated.RequestsPerSecond.Min,
                };
                var baselineRps = saturatedBaseline.RequestsPerSecondOverRounds;
                var (verdict, reason) = TargetJudge.Judge(lost, 1 - ThroughputTarget, baselineRps.Width / baselineRps.Median);
                checks.Add(new TargetCheck(
                    $"throughput at saturation ({saturation.Name}) within 10% of baseline",
                    mode,
                    $"{saturated.RequestsPerSecond.Format("0.000")}× baseline RPS",
                    verdict,
                    reason));
            }

            if (moderate is not null && Find(phases, mode, moderate)?.Ratios is { } atRate && Find(phases, BenchmarkOptions.Baseline, moderate) is { } moderateBaseline)
            {
                var (verdict, reason) = TargetJudge.Judge(atRate.P99DeltaMs, P99OverheadTargetMs, moderateBaseline.P99MsOverRounds.Width);
                checks.Add(new TargetCheck(
                    $"p99 overhead under 1 ms at a moderate fixed rate ({moderate.Name})",
                    mode,
                    $"{atRate.P99DeltaMs.Format("+0.000;-0.000")} ms p99",
                    verdict,
                    reason));
            }

            var own = phases.Where(phase => phase.Mode == mode && phase.WorstDeliveryPercent is not null).ToList();
            if (own.Count > 0)
            {
                // Counted, not sampled: one dropped span is a miss however short the run.
                var worst = own.MinBy(phase => phase.WorstDeliveryPercent)!;
                checks.Add(new TargetCheck(
                    "100% span delivery at sustained load (every phase, every round)",
                    mode,
                    $"worst {worst.WorstDeliveryPercent:0.###}% ({worst.Scenario.Name}), {own.Sum(phase => phase.SpansDropped ?? 0):N0} of {own.Sum(phase => phase.SpansOwed):N0} spans dropped",
                    worst.WorstDeliveryPercent >= 100 ? Verdict.Met : Verdict.Missed));
            }

            if (saturation is not null && Find(phases, BenchmarkOptions.Baseline, saturation) is { } cpuBaseline)
            {
                foreach (var (runMode, signals) in new[] { (mode, AllSignals), (ServerVariant.TracesOnly.Of(mode), TracesOnly) })
                {
                    if (Find(phases, runMode, saturation)?.Ratios is { ServerCpuDeltaMicroseconds: { Rounds: > 0 } overhead })
                    {
                        var (verdict, reason) = TargetJudge.Judge(overhead, CpuOverheadTargetMicroseconds, cpuBaseline.ServerCpuOverRounds.Width, atMost: true);
                        checks.Add(new TargetCheck(
                            $"overhead at most 10 µs of server CPU per request, span exported ({saturation.Name}, {signals})",
                            mode,
                            $"{overhead.Format(CpuFormat)} µs/req over baseline",
                            verdict,
                            reason));
                    }
                }
            }
        }

        if (saturation is not null && instrumented.Contains(Manual) && instrumented.Contains(Official))
        {
            foreach (var (variant, signals) in new[] { ((ServerVariant?)null, AllSignals), (ServerVariant.TracesOnly, TracesOnly) })
            {
                var rounds = RoundFigures(results, saturation, [variant?.Of(Official) ?? Official, variant?.Of(Manual) ?? Manual]);
                if (rounds.Count == 0)
                {
                    continue;
                }

                // Manual against the official instrumentation, not against the baseline: a manual mode far cheaper is a
                // finding, not a sign of noise, so only the rounds' count and sides decide.
                var difference = RoundSpread.Of(rounds.Select(figures => figures[1] - figures[0]));
                var (verdict, reason) = TargetJudge.Judge(difference, 0, TargetJudge.NoBaseline, atMost: true);
                checks.Add(new TargetCheck(
                    $"manual costs no more server CPU per request than the official instrumentation ({Official}) ({saturation.Name}, {signals})",
                    $"{Manual} − {Official}",
                    $"{difference.Format(CpuFormat)} µs/req",
                    verdict,
                    reason));
            }
        }

        if (startups.FirstOrDefault(startup => startup.Mode == "auto") is { Overhead: { } autoOverhead }
            && startups.FirstOrDefault(startup => startup.Mode == BenchmarkOptions.Baseline) is { } baselineStartup)
        {
            var (verdict, reason) = TargetJudge.Judge(autoOverhead, StartupOverheadTargetMs, baselineStartup.MaxMs - baselineStartup.MinMs);
            checks.Add(new TargetCheck("auto-mode startup overhead under 300 ms", "auto", $"{autoOverhead.Format("+0;-0")} ms to first response", verdict, reason));
        }

        return checks;
    }

    /// <summary>
    /// Per scenario and instrumented mode with variants: baseline, then each variant, then the mode itself, each
    /// stage's server CPU per request minus the previous stage's in the same round (rounds missing a stage are left out).
    /// </summary>
    private static List<CostBreakdown> BreakDown(BenchmarkResults results)
    {
        var breakdowns = new List<CostBreakdown>();
        foreach (var scenario in results.Options.Scenarios)
        {
            foreach (var mode in results.Options.Modes.Where(mode => mode != BenchmarkOptions.Baseline))
            {
                var rounds = RoundFigures(results, scenario, [BenchmarkOptions.Baseline, .. ServerVariant.TraceStages.Select(variant => variant.Of(mode)), mode]);
                if (rounds.Count == 0)
                {
                    continue;
                }

                var stages = ServerVariant.TraceStages
                    .Select((variant, stage) => new StageCost(variant.Stage, RoundSpread.Of(rounds.Select(figures => figures[stage + 1] - figures[stage]))))
                    .ToList();

                stages.Add(new StageCost(SignalsStage, RoundSpread.Of(rounds.Select(figures => figures[^1] - figures[^2]))));
                breakdowns.Add(new CostBreakdown(
                    mode,
                    scenario,
                    RoundSpread.Of(rounds.Select(figures => figures[0])),
                    stages,
                    RoundSpread.Of(rounds.Select(figures => figures[^1] - figures[0]))));
            }
        }

        return breakdowns;
    }

    /// <summary>Per scenario and instrumented mode with variants: each signal configuration against the baseline and traces alone.</summary>
    private static List<SignalCost> PriceSignals(BenchmarkResults results)
    {
        var costs = new List<SignalCost>();
        foreach (var scenario in results.Options.Scenarios)
        {
            foreach (var mode in results.Options.Modes.Where(mode => mode != BenchmarkOptions.Baseline))
            {
                // Per round: baseline, traces only, traces and metrics, traces and logs, all three.
                var rounds = RoundFigures(results, scenario, [
                    BenchmarkOptions.Baseline, ServerVariant.TracesOnly.Of(mode), ServerVariant.TracesAndMetrics.Of(mode), ServerVariant.TracesAndLogs.Of(mode), mode,
                ]);
                if (rounds.Count == 0)
                {
                    continue;
                }

                RoundSpread Over(int configuration, int reference) => RoundSpread.Of(rounds.Select(figures => figures[configuration] - figures[reference]));
                costs.Add(new SignalCost(
                    mode,
                    scenario,
                    RoundSpread.Of(rounds.Select(figures => figures[0])),
                    TracesOnly: Over(1, 0),
                    TracesAndMetrics: Over(2, 0),
                    TracesAndLogs: Over(3, 0),
                    AllThree: Over(4, 0),
                    MetricsAdd: Over(2, 1),
                    LogsAdd: Over(3, 1),
                    MetricsAndLogsAdd: Over(4, 1)));
            }
        }

        return costs;
    }

    /// <summary>Per scenario and instrumented mode with the hop's runs: each route's overhead over the baseline on the same route, and the difference.</summary>
    private static List<HopCost> PriceHop(BenchmarkResults results)
    {
        var costs = new List<HopCost>();
        foreach (var scenario in results.Options.Scenarios)
        {
            foreach (var mode in results.Options.Modes.Where(mode => mode != BenchmarkOptions.Baseline))
            {
                // Per round: baseline, baseline on /chain, the mode, the mode on /chain.
                var rounds = RoundFigures(results, scenario, [BenchmarkOptions.Baseline, ServerVariant.Hop.Of(BenchmarkOptions.Baseline), mode, ServerVariant.Hop.Of(mode)]);
                if (rounds.Count == 0)
                {
                    continue;
                }

                costs.Add(new HopCost(
                    mode,
                    scenario,
                    BaselineServerRequest: RoundSpread.Of(rounds.Select(figures => figures[0])),
                    BaselineChain: RoundSpread.Of(rounds.Select(figures => figures[1])),
                    ServerRequestOverhead: RoundSpread.Of(rounds.Select(figures => figures[2] - figures[0])),
                    ChainOverhead: RoundSpread.Of(rounds.Select(figures => figures[3] - figures[1])),
                    HopAdds: RoundSpread.Of(rounds.Select(figures => figures[3] - figures[1] - (figures[2] - figures[0])))));
            }
        }

        return costs;
    }

    /// <summary>Per scenario and instrumented mode with the retry's runs: the retry's price when nothing fails, and an outage's with and without it.</summary>
    private static List<RetryCost> PriceRetry(BenchmarkResults results)
    {
        var costs = new List<RetryCost>();
        foreach (var scenario in results.Options.Scenarios)
        {
            foreach (var mode in results.Options.Modes.Where(mode => mode != BenchmarkOptions.Baseline))
            {
                // Per round: baseline, the mode (retry on), retry off, outage with retry, outage without.
                string[] runModes = [BenchmarkOptions.Baseline, mode, ServerVariant.RetryOff.Of(mode), ServerVariant.Outage.Of(mode), ServerVariant.OutageRetryOff.Of(mode)];
                var rounds = RoundFigures(results, scenario, runModes);
                if (rounds.Count == 0)
                {
                    continue;
                }

                var memory = RoundFigures(results, scenario, runModes, run => run.PeakResidentMegabytes);
                RoundSpread Over(int configuration, int reference) => RoundSpread.Of(rounds.Select(figures => figures[configuration] - figures[reference]));
                costs.Add(new RetryCost(
                    mode,
                    scenario,
                    RetryOn: Over(1, 0),
                    RetryOff: Over(2, 0),
                    RetryAdds: Over(1, 2),
                    OutageRetryOn: Over(3, 0),
                    OutageRetryOff: Over(4, 0),
                    PeakMegabytes: RoundSpread.Of(memory.Select(figures => figures[1])),
                    OutagePeakMegabytesRetryOn: RoundSpread.Of(memory.Select(figures => figures[3])),
                    OutagePeakMegabytesRetryOff: RoundSpread.Of(memory.Select(figures => figures[4]))));
            }
        }

        return costs;
    }

    /// <summary>
    /// Per scenario, knob and instrumented mode with the knob's runs: the mode's overhead on the knob's route with and
    /// without it and what it saves; knobs in the order of their median saving over the modes, largest first.
    /// </summary>
    private static List<KnobCost> PriceKnobs(BenchmarkResults results)
    {
        var costs = new List<KnobCost>();
        foreach (var scenario in results.Options.Scenarios)
        {
            var byKnob = new List<List<KnobCost>>();
            foreach (var knob in ServerVariant.Knobs)
            {
                var rows = new List<KnobCost>();
                foreach (var mode in results.Options.Modes.Where(mode => mode != BenchmarkOptions.Baseline))
                {
                    if (knob.Knob!.NotFor.TryGetValue(mode, out var reason))
                    {
                        rows.Add(new KnobCost(knob, mode, scenario, RoundSpread.Of([]), RoundSpread.Of([]), RoundSpread.Of([]), RoundSpread.Of([]), reason));
                        continue;
                    }

                    // Per round: the baseline on the knob's route, the mode there, the mode with the knob.
                    var rounds = RoundFigures(results, scenario, [ServerVariant.BaselineOf(knob.Of(mode)), knob.ReferenceOf(mode), knob.Of(mode)]);
                    if (rounds.Count > 0)
                    {
                        rows.Add(new KnobCost(
                            knob,
                            mode,
                            scenario,
                            Without: RoundSpread.Of(rounds.Select(figures => figures[1] - figures[0])),
                            With: RoundSpread.Of(rounds.Select(figures => figures[2] - figures[0])),
                            Saves: RoundSpread.Of(rounds.Select(figures => figures[1] - figures[2])),
                            SharePercent: RoundSpread.Of(rounds.Select(figures => 100 * Ratio(figures[1] - figures[2], figures[1] - figures[0])))));
                    }
                }

                if (rows.Any(row => row.NotApplicable is null))
                {
                    byKnob.Add(rows);
                }
            }

            costs.AddRange(byKnob
                .OrderByDescending(rows => Median(rows.Where(row => row.NotApplicable is null).Select(row => row.Saves.Median)))
                .SelectMany(rows => rows));
        }

        return costs;
    }

    /// <summary>Per round, a figure (server CPU µs per request unless told) of each run named, in order; rounds missing one (or with an unknown figure) are left out.</summary>
    private static List<double[]> RoundFigures(BenchmarkResults results, Scenario scenario, IReadOnlyList<string> runModes, Func<ScenarioRun, double>? figure = null) =>
        results.Runs.Where(run => run.Scenario == scenario && runModes.Contains(run.Mode))
            .GroupBy(run => run.Repeat)
            .Select(round => runModes.Select(runMode => round.FirstOrDefault(run => run.Mode == runMode) is { } run ? (figure ?? CpuPerRequest)(run) : double.NaN).ToArray())
            .Where(figures => figures.All(double.IsFinite))
            .ToList();

    private static double CpuPerRequest(ScenarioRun run) => run.ServerCpuMicrosecondsPerRequest;

    private static PhaseSummary? Find(List<PhaseSummary> phases, string mode, Scenario scenario) =>
        phases.FirstOrDefault(phase => phase.Mode == mode && phase.Scenario == scenario);

    private static double Ratio(double value, double baseline) => baseline > 0 && double.IsFinite(value) ? value / baseline : double.NaN;
}
