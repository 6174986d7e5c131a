namespace InstrumentationModes.MicroBenchmarks;

/// <summary>What a mode exports in a benchmark case; the README's table gives each value's variables.</summary>
public enum Signals
{
    /// <summary>Trace instrumentation on, no exporter at all: the maintainers' case.</summary>
    Traces,

    /// <summary>Spans exported over OTLP/gRPC through the batch processor to the in-process endpoint.</summary>
    TracesOtlp,

    /// <summary>Metrics exported over OTLP/gRPC, nothing sampled.</summary>
    Metrics,

    /// <summary>Log records exported over OTLP/gRPC, nothing sampled.</summary>
    Logs,

    /// <summary>Spans, metrics and log records exported over OTLP/gRPC, as the load runs run a mode.</summary>
    All,
}
