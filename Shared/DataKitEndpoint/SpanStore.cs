using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>Thrown when span expectations are not met in time; the message lists missing, matched and extra spans.</summary>
public sealed class SpanExpectationException(string message) : Exception(message);

/// <summary>
/// The retained spans (the newest <c>maxRetained</c>), the running total, and the expectations tests wait on.
/// Thread-safe: every exporter connection adds concurrently.
/// </summary>
internal sealed class SpanStore(int maxRetained)
{
    private const int MaxListedSpans = 50;

    private readonly Lock gate = new();
    private readonly Queue<ReceivedSpan> spans = new();
    private readonly List<(string Description, Func<ReceivedSpan, bool> Predicate)> expectations = [];
    private TaskCompletionSource changed = NewSignal();
    private long received;

    public long Received => Interlocked.Read(ref received);

    public void Add(IReadOnlyList<ReceivedSpan> batch)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            foreach (var span in batch)
            {
                spans.Enqueue(span);
            }
            while (spans.Count > maxRetained)
            {
                spans.Dequeue();
            }
            Interlocked.Add(ref received, batch.Count);
            signal = changed;
            changed = NewSignal();
        }
        signal.TrySetResult();
    }

    public ReceivedSpan[] Snapshot()
    {
        lock (gate)
        {
            return spans.ToArray();
        }
    }

    /// <summary>Forgets the retained spans and the expectations; the running total keeps counting.</summary>
    public void Clear()
    {
        lock (gate)
        {
            spans.Clear();
            expectations.Clear();
        }
    }

    public void Expect(string description, Func<ReceivedSpan, bool> predicate)
    {
        lock (gate)
        {
            expectations.Add((description, predicate));
        }
    }

    public async Task<IReadOnlyList<ReceivedSpan>> AssertExpectationsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        (string Description, Func<ReceivedSpan, bool> Predicate)[] expected;
        lock (gate)
        {
            expected = expectations.ToArray();
        }
        var matched = await WaitAsync(
            snapshot => Match(expected, snapshot) is var assignment && !assignment.Contains(-1)
                ? assignment.Select(index => snapshot[index]).ToArray()
                : null,
            timeout,
            cancellationToken);
        if (matched is not null)
        {
            return matched;
        }

        var spansNow = Snapshot();
        var final = Match(expected, spansNow);
        var message = new StringBuilder($"Span expectations not met within {timeout.TotalSeconds:0.###} s ({spansNow.Length} spans retained).");
        message.AppendLine().AppendLine("Missing expectations:");
        for (var i = 0; i < expected.Length; i++)
        {
            if (final[i] < 0)
            {
                message.Append("  - ").AppendLine(expected[i].Description);
            }
        }
        message.AppendLine("Matched:");
        for (var i = 0; i < expected.Length; i++)
        {
            if (final[i] >= 0)
            {
                message.Append("  - ").Append(expected[i].Description).Append(" => ").AppendLine(spansNow[final[i]].ToString());
            }
        }
        message.AppendLine("Extra spans:");
        AppendSpans(message, spansNow.Where((_, index) => !final.Contains(index)).ToArray());
        throw new SpanExpectationException(message.ToString());
    }

    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<ReceivedSpan, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = await WaitAsync(
            snapshot => snapshot.Where(span => Matches(predicate, span)).Take(count).ToArray() is var matching && matching.Length == count ? matching : null,
            timeout,
            cancellationToken);
        if (found is not null)
        {
            return found;
        }
        var spansNow = Snapshot();
        var message = new StringBuilder(
            $"Expected {count} matching spans within {timeout.TotalSeconds:0.###} s, found {spansNow.Count(span => Matches(predicate, span))} among {spansNow.Length} retained:");
        message.AppendLine();
        AppendSpans(message, spansNow);
        throw new TimeoutException(message.ToString());
    }

    private async Task<ReceivedSpan[]?> WaitAsync(Func<ReceivedSpan[], ReceivedSpan[]?> evaluate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            ReceivedSpan[] snapshot;
            Task next;
            lock (gate)
            {
                snapshot = spans.ToArray();
                next = changed.Task;
            }
            if (evaluate(snapshot) is { } result)
            {
                return result;
            }
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Assigns each expectation a distinct matching span (maximum bipartite matching by augmenting paths, so an
    /// early expectation never steals the only span a later one could match). -1 where none is left.
    /// </summary>
    private static int[] Match((string Description, Func<ReceivedSpan, bool> Predicate)[] expected, ReceivedSpan[] snapshot)
    {
        var candidates = expected
            .Select(e => Enumerable.Range(0, snapshot.Length).Where(i => Matches(e.Predicate, snapshot[i])).ToArray())
            .ToArray();
        var assignment = Enumerable.Repeat(-1, expected.Length).ToArray();
        var owner = new Dictionary<int, int>();
        for (var e = 0; e < expected.Length; e++)
        {
            TryAssign(e, []);
        }
        return assignment;

        bool TryAssign(int expectation, HashSet<int> visited)
        {
            foreach (var span in candidates[expectation])
            {
                if (visited.Add(span) && (!owner.TryGetValue(span, out var other) || TryAssign(other, visited)))
                {
                    owner[span] = expectation;
                    assignment[expectation] = span;
                    return true;
                }
            }
            return false;
        }
    }

    // A predicate that throws (e.g. indexing a missing attribute) simply does not match.
    private static bool Matches(Func<ReceivedSpan, bool> predicate, ReceivedSpan span)
    {
        try
        {
            return predicate(span);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static void AppendSpans(StringBuilder message, IReadOnlyList<ReceivedSpan> list)
    {
        foreach (var span in list.Take(MaxListedSpans))
        {
            message.Append("  - ").AppendLine(span.ToString());
        }
        if (list.Count > MaxListedSpans)
        {
            message.Append("  … and ").Append(list.Count - MaxListedSpans).AppendLine(" more");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
