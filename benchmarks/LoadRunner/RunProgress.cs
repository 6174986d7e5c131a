using System.Diagnostics;
using Spectre.Console;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// Where a run is: step, elapsed, an estimate of what is left, and the live request rate. On an interactive
/// terminal a Spectre.Console live display (bar, percentage, the running step refreshed every second); when the
/// output is redirected (CI, tests, a log) one plain line per finished step. Either way every finished step leaves
/// one line.
/// </summary>
public sealed class RunProgress
{
    private readonly IAnsiConsole? live;
    private readonly TextWriter plain;

    private RunProgress(IAnsiConsole? live, TextWriter plain)
    {
        this.live = live;
        this.plain = plain;
    }

    /// <summary>Progress on standard error: live on a terminal, plain lines when it is redirected.</summary>
    public static RunProgress ForStandardError() =>
        Console.IsErrorRedirected
            ? new RunProgress(null, Console.Error)
            : new RunProgress(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), Console.Error);

    /// <summary>One plain line per finished step.</summary>
    public static RunProgress Plain(TextWriter output) => new(null, output);

    /// <summary>Runs <paramref name="run"/> with the steps it reports shown; <paramref name="plannedTotal"/> is what all of them should take.</summary>
    public async Task<T> RunAsync<T>(int totalSteps, TimeSpan plannedTotal, Func<ProgressSteps, Task<T>> run)
    {
        if (live is null)
        {
            return await run(new ProgressSteps(totalSteps, plannedTotal, plain.WriteLine, task: null));
        }

        return await live.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: Math.Max(1, plannedTotal.TotalSeconds));
                using var steps = new ProgressSteps(totalSteps, plannedTotal, line => live.WriteLine(line), task);
                return await run(steps);
            });
    }

    /// <summary>What is left, at the pace so far: the planned remainder scaled by actual over planned.</summary>
    public static TimeSpan EstimateRemaining(TimeSpan elapsed, TimeSpan plannedDone, TimeSpan plannedTotal)
    {
        var plannedLeft = plannedTotal - plannedDone;
        if (plannedLeft <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return plannedDone > TimeSpan.Zero ? plannedLeft * (elapsed / plannedDone) : plannedLeft;
    }
}

/// <summary>The steps of one run, as the runner reports them.</summary>
public sealed class ProgressSteps : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly int totalSteps;
    private readonly TimeSpan plannedTotal;
    private readonly Action<string> writeLine;
    private readonly ProgressTask? task;
    private readonly Timer? refresh;
    private int step;
    private TimeSpan plannedDone;
    private string label = "";
    private Func<string>? liveStatus;

    internal ProgressSteps(int totalSteps, TimeSpan plannedTotal, Action<string> writeLine, ProgressTask? task)
    {
        this.totalSteps = totalSteps;
        this.plannedTotal = plannedTotal;
        this.writeLine = writeLine;
        this.task = task;
        if (task is not null)
        {
            refresh = new Timer(_ => Refresh(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Starts the next step; <paramref name="status"/> is polled every second for the live display.</summary>
    public void Begin(string stepLabel, Func<string>? status = null)
    {
        lock (gate)
        {
            step++;
            label = stepLabel;
            liveStatus = status;
        }

        Refresh();
    }

    /// <summary>Ends the current step with its result; <paramref name="planned"/> is what it was expected to take.</summary>
    public void End(string result, TimeSpan planned)
    {
        lock (gate)
        {
            liveStatus = null;
            plannedDone += planned;
            task?.Value(plannedDone.TotalSeconds);
            writeLine(Format(result));
        }
    }

    public void Dispose() => refresh?.Dispose();

    private void Refresh()
    {
        lock (gate)
        {
            if (task is not null)
            {
                task.Description = Markup.Escape(Format(liveStatus?.Invoke() ?? "starting"));
            }
        }
    }

    private string Format(string status)
    {
        var remaining = RunProgress.EstimateRemaining(clock.Elapsed, plannedDone, plannedTotal);
        return $"[{step}/{totalSteps} {clock.Elapsed:m\\:ss} elapsed, ~{remaining:m\\:ss} left] {label}: {status}";
    }
}
