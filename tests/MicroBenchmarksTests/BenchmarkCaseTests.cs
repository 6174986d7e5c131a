using System.Diagnostics;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using static InstrumentationModes.MicroBenchmarks.Tests.ModeTelemetry;

// The cases share the process's environment variables and its ActivitySource listeners: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace InstrumentationModes.MicroBenchmarks.Tests;

/// <summary>
/// Each Mode × Signals × Route case, set up by the benchmark class's own GlobalSetup and sent one invocation,
/// produces what its name claims, and nothing else reaches the endpoint.
/// </summary>
public sealed class BenchmarkCaseTests
{
    private const string ServerRequest = "/server_request?param=load";
    private const string Chain = "/chain?param=load";

    public static TheoryData<string> InstrumentedModes => new(Modes.Names);

    public static TheoryData<Signals, string> EverySignalsAndRoute
    {
        get
        {
            var cases = new TheoryData<Signals, string>();
            foreach (var signals in Enum.GetValues<Signals>())
            {
                cases.Add(signals, ServerRequest);
                cases.Add(signals, Chain);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task TracesOtlpSendsTheServerSpanWithTheModesServiceAndNothingElse(string mode)
    {
        var received = await RunAsync(mode, Signals.TracesOtlp, ServerRequest);

        Assert.Contains(received.Spans, span => span.Kind == OtlpSpanKind.Server && span.Resource == "GET /server_request" && span.Service == Modes.ServiceOf(mode));
        Assert.Empty(received.Points);
        Assert.Empty(received.Logs);
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task TracesRecordsTheServerSpanAndExportsNothing(string mode)
    {
        var received = await RunAsync(mode, Signals.Traces, ServerRequest);

        Assert.Contains(received.RecordedInProcess, span => span.Kind == ActivityKind.Server && span.DisplayName == "GET /server_request");
        Assert.Empty(received.Spans);
        Assert.Empty(received.Points);
        Assert.Empty(received.Logs);
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task MetricsSendsTheRequestDurationAndNoSpanOrLog(string mode)
    {
        var received = await RunAsync(mode, Signals.Metrics, ServerRequest);

        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
        Assert.DoesNotContain(received.RecordedInProcess, span => span.Kind == ActivityKind.Server);
        Assert.Empty(received.Spans);
        Assert.Empty(received.Logs);
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task LogsSendsTheRequestsLogRecordAndNoSpanOrMetric(string mode)
    {
        var received = await RunAsync(mode, Signals.Logs, ServerRequest);

        Assert.Contains(received.Logs, log => IsServingLoad(log, mode));
        Assert.DoesNotContain(received.RecordedInProcess, span => span.Kind == ActivityKind.Server);
        Assert.Empty(received.Spans);
        Assert.Empty(received.Points);
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task AllSendsTheSpanTheMetricAndTheLogRecord(string mode)
    {
        var received = await RunAsync(mode, Signals.All, ServerRequest);

        Assert.Contains(received.Spans, span => span.Kind == OtlpSpanKind.Server && span.Resource == "GET /server_request" && span.Service == Modes.ServiceOf(mode));
        Assert.Contains(received.Points, point => IsRequestDuration(point, mode));
        Assert.Contains(received.Logs, log => IsServingLoad(log, mode));
    }

    [Theory]
    [MemberData(nameof(InstrumentedModes))]
    public async Task TheChainIsOneTraceOfServerClientServerThroughTheDownstreamOfTheSameMode(string mode)
    {
        var received = await RunAsync(mode, Signals.TracesOtlp, Chain);

        var chain = received.Spans.Where(span => span.Kind == OtlpSpanKind.Server && span.Resource == "GET /chain").ToList();
        Assert.NotEmpty(chain);
        var traced = chain.Select(root => received.Spans.Where(span => span.TraceId == root.TraceId).ToList()).ToList();
        Assert.Contains(traced, trace =>
            trace.Count == 3
            && trace.Single(span => span.Resource == "GET /chain") is var server
            && trace.Single(span => span.Kind == OtlpSpanKind.Client) is var client
            && trace.Single(span => span.Resource == "GET /server_request") is var downstream
            && client.ParentId == server.SpanId
            && downstream.ParentId == client.SpanId
            && downstream.Kind == OtlpSpanKind.Server
            && trace.All(span => span.Service == Modes.ServiceOf(mode)));
    }

    [Theory]
    [MemberData(nameof(EverySignalsAndRoute))]
    public async Task TheBaselineEmitsNothing(Signals signals, string route)
    {
        var received = await RunAsync(PipelineEnvironment.Baseline, signals, route);

        Assert.DoesNotContain(received.RecordedInProcess, span => span.Kind == ActivityKind.Server);
        Assert.Empty(received.Spans);
        Assert.Empty(received.Points);
        Assert.Empty(received.Logs);
    }

    /// <summary>
    /// Runs the case's GlobalSetup (which sends its own first request), one invocation, then stops the app and the
    /// downstream, which flushes them, and returns what reached the endpoint and which spans were recorded here.
    /// </summary>
    private static async Task<Received> RunAsync(string mode, Signals signals, string route)
    {
        var recorded = new List<Activity>();
        // Listens without sampling anything, so it changes no mode's decision.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.Recorded)
                {
                    lock (recorded)
                    {
                        recorded.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var benchmark = new RequestPipelineBenchmarks { Mode = mode, Signals = signals, Route = route };
        await benchmark.GlobalSetupAsync();
        try
        {
            await benchmark.Request();
            await benchmark.Pipeline.StopAppAsync();
            var endpoint = benchmark.Pipeline.Endpoint;
            lock (recorded)
            {
                return new Received(endpoint.ReceivedSpans, endpoint.ReceivedMetricPoints, endpoint.ReceivedLogs, recorded.ToList());
            }
        }
        finally
        {
            await benchmark.GlobalCleanupAsync();
        }
    }

    private sealed record Received(
        IReadOnlyList<ReceivedSpan> Spans, IReadOnlyList<ReceivedMetricPoint> Points, IReadOnlyList<ReceivedLogRecord> Logs, IReadOnlyList<Activity> RecordedInProcess);
}
