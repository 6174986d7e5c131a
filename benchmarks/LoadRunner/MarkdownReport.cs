using System.Globalization;
using System.Text;

namespace InstrumentationModes.LoadRunner;

/// <summary>The report: machine and settings, targets met or missed, NBomber-shaped tables per scenario, startup, method.</summary>
public static class MarkdownReport
{
    public const string ChartFile = "chart.svg";
    public const string LoadRunsCsvFile = "load-runs.csv";
    public const string StartupCsvFile = "startup.csv";
    public const string IngestCsvFile = "endpoint-ingest.csv";

    public static readonly string JudgingRule = string.Create(
        CultureInfo.InvariantCulture,
        $"A target is judged only with at least {TargetJudge.MinimumRounds} rounds, when the mode does not beat the baseline by more than the baseline's own spread over the rounds, and when every round falls on the same side of the target (met if all meet it, missed if all miss it); otherwise it is *not judged*, with the reason. Span delivery is counted, not sampled, so it is always judged.");

    public static string Write(BenchmarkResults results, BenchmarkSummary summary, IReadOnlyDictionary<string, string> serverEnvironment)
    {
        var options = results.Options;
        var loadRuns = results.Runs.Count > 0;
        var text = new StringBuilder();
        text.AppendLine(loadRuns ? "# Load runs: what each instrumentation mode costs" : "# The endpoint's ingest rate").AppendLine();
        text.Append(Invariant($"`scripts/bench.sh{(options.Quick ? " --quick" : "")}{(options.EndpointIngest == IngestPlan.Only ? " --endpoint-ingest" : "")}`, started {results.Started:yyyy-MM-dd HH:mm} UTC, took {results.Elapsed:m\\:ss}. "));
        text.Append(Invariant($"Medians over {options.Repeats} round{(options.Repeats == 1 ? "" : "s")}{(loadRuns ? "; ratios compare each mode with the baseline of the same round" : "")}. "));
        IEnumerable<string> files = [.. loadRuns ? [LoadRunsCsvFile, StartupCsvFile] : Array.Empty<string>(), .. results.IngestRuns.Count > 0 ? [IngestCsvFile] : Array.Empty<string>()];
        text.AppendLine($"Raw figures: {string.Join(", ", files.Select(file => $"[`{file}`]({file})"))}.");
        text.AppendLine();

        if (loadRuns)
        {
            AppendHeadline(text, results, summary);
            AppendBreakdown(text, summary, options);
            AppendSignals(text, summary);
            AppendHop(text, summary);
            AppendRetry(text, summary);
            AppendPriceList(text, summary);
        }

        AppendIngest(text, summary, results);
        AppendSettings(text, results, serverEnvironment);
        AppendTargets(text, summary);
        if (loadRuns)
        {
            text.AppendLine(Invariant($"![Throughput and p99 per mode]({ChartFile})")).AppendLine();
            foreach (var scenario in summary.Phases.Select(phase => phase.Scenario).Distinct())
            {
                AppendScenario(text, scenario, summary.Phases.Where(phase => phase.Scenario == scenario).ToList(), options);
            }

            AppendStartup(text, summary.Startups, options);
        }

        AppendMethod(text, options);
        return text.ToString();
    }

