using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>Thrown when expectations (on spans, metric points or log records) are not met in time; the message lists missing, matched and extra items per signal.</summary>
public sealed class TelemetryExpectationException(string message) : Exception(message);

/// <summary>
/// One signal's retained items (the newest <c>maxRetained</c>) and the expectations tests wait on.
/// Thread-safe: every exporter connection adds concurrently.
/// </summary>
internal sealed class TelemetryStore<T>(int maxRetained, string plural)
    where T : class
{
    private const int MaxListed = 50;

    private readonly Lock gate = new();
    private readonly Queue<T> items = new();
    private readonly List<Expectation<T>> expectations = [];
    private TaskCompletionSource changed = NewSignal();

    public void Add(IReadOnlyList<T> batch)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            foreach (var item in batch)
            {
                items.Enqueue(item);
            }
            while (items.Count > maxRetained)
            {
                items.Dequeue();
            }
            signal = changed;
            changed = NewSignal();
        }
        signal.TrySetResult();
    }

    public T[] Snapshot()
    {
        lock (gate)
        {
            return items.ToArray();
        }
    }

    /// <summary>The retained items and a task that completes when they next change.</summary>
    public (T[] Items, Task Changed) Observe()
    {
        lock (gate)
        {
            return (items.ToArray(), changed.Task);
        }
    }

    /// <summary>Forgets the retained items and the expectations.</summary>
    public void Clear()
    {
        lock (gate)
        {
            items.Clear();
            expectations.Clear();
        }
    }

    public void Expect(string description, Func<T, bool> predicate)
    {
        lock (gate)
        {
            expectations.Add(new Expectation<T>(description, predicate));
        }
    }

    public Expectation<T>[] Expectations()
    {
        lock (gate)
        {
            return expectations.ToArray();
        }
    }

    public async Task<IReadOnlyList<T>> WaitForAsync(Func<T, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = await Waiting.UntilAsync(
            () =>
            {
                var (snapshot, next) = Observe();
                var matching = snapshot.Where(item => Matches(predicate, item)).Take(count).ToArray();
                return (matching.Length == count ? matching : null, next);
            },
            timeout,
            cancellationToken);
        if (found is not null)
        {
            return found;
        }
        var now = Snapshot();
        var message = new StringBuilder(
            $"Expected {count} matching {plural} within {timeout.TotalSeconds:0.###} s, found {now.Count(item => Matches(predicate, item))} among {now.Length} retained:");
        message.AppendLine();
        AppendItems(message, now);
        throw new TimeoutException(message.ToString());
    }

    /// <summary>
    /// Assigns each expectation a distinct matching item (maximum bipartite matching by augmenting paths, so an
    /// early expectation never steals the only item a later one could match). -1 where none is left.
    /// </summary>
    public static int[] Match(Expectation<T>[] expected, T[] snapshot)
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
            foreach (var item in candidates[expectation])
            {
                if (visited.Add(item) && (!owner.TryGetValue(item, out var other) || TryAssign(other, visited)))
                {
                    owner[item] = expectation;
                    assignment[expectation] = item;
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The Missing / Matched / Extra sections for this signal's expectations against <paramref name="snapshot"/>.</summary>
    public void Describe(StringBuilder message, string title, Expectation<T>[] expected, T[] snapshot)
    {
        var assignment = Match(expected, snapshot);
        message.AppendLine($"{title} ({snapshot.Length} {plural} retained):");
        message.AppendLine("Missing expectations:");
        for (var i = 0; i < expected.Length; i++)
        {
            if (assignment[i] < 0)
            {
                message.Append("  - ").AppendLine(expected[i].Description);
            }
        }
        message.AppendLine("Matched:");
        for (var i = 0; i < expected.Length; i++)
        {
            if (assignment[i] >= 0)
            {
                message.Append("  - ").Append(expected[i].Description).Append(" => ").AppendLine(snapshot[assignment[i]].ToString());
            }
        }
        message.AppendLine($"Extra {plural}:");
        AppendItems(message, snapshot.Where((_, index) => !assignment.Contains(index)).ToArray());
    }

    // A predicate that throws (e.g. indexing a missing attribute) simply does not match.
    private static bool Matches(Func<T, bool> predicate, T item)
    {
        try
        {
            return predicate(item);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static void AppendItems(StringBuilder message, IReadOnlyList<T> list)
    {
        foreach (var item in list.Take(MaxListed))
        {
            message.Append("  - ").AppendLine(item.ToString());
        }
        if (list.Count > MaxListed)
        {
            message.Append("  … and ").Append(list.Count - MaxListed).AppendLine(" more");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record Expectation<T>(string Description, Func<T, bool> Predicate);

internal static class Waiting
{
    /// <summary>
    /// Evaluates until it yields a result, waiting between tries for the task it returns alongside; null when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task<TResult?> UntilAsync<TResult>(Func<(TResult? Result, Task Changed)> evaluate, TimeSpan timeout, CancellationToken cancellationToken)
        where TResult : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var (result, changed) = evaluate();
            if (result is not null)
            {
                return result;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }
}
