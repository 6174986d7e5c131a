namespace InstrumentationModes.LoadRunner.Tests;

using static Samples;

public class ServerVariantTests
{
    [Fact]
    public void Variants_run_after_each_instrumented_mode_and_never_for_the_baseline()
    {
        var options = new BenchmarkOptions { Modes = ["baseline", "manual", "auto"], Variants = true };

        Assert.Equal(
            ["baseline", "manual", "manual:sampler-off", "manual:exporter-none", "auto", "auto:sampler-off", "auto:exporter-none"],
            options.RunModes);
        Assert.Equal(["baseline", "manual", "auto"], (options with { Variants = false }).RunModes);
    }

    [Fact]
    public void A_run_name_splits_into_the_mode_to_start_and_the_setting_to_change()
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp", ["OTEL_BSP_MAX_QUEUE_SIZE"] = "8192" };

        var (mode, variant) = ServerVariant.Split("programmatic:exporter-none");

        Assert.Equal("programmatic", mode);
        Assert.Same(ServerVariant.ExporterNone, variant);
        Assert.Equal(
            [new("OTEL_BSP_MAX_QUEUE_SIZE", "8192"), new KeyValuePair<string, string>("OTEL_TRACES_EXPORTER", "none")],
            variant!.Apply(environment));
        Assert.Equal(("auto", (ServerVariant?)null), ServerVariant.Split("auto"));
        Assert.Throws<ArgumentException>(() => ServerVariant.Split("auto:bogus"));
    }

    [Theory]
    [InlineData("manual:sampler-off", false)]
    [InlineData("manual:exporter-none", false)]
    [InlineData("manual", true)]
    public void Only_the_exporting_stage_owes_the_endpoint_spans(string runMode, bool expected)
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp" };
        var (mode, variant) = ServerVariant.Split(runMode);

        Assert.Equal(expected, ServerEnvironment.ExportsSpans(mode, variant?.Apply(environment) ?? environment));
    }

    [Fact]
    public void Each_stage_costs_its_cpu_per_request_minus_the_previous_stages_in_the_same_round()
    {
        // Server CPU µs per request (1000 requests each): per round baseline, sampler off, exporter none, OTLP export.
        double[][] rounds = [[100, 110, 130, 160], [200, 205, 240, 300], [150, 170, 180, 200]];
        var options = new BenchmarkOptions { Modes = ["baseline", "manual"], Concurrencies = [64], Rates = [], Repeats = 3, Variants = true };
        string[] stages = ["baseline", "manual:sampler-off", "manual:exporter-none", "manual"];
        var runs = rounds.SelectMany((cpu, index) => stages.Select((mode, stage) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[stage]))).ToArray();

        var summary = BenchmarkSummary.From(Results(runs, options: options));
        var breakdown = Assert.Single(summary.Breakdowns);

        Assert.Equal("manual", breakdown.Mode);
        Assert.Equal(new RoundSpread(150, 100, 200, 3), breakdown.BaselineMicroseconds);
        Assert.Equal(["instrumentation, nothing sampled", "span recorded, not exported", "OTLP export"], breakdown.Stages.Select(stage => stage.Stage));
        Assert.Equal(new RoundSpread(10, 5, 20, 3), breakdown.Stages[0].AddedMicroseconds);
        Assert.Equal(new RoundSpread(20, 10, 35, 3), breakdown.Stages[1].AddedMicroseconds);
        Assert.Equal(new RoundSpread(30, 20, 60, 3), breakdown.Stages[2].AddedMicroseconds);
        Assert.Equal(new RoundSpread(60, 50, 100, 3), breakdown.TotalMicroseconds);
        Assert.All(summary.Targets, check => Assert.Equal("manual", check.Mode));

        var report = MarkdownReport.Write(Results(runs, options: options), summary, new Dictionary<string, string>());
        Assert.Contains("| closed-64 | manual | 150.0 (100.0–200.0) | +10.0 (+5.0–+20.0) | +20.0 (+10.0–+35.0) | +30.0 (+20.0–+60.0) | +60.0 (+50.0–+100.0) |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_variants_there_is_no_breakdown() =>
        Assert.Empty(BenchmarkSummary.From(Results([Run(1, "baseline", Closed64, 1000), Run(1, "manual", Closed64, 1000)])).Breakdowns);
}