    /// <summary>A markdown table; pipes and line breaks in cells are escaped so that no value can break the table.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<bool>? rightAligned = null)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", header.Select(Cell)).AppendLine(" |");
        text.Append('|').AppendJoin('|', header.Select((_, index) => rightAligned is not null && index < rightAligned.Count && rightAligned[index] ? "---:" : "---")).AppendLine("|");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The figure to quote first: what each mode costs the server per request, beside throughput and p99.</summary>
    private static void AppendHeadline(StringBuilder text, BenchmarkResults results, BenchmarkSummary summary)
    {
        text.AppendLine("## What each mode costs the server").AppendLine();
        text.AppendLine(Invariant($"CPU isolation: {IsolationStatement(results)}.")).AppendLine();
        text.Append(Table(
            ["scenario", "mode", "server CPU µs/req", "overhead µs/req vs baseline", "overhead, mean ± 95 % CI", "CPU × baseline", "RPS × baseline", "p99 ms", "p99 Δ ms"],
            summary.Phases.Where(phase => results.Options.Modes.Contains(phase.Mode)).Select(phase => (IReadOnlyList<string>)
            [
                phase.Scenario.Name, phase.Mode, phase.ServerCpuOverRounds.Format("0.0"),
                .. phase.Mode == BenchmarkOptions.Baseline
                    ? ["–", "–", "–"]
                    : new[]
                    {
                        Spread(phase.Ratios?.ServerCpuDeltaMicroseconds, SignedFormat), phase.Ratios?.ServerCpuDeltaInterval.Format(SignedFormat) ?? "–",
                        Spread(phase.Ratios?.ServerCpuPerRequest, "0.000"),
                    },
                Spread(phase.Ratios?.RequestsPerSecond, "0.000"), phase.P99MsOverRounds.Format("0.00"),
                phase.Mode == BenchmarkOptions.Baseline ? "–" : Spread(phase.Ratios?.P99DeltaMs, DeltaFormat),
            ]),
            [false, false, true, true, true, true, true, true, true]));
        text.AppendLine();
        text.AppendLine("Medians over the rounds, spread (min–max) in parentheses; overhead, ratio and Δ are per round against the baseline of the same round, which runs just before the modes in every round. The 95 % confidence interval is Student's t over the rounds' overheads (each round one measurement), around their mean. Server CPU is the server process's own (utime + stime) per successful request: with isolation, what the harness does cannot land on the server's CPU. Each mode exports all three signals (traces, metrics, logs) over OTLP." + (results.Options.VariantScenarios.Count > 0 ? " The variants' runs are in the tables that follow." : "")).AppendLine();
    }

    private static void AppendBreakdown(StringBuilder text, BenchmarkSummary summary, BenchmarkOptions options)
    {
        if (summary.Breakdowns.Count == 0)
        {
            return;
        }

        var stages = summary.Breakdowns[0].Stages.Select(stage => stage.Stage).ToList();
        var decoding = summary.Ingest.FirstOrDefault(transport => EndpointIngest.Name(transport.Transport) == options.Protocol)?.CpuMicrosecondsPerSpan;
        text.AppendLine("## Where the server's CPU goes: stage by stage").AppendLine();
        text.Append(Table(
            ["scenario", "mode", "baseline µs/req", .. stages.Select(stage => $"+ {stage}"), "total overhead µs/req", $"endpoint decoding µs/span ({options.Protocol}, own process)"],
            summary.Breakdowns.Select(breakdown => (IReadOnlyList<string>)
            [
                breakdown.Scenario.Name, breakdown.Mode, breakdown.BaselineMicroseconds.Format("0.0"),
                .. breakdown.Stages.Select(stage => stage.AddedMicroseconds.Format(SignedFormat)), breakdown.TotalMicroseconds.Format(SignedFormat),
                decoding?.Format("0.00") ?? "–",
            ]),
            [false, false, .. Enumerable.Repeat(true, stages.Count + 3)]));
        text.AppendLine();
        text.AppendLine(string.Join(" ", [
            "Each column is what that stage adds to the server's CPU per request over the previous one, per round, median (min–max):",
            .. ServerVariant.TraceStages.Select(variant => $"*{variant.Stage}* is the mode with `{variant.Describe()}`;"),
            $"*{BenchmarkSummary.SignalsStage}* is the mode's own run (all three signals over OTLP, no console exporter) against *{ServerVariant.TracesOnly.Stage}*;",
            $"*endpoint decoding* is the endpoint's CPU per span in this run's ingest benchmark over {options.Protocol}, the transport of these load runs, measured in the endpoint's own process (one span per request, so it is the collector's side of a request's cost), `–` when the ingest benchmark did not run.",
            "A stage smaller than the spread of its neighbours is within the noise.",
        ])).AppendLine();
    }

