using System.Buffers.Binary;
using InstrumentationModes.DataKit;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.LoadRunner.Tests;

/// <summary>The endpoint's ingest benchmark: its arithmetic, its batch, its verdict, and bounded real runs that count, never time.</summary>
public class EndpointIngestTests
{
    [Fact]
    public void Rates_are_spans_accepted_over_wall_clock_and_over_the_endpoints_cpu_time()
    {
        var run = new IngestRun(1, IngestTransport.Grpc, 512, TimeSpan.FromSeconds(2), Batches: 1000, FailedBatches: 0, EndpointCpu: TimeSpan.FromSeconds(1.6), TotalBatches: 1500, TotalFailedBatches: 0);

        Assert.Equal(512_000, run.Spans);
        Assert.Equal(256_000, run.SpansPerSecond);
        Assert.Equal(320_000, run.SpansPerCoreSecond);
        Assert.Equal(3.125, run.CpuMicrosecondsPerSpan, 9);
        Assert.Equal(0.8, run.CoresBusy, 9);
    }

    [Fact]
    public void Without_the_endpoints_cpu_time_the_per_core_figures_are_unknown()
    {
        var run = new IngestRun(1, IngestTransport.HttpProtobuf, 512, TimeSpan.FromSeconds(2), 10, 0, EndpointCpu: null, 10, 0);

        Assert.Equal(2560, run.SpansPerSecond);
        Assert.True(double.IsNaN(run.SpansPerCoreSecond));
        Assert.True(double.IsNaN(run.CpuMicrosecondsPerSpan));
        Assert.True(double.IsNaN((run with { EndpointCpu = TimeSpan.Zero }).SpansPerCoreSecond));
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.1, 1.2 }, Verdict.Met, null)]
    [InlineData(new[] { 1.5, 1.6, 2.0 }, Verdict.Missed, null)]
    [InlineData(new[] { 1.5, 1.1, 1.2 }, Verdict.NotJudged, "the rounds fall on both sides of the target")]
    [InlineData(new[] { 1.0, 1.1 }, Verdict.NotJudged, "2 rounds, judging needs at least 3")]
    public void The_target_is_judged_by_the_harness_rule_on_every_round(double[] cpuSecondsPerRound, Verdict verdict, string? reason)
    {
        // 1000 batches of 256 spans in each round: 256,000 spans, so 1.28 s of endpoint CPU is exactly 200,000 spans/s per core.
        var runs = cpuSecondsPerRound.Select((cpu, index) => new IngestRun(index + 1, IngestTransport.Grpc, 256, TimeSpan.FromSeconds(2), 1000, 0, TimeSpan.FromSeconds(cpu), 1000, 0)).ToList();

        var summary = Assert.Single(IngestSummary.From(runs));

        Assert.Equal(verdict, summary.Target.Verdict);
        Assert.Equal(reason, summary.Target.Reason);
        Assert.Equal("endpoint, grpc", summary.Target.Mode);
        Assert.Equal(256_000L * runs.Count, summary.Batches * 256);
    }

    [Fact]
    public void Refused_batches_leave_the_target_unjudged_and_say_why()
    {
        var runs = Enumerable.Range(1, 3).Select(round => new IngestRun(round, IngestTransport.HttpProtobuf, 512, TimeSpan.FromSeconds(1), 100, round == 2 ? 7 : 0, TimeSpan.FromSeconds(0.1), 100, 0, round == 2 ? "HTTP 503" : null)).ToList();

        var summary = Assert.Single(IngestSummary.From(runs));

        Assert.Equal(Verdict.NotJudged, summary.Target.Verdict);
        Assert.Equal("7 batches were refused (HTTP 503)", summary.Target.Reason);
        Assert.Equal(7, summary.FailedBatches);
    }

    [Fact]
    public void The_batch_is_the_sdks_512_server_spans_with_the_spec_attributes_and_a_resource()
    {
        var request = IngestBatch.Request(IngestBatch.SdkBatchSize);

        var resourceSpans = Assert.Single(request.ResourceSpans);
        Assert.Contains(resourceSpans.Resource.Attributes, attribute => attribute.Key == "service.name" && attribute.Value.StringValue == "manual-instrument-service");
        var spans = Assert.Single(resourceSpans.ScopeSpans).Spans;
        Assert.Equal(512, spans.Count);
        Assert.Equal(512, spans.Select(span => span.SpanId).Distinct().Count());
        Assert.All(spans, span =>
        {
            Assert.Equal("GET /server_request", span.Name);
            Assert.Equal(Span.Types.SpanKind.Server, span.Kind);
            Assert.Equal(
                ["http.request.method", "server.address", "server.port", "url.scheme", "url.path", "url.query", "network.protocol.version", "http.route", "http.response.status_code"],
                span.Attributes.Select(attribute => attribute.Key));
        });
        Assert.Equal(request, IngestBatch.Request(IngestBatch.SdkBatchSize));
    }

    [Fact]
    public void A_grpc_frame_is_a_zero_flag_the_big_endian_length_and_the_message()
    {
        var request = IngestBatch.Request(3);
        var frame = IngestBatch.GrpcFrame(request);

        Assert.Equal(0, frame[0]);
        Assert.Equal((uint)(frame.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)));
        Assert.Equal(request, ExportTraceServiceRequest.Parser.ParseFrom(frame.AsSpan(5)));
    }

    [Theory]
    [InlineData(IngestTransport.Grpc)]
    [InlineData(IngestTransport.HttpProtobuf)]
    public async Task Every_batch_answered_is_counted_and_the_endpoint_kept_every_span_of_it(IngestTransport transport)
    {
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false }, maxRetainedItems: 100);
        var target = new IngestTarget(new Uri(endpoint.GrpcUrl), new Uri(endpoint.HttpTracesUrl), () => TimeSpan.Zero);

        var run = await EndpointIngest.MeasureAsync(1, transport, target, IngestBatch.Request(8), 8, senders: 2, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500));

        var counters = endpoint.Counters;
        Assert.Equal(0, run.TotalFailedBatches);
        Assert.Null(run.FirstFailure);
        Assert.True(run.Batches > 0, "no batch in the measured part");
        Assert.InRange(run.Batches, 1, run.TotalBatches);
        Assert.Equal(run.TotalBatches * 8, counters.SpansReceived);
        Assert.Equal(run.TotalBatches, transport == IngestTransport.Grpc ? counters.GrpcAccepted : counters.HttpProtobufAccepted);
        Assert.Equal(8, run.SpansPerBatch);
    }

    [Fact]
    public async Task A_batch_the_endpoint_refuses_is_counted_as_failed_with_its_reason()
    {
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions
        {
            GrpcPort = 0, HttpPort = 0, PrintSpans = false, Faults = EndpointFaults.None with { GrpcStatus = 14 },
        });
        var target = new IngestTarget(new Uri(endpoint.GrpcUrl), new Uri(endpoint.HttpTracesUrl), () => null);

        var run = await EndpointIngest.MeasureAsync(1, IngestTransport.Grpc, target, IngestBatch.Request(2), 2, senders: 1, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, run.TotalBatches);
        Assert.True(run.TotalFailedBatches > 0);
        Assert.Equal("grpc-status 14", run.FirstFailure);
        Assert.Null(run.EndpointCpu);
    }

    internal sealed class UnusedEndpoint : ISpanEndpoint
    {
        public Uri GrpcUrl { get; } = new("http://127.0.0.1:1");

        public Uri HttpTracesUrl { get; } = new("http://127.0.0.1:1/otel/v1/traces");

        public Uri HttpOtlpBaseUrl { get; } = new("http://127.0.0.1:1/otel");

        public long SpansReceived => 0;

        public long LogRecordsReceived => 0;

        public long MetricPointsReceived => 0;
    }
}

