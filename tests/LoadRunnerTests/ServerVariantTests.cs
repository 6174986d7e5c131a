namespace InstrumentationModes.LoadRunner.Tests;

using static Samples;

public class ServerVariantTests
{
    [Fact]
    public void Variants_run_after_each_instrumented_mode_in_the_saturating_scenario_and_for_the_baseline_only_the_hop()
    {
        var options = new BenchmarkOptions { Modes = ["baseline", "manual", "auto"], Concurrencies = [16, 64], Rates = [1000] };
        var closed64 = options.Scenarios[1];

        Assert.Equal(VariantScope.Saturation, options.Variants);
        Assert.Equal(closed64, options.SaturationScenario);
        Assert.Equal(
            [
                "baseline", "manual", "auto", "baseline:chain",
                "manual:sampler-off", "manual:filter-all", "manual:exporter-none", "manual:traces-only", "manual:no-logs", "manual:no-metrics",
                "manual:chain", "manual:retry-off", "manual:outage", "manual:outage-retry-off",
                "manual:ratio-0.1", "manual:logs-warning", "manual:batch-2048", "manual:gzip", "manual:http-protobuf",
                "auto:sampler-off", "auto:filter-all", "auto:exporter-none", "auto:traces-only", "auto:no-logs", "auto:no-metrics",
                "auto:chain", "auto:retry-off", "auto:outage", "auto:outage-retry-off",
                "auto:ratio-0.1", "auto:drop-instruments", "auto:logs-warning", "auto:batch-2048", "auto:gzip", "auto:http-protobuf", "auto:httpclient-off",
            ],
            options.RunModes(closed64));

        // The price list alone; a run over http/protobuf has no knob that switches to it.
        Assert.Equal(
            [
                "baseline", "manual", "auto", "baseline:chain", "manual:chain", "manual:ratio-0.1", "manual:logs-warning", "manual:batch-2048", "manual:gzip",
                "auto:chain", "auto:ratio-0.1", "auto:drop-instruments", "auto:logs-warning", "auto:batch-2048", "auto:gzip", "auto:httpclient-off",
            ],
            (options with { VariantSet = ServerVariant.PriceList, Protocol = "http/protobuf" }).RunModes(closed64));
        Assert.Equal(["baseline", "manual", "auto"], options.RunModes(options.Scenarios[0]));
        Assert.Equal(["baseline", "manual", "auto"], options.RunModes(options.Scenarios[2]));
        Assert.All(options.Scenarios, scenario => Assert.Equal(options.RunModes(closed64), (options with { Variants = VariantScope.Every }).RunModes(scenario)));
        Assert.Equal(["baseline", "manual", "auto"], (options with { Variants = VariantScope.None }).RunModes(closed64));
        Assert.Empty((options with { Concurrencies = [] }).VariantScenarios);
    }

    [Fact]
    public void A_run_name_splits_into_the_mode_to_start_and_the_setting_to_change()
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp", ["OTEL_BSP_MAX_QUEUE_SIZE"] = "8192" };

        var (mode, variant) = ServerVariant.Split("programmatic:exporter-none");