    private static void AppendSignals(StringBuilder text, BenchmarkSummary summary)
    {
        if (summary.Signals.Count == 0)
        {
            return;
        }

        text.AppendLine("## What each signal costs the server").AppendLine();
        foreach (var scenario in summary.Signals.Select(cost => cost.Scenario).Distinct())
        {
            text.AppendLine(Invariant($"**{scenario.Name}**, server CPU µs/req over the baseline of the same round:")).AppendLine();
            text.Append(Table(
                ["mode", "baseline µs/req", "traces only", "traces + metrics", "traces + logs", "all three", "metrics add", "logs add", "metrics + logs add"],
                summary.Signals.Where(cost => cost.Scenario == scenario).Select(cost => (IReadOnlyList<string>)
                [
                    cost.Mode, cost.BaselineMicroseconds.Format("0.0"),
                    .. new[] { cost.TracesOnly, cost.TracesAndMetrics, cost.TracesAndLogs, cost.AllThree, cost.MetricsAdd, cost.LogsAdd, cost.MetricsAndLogsAdd }
                        .Select(figure => figure.Format(SignedFormat)),
                ]),
                [false, .. Enumerable.Repeat(true, 8)]));
            text.AppendLine();
        }

        text.AppendLine(string.Join(" ", [
            "Median (min–max) over the rounds.",
            $"*Traces only* is the mode with `{ServerVariant.TracesOnly.Describe()}`, *traces + metrics* with `{ServerVariant.TracesAndMetrics.Describe()}`, *traces + logs* with `{ServerVariant.TracesAndLogs.Describe()}`, *all three* the mode's own run;",
            "each is the overhead over the baseline. *Metrics add*, *logs add* and *metrics + logs add* are, per round, that configuration minus *traces only*: the price of the signal.",
            "`none` removes a signal's exporter; its provider and instrumentation still run. Metrics are exported every `OTEL_METRIC_EXPORT_INTERVAL` (the SDK's 60 s unless set), so in a shorter phase their price is recording and aggregation; their export comes at shutdown, outside the measured window.",
            "A figure smaller than the spread of its neighbours is within the noise.",
        ])).AppendLine();
    }

    private static void AppendHop(StringBuilder text, BenchmarkSummary summary)
    {
        if (summary.Hops.Count == 0)
        {
            return;
        }

        text.AppendLine("## What the hop costs the server: `/chain` beside `/server_request`").AppendLine();
        text.Append(Table(
            ["scenario", "mode", "baseline µs/req, /server_request", "baseline µs/req, /chain", "overhead µs/req, /server_request", "overhead µs/req, /chain", "the hop adds"],
            summary.Hops.Select(hop => (IReadOnlyList<string>)
            [
                hop.Scenario.Name, hop.Mode, hop.BaselineServerRequest.Format("0.0"), hop.BaselineChain.Format("0.0"),
                hop.ServerRequestOverhead.Format(SignedFormat), hop.ChainOverhead.Format(SignedFormat), hop.HopAdds.Format(SignedFormat),
            ]),
            [false, false, true, true, true, true, true]));
        text.AppendLine();
        text.AppendLine(string.Join(" ", [
            $"Server CPU µs per request, median (min–max) over the rounds, all three signals exported. A `/chain` request (`{ServerVariant.Hop.Of("MODE")}`) calls the server's own `/server_request`, so its CPU covers both requests, the call between them and, instrumented, three spans (SERVER, CLIENT, SERVER);",
            "each overhead is over the baseline on the same route in the same round; *the hop adds* is, per round, the `/chain` overhead minus the `/server_request` overhead: what instrumenting the outgoing call and the second request costs.",
        ])).AppendLine();
    }