/// <summary>
/// The ingest benchmark alone, for real: the endpoint as its own process pinned where a server under test goes. In the
/// smoke test's collection, so that the two never share the pinned CPU; it counts, never times.
/// </summary>
[Collection(EndToEndSmokeTest.Collection)]
public class IngestRunnerSmokeTest
{
    [Fact]
    public async Task The_ingest_benchmark_alone_runs_the_endpoint_as_its_own_pinned_process_over_both_transports()
    {
        var options = new BenchmarkOptions { Repeats = 1, DurationSeconds = 1, WarmupSeconds = 0, EndpointIngest = IngestPlan.Only };
        var isolation = CpuIsolation.Plan(requested: true, CpuIsolation.AllowedCpus());

        var results = await new BenchmarkRunner(options, new EndpointIngestTests.UnusedEndpoint(), RunProgress.Plain(TextWriter.Null), isolation).RunAsync();

        Assert.Empty(results.Runs);
        Assert.Empty(results.Startups);
        Assert.Equal([IngestTransport.Grpc, IngestTransport.HttpProtobuf], results.IngestRuns.Select(run => run.Transport));
        Assert.All(results.IngestRuns, run =>
        {
            Assert.Equal(0, run.TotalFailedBatches);
            Assert.True(run.TotalBatches > 0, $"{run.Transport}: no batch accepted");
            Assert.InRange(run.Batches, 0, run.TotalBatches);
            Assert.NotNull(run.EndpointCpu);
            Assert.Equal(CpuIsolation.CpuList(isolation.ServerCpus), run.EndpointCpus);
        });
        var report = MarkdownReport.Write(results, BenchmarkSummary.From(results), new Dictionary<string, string>());
        Assert.Contains("## The endpoint's ingest rate", report, StringComparison.Ordinal);
        Assert.DoesNotContain("## What each mode costs the server", report, StringComparison.Ordinal);
    }
}
