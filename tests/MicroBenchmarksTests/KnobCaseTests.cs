using BenchmarkDotNet.Running;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using static InstrumentationModes.MicroBenchmarks.Tests.ModeTelemetry;

namespace InstrumentationModes.MicroBenchmarks.Tests;

/// <summary>
/// The price list's cases: only those that price something are benchmarks, and each knob, set up by the benchmark
/// class's own GlobalSetup, changes at the endpoint what it claims to change.
/// </summary>
public sealed class KnobCaseTests
{
    public static TheoryData<string, string> InapplicablePairs
    {
        get
        {
            var pairs = new TheoryData<string, string>();
            foreach (var knob in Knobs.All)
            {
                foreach (var mode in knob.NotFor.Keys)
                {
                    pairs.Add(mode, knob.Name);
                }
            }

            return pairs;
        }
    }

    public static TheoryData<string> ModesOfRatioSampling => ModesOf("ratio-0.1");

    public static TheoryData<string> ModesOfDroppedInstruments => ModesOf("drop-instruments");

    public static TheoryData<string> ModesOfLogsAtWarning => ModesOf("logs-warning");

    public static TheoryData<string> ModesOfHttpProtobuf => ModesOf("http-protobuf");

    public static TheoryData<string> ModesOfHttpClientOff => ModesOf("httpclient-off");