    private static void AppendRetry(StringBuilder text, BenchmarkSummary summary)
    {
        if (summary.Retries.Count == 0)
        {
            return;
        }

        text.AppendLine("## What the exporter's retry costs the server").AppendLine();
        text.Append(Table(
            ["scenario", "mode", "overhead µs/req, retry on", "retry off", "the retry adds", "endpoint down: overhead, retry on", "endpoint down: retry off", "peak RSS MB", "endpoint down: peak RSS MB, retry on", "endpoint down: retry off"],
            summary.Retries.Select(retry => (IReadOnlyList<string>)
            [
                retry.Scenario.Name, retry.Mode, retry.RetryOn.Format(SignedFormat), retry.RetryOff.Format(SignedFormat), retry.RetryAdds.Format(SignedFormat),
                retry.OutageRetryOn.Format(SignedFormat), retry.OutageRetryOff.Format(SignedFormat),
                retry.PeakMegabytes.Format("0"), retry.OutagePeakMegabytesRetryOn.Format("0"), retry.OutagePeakMegabytesRetryOff.Format("0"),
            ]),
            [false, false, .. Enumerable.Repeat(true, 8)]));
        text.AppendLine();
        text.AppendLine(string.Join(" ", [
            "Server CPU µs per request over the same round's baseline and the server's peak resident memory, median (min–max) over the rounds, all three signals.",
            $"*Retry on* is the mode's own run (run-mode.sh's `OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=in_memory`), *retry off* `{ServerVariant.RetryOff.Of("MODE")}` (`{ServerVariant.RetryOff.Describe()}`); *the retry adds* is, per round, on minus off.",
            $"*Endpoint down* (`{ServerVariant.Outage.Of("MODE")}`, `{ServerVariant.OutageRetryOff.Of("MODE")}`) exports for the whole phase to a port that refuses every connection: what the server pays while its collector is away, and what the retry holds in memory meanwhile.",
        ])).AppendLine();
    }

    private static void AppendPriceList(StringBuilder text, BenchmarkSummary summary)
    {
        if (summary.PriceList.Count == 0)
        {
            return;
        }

        text.AppendLine("## The price list: what each knob saves the server").AppendLine();
        text.Append(Table(
            ["scenario", "knob", "mode", "overhead µs/req without", "with the knob", "the knob saves µs/req", "share of the overhead saved", "settings"],
            summary.PriceList.Select(cost => (IReadOnlyList<string>)
            [
                cost.Scenario.Name, cost.Knob.Name, cost.Mode,
                .. cost.NotApplicable is { } reason
                    ? ["–", "–", "–", "–", $"not for {cost.Mode}: {reason}"]
                    : new[] { cost.Without.Format(SignedFormat), cost.With.Format(SignedFormat), cost.Saves.Format(SignedFormat), cost.SharePercent.Format("0'%'"), $"`{cost.Knob.Describe()}`" },
            ]),
            [false, false, false, true, true, true, true, false]));
        text.AppendLine();
        text.AppendLine(string.Join(" ", [
            "Server CPU µs per request over the baseline on the same route in the same round, median (min–max) over the rounds, all three signals exported;",
            "*without* is the mode's own run on the knob's route (`/chain` for a knob on the outgoing call), *with the knob* the same with the settings shown; *the knob saves* is, per round, without minus with, and its *share* that saving over the overhead without.",
            "Knobs are listed by their median saving over the modes, largest first. A saving smaller than its spread is within the noise.",
            string.Join("; ", summary.PriceList.Select(cost => cost.Knob).Distinct().Select(knob => $"*{knob.Name}*: {knob.Stage}")) + ".",
            "The sampled knob keeps a share of the traces by trace id, so its spans are counted but not owed.",
        ])).AppendLine();
    }

    private static void AppendIngest(StringBuilder text, BenchmarkSummary summary, BenchmarkResults results)
    {
        if (summary.Ingest.Count == 0)
        {
            return;
        }

        var first = results.IngestRuns[0];
        text.AppendLine("## The endpoint's ingest rate").AppendLine();
        text.Append(Table(
            ["transport", "spans/s per endpoint core", "endpoint CPU µs/span", "spans/s (wall clock)", "endpoint cores busy", "batches accepted / refused", "target ≥ 200,000 spans/s per core"],
            summary.Ingest.Select(transport => (IReadOnlyList<string>)
            [
                EndpointIngest.Name(transport.Transport), transport.SpansPerCoreSecond.Format("N0"), transport.CpuMicrosecondsPerSpan.Format("0.00"),
                transport.SpansPerSecond.Format("N0"), transport.CoresBusy.Format("0.00"), $"{Count(transport.Batches)} / {Count(transport.FailedBatches)}",
                transport.Target.Verdict == Verdict.Missed ? "**missed**" : transport.Target.Result,
            ]),
            [false, true, true, true, true, true, false]));
        text.AppendLine();
        text.AppendLine(Invariant($"The endpoint (`run-mode.sh endpoint --quiet`: decodes and keeps every span, prints none) runs as its own process{(results.Isolation.Enabled ? $" pinned to CPU {CpuIsolation.CpuList(results.Isolation.ServerCpus)}, the senders on CPU {CpuIsolation.CpuList(results.Isolation.HarnessCpus)}" : ", unpinned")}; {EndpointIngest.Senders} senders, each on its own connection, post the same OTLP trace export of {first.SpansPerBatch} SERVER spans with the attributes of the official instrumentation's span and a resource (as the SDK's batches) and send the next when answered; gRPC over h2c, OTLP/HTTP protobuf over HTTP/1.1 to `/otel/v1/traces`. *Spans/s per endpoint core* = spans accepted in the measured part / the endpoint process's CPU time (utime + stime) over it; *cores busy* is that CPU time per second. Medians over the rounds, spread (min–max) in parentheses; the target is judged by the rule below, as a cost (CPU µs per span against 5 µs).")).AppendLine();
    }

