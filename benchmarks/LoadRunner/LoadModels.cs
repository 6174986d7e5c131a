using System.Diagnostics;
using HdrHistogram;

namespace InstrumentationModes.LoadRunner;

/// <summary>The two load simulations NBomber has: a closed model (keep constant) and an open model (inject per second).</summary>
public static class LoadModels
{
    /// <summary>
    /// Closed model: <paramref name="concurrency"/> virtual users, each sending its next request as soon as the
    /// previous one is answered, until <paramref name="duration"/> has passed. Requests in flight at the end are
    /// answered and counted; none are cancelled.
    /// </summary>
    public static async Task<LoadOutcome> RunClosedAsync(LoadClient client, int concurrency, TimeSpan duration, LiveCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var failures = new FailureTally();
        var latencies = LatencyStatistics.NewHistogram(Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var users = new Task<long>[concurrency];
        for (var user = 0; user < concurrency; user++)
        {
            users[user] = Task.Run(() => RunUserAsync(client, deadline, latencies, counters, failures));
        }

        var failed = (await Task.WhenAll(users).ConfigureAwait(false)).Sum();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadOutcome(
            Requests: latencies.TotalCount + failed,
            Ok: latencies.TotalCount,
            Failed: failed,
            Elapsed: elapsed,
            Latency: LatencyStatistics.From(latencies, Stopwatch.Frequency),
            FailureReasons: failures.Snapshot(),
            MaxDispatchLag: TimeSpan.Zero);
    }

    /// <summary>
    /// Open model: requests start on the <paramref name="schedule"/>'s timetable whether or not earlier ones were
    /// answered. A request that would exceed <paramref name="maxInFlight"/> is not sent and counts as failed, so
    /// a server that falls behind cannot make the generator queue without bound. Latency is measured from the
    /// moment a request is actually sent, as NBomber does; how late the dispatcher started any request against
    /// its timetable is reported as <see cref="LoadOutcome.MaxDispatchLag"/>.
    /// </summary>
    public static async Task<LoadOutcome> RunOpenAsync(LoadClient client, ArrivalSchedule schedule, int maxInFlight, LiveCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var failures = new FailureTally();
        var latencies = LatencyStatistics.NewHistogram(Stopwatch.Frequency);
        var requests = new Task[schedule.TotalRequests];
        var inFlight = 0;
        var maxLag = 0L;
        var started = Stopwatch.GetTimestamp();

        async Task SendAsync(long index)
        {
            var sent = Stopwatch.GetTimestamp();
            var failure = await client.SendAsync().ConfigureAwait(false);
            var latency = Stopwatch.GetTimestamp() - sent;
            Interlocked.Decrement(ref inFlight);
            counters.Record(failure is null);
            if (failure is null)
            {
                latencies.RecordValue(latency);
            }
            else
            {
                failures.Add(failure);
            }
        }

        // A dedicated thread keeps the timetable even when the thread pool is busy with answers.
        await Task.Factory.StartNew(
            () =>
            {
                var next = 0L;
                while (next < schedule.TotalRequests)
                {
                    var now = Stopwatch.GetTimestamp() - started;
                    for (var due = schedule.DueCount(now); next < due; next++)
                    {
                        maxLag = Math.Max(maxLag, now - schedule.DueTicks(next));
                        if (Interlocked.Increment(ref inFlight) > maxInFlight)
                        {
                            Interlocked.Decrement(ref inFlight);
                            counters.Record(succeeded: false);
                            failures.Add($"not sent: over {maxInFlight} requests in flight");
                            requests[next] = Task.CompletedTask;
                            continue;
                        }

                        requests[next] = SendAsync(next);
                    }

                    // Sleeping (about 1 ms on Linux) rather than spinning leaves the cores to the server; requests
                    // due within one sleep leave together.
                    if (next < schedule.TotalRequests && started + schedule.DueTicks(next) > Stopwatch.GetTimestamp())
                    {
                        Thread.Sleep(1);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);

        await Task.WhenAll(requests).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadOutcome(
            Requests: schedule.TotalRequests,
            Ok: latencies.TotalCount,
            Failed: schedule.TotalRequests - latencies.TotalCount,
            Elapsed: elapsed,
            Latency: LatencyStatistics.From(latencies, Stopwatch.Frequency),
            FailureReasons: failures.Snapshot(),
            MaxDispatchLag: TimeSpan.FromSeconds((double)maxLag / Stopwatch.Frequency));
    }

    private static async Task<long> RunUserAsync(LoadClient client, long deadline, HistogramBase latencies, LiveCounters counters, FailureTally failures)
    {
        var failed = 0L;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var sent = Stopwatch.GetTimestamp();
            var failure = await client.SendAsync().ConfigureAwait(false);
            counters.Record(failure is null);
            if (failure is null)
            {
                latencies.RecordValue(Stopwatch.GetTimestamp() - sent);
            }
            else
            {
                failed++;
                failures.Add(failure);
            }
        }

        return failed;
    }
}