    public static TheoryData<string, string> ModesOfTheExportKnobs
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var knob in new[] { "batch-2048", "gzip" })
            {
                foreach (var mode in ApplicableModes(knob))
                {
                    cases.Add(knob, mode);
                }
            }

            return cases;
        }
    }

    [Fact]
    public void TheCasesAreEachModeWithNoKnobOnBothRoutesAndEachKnobThatAppliesOnItsRoute()
    {
        var expected = new List<(string Mode, string Knob, string Route)>();
        foreach (var mode in new[] { PipelineEnvironment.Baseline }.Concat(Modes.Names))
        {
            expected.Add((mode, KnobBenchmarks.NoKnob, KnobBenchmarks.ServerRequest));
            expected.Add((mode, KnobBenchmarks.NoKnob, KnobBenchmarks.Chain));
            expected.AddRange(Knobs.All
                .Where(knob => mode != PipelineEnvironment.Baseline && knob.AppliesTo(mode))
                .Select(knob => (mode, knob.Name, knob.OnChain ? KnobBenchmarks.Chain : KnobBenchmarks.ServerRequest)));
        }

        Assert.Equal(expected.Order(), BenchmarkCases().Order());
    }

    [Theory]
    [MemberData(nameof(InapplicablePairs))]
    public void AKnobIsNotAmongTheCasesOfAModeItDoesNotApplyTo(string mode, string knob) =>
        Assert.DoesNotContain(BenchmarkCases(), benchmark => benchmark.Mode == mode && benchmark.Knob == knob);

    [Fact]
    public void TheBaselineRunsWithNoKnobOnly() =>
        Assert.All(BenchmarkCases().Where(benchmark => benchmark.Mode == PipelineEnvironment.Baseline), benchmark => Assert.Equal(KnobBenchmarks.NoKnob, benchmark.Knob));

    [Theory]
    [MemberData(nameof(ModesOfRatioSampling))]
    public async Task RatioSamplingExportsTheSpansOfAboutATenthOfTheRequests(string mode)
    {
        // The setup's own request too. Each request is a trace of its own, kept with probability 0.1: out of 1,001
        // the count is 100 ± 9.5 (one standard deviation), so 5 % and 20 % are over five deviations away.
        const int Invocations = 1000;
        var received = await RunAsync(mode, "ratio-0.1", KnobBenchmarks.ServerRequest, Invocations);

        var sampled = received.Spans.Count(span => IsServerRequestSpan(span, mode));
        Assert.InRange(sampled, (Invocations + 1) * 5 / 100, (Invocations + 1) * 20 / 100);
    }

    [Theory]
    [MemberData(nameof(ModesOfDroppedInstruments))]
    public async Task TheModeAsItIsSendsTheUnchartedInstruments(string mode)
    {
        var received = await RunAsync(mode, KnobBenchmarks.NoKnob, KnobBenchmarks.ServerRequest);

        Assert.Contains(received.Points, point => point.Name == "http.server.active_requests");
        Assert.Contains(received.Points, point => point.Name.StartsWith("aspnetcore.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ModesOfDroppedInstruments))]
    public async Task DroppedInstrumentsLeaveTheRequestDurationAlone(string mode)
    {
        var received = await RunAsync(mode, "drop-instruments", KnobBenchmarks.ServerRequest);

        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
        Assert.DoesNotContain(received.Points, point =>
            point.Name.StartsWith("kestrel.", StringComparison.Ordinal) || point.Name.StartsWith("aspnetcore.", StringComparison.Ordinal) || point.Name == "http.server.active_requests");
    }

    [Theory]
    [MemberData(nameof(ModesOfLogsAtWarning))]
    public async Task LogsAtWarningExportNoLogRecordButTheSpan(string mode)
    {
        var received = await RunAsync(mode, "logs-warning", KnobBenchmarks.ServerRequest);

        Assert.Empty(received.Logs);
        Assert.Contains(received.Spans, span => IsServerRequestSpan(span, mode));
        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
    }

    [Theory]
    [MemberData(nameof(ModesOfTheExportKnobs))]
    public async Task AnExportKnobStillExportsEverySignal(string knob, string mode)
    {
        var received = await RunAsync(mode, knob, KnobBenchmarks.ServerRequest);

        Assert.Contains(received.Spans, span => IsServerRequestSpan(span, mode));
        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
        Assert.Contains(received.Logs, log => IsServingLoad(log, mode));
        Assert.Equal(0, received.Counters.HttpAccepted);
    }

    [Theory]
    [MemberData(nameof(ModesOfHttpProtobuf))]
    public async Task HttpProtobufExportsEverySignalOverOtlpHttpOnly(string mode)
    {
        var received = await RunAsync(mode, "http-protobuf", KnobBenchmarks.ServerRequest);

        Assert.Contains(received.Spans, span => IsServerRequestSpan(span, mode));
        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
        Assert.Contains(received.Logs, log => IsServingLoad(log, mode));
        Assert.Equal(0, received.Counters.GrpcAccepted);
        Assert.Equal(0, received.Counters.HttpJsonAccepted);
        Assert.InRange(received.Counters.HttpProtobufAccepted, 3, long.MaxValue);
    }

    [Theory]
    [MemberData(nameof(ModesOfHttpClientOff))]
    public async Task HttpClientOffLeavesTheChainItsTwoServerSpansInOneTrace(string mode)
    {
        var knob = Knobs.All.Single(candidate => candidate.Name == "httpclient-off");
        var received = await RunAsync(mode, knob.Name, KnobBenchmarks.Chain);

        Assert.DoesNotContain(received.Spans, span => span.Kind == OtlpSpanKind.Client);
        Assert.DoesNotContain(received.Points, point => point.Name.StartsWith("http.client.", StringComparison.Ordinal));
        var roots = received.Spans.Where(span => span.Kind == OtlpSpanKind.Server && span.Resource == "GET /chain").ToList();
        Assert.NotEmpty(roots);
        Assert.All(roots, root =>
        {
            var trace = received.Spans.Where(span => span.TraceId == root.TraceId).ToList();
            Assert.Equal(knob.SpansPerRequest, trace.Count);
            Assert.Contains(trace, span => span.Kind == OtlpSpanKind.Server && span.Resource == "GET /server_request" && span.Service == Modes.ServiceOf(mode));
        });
    }

    private static TheoryData<string> ModesOf(string knobName) => new(ApplicableModes(knobName));

    private static IEnumerable<string> ApplicableModes(string knobName) => Modes.Names.Where(Knobs.All.Single(knob => knob.Name == knobName).AppliesTo);

    private static List<(string Mode, string Knob, string Route)> BenchmarkCases() =>
        BenchmarkConverter.TypeToBenchmarks(typeof(KnobBenchmarks)).BenchmarksCases
            .Select(benchmark => (
                (string)benchmark.Parameters[nameof(KnobBenchmarks.Mode)],
                (string)benchmark.Parameters[nameof(KnobBenchmarks.Knob)],
                (string)benchmark.Parameters[nameof(KnobBenchmarks.Route)]))
            .ToList();

    /// <summary>
    /// Runs the case's GlobalSetup (which sends its own first request), <paramref name="invocations"/> invocations,
    /// then stops the app and the downstream, which flushes them, and returns what reached the endpoint.
    /// </summary>
    private static async Task<Received> RunAsync(string mode, string knob, string route, int invocations = 1)
    {
        var benchmark = new KnobBenchmarks { Mode = mode, Knob = knob, Route = route };
        await benchmark.GlobalSetupAsync();
        try
        {
            for (var invocation = 0; invocation < invocations; invocation++)
            {
                await benchmark.Request();
            }

            await benchmark.Pipeline.StopAppAsync();
            var endpoint = benchmark.Pipeline.Endpoint;
            return new Received(endpoint.ReceivedSpans, endpoint.ReceivedMetricPoints, endpoint.ReceivedLogs, endpoint.Counters);
        }
        finally
        {
            await benchmark.GlobalCleanupAsync();
        }
    }

    private sealed record Received(
        IReadOnlyList<ReceivedSpan> Spans, IReadOnlyList<ReceivedMetricPoint> Points, IReadOnlyList<ReceivedLogRecord> Logs, EndpointCounters Counters);
}