    /// <summary>The isolation as planned, and whether every server really ran where it was pinned.</summary>
    public static string IsolationStatement(BenchmarkResults results)
    {
        var isolation = results.Isolation;
        if (!isolation.Enabled)
        {
            return isolation.Summary;
        }

        var expected = CpuIsolation.CpuList(isolation.ServerCpus);
        var elsewhere = results.Runs.Count(run => run.ServerCpus != expected);
        return elsewhere == 0
            ? isolation.Summary
            : Invariant($"{isolation.Summary}; **{elsewhere} of {results.Runs.Count} phases' servers were not found on CPU {expected}** (column `server_cpus` of the CSV)");
    }

    private static void AppendSettings(StringBuilder text, BenchmarkResults results, IReadOnlyDictionary<string, string> serverEnvironment)
    {
        var options = results.Options;
        var machine = results.Machine;
        var closed = options.Concurrencies.Count > 0 ? $"closed model at {string.Join(" and ", options.Concurrencies)} connections" : null;
        var open = options.Rates.Count > 0 ? $"open model at {string.Join(" and ", options.Rates)} requests/s (at most {options.MaxInFlight} in flight)" : null;
        var bsp = serverEnvironment.Keys.Any(name => name.StartsWith("OTEL_BSP_", StringComparison.Ordinal))
            ? "as set above; the rest at run-mode.sh's and the SDK's defaults"
            : "run-mode.sh's default queue 8192 (OTEL_BSP_MAX_QUEUE_SIZE; the SDK's is 2048), the SDK's batch 512, delay 5000 ms, export timeout 30000 ms";
        text.AppendLine("## Machine, versions, settings").AppendLine();
        var ingestOnly = results.Runs.Count == 0;
        IReadOnlyList<string>[] machineRows =
        [
            ["machine", Invariant($"{machine.Cpu}, {machine.Cores} cores, {machine.Memory}, {machine.OperatingSystem}")],
            ["runtime", ingestOnly ? machine.DotNet : $"{machine.DotNet}; servers are Release builds started by `scripts/run-mode.sh MODE PORT`"],
            ["OpenTelemetry", machine.OpenTelemetry],
        ];
        IReadOnlyList<string>[] loadRows = ingestOnly ? [] :
        [
            ["server environment", string.Join(", ", serverEnvironment.Select(variable => $"`{variable.Key}={variable.Value}`"))],
            ["batch span processor", bsp],
            ["endpoint", "the DataKit-style endpoint (`Shared/DataKitEndpoint`), on 127.0.0.1 inside the harness process, not printing spans"],
            ["load", Invariant($"`GET {LoadRoute.ServerRequest.Path}?param={LoadClient.Param}` (the hop's runs: `GET {LoadRoute.Chain.Path}?param={LoadClient.Param}`), HTTP/1.1 keep-alive, no `traceparent` (every span a root); {string.Join("; ", new[] { closed, open }.OfType<string>())}")],
        ];
        IReadOnlyList<string>[] runRows =
        [
            ["phases", Invariant($"{options.WarmupSeconds} s warm-up (same load, not reported), then {options.DurationSeconds} s measured; a fresh server for every phase{(results.IngestRuns.Count > 0 ? ", a fresh endpoint process for every round of the ingest benchmark" : "")}")],
            ["rounds", ingestOnly ? Invariant($"{options.Repeats}; in each, gRPC then OTLP/HTTP protobuf") : Invariant($"{options.Repeats}; in each, {string.Join("; ", options.Scenarios.Select(scenario => $"{scenario.Name} runs {string.Join(", ", options.RunModes(scenario))}"))}, in turn")],
            ["CPU isolation", IsolationStatement(results)],
        ];
        text.Append(Table(["", ""], [.. machineRows, .. loadRows, .. runRows]));
        text.AppendLine();
    }

