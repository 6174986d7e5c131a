namespace InstrumentationModes.LoadRunner.Tests;

/// <summary>
/// One bounded real run: baseline and programmatic with its variants, 2 s of closed model at concurrency 4 on
/// loopback, exporting to the real endpoint, each server pinned as the isolation plans. Checks that the counts add up,
/// that every server ran on the CPUs it was pinned to and that only the exporting runs send spans (so the SDK and the
/// instrumentation's filter honour the variants' settings: the trace stages before the export send none, not even
/// filter-all, whose exporter is on; the signal variants, the hop and the run without retry all send theirs; the
/// outages send nothing here, and every request is still served; each knob of the price list takes effect), never how
/// fast anything was.
/// </summary>
[Collection(Collection)]
public class EndToEndSmokeTest
{
    /// <summary>The tests that pin real processes to the server's CPU run one after another.</summary>
    public const string Collection = "pinned processes";

    [Fact]
    public async Task A_short_run_counts_every_request_and_takes_delivery_from_the_endpoints_own_counter()
    {
        var options = new BenchmarkOptions
        {
            Modes = ["baseline", "programmatic"],
            Concurrencies = [4],
            Rates = [],
            DurationSeconds = 2,
            WarmupSeconds = 0,
            Repeats = 1,
            StartupRuns = 0,
            Variants = VariantScope.Every,
            EndpointIngest = IngestPlan.Off,
        };
        await using var endpoint = await DataKitSpanEndpoint.StartAsync();
        var spansBefore = endpoint.SpansReceived;

        var isolation = CpuIsolation.Plan(requested: true, CpuIsolation.AllowedCpus());

        var results = await new BenchmarkRunner(options, endpoint, RunProgress.Plain(TextWriter.Null), isolation).RunAsync();

        Assert.Equal(
            [
                "baseline", "programmatic", "baseline:chain", "programmatic:sampler-off", "programmatic:filter-all", "programmatic:exporter-none", "programmatic:traces-only",
                "programmatic:no-logs", "programmatic:no-metrics", "programmatic:chain", "programmatic:retry-off", "programmatic:outage", "programmatic:outage-retry-off",
                "programmatic:ratio-0.1", "programmatic:drop-instruments", "programmatic:logs-warning", "programmatic:batch-2048", "programmatic:gzip",
                "programmatic:http-protobuf", "programmatic:httpclient-off",
            ],
            results.Runs.Select(run => run.Mode));
        Assert.All(results.Runs, run =>
        {
            Assert.Equal(run.Load.Requests, run.Load.Ok + run.Load.Failed);
            Assert.True(run.Load.Ok > 0, $"{run.Mode}: no request succeeded");
            Assert.Equal(0, run.Load.Failed);
            Assert.Equal(run.Load.Ok, run.Served);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(CpuIsolation.CpuList(isolation.ServerCpus), run.ServerCpus);
        });
        var runs = results.Runs.ToDictionary(run => run.Mode);
        var programmatic = runs["programmatic"];
        Assert.Equal(endpoint.SpansReceived - spansBefore, results.Runs.Sum(run => run.SpansReceived));
        Assert.Equal(100.0 * programmatic.SpansReceived / programmatic.Served, programmatic.DeliveryPercent);
        Assert.Equal(programmatic.Served - programmatic.SpansReceived, programmatic.SpansDropped);
        foreach (var silent in new[] { "baseline", "baseline:chain", "programmatic:sampler-off", "programmatic:filter-all", "programmatic:exporter-none", "programmatic:outage", "programmatic:outage-retry-off" })
        {
            Assert.False(runs[silent].ExpectsSpans, silent);
            Assert.Null(runs[silent].DeliveryPercent);
            Assert.Equal(0, runs[silent].SpansReceived);
        }

        foreach (var exporting in new[]
        {
            "programmatic", "programmatic:traces-only", "programmatic:no-logs", "programmatic:no-metrics", "programmatic:chain", "programmatic:retry-off",
            "programmatic:drop-instruments", "programmatic:logs-warning", "programmatic:batch-2048", "programmatic:gzip", "programmatic:http-protobuf", "programmatic:httpclient-off",
        })
        {
            Assert.True(runs[exporting].ExpectsSpans, exporting);
            Assert.True(runs[exporting].DeliveryPercent == 100, $"{exporting}: {runs[exporting].DeliveryPercent}% of spans delivered");
        }

        // The price list's knobs take effect: a tenth of the traces kept, the uncharted instruments and the log
        // record gone, the outgoing call's CLIENT span gone (two spans per /chain request, both delivered).
        var sampled = runs["programmatic:ratio-0.1"];
        Assert.False(sampled.ExpectsSpans);
        Assert.InRange(sampled.SpansReceived, 0.05 * sampled.Served, 0.15 * sampled.Served);
        Assert.InRange(runs["programmatic:drop-instruments"].MetricPointsReceived, 1, programmatic.MetricPointsReceived - 7);
        Assert.Equal(0, runs["programmatic:logs-warning"].LogRecordsReceived);
        Assert.Equal(2, runs["programmatic:httpclient-off"].SpansPerRequest);

        // A /chain request owes three spans, and more than two per request arrive only if the hop's spans do.
        var chain = runs["programmatic:chain"];
        Assert.Equal(3, chain.SpansPerRequest);
        Assert.Equal(100.0 * chain.SpansReceived / (3 * chain.Served), chain.DeliveryPercent);
        Assert.True(chain.SpansReceived > 2 * chain.Served, $"{chain.SpansReceived} spans for {chain.Served} /chain requests");

        // Each signal arrives exactly when its exporter is on and the endpoint is there.
        Assert.Equal(
            [
                (false, false), (true, true), (false, false), (false, false), (false, false), (false, false), (false, false), (false, true), (true, false), (true, true),
                (true, true), (false, false), (false, false), (true, true), (true, true), (false, true), (true, true), (true, true), (true, true), (true, true),
            ],
            results.Runs.Select(run => (run.LogRecordsReceived > 0, run.MetricPointsReceived > 0)));

        var summary = BenchmarkSummary.From(results);
        Assert.Equal(1.0, summary.Phases.Single(phase => phase.Mode == "baseline").Ratios!.RequestsPerSecond.Median);
        Assert.All(Assert.Single(summary.Breakdowns).Stages, stage => Assert.Equal(1, stage.AddedMicroseconds.Rounds));
        Assert.Single(summary.Signals);
        Assert.Single(summary.Hops);
        Assert.Single(summary.Retries);
        Assert.Equal(ServerVariant.Knobs.Count, summary.PriceList.Count);
        Assert.All(summary.PriceList, cost => Assert.Null(cost.NotApplicable));
        Assert.Empty(results.IngestRuns);
    }
}
