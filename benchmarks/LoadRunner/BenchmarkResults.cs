namespace InstrumentationModes.LoadRunner;

/// <summary>
/// One measured phase of one mode in one round, with the server-side figures around it; <see cref="ServerCpus"/> is
/// the CPU list the server was allowed to run on, read from /proc (null when it had gone); the log records and metric
/// points the endpoint received from it, counted after its exit as its spans are.
/// </summary>
public sealed record ScenarioRun(
    int Repeat,
    string Mode,
    Scenario Scenario,
    LoadOutcome Load,
    TimeSpan? ServerCpu,
    TimeSpan GeneratorCpu,
    long? PeakResidentBytes,
    long Served,
    bool ExpectsSpans,
    long SpansAtEndOfLoad,
    long SpansReceived,
    int ExitCode,
    string? ServerCpus = null,
    long LogRecordsReceived = 0,
    long MetricPointsReceived = 0,
    int SpansPerRequest = 1)
{
    /// <summary>Server CPU time per successful request of the measured phase, in microseconds; NaN when unknown.</summary>
    public double ServerCpuMicrosecondsPerRequest => ServerCpu is { } cpu && Load.Ok > 0 ? cpu.TotalMicroseconds / Load.Ok : double.NaN;

    /// <summary>Peak resident set size in MiB; NaN when the server was gone before it could be read.</summary>
    public double PeakResidentMegabytes => PeakResidentBytes is { } bytes ? bytes / 1024.0 / 1024.0 : double.NaN;

    /// <summary>The spans the served requests owe the endpoint.</summary>
    public long SpansOwed => Served * SpansPerRequest;

    /// <summary>Spans the endpoint received from this server, of those its served requests owe; null for a mode that exports none.</summary>
    public double? DeliveryPercent => ExpectsSpans && Served > 0 ? 100.0 * SpansReceived / SpansOwed : null;

    /// <summary>Spans owed that never arrived, even after the shutdown flush: dropped by the SDK (or lost in export).</summary>
    public long? SpansDropped => ExpectsSpans ? SpansOwed - SpansReceived : null;
}

/// <summary>One start of a mode: from launching <c>run-mode.sh</c> to the first 200 from <c>/server_request</c>.</summary>
public sealed record StartupRun(int Run, string Mode, TimeSpan ToFirstResponse);

public sealed record BenchmarkResults(
    BenchmarkOptions Options,
    MachineInfo Machine,
    CpuIsolation Isolation,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    IReadOnlyList<ScenarioRun> Runs,
    IReadOnlyList<StartupRun> Startups,
    IReadOnlyList<IngestRun>? Ingest = null)
{
    /// <summary>The endpoint's ingest phases; none when the ingest benchmark did not run.</summary>
    public IReadOnlyList<IngestRun> IngestRuns => Ingest ?? [];
}