    private static void AppendTargets(StringBuilder text, BenchmarkSummary summary)
    {
        text.AppendLine("## Targets").AppendLine();
        if (summary.Targets.Count == 0)
        {
            text.AppendLine("No target applies to the scenarios of this run.").AppendLine();
            return;
        }

        text.Append(Table(
            ["target", "mode", "measured", "result"],
            summary.Targets.Select(check => (IReadOnlyList<string>)[check.Target, check.Mode, check.Figure, check.Verdict == Verdict.Missed ? "**missed**" : check.Result])));
        text.AppendLine();
        text.AppendLine(Invariant($"Figures are medians over the rounds, with the spread (min–max) in parentheses. {JudgingRule}")).AppendLine();
    }

    private static void AppendScenario(StringBuilder text, Scenario scenario, List<PhaseSummary> phases, BenchmarkOptions options)
    {
        text.AppendLine(Invariant($"## {scenario.Name}: {scenario.Description}, {options.DurationSeconds} s")).AppendLine();
        text.AppendLine("What the client saw (NBomber's ok stats; latency of successful requests, measured from send):").AppendLine();
        text.Append(Table(
            ["mode", "request count", "ok", "fail", "RPS", "min ms", "mean ms", "max ms", "StdDev", "p50 ms", "p75 ms", "p95 ms", "p99 ms"],
            phases.Select(phase => (IReadOnlyList<string>)
            [
                phase.Mode, Count(phase.Ok + phase.Failed), Count(phase.Ok), Count(phase.Failed), Number(phase.RequestsPerSecond, "N0"),
                Number(phase.Latency.MinMs), Number(phase.Latency.MeanMs), Number(phase.Latency.MaxMs), Number(phase.Latency.StdDevMs),
                Number(phase.Latency.P50Ms), Number(phase.Latency.P75Ms), Number(phase.Latency.P95Ms), Number(phase.Latency.P99Ms),
            ]),
            [false, .. Enumerable.Repeat(true, 12)]));
        text.AppendLine();
        text.AppendLine("What it cost the server, and where its spans went:").AppendLine();
        text.Append(Table(
            ["mode", "RPS × baseline", "p99 × baseline", "p99 Δ ms", "mean Δ ms", "CPU µs/req", "CPU/req × baseline", "peak RSS MB", "generator CPU share", "spans received / owed", "delivery % (worst)", "dropped", "delivered by end of load"],
            phases.Select(phase => (IReadOnlyList<string>)
            [
                phase.Mode,
                Spread(phase.Ratios?.RequestsPerSecond, "0.000"), Spread(phase.Ratios?.P99, "0.000"), Spread(phase.Ratios?.P99DeltaMs, DeltaFormat), Spread(phase.Ratios?.MeanDeltaMs, DeltaFormat),
                phase.ServerCpuOverRounds.Format("0.0"), Spread(phase.Ratios?.ServerCpuPerRequest, "0.00"), Number(phase.PeakResidentMegabytes, "0"),
                Number(phase.GeneratorCpuShare * 100, "0") + "%",
                phase.DeliveryPercent is null ? "–" : $"{Count(phase.SpansReceived)} / {Count(phase.SpansOwed)}",
                phase.DeliveryPercent is { } delivery ? $"{Number(delivery, "0.###")} ({Number(phase.WorstDeliveryPercent ?? delivery, "0.###")})" : "–",
                phase.SpansDropped is { } dropped ? Count(dropped) : "–",
                phase.SpansAtEndOfLoadPercent is { } atEnd ? Number(atEnd, "0.#") + "%" : "–",
            ]) .Concat(phases.Any(phase => !phase.AllExitedCleanly) ? [["", "", "", "", "", "", "", "", "", "", "", "", "a server exited non-zero: see the CSV"]] : []),
            [false, .. Enumerable.Repeat(true, 12)]));
        text.AppendLine();
    }

