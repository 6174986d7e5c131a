using System.Diagnostics;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The one line that says where a run is: step, elapsed, an estimate of what is left, and the live request rate.
/// On a terminal it is rewritten in place every second while a step runs; every finished step leaves one line.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive, int totalSteps, TimeSpan plannedTotal) : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private Timer? timer;
    private int step;
    private TimeSpan plannedDone;
    private string label = "";
    private Func<string>? live;
    private bool active;

    /// <summary>Starts the next step; <paramref name="liveStatus"/> is polled for the refreshing part of the line.</summary>
    public void Begin(string stepLabel, Func<string>? liveStatus = null)
    {
        lock (gate)
        {
            step++;
            label = stepLabel;
            live = liveStatus;
            active = true;
        }

        if (interactive)
        {
            timer ??= new Timer(_ => WriteLive(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Ends the current step with its result; <paramref name="planned"/> is what it was expected to take.</summary>
    public void End(string result, TimeSpan planned)
    {
        lock (gate)
        {
            active = false;
            plannedDone += planned;
            output.WriteLine(interactive ? "\r" + Format(result).PadRight(120) : Format(result));
        }
    }

    public void Dispose() => timer?.Dispose();

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

    private void WriteLive()
    {
        lock (gate)
        {
            if (active)
            {
                output.Write("\r" + Format(live?.Invoke() ?? "").PadRight(120));
            }
        }
    }

    private string Format(string status)
    {
        var remaining = EstimateRemaining(clock.Elapsed, plannedDone, plannedTotal);
        return $"[{step}/{totalSteps} {clock.Elapsed:m\\:ss} elapsed, ~{remaining:m\\:ss} left] {label}: {status}";
    }
}
