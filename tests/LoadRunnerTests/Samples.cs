namespace InstrumentationModes.LoadRunner.Tests;

/// <summary>Hand-made results, so that summaries and reports can be checked against figures worked out by hand.</summary>
internal static class Samples
{
    public static readonly Scenario Closed64 = new(LoadModel.Closed, 64);
    public static readonly Scenario Open1000 = new(LoadModel.Open, 1000);

    public static ScenarioRun Run(
        int round,
        string mode,
        Scenario scenario,
        double requestsPerSecond,
        double p99Ms = 1,
        long served = 1000,
        long received = -1,
        double cpuMilliseconds = 100,
        IReadOnlyDictionary<string, long>? failures = null)
    {
        var ok = (long)requestsPerSecond;
        var expectsSpans = mode != BenchmarkOptions.Baseline;
        var failed = failures?.Values.Sum() ?? 0;
        return new ScenarioRun(
            round,
            mode,
            scenario,
            new LoadOutcome(ok + failed, ok, failed, TimeSpan.FromSeconds(1), new LatencyStatistics(0.1, 0.5, 9, 0.2, 0.4, 0.6, 0.9, p99Ms), failures ?? new Dictionary<string, long>(), TimeSpan.Zero),
            ServerCpu: TimeSpan.FromMilliseconds(cpuMilliseconds),
            GeneratorCpu: TimeSpan.FromMilliseconds(50),
            PeakResidentBytes: 80L * 1024 * 1024,
            Served: served,
            ExpectsSpans: expectsSpans,
            SpansAtEndOfLoad: expectsSpans ? served / 2 : 0,
            SpansReceived: expectsSpans ? (received < 0 ? served : received) : 0,
            ExitCode: 0,
            ServerCpus: "1");
    }

    /// <summary>An ingest round of 1,000 one-span batches in which the endpoint spent <paramref name="cpuMicrosecondsPerSpan"/> per span.</summary>
    public static IngestRun IngestSample(int round, IngestTransport transport, double cpuMicrosecondsPerSpan) =>
        new(round, transport, SpansPerBatch: 1, TimeSpan.FromSeconds(1), Batches: 1000, FailedBatches: 0, EndpointCpu: TimeSpan.FromMilliseconds(cpuMicrosecondsPerSpan), TotalBatches: 1000, TotalFailedBatches: 0);

    public static BenchmarkResults Results(IReadOnlyList<ScenarioRun> runs, IReadOnlyList<StartupRun>? startups = null, BenchmarkOptions? options = null) => new(
        options ?? new BenchmarkOptions { Concurrencies = [64], Rates = [1000], Repeats = 3 },
        new MachineInfo("test CPU", 2, "1 GiB", "test OS", ".NET test", "OpenTelemetry test"),
        CpuIsolation.Plan(requested: true, [0, 1]),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        TimeSpan.FromMinutes(1),
        runs,
        startups ?? []);
}
