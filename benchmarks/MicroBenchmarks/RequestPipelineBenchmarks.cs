using BenchmarkDotNet.Attributes;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// One GET through a mode's whole in-process pipeline per invocation (TestServer, the sample's middleware and
/// routes, its instrumentation and exporters), shaped like the OpenTelemetry .NET AspNetCore instrumentation
/// benchmarks, so that rows line up with theirs.
/// </summary>
public class RequestPipelineBenchmarks : PipelineBenchmark
{
    /// <summary><c>baseline</c> is the automatic server without its agent.</summary>
    [Params(PipelineEnvironment.Baseline, "manual", "auto", "programmatic")]
    public string Mode { get; set; } = PipelineEnvironment.Baseline;

    [ParamsAllValues]
    public Signals Signals { get; set; }

    [Params("/server_request?param=load", "/chain?param=load")]
    public string Route { get; set; } = "/server_request?param=load";

    protected override string RequestRoute => Route;

    private protected override Task<ModePipeline> StartPipelineAsync() => ModePipeline.StartAsync(Mode, Signals, Route);
}
