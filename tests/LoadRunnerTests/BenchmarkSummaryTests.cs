namespace InstrumentationModes.LoadRunner.Tests;

using static Samples;

public class BenchmarkSummaryTests
{
    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(3, BenchmarkSummary.Median([5, 1, 3]));
        Assert.Equal(2.5, BenchmarkSummary.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(BenchmarkSummary.Median([])));
        Assert.Equal(2, BenchmarkSummary.Median([double.NaN, 1, 3]));
    }

    [Fact]
    public void A_server_gone_before_its_figures_were_read_leaves_them_unknown_not_zero()
    {
        var gone = Run(1, "manual", Closed64, 1000) with { ServerCpu = null, PeakResidentBytes = null, ExitCode = 134 };
        var runs = new[] { Run(1, "baseline", Closed64, 1000), gone, Run(2, "baseline", Closed64, 1000), Run(2, "manual", Closed64, 1000, cpuMilliseconds: 40) };

        var manual = BenchmarkSummary.From(Results(runs)).Phases.Single(phase => phase.Mode == "manual");

        Assert.True(double.IsNaN(gone.ServerCpuMicrosecondsPerRequest));
        Assert.Equal(40, manual.ServerCpuMicrosecondsPerRequest, 9);
        Assert.Equal(80, manual.PeakResidentMegabytes, 9);
        Assert.False(manual.AllExitedCleanly);
    }

    [Fact]
    public void Ratios_compare_with_the_baseline_of_the_same_round_not_the_median_baseline()
    {
        // Per round: 95/100 = 0.95, 100/200 = 0.5, 280/300 = 0.933…; median 0.933…
        // (the median of manual over the median of baseline would be 100/200 = 0.5).
        var runs = new[]
        {
            Run(1, "baseline", Closed64, 100), Run(1, "manual", Closed64, 95),
            Run(2, "baseline", Closed64, 200), Run(2, "manual", Closed64, 100),
            Run(3, "baseline", Closed64, 300), Run(3, "manual", Closed64, 280),
        };

        var manual = BenchmarkSummary.From(Results(runs)).Phases.Single(phase => phase.Mode == "manual");

        Assert.Equal(280.0 / 300, manual.Ratios!.RequestsPerSecond.Median, 9);
        Assert.Equal(0.5, manual.Ratios.RequestsPerSecond.Min, 9);
        Assert.Equal(0.95, manual.Ratios.RequestsPerSecond.Max, 9);
        Assert.Equal(new RoundSpread(200, 100, 300, 3), BenchmarkSummary.From(Results(runs)).Phases.Single(phase => phase.Mode == "baseline").RequestsPerSecondOverRounds);
        Assert.Equal(100, manual.RequestsPerSecond);
        Assert.Equal(3, manual.Rounds);
    }

    [Fact]
    public void Latency_overhead_is_the_median_difference_to_the_same_round()
    {
        var runs = new[]
        {
            Run(1, "baseline", Open1000, 1000, p99Ms: 1.0), Run(1, "auto", Open1000, 1000, p99Ms: 1.4),
            Run(2, "baseline", Open1000, 1000, p99Ms: 3.0), Run(2, "auto", Open1000, 1000, p99Ms: 3.2),
            Run(3, "baseline", Open1000, 1000, p99Ms: 2.0), Run(3, "auto", Open1000, 1000, p99Ms: 4.5),
        };

        var auto = BenchmarkSummary.From(Results(runs)).Phases.Single(phase => phase.Mode == "auto");

        Assert.Equal(0.4, auto.Ratios!.P99DeltaMs.Median, 9);
        Assert.Equal(0.2, auto.Ratios.P99DeltaMs.Min, 9);
        Assert.Equal(2.5, auto.Ratios.P99DeltaMs.Max, 9);
        Assert.Equal(1.4 / 1.0, auto.Ratios.P99.Median, 9);
    }

    [Fact]
    public void Cpu_per_request_divides_server_cpu_by_the_successful_requests()
    {
        var run = Run(1, "manual", Closed64, 2000, cpuMilliseconds: 500);
        var runs = new[] { Run(1, "baseline", Closed64, 2000, cpuMilliseconds: 300), run };

        var manual = BenchmarkSummary.From(Results(runs)).Phases.Single(phase => phase.Mode == "manual");

        Assert.Equal(250, run.ServerCpuMicrosecondsPerRequest, 9);
        Assert.Equal(100, manual.Ratios!.ServerCpuDeltaMicroseconds.Median, 9);
        Assert.Equal(250.0 / 150, manual.Ratios.ServerCpuPerRequest.Median, 9);
    }

    [Fact]
    public void Delivery_is_spans_received_over_requests_served_and_the_rest_are_dropped()
    {
        var runs = new[]
        {
            Run(1, "baseline", Closed64, 100),
            Run(1, "programmatic", Closed64, 100, served: 4000, received: 3000),
            Run(2, "baseline", Closed64, 100),
            Run(2, "programmatic", Closed64, 100, served: 1000, received: 1000),
        };

        var summary = BenchmarkSummary.From(Results(runs));
        var programmatic = summary.Phases.Single(phase => phase.Mode == "programmatic");
        var baseline = summary.Phases.Single(phase => phase.Mode == "baseline");

        Assert.Equal(75, runs[1].DeliveryPercent);
        Assert.Equal(1000, runs[1].SpansDropped);
        Assert.Equal(87.5, programmatic.DeliveryPercent);
        Assert.Equal(75, programmatic.WorstDeliveryPercent);
        Assert.Equal(1000, programmatic.SpansDropped);
        Assert.Null(baseline.DeliveryPercent);
        Assert.Null(baseline.SpansDropped);
        var delivery = summary.Targets.Single(check => check.Mode == "programmatic" && check.Target.StartsWith("100% span delivery", StringComparison.Ordinal));
        Assert.Equal(Verdict.Missed, delivery.Verdict);
        Assert.Contains("worst 75%", delivery.Figure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(89, 88, 80, Verdict.Missed)]
    [InlineData(91, 95, 100, Verdict.Met)]
    [InlineData(95, 120, 100, Verdict.Met)]
    [InlineData(85, 95, 100, Verdict.NotJudged)]
    public void Throughput_target_is_within_ten_percent_of_the_baseline_at_the_highest_concurrency(double round1, double round2, double round3, Verdict expected)
    {
        var options = new BenchmarkOptions { Concurrencies = [16, 64], Rates = [], Repeats = 3 };
        var closed16 = new Scenario(LoadModel.Closed, 16);
        var runs = new[] { round1, round2, round3 }.SelectMany((manualRps, index) => new[]
        {
            Run(index + 1, "baseline", closed16, 100), Run(index + 1, "manual", closed16, 10),
            Run(index + 1, "baseline", Closed64, 100), Run(index + 1, "manual", Closed64, manualRps),
        }).ToArray();

        var check = BenchmarkSummary.From(Results(runs, options: options)).Targets.Single(target => target.Target.StartsWith("throughput", StringComparison.Ordinal));

        Assert.Equal(expected, check.Verdict);
        Assert.Contains("closed-64", check.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void One_round_is_not_judged_whatever_it_shows()
    {
        var runs = new[] { Run(1, "baseline", Open1000, 1000, p99Ms: 3), Run(1, "manual", Open1000, 1000, p99Ms: 1.2) };

        var check = BenchmarkSummary.From(Results(runs)).Targets.Single(target => target.Target.StartsWith("p99", StringComparison.Ordinal));

        Assert.Equal(Verdict.NotJudged, check.Verdict);
        Assert.Equal("not judged: 1 round, judging needs at least 3", check.Result);
        Assert.Equal("-1.800 ms p99", check.Figure);
    }

    [Fact]
    public void A_mode_faster_than_the_baseline_beyond_the_baselines_spread_is_not_judged()
    {
        // Baseline p99 2.0, 2.2, 2.1 ms (spread 0.2); the mode 1.0 ms lower every round: noise, not a speed-up.
        var runs = new[] { 2.0, 2.2, 2.1 }.SelectMany((p99, index) => new[]
        {
            Run(index + 1, "baseline", Open1000, 1000, p99Ms: p99), Run(index + 1, "auto", Open1000, 1000, p99Ms: p99 - 1),
        }).ToArray();

        var check = BenchmarkSummary.From(Results(runs)).Targets.Single(target => target.Target.StartsWith("p99", StringComparison.Ordinal));

        Assert.Equal(Verdict.NotJudged, check.Verdict);
        Assert.StartsWith("the baseline was worse than the mode", check.Reason, StringComparison.Ordinal);
        Assert.Equal("-1.000 (-1.000–-1.000) ms p99", check.Figure);
    }

    [Fact]
    public void Startup_overhead_is_the_median_of_paired_differences()
    {
        // Differences per round: +100, +400, +150 -> median +150.
        var startups = new[]
        {
            new StartupRun(1, "baseline", TimeSpan.FromMilliseconds(300)), new StartupRun(1, "auto", TimeSpan.FromMilliseconds(400)),
            new StartupRun(2, "baseline", TimeSpan.FromMilliseconds(900)), new StartupRun(2, "auto", TimeSpan.FromMilliseconds(1300)),
            new StartupRun(3, "baseline", TimeSpan.FromMilliseconds(350)), new StartupRun(3, "auto", TimeSpan.FromMilliseconds(500)),
        };

        var summary = BenchmarkSummary.From(Results([], startups));
        var auto = summary.Startups.Single(startup => startup.Mode == "auto");

        Assert.Equal(new RoundSpread(150, 100, 400, 3), auto.Overhead);
        Assert.Equal(500, auto.MedianMs);
        Assert.Null(summary.Startups.Single(startup => startup.Mode == "baseline").Overhead);
        var check = summary.Targets.Single(target => target.Mode == "auto");
        Assert.Equal(Verdict.NotJudged, check.Verdict);
        Assert.Equal("the rounds fall on both sides of the target", check.Reason);
        Assert.Equal("+150 (+100–+400) ms to first response", check.Figure);
    }

    [Fact]
    public void The_cpu_target_is_judged_per_mode_with_all_three_signals_and_with_traces_only()
    {
        // Server CPU µs/req per round: baseline, auto, auto with traces only.
        double[][] rounds = [[60, 75, 68], [62, 80, 70], [61, 90, 71]];
        string[] runModes = ["baseline", "auto", "auto:traces-only"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();
        var options = new BenchmarkOptions { Modes = ["baseline", "auto"], Concurrencies = [64], Rates = [], Repeats = 3 };

        var checks = BenchmarkSummary.From(Results(runs, options: options)).Targets.Where(check => check.Target.StartsWith("overhead at most 10 µs", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [
                new TargetCheck("overhead at most 10 µs of server CPU per request, span exported (closed-64, all three signals)", "auto", "+18.0 (+15.0–+29.0) µs/req over baseline", Verdict.Missed),
                new TargetCheck("overhead at most 10 µs of server CPU per request, span exported (closed-64, traces only)", "auto", "+8.0 (+8.0–+10.0) µs/req over baseline", Verdict.Met),
            ],
            checks);
    }

    [Fact]
    public void Manual_is_judged_against_programmatic_round_by_round_with_traces_only_and_with_all_three_signals()
    {
        // Server CPU µs/req per round: baseline, manual, programmatic, and both with traces only.
        double[][] rounds = [[60, 80, 95, 70, 72], [62, 85, 84, 71, 75], [61, 82, 90, 72, 74]];
        string[] runModes = ["baseline", "manual", "programmatic", "manual:traces-only", "programmatic:traces-only"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();
        var options = new BenchmarkOptions { Modes = ["baseline", "manual", "programmatic"], Concurrencies = [64], Rates = [], Repeats = 3 };

        var checks = BenchmarkSummary.From(Results(runs, options: options)).Targets.Where(check => check.Mode == "manual − programmatic").ToList();

        Assert.Equal(
            [
                new TargetCheck("manual costs no more server CPU per request than the official instrumentation (programmatic) (closed-64, all three signals)", "manual − programmatic", "-8.0 (-15.0–+1.0) µs/req", Verdict.NotJudged, "the rounds fall on both sides of the target"),
                new TargetCheck("manual costs no more server CPU per request than the official instrumentation (programmatic) (closed-64, traces only)", "manual − programmatic", "-2.0 (-4.0–-2.0) µs/req", Verdict.Met),
            ],
            checks);
    }

    [Fact]
    public void Without_programmatic_or_a_closed_model_there_is_no_cpu_comparison()
    {
        var runs = new[] { Run(1, "baseline", Open1000, 1000), Run(1, "manual", Open1000, 1000), Run(1, "programmatic", Open1000, 1000) };

        var targets = BenchmarkSummary.From(Results(runs, options: new BenchmarkOptions { Concurrencies = [], Rates = [1000], Repeats = 1 })).Targets;

        Assert.DoesNotContain(targets, check => check.Target.Contains("server CPU", StringComparison.Ordinal));
    }
}
