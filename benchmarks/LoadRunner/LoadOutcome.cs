using System.Collections.Concurrent;

namespace InstrumentationModes.LoadRunner;

/// <summary>What one load phase measured at the client: counts, elapsed time and the latencies of the successes.</summary>
public sealed record LoadOutcome(
    long Requests,
    long Ok,
    long Failed,
    TimeSpan Elapsed,
    LatencyStatistics Latency,
    IReadOnlyDictionary<string, long> FailureReasons,
    TimeSpan MaxDispatchLag)
{
    /// <summary>Successful requests per second of the phase, as NBomber's RPS.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Ok / Elapsed.TotalSeconds : 0;
}

/// <summary>Counters the load phases update as they go: shown on the progress line and summed for span accounting.</summary>
public sealed class LiveCounters
{
    private long ok;
    private long failed;

    public long Ok => Interlocked.Read(ref ok);

    public long Failed => Interlocked.Read(ref failed);

    public void Record(bool succeeded)
    {
        if (succeeded)
        {
            Interlocked.Increment(ref ok);
        }
        else
        {
            Interlocked.Increment(ref failed);
        }
    }
}

/// <summary>Failure reasons by count; touched only when a request fails.</summary>
internal sealed class FailureTally
{
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public void Add(string reason) => counts.AddOrUpdate(reason, 1, (_, count) => count + 1);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(counts, StringComparer.Ordinal);
}