        Assert.Equal("programmatic", mode);
        Assert.Same(ServerVariant.ExporterNone, variant);
        Assert.Equal(
            [
                new("OTEL_BSP_MAX_QUEUE_SIZE", "8192"), new("OTEL_LOGS_EXPORTER", "none"), new("OTEL_METRICS_EXPORTER", "none"),
                new KeyValuePair<string, string>("OTEL_TRACES_EXPORTER", "none"),
            ],
            variant!.Apply(environment));
        Assert.Equal(
            [new("OTEL_LOGS_EXPORTER", "none"), new KeyValuePair<string, string>("OTEL_TRACES_EXPORTER", "otlp")],
            ServerVariant.Split("manual:no-logs").Variant!.Apply(new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp" }));
        Assert.Equal(("auto", (ServerVariant?)null), ServerVariant.Split("auto"));
        Assert.Throws<ArgumentException>(() => ServerVariant.Split("auto:bogus"));
    }

    [Fact]
    public void The_hop_sends_the_load_to_chain_and_is_compared_with_the_baselines_own_chain()
    {
        var (mode, hop) = ServerVariant.Split("manual:chain");

        Assert.Equal(("manual", LoadRoute.Chain, 3), (mode, hop!.Route, hop.Route.SpansPerRequest));
        Assert.Equal("/chain", LoadRoute.Chain.Path);
        Assert.Equal("baseline:chain", ServerVariant.BaselineOf("manual:chain"));
        Assert.Equal("baseline:chain", ServerVariant.BaselineOf("baseline:chain"));
        Assert.Equal("baseline", ServerVariant.BaselineOf("manual:retry-off"));
        Assert.Equal("baseline", ServerVariant.BaselineOf("auto"));
        Assert.Equal("GET /chain", hop.Describe());
        Assert.All(ServerVariant.All.Where(variant => variant.Name is not ("chain" or "httpclient-off")), variant => Assert.Same(LoadRoute.ServerRequest, variant.Route));

        // The knob on the outgoing call runs on /chain, against the baseline's /chain, and saves against the mode's.
        var (_, httpClientOff) = ServerVariant.Split("auto:httpclient-off");
        Assert.Equal((LoadRoute.Chain, 2), (httpClientOff!.Route, httpClientOff.SpansPerRequest));
        Assert.Equal("baseline:chain", ServerVariant.BaselineOf("auto:httpclient-off"));
        Assert.Equal(("auto:chain", "auto"), (httpClientOff.ReferenceOf("auto"), ServerVariant.Split("auto:gzip").Variant!.ReferenceOf("auto")));

        var chainRun = Run(1, "manual:chain", Closed64, 1000, served: 1000, received: 2990) with { SpansPerRequest = 3 };
        Assert.Equal((3000L, 10L), (chainRun.SpansOwed, chainRun.SpansDropped));
        Assert.Equal(99.667, chainRun.DeliveryPercent!.Value, precision: 3);
    }

    [Fact]
    public void The_retry_variants_turn_the_retry_off_and_point_the_export_at_the_refusing_port()
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317/",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        };

        Assert.Equal(
            [new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", ""), new KeyValuePair<string, string>("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317/")],
            ServerVariant.RetryOff.Apply(environment, refusingPort: 9));
        Assert.Equal(
            [new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"), new KeyValuePair<string, string>("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4999/")],
            ServerVariant.Outage.Apply(environment, refusingPort: 4999));
        Assert.Equal(
            "http://127.0.0.1:4999/otel",
            ServerVariant.OutageRetryOff.Apply(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9529/otel" }, refusingPort: 4999)["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ServerVariant.Outage.Apply(environment));
    }

    [Theory]
    [InlineData("manual:sampler-off", false)]
    [InlineData("manual:exporter-none", false)]
    [InlineData("manual:traces-only", true)]
    [InlineData("manual:no-logs", true)]
    [InlineData("manual:no-metrics", true)]
    [InlineData("manual", true)]
    [InlineData("programmatic:filter-all", false)]
    [InlineData("manual:filter-all", false)]
    [InlineData("auto:filter-all", false)]
    [InlineData("programmatic:traces-only", true)]
    public void Only_the_exporting_stage_owes_the_endpoint_spans(string runMode, bool expected)
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp" };
        var (mode, variant) = ServerVariant.Split(runMode);

        Assert.Equal(expected, ServerEnvironment.ExportsSpans(mode, variant?.Apply(environment) ?? environment));
    }

    [Theory]
    [InlineData("manual", "/server_request,/healthz", false)]
    [InlineData("programmatic", "/healthz", true)]
    [InlineData("programmatic", "/server", true)]
    [InlineData("programmatic", "/SERVER_REQUEST/", false)]
    [InlineData("auto", "/", false)]
    public void Excluded_urls_that_cover_the_load_path_stop_the_spans_of_every_mode(string mode, string excluded, bool expected)
    {
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp", ["OTEL_DOTNET_EXCLUDED_URLS"] = excluded };

        Assert.Equal(expected, ServerEnvironment.ExportsSpans(mode, environment));
    }

    [Fact]
    public void Each_stage_costs_its_cpu_per_request_minus_the_previous_stages_in_the_same_round()
    {
        // Server CPU µs per request (1000 requests each): per round baseline, sampler off, filter all, exporter none,
        // traces only, traces and metrics, traces and logs, all three.
        double[][] rounds = [[100, 110, 110, 130, 160, 170, 165, 180], [200, 205, 205, 240, 300, 304, 310, 320], [150, 170, 170, 180, 200, 212, 201, 215]];
        var options = new BenchmarkOptions { Modes = ["baseline", "manual"], Concurrencies = [64], Rates = [], Repeats = 3 };
        string[] runModes = ["baseline", "manual:sampler-off", "manual:filter-all", "manual:exporter-none", "manual:traces-only", "manual:no-logs", "manual:no-metrics", "manual"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();

        var summary = BenchmarkSummary.From(Results(runs, options: options));
        var breakdown = Assert.Single(summary.Breakdowns);

        Assert.Equal("manual", breakdown.Mode);
        Assert.Equal(new RoundSpread(150, 100, 200, 3), breakdown.BaselineMicroseconds);
        Assert.Equal(
            ["hooks, nothing sampled", "excluded by the filter", "attributes, span ended, not exported", "batch processor, OTLP serialisation and send", "metrics and logs export"],
            breakdown.Stages.Select(stage => stage.Stage));
        Assert.Equal(new RoundSpread(10, 5, 20, 3), breakdown.Stages[0].AddedMicroseconds);

        Assert.Equal(new RoundSpread(0, 0, 0, 3), breakdown.Stages[1].AddedMicroseconds);
        Assert.Equal(new RoundSpread(20, 10, 35, 3), breakdown.Stages[2].AddedMicroseconds);
        Assert.Equal(new RoundSpread(30, 20, 60, 3), breakdown.Stages[3].AddedMicroseconds);
        Assert.Equal(new RoundSpread(20, 15, 20, 3), breakdown.Stages[4].AddedMicroseconds);
        Assert.Equal(new RoundSpread(80, 65, 120, 3), breakdown.TotalMicroseconds);

        var signals = Assert.Single(summary.Signals);
        Assert.Equal(new RoundSpread(60, 50, 100, 3), signals.TracesOnly);
        Assert.Equal(new RoundSpread(70, 62, 104, 3), signals.TracesAndMetrics);
        Assert.Equal(new RoundSpread(65, 51, 110, 3), signals.TracesAndLogs);
        Assert.Equal(new RoundSpread(80, 65, 120, 3), signals.AllThree);
        Assert.Equal(new RoundSpread(10, 4, 12, 3), signals.MetricsAdd);
        Assert.Equal(new RoundSpread(5, 1, 10, 3), signals.LogsAdd);
        Assert.Equal(new RoundSpread(20, 15, 20, 3), signals.MetricsAndLogsAdd);
        Assert.All(summary.Targets, check => Assert.Equal("manual", check.Mode));

        var report = MarkdownReport.Write(Results(runs, options: options), summary, new Dictionary<string, string>());
        Assert.Contains("| closed-64 | manual | 150.0 (100.0–200.0) | +10.0 (+5.0–+20.0) | 0.0 (0.0–0.0) | +20.0 (+10.0–+35.0) | +30.0 (+20.0–+60.0) | +20.0 (+15.0–+20.0) | +80.0 (+65.0–+120.0) | – |", report, StringComparison.Ordinal);
        Assert.Contains("| manual | 150.0 (100.0–200.0) | +60.0 (+50.0–+100.0) | +70.0 (+62.0–+104.0) | +65.0 (+51.0–+110.0) | +80.0 (+65.0–+120.0) | +10.0 (+4.0–+12.0) | +5.0 (+1.0–+10.0) | +20.0 (+15.0–+20.0) |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_all_sits_between_sampler_off_and_exporter_none_and_the_endpoints_decoding_closes_the_row()
    {
        // Per round: baseline, sampler off, filter all, exporter none, traces only, all three.
        double[][] rounds = [[100, 104, 109, 115, 130, 150], [110, 113, 120, 124, 141, 170], [90, 96, 99, 107, 119, 135]];
        var options = new BenchmarkOptions { Modes = ["baseline", "auto"], Concurrencies = [64], Rates = [], Repeats = 3 };
        string[] runModes = ["baseline", "auto:sampler-off", "auto:filter-all", "auto:exporter-none", "auto:traces-only", "auto"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();
        IngestRun[] ingest =
        [
            .. new[] { 20.0, 25.0, 22.0 }.Select((microseconds, index) => IngestSample(index + 1, IngestTransport.Grpc, microseconds)),
            .. new[] { 30.0, 31.0, 32.0 }.Select((microseconds, index) => IngestSample(index + 1, IngestTransport.HttpProtobuf, microseconds)),
        ];
        var results = Results(runs, options: options) with { Ingest = ingest };

        var summary = BenchmarkSummary.From(results);
        var breakdown = Assert.Single(summary.Breakdowns);

        Assert.Equal(new RoundSpread(4, 3, 6, 3), breakdown.Stages[0].AddedMicroseconds);
        Assert.Equal(new RoundSpread(5, 3, 7, 3), breakdown.Stages[1].AddedMicroseconds);
        Assert.Equal(new RoundSpread(6, 4, 8, 3), breakdown.Stages[2].AddedMicroseconds);
        var report = MarkdownReport.Write(results, summary, new Dictionary<string, string>());
        Assert.Contains("| total overhead µs/req | endpoint decoding µs/span (grpc, own process) |", report, StringComparison.Ordinal);
        Assert.Contains("| closed-64 | auto | 100.0 (90.0–110.0) | +4.0 (+3.0–+6.0) | +5.0 (+3.0–+7.0) | +6.0 (+4.0–+8.0) | +15.0 (+12.0–+17.0) | +20.0 (+16.0–+29.0) | +50.0 (+45.0–+60.0) | 22.00 (20.00–25.00) |", report, StringComparison.Ordinal);

        var overHttp = MarkdownReport.Write(results with { Options = options with { Protocol = "http/protobuf" } }, summary, new Dictionary<string, string>());
        Assert.Contains("| +50.0 (+45.0–+60.0) | 31.00 (30.00–32.00) |", overHttp, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_missing_a_signal_configuration_is_left_out_of_the_signal_prices()
    {
        var options = new BenchmarkOptions { Modes = ["baseline", "auto"], Concurrencies = [64], Rates = [], Repeats = 2 };
        var runs = new[]
        {
            Run(1, "baseline", Closed64, 1000, cpuMilliseconds: 100), Run(1, "auto:traces-only", Closed64, 1000, cpuMilliseconds: 130),
            Run(1, "auto:no-logs", Closed64, 1000, cpuMilliseconds: 140), Run(1, "auto:no-metrics", Closed64, 1000, cpuMilliseconds: 135),
            Run(1, "auto", Closed64, 1000, cpuMilliseconds: 150),
            Run(2, "baseline", Closed64, 1000, cpuMilliseconds: 100), Run(2, "auto", Closed64, 1000, cpuMilliseconds: 190),
        };

        var signals = Assert.Single(BenchmarkSummary.From(Results(runs, options: options)).Signals);

        Assert.Equal(new RoundSpread(10, 10, 10, 1), signals.MetricsAdd);
        Assert.Equal(new RoundSpread(5, 5, 5, 1), signals.LogsAdd);
        Assert.Equal(new RoundSpread(50, 50, 50, 1), signals.AllThree);
    }

    [Fact]
    public void The_hop_costs_each_routes_overhead_over_the_baseline_on_the_same_route_and_their_difference()
    {
        // Server CPU ms over 1000 requests per round: baseline, baseline on /chain, the mode, the mode on /chain.
        double[][] rounds = [[100, 180, 130, 260], [110, 190, 150, 290], [90, 170, 125, 245]];
        var options = new BenchmarkOptions { Modes = ["baseline", "programmatic"], Concurrencies = [64], Rates = [], Repeats = 3 };
        string[] runModes = ["baseline", "baseline:chain", "programmatic", "programmatic:chain"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();

        var summary = BenchmarkSummary.From(Results(runs, options: options));
        var hop = Assert.Single(summary.Hops);

        Assert.Equal(("programmatic", new RoundSpread(100, 90, 110, 3), new RoundSpread(180, 170, 190, 3)), (hop.Mode, hop.BaselineServerRequest, hop.BaselineChain));
        Assert.Equal(new RoundSpread(35, 30, 40, 3), hop.ServerRequestOverhead);
        Assert.Equal(new RoundSpread(80, 75, 100, 3), hop.ChainOverhead);
        Assert.Equal(new RoundSpread(50, 40, 60, 3), hop.HopAdds);

        // The hop's phase is compared with the baseline's /chain, not its /server_request.
        Assert.Equal(new RoundSpread(80, 75, 100, 3), summary.Phases.Single(phase => phase.Mode == "programmatic:chain").Ratios!.ServerCpuDeltaMicroseconds);
        var report = MarkdownReport.Write(Results(runs, options: options), summary, new Dictionary<string, string>());
        Assert.Contains("| closed-64 | programmatic | 100.0 (90.0–110.0) | 180.0 (170.0–190.0) | +35.0 (+30.0–+40.0) | +80.0 (+75.0–+100.0) | +50.0 (+40.0–+60.0) |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retry_costs_the_mode_minus_its_run_without_retry_and_the_outages_are_priced_over_the_baseline()
    {
        // Server CPU ms over 1000 requests per round: baseline, the mode, retry off, outage, outage without retry.
        double[][] rounds = [[100, 150, 148, 120, 118], [110, 160, 161, 135, 125]];
        var options = new BenchmarkOptions { Modes = ["baseline", "auto"], Concurrencies = [64], Rates = [], Repeats = 2 };
        string[] runModes = ["baseline", "auto", "auto:retry-off", "auto:outage", "auto:outage-retry-off"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();

        var retry = Assert.Single(BenchmarkSummary.From(Results(runs, options: options)).Retries);

        Assert.Equal(new RoundSpread(50, 50, 50, 2), retry.RetryOn);
        Assert.Equal(new RoundSpread(49.5, 48, 51, 2), retry.RetryOff);
        Assert.Equal(new RoundSpread(0.5, -1, 2, 2), retry.RetryAdds);
        Assert.Equal(new RoundSpread(22.5, 20, 25, 2), retry.OutageRetryOn);
        Assert.Equal(new RoundSpread(16.5, 15, 18, 2), retry.OutageRetryOff);
        Assert.Equal(new RoundSpread(80, 80, 80, 2), retry.OutagePeakMegabytesRetryOn);
    }

    [Fact]
    public void A_knob_saves_the_modes_overhead_without_it_minus_with_it_and_the_knobs_are_listed_by_their_saving()
    {
        // Server CPU ms over 1000 requests per round: baseline, baseline on /chain, the mode, the mode on /chain, and
        // the mode with a knob each: the sampler, gzip (dearer), the HttpClient instrumentation off (on /chain).
        double[][] rounds = [[100, 300, 150, 420, 120, 152, 400], [110, 320, 170, 440, 134, 170, 410]];
        var options = new BenchmarkOptions { Modes = ["baseline", "auto"], Concurrencies = [64], Rates = [], Repeats = 2, VariantSet = ServerVariant.PriceList };
        string[] runModes = ["baseline", "baseline:chain", "auto", "auto:chain", "auto:ratio-0.1", "auto:gzip", "auto:httpclient-off"];
        var runs = rounds.SelectMany((cpu, index) => runModes.Select((mode, column) => Run(index + 1, mode, Closed64, 1000, cpuMilliseconds: cpu[column]))).ToArray();

        var priceList = BenchmarkSummary.From(Results(runs, options: options)).PriceList;

        Assert.Equal(["ratio-0.1", "httpclient-off", "gzip"], priceList.Select(cost => cost.Knob.Name));
        var (sampled, httpClientOff, gzip) = (priceList[0], priceList[1], priceList[2]);
        Assert.Equal((new RoundSpread(55, 50, 60, 2), new RoundSpread(22, 20, 24, 2), new RoundSpread(33, 30, 36, 2)), (sampled.Without, sampled.With, sampled.Saves));
        Assert.Equal(new RoundSpread(60, 60, 60, 2), sampled.SharePercent);
        Assert.Equal((new RoundSpread(120, 120, 120, 2), new RoundSpread(95, 90, 100, 2), new RoundSpread(25, 20, 30, 2)), (httpClientOff.Without, httpClientOff.With, httpClientOff.Saves));
        Assert.Equal(new RoundSpread(-1, -2, 0, 2), gzip.Saves);
        Assert.All(priceList, cost => Assert.Equal(("auto", (string?)null), (cost.Mode, cost.NotApplicable)));
    }

    [Fact]
    public void A_knob_that_does_not_apply_to_a_mode_is_listed_with_the_reason_and_never_run()
    {
        var options = new BenchmarkOptions { Modes = ["baseline", "manual", "auto"], Concurrencies = [64], Rates = [], Repeats = 1, VariantSet = ServerVariant.PriceList };
        string[] runModes = ["baseline", "baseline:chain", "manual", "manual:chain", "auto", "auto:chain", "auto:drop-instruments", "auto:httpclient-off"];
        var runs = runModes.Select(mode => Run(1, mode, Closed64, 1000, cpuMilliseconds: 100)).ToArray();

        var priceList = BenchmarkSummary.From(Results(runs, options: options)).PriceList;

        Assert.DoesNotContain("manual:httpclient-off", options.RunModes(Closed64));
        Assert.DoesNotContain("manual:drop-instruments", options.RunModes(Closed64));
        Assert.Equal(
            [
                ("drop-instruments", "manual", "records only its own http.server.request.duration"), ("drop-instruments", "auto", null),
                ("httpclient-off", "manual", "its client span is its own code: AddManualInstrumentation() removed"), ("httpclient-off", "auto", null),
            ],
            priceList.Select(cost => (cost.Knob.Name, cost.Mode, cost.NotApplicable)));
    }

    [Fact]
    public void Without_variants_there_is_no_breakdown()
    {
        var summary = BenchmarkSummary.From(Results([Run(1, "baseline", Closed64, 1000), Run(1, "manual", Closed64, 1000)]));

        Assert.Empty(summary.Breakdowns);
        Assert.Empty(summary.Signals);
        Assert.Empty(summary.Hops);
        Assert.Empty(summary.Retries);
        Assert.Empty(summary.PriceList);
    }
}