    private static void AppendStartup(StringBuilder text, IReadOnlyList<StartupSummary> startups, BenchmarkOptions options)
    {
        if (startups.Count == 0)
        {
            return;
        }

        text.AppendLine(Invariant($"## Startup: launch to first successful response ({options.StartupRuns} starts per mode, interleaved)")).AppendLine();
        text.Append(Table(
            ["mode", "starts", "median ms", "min ms", "max ms", "overhead vs baseline, ms (median and spread of paired starts)"],
            startups.Select(startup => (IReadOnlyList<string>)
            [
                startup.Mode, Count(startup.Starts), Number(startup.MedianMs, "0"), Number(startup.MinMs, "0"), Number(startup.MaxMs, "0"),
                startup.Overhead is { } overhead ? overhead.Format("+0;-0") : "–",
            ]),
            [false, true, true, true, true, true]));
        text.AppendLine();
    }

    private static void AppendMethod(StringBuilder text, BenchmarkOptions options)
    {
        text.AppendLine("## How the numbers are made").AppendLine();
        text.AppendLine("""
            - **Closed model** (NBomber's keep-constant): N virtual users on N connections, each sending its next request when the previous is answered; RPS is what the server sustains, so the closed models are the saturation figures.
            - **Open model** (NBomber's inject): requests start on a fixed timetable (request *i* at *i*/rate s) whether or not earlier ones were answered; a request that would exceed the in-flight limit fails unsent. Latency is measured from the actual send, as NBomber does; the CSV's `max_dispatch_lag_ms` shows how late the dispatcher (1 ms sleeps) started any request.
            - **Latency** of every successful request of the phase goes into an HdrHistogram (`LongConcurrentHistogram`, 3 significant digits, as NBomber records), which gives min, mean, max, StdDev and the percentiles; a mode's figure is the median over the rounds.
            - **Rounds**: every round runs each scenario for the baseline and the modes one after another, then the variants, so that a mode's headline figure is measured at most a few phases after its baseline; five short rounds rather than three long ones, for the confidence interval.
            - **Ratios** divide a mode's figure by the baseline's in the same round and scenario, then take the median over the rounds; Δ columns subtract instead. In parentheses: the spread (min–max) over the rounds. The headline's 95 % interval is the mean of the rounds' overheads ± Student's t (rounds − 1 degrees of freedom, MathNet.Numerics) × their standard deviation / √rounds.
            - **CPU isolation** (on by default with 2 or more CPUs; `--no-isolation` turns it off): the harness pins all its threads (load generator and endpoint) to every CPU but the last with `taskset --all-tasks`, and every server is started with bash's `BASH_ENV` pointing at `benchmarks/LoadRunner/pin-server.sh`, which pins `run-mode.sh`'s shell to the last CPU before it execs dotnet, so the server's runtime sees one CPU from its start. The CPU list each server was allowed is read back from `/proc/PID/status` and is in the CSV (`server_cpus`).
            - **Server CPU** is utime + stime from `/proc/PID/stat` over the measured phase, divided by its successful requests; **peak RSS** is `VmHWM` from `/proc/PID/status` at the end of the phase (the server is the pid `run-mode.sh` execs into). **Generator CPU share** is the harness's CPU (load generator and endpoint) against harness plus server.
            - **Delivery**: every phase runs on a fresh server, so the endpoint's own span counter, read before the start and after the server has exited, counts exactly this server's spans. *Served* is every 200 (warm-up included; `/healthz` has no span); a request to `/server_request` owes one span, one to `/chain` three (its SERVER span, the CLIENT span of its call to the server's own `/server_request`, and that request's SERVER span). The server is stopped with SIGTERM, whose graceful shutdown drains the requests and then flushes the batch processor's queue, so a span still missing after the exit was never going to be sent: it was dropped when the queue was full (or its export failed). **Dropped = owed − received after the exit.** *Delivered by end of load* is how much had arrived before the SIGTERM: the rest was still queued.
            - **Stages and signals** (the variants: by default in the closed model with the most connections, `--variants` in every scenario, `--no-variants` none; each in the same round as its baseline): every mode exports traces, metrics and logs over OTLP to the endpoint (run-mode.sh's defaults, the harness's endpoint). The variants set `OTEL_METRICS_EXPORTER=none` and/or `OTEL_LOGS_EXPORTER=none` (the agent reads them; in the samples the lab's hosting startup drops every metric stream or filters every log record out of the OpenTelemetry provider); the trace stages (sampler off, filter all, exporter none, traces only) run with both off, so that they price the trace path alone. *Filter all* (`OTEL_DOTNET_EXCLUDED_URLS`) excludes the load's path in every mode. A signal's price is, per round, the server CPU per request with it minus the same round's run with traces only.
            - **The hop** (`MODE:chain`, and `baseline:chain` as its reference): the same load on `/chain`, whose downstream is the server itself (the samples' default `DOWNSTREAM_URL`), so the server's CPU per request covers both requests and the call between them; a mode's `/chain` overhead is over the baseline's `/chain` in the same round, and *the hop adds* is, per round, that overhead minus the mode's `/server_request` overhead.
            - **The retry** (`MODE:retry-off`: `OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY` empty, which the exporter reads as off; run-mode.sh sets `in_memory`): its price when nothing fails is, per round, the mode's own run minus this one. The outages (`MODE:outage`, `MODE:outage-retry-off`) export for the whole phase to a loopback port the harness holds without listening, so every connection is refused as by an endpoint whose process is down; their spans are owed to no one, so delivery is not counted; the queues' drops are the servers' own stderr lines in their console files.
            - **The price list** (`MODE:KNOB`, in the closed model with the most connections; `--price-list` runs it alone): each knob's settings on top of the mode's own run, on `/server_request`, or on `/chain` for a knob on the outgoing call (against the mode's own `/chain`); what a knob saves is, per round, the mode's overhead without it minus with it. Knobs a sample sets in its code reach it from the lab's hosting startup as a user's code would set them (views dropping instruments; the HttpClient instrumentation's spans left unrecorded, as its filter does, and its meters dropped); the agent reads the same variables itself. A knob that would switch to the run's own protocol does not run.
            - **CPU targets**: the 10 µs target is judged per mode on the server CPU overhead over the same round's baseline in the saturating closed model, with all three signals and, where the variants ran, with traces only; "manual costs no more than the official instrumentation" on the per-round difference manual − programmatic (server CPU µs/req, same scenario), met when every round is at most 0, without the baseline rule (a manual mode far cheaper is a finding, not noise).
            - **Endpoint ingest**: the endpoint runs as its own process (`scripts/run-mode.sh endpoint --quiet`, a fresh one per round) pinned like a server under test; senders on the harness's CPUs post one prepared OTLP trace export of 512 SERVER spans (the official instrumentation's attributes, a resource) over gRPC (h2c) and over OTLP/HTTP protobuf, each sender on its own connection, sending the next batch when the last is answered. The endpoint answers a batch after it has decoded and kept every span, so spans accepted (answers × 512) within the measured part, divided by the endpoint process's CPU time (utime + stime) over the same part, is its rate per core. The target is judged on the CPU µs per span of every round against 5 µs (1 s / 200,000).
            - **Startup**: from launching `scripts/run-mode.sh MODE PORT` (builds up to date; the script's build check is in every mode's figure alike) to the first 200 from `/server_request`, polled every 5 ms; overhead is the median over rounds of the difference to that round's baseline start.
            """);
    }

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "0.00") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private const string DeltaFormat = "+0.000;-0.000;0.000";

    private const string SignedFormat = "+0.0;-0.0;0.0";

    private static string Spread(RoundSpread? value, string format) => value?.Format(format) ?? "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
