using BenchmarkDotNet.Attributes;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// One GET through a mode's whole in-process pipeline per invocation (TestServer, the sample's middleware and
/// routes, its instrumentation and exporters), shaped like the OpenTelemetry .NET AspNetCore instrumentation
/// benchmarks, so that rows line up with theirs.
/// </summary>
[MemoryDiagnoser]
public class RequestPipelineBenchmarks
{
    private ModePipeline? pipeline;
    private HttpClient client = null!;

    /// <summary><c>baseline</c> is the automatic server without its agent.</summary>
    [Params(PipelineEnvironment.Baseline, "manual", "auto", "programmatic")]
    public string Mode { get; set; } = PipelineEnvironment.Baseline;

    [ParamsAllValues]
    public Signals Signals { get; set; }

    [Params("/server_request?param=load", "/chain?param=load")]
    public string Route { get; set; } = "/server_request?param=load";

    /// <summary>The running case, for the tests.</summary>
    internal ModePipeline Pipeline => pipeline ?? throw new InvalidOperationException("GlobalSetup has not run.");

    [GlobalSetup]
    public async Task GlobalSetupAsync()
    {
        pipeline = await ModePipeline.StartAsync(Mode, Signals, Route);
        client = pipeline.Client;
    }

    [Benchmark]
    public async Task Request()
    {
        using var response = await client.GetAsync(Route);
    }

    [GlobalCleanup]
    public async Task GlobalCleanupAsync()
    {
        if (pipeline is not null)
        {
            await pipeline.DisposeAsync();
            pipeline = null;
        }
    }
}
