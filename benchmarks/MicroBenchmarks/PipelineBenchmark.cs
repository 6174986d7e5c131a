using BenchmarkDotNet.Attributes;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// What every benchmark class here does: start a mode's pipeline once per case, send one GET per invocation, stop it.
/// A class says only which pipeline its parameters make and which route its requests take.
/// </summary>
[MemoryDiagnoser]
public abstract class PipelineBenchmark
{
    private ModePipeline? pipeline;
    private HttpClient client = null!;

    /// <summary>The route every invocation requests.</summary>
    protected abstract string RequestRoute { get; }

    /// <summary>The running case, for the tests.</summary>
    internal ModePipeline Pipeline => pipeline ?? throw new InvalidOperationException("GlobalSetup has not run.");

    [GlobalSetup]
    public async Task GlobalSetupAsync()
    {
        pipeline = await StartPipelineAsync();
        client = pipeline.Client;
    }

    [Benchmark]
    public async Task Request()
    {
        using var response = await client.GetAsync(RequestRoute);
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

    /// <summary>The case's pipeline, from its parameters.</summary>
    private protected abstract Task<ModePipeline> StartPipelineAsync();
}
