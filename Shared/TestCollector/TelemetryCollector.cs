using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>
/// Keeps what a receiver accepts (the newest <c>maxRetainedItems</c> spans, as many metric points and as many log
/// records) for tests to inspect, expect with <see cref="Expect"/>, <see cref="ExpectMetric"/>, <see cref="ExpectLog"/>
/// and <see cref="AssertExpectationsAsync"/>, or wait on with <see cref="WaitForSpansAsync"/>,
/// <see cref="WaitForMetricPointsAsync"/> and <see cref="WaitForLogsAsync"/>.
/// </summary>
public class TelemetryCollector(int maxRetainedItems = TelemetryCollector.DefaultMaxRetainedItems) : ITelemetryConsumer
{
    public const int DefaultMaxRetainedItems = 100_000;

    private readonly TelemetryStore<ReceivedSpan> spans = new(Validated(maxRetainedItems), "spans");
    private readonly TelemetryStore<ReceivedMetricPoint> metricPoints = new(maxRetainedItems, "metric points");
    private readonly TelemetryStore<ReceivedLogRecord> logs = new(maxRetainedItems, "log records");

    /// <summary>The retained spans, oldest first.</summary>
    public IReadOnlyList<ReceivedSpan> ReceivedSpans => spans.Snapshot();

    /// <summary>The retained metric data points, oldest first.</summary>
    public IReadOnlyList<ReceivedMetricPoint> ReceivedMetricPoints => metricPoints.Snapshot();

    /// <summary>The retained log records, oldest first.</summary>
    public IReadOnlyList<ReceivedLogRecord> ReceivedLogs => logs.Snapshot();

    public void ConsumeSpans(IReadOnlyList<ReceivedSpan> batch) => spans.Add(batch);

    public void ConsumeMetricPoints(IReadOnlyList<ReceivedMetricPoint> batch) => metricPoints.Add(batch);

    public void ConsumeLogRecords(IReadOnlyList<ReceivedLogRecord> batch) => logs.Add(batch);

    /// <summary>Adds an expectation that some received span, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void Expect(string description, Func<ReceivedSpan, bool> predicate) => spans.Expect(description, predicate);

    /// <summary>Adds an expectation that some received metric point, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void ExpectMetric(string description, Func<ReceivedMetricPoint, bool> predicate) => metricPoints.Expect(description, predicate);

    /// <summary>Adds an expectation that some received log record, distinct from those matching other expectations, satisfies <paramref name="predicate"/>.</summary>
    public void ExpectLog(string description, Func<ReceivedLogRecord, bool> predicate) => logs.Expect(description, predicate);

    /// <summary>
    /// Waits until every expectation (on spans, metric points and log records) has its own matching item and returns
    /// the spans in expectation order; throws <see cref="TelemetryExpectationException"/> listing, per signal, missing
    /// expectations, matched ones and extra items on timeout.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> AssertExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        (await AssertAllExpectationsAsync(timeout, cancellationToken)).Spans;

    /// <summary>Like <see cref="AssertExpectationsAsync"/>, returning the matches of every signal in expectation order.</summary>
    public async Task<ExpectationMatches> AssertAllExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (spanExpectations, metricExpectations, logExpectations) = (spans.Expectations(), metricPoints.Expectations(), logs.Expectations());
        var matches = await Waiting.UntilAsync(
            () =>
            {
                var (spanSnapshot, spansChanged) = spans.Observe();
                var (pointSnapshot, pointsChanged) = metricPoints.Observe();
                var (logSnapshot, logsChanged) = logs.Observe();
                var changed = Task.WhenAny(spansChanged, pointsChanged, logsChanged);
                return Matched(spanExpectations, spanSnapshot) is { } matchedSpans
                       && Matched(metricExpectations, pointSnapshot) is { } matchedPoints
                       && Matched(logExpectations, logSnapshot) is { } matchedLogs
                    ? (new ExpectationMatches(matchedSpans, matchedPoints, matchedLogs), changed)
                    : (null, changed);
            },
            timeout,
            cancellationToken);
        if (matches is not null)
        {
            return matches;
        }

        var message = new StringBuilder($"Expectations not met within {timeout.TotalSeconds:0.###} s.").AppendLine();
        Describe(spans, "Span expectations", spanExpectations);
        Describe(metricPoints, "Metric point expectations", metricExpectations);
        Describe(logs, "Log record expectations", logExpectations);
        throw new TelemetryExpectationException(message.ToString());

        void Describe<T>(TelemetryStore<T> store, string title, Expectation<T>[] expected)
            where T : class
        {
            if (expected.Length > 0)
            {
                store.Describe(message, title, expected, store.Snapshot());
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> retained spans match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        spans.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> retained metric points match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedMetricPoint>> WaitForMetricPointsAsync(
        Func<ReceivedMetricPoint, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        metricPoints.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> retained log records match and returns them; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<ReceivedLogRecord>> WaitForLogsAsync(
        Func<ReceivedLogRecord, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        logs.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Forgets retained spans, metric points, log records and all expectations.</summary>
    public void Clear()
    {
        spans.Clear();
        metricPoints.Clear();
        logs.Clear();
    }

    private static int Validated(int maxRetainedItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetainedItems, 0);
        return maxRetainedItems;
    }

    /// <summary>The item matched to each expectation, in expectation order; null while one is unmatched.</summary>
    private static T[]? Matched<T>(Expectation<T>[] expected, T[] snapshot)
        where T : class =>
        TelemetryStore<T>.Match(expected, snapshot) is var assignment && !assignment.Contains(-1)
            ? assignment.Select(index => snapshot[index]).ToArray()
            : null;
}

/// <summary>What <see cref="TelemetryCollector.AssertAllExpectationsAsync"/> matched, per signal, in expectation order.</summary>
public sealed record ExpectationMatches(
    IReadOnlyList<ReceivedSpan> Spans, IReadOnlyList<ReceivedMetricPoint> MetricPoints, IReadOnlyList<ReceivedLogRecord> Logs);
